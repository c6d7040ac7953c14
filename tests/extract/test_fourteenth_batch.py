"""Figures of the fourteenth batch's real pages (tests/real_pages, 2023-2025 CECL bank pages)
that were read wrong or missed on first sight."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_a_vintage_tables_current_period_charge_offs_are_no_current_loans_nor_write_offs() -> None:
    # "Total Commercial and industrial loans … 4,041,217 | Current period gross charge-offs 1,178 …
    # 48,386": one class's charge-offs for nine months under its balances by origination year,
    # neither the aging's current loans nor the whole book's charge-offs
    f = page("CIK712534_10Q_2024Q3_R26.txt")
    for metric in ("current", "write_off", "total_loans"):
        assert whole(f, metric, "2024-09-30") == []
    assert 48_386.0 not in set(f.value) and 48_386_000.0 not in set(f.value)


def test_bare_years_over_the_columns_take_the_captions_date_of_their_year() -> None:
    # "Loans at March 31, 2024 and December 31, 2023 were as follows:" over "2024 | 2023": the
    # 2023 column is 31 December 2023 (its allowance 3,271 opens the quarter), never 31 March
    f = page("CIK1845799_10Q_2024Q1_R10.txt")
    assert whole(f, "total_loans", "2024-03-31") == [346_337.0]
    assert whole(f, "total_loans", "2023-12-31") == [342_681.0]
    assert whole(f, "allowance_end", "2023-12-31") == [3_271.0]
    assert whole(f, "total_loans", "2023-03-31") == [] and whole(f, "allowance_end", "2023-03-31") == []


def test_a_total_under_the_last_heading_that_adds_every_class_is_the_whole_books() -> None:
    # "Commercial and industrial … | Consumer loans: Home equity … Direct consumer loans 8,577 |
    # Total loans, net of deferred loan fees 2,071,419 | Allowance for credit losses (21,388)":
    # the total adds the classes outside "Consumer loans:" too, so it and the allowance below it
    # are the whole book's, never the consumer loans'
    f = page("CIK763563_10K_FY2024_R13.txt")
    assert whole(f, "total_loans", "2024-12-31") == [2_071_419_000.0]
    assert whole(f, "total_loans", "2023-12-31") == [1_972_664_000.0]
    assert whole(f, "allowance_end", "2024-12-31") == [21_388_000.0]
    assert whole(f, "allowance_end", "2023-12-31") == [22_517_000.0]
