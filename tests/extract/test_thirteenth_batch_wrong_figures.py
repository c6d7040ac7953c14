"""Figures of the thirteenth batch's real pages (tests/real_pages) that were read wrong: an
aging whose stacked header names one bucket over two columns (every figure shifted by one), an
aging's and a rate-type table's line-item columns read as numbered sub-populations of the total
loans, and the net loans given a period start."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page


def test_stacked_aging_header_naming_a_bucket_twice_is_placed_by_the_sums() -> None:
    # "30-89 Days | 90 Days or More | Total Past Due | Current | Total Loans | Non-Accrual Loans |
    # 90 Days or More and Accruing" over three lines: 450,811+612,822=1,063,633;
    # 1,063,633+62,895,597=63,959,230 (and 1,137,779+48,520=1,186,299; +161,089,199=162,275,498)
    f = page("CIK718413_10Q_2014Q3_R20.txt")
    # (the loans table beside it gives the class's loans at its other dates: not the aging's)
    ci = f[(f.segment.fillna("") == "Commercial & industrial") & (f.period_end.astype(str) == "2014-09-30")]
    got = {(m, v) for m, v in zip(ci.metric, ci.value, strict=True)}
    assert got == {("past_due", 450_811.0), ("past_due", 612_822.0), ("past_due_total", 1_063_633.0),
                   ("current", 62_895_597.0), ("total_loans", 63_959_230.0),
                   ("nonaccrual", 1_068_390.0), ("past_due_90_accruing", 0.0)}
    cre = f[(f.segment.fillna("") == "Commercial real estate") & (f.period_end.astype(str) == "2014-09-30")]
    assert set(cre[cre.metric == "total_loans"].value) == {162_275_498.0}
    assert set(cre[cre.metric == "current"].value) == {161_089_199.0}


def test_aging_line_item_columns_are_no_parts_of_the_total_loans() -> None:
    # "30-59 Days Past Due | 60-89 … | Greater than 90 Days and still Accruing | PCI | Nonaccrual |
    # Current | Total Loans": the total row's buckets are no total loans of numbered columns
    f = page("CIK883948_10Q_2016Q3_R12.txt")
    loans = pick(f, metric="total_loans", period_end="2016-09-30")
    assert set(loans.value) == {6_148_918_000.0}
    assert set(loans.segment.fillna("")) == {""}


def test_the_nonaccrual_column_is_a_status_and_the_rate_types_sub_populations() -> None:
    # "Fixed Rate | Variable Rate | Non-accrual | Total": 4,102,943+8,134,253+112,904=12,350,100.
    # The fixed- and variable-rate loans are sub-populations of the book (segments); the
    # nonaccrual column is the book's nonaccrual loans, never a class of loans; together they
    # foot the total
    f = page("CIK875357_10Q_2014Q3_R25.txt")
    loans = pick(f, metric="total_loans")
    assert not loans.segment.fillna("").str.startswith("column").any()
    assert 112_904_000.0 not in set(loans.value)
    at = loans[loans.period_end.astype(str).str[:10] == "2013-09-30"]
    assert dict(zip(at.segment.fillna(""), at.value, strict=True)) == {
        "Fixed Rate": 4_102_943_000.0, "Variable Rate": 8_134_253_000.0, "": 12_350_100_000.0}
    stopped = pick(f, metric="nonaccrual")
    whole = stopped[stopped.segment.fillna("") == ""]
    assert sorted(whole.value) == [96_551_000.0, 101_149_000.0, 112_904_000.0]
    assert set(whole.verified_by) == {"footing"} and set(at.verified_by) == {"footing"}


def test_net_loans_are_a_balance_at_a_date() -> None:
    # "Total" net loans beside a quarter's allowance rollforward; "Loans, net" of a nine-month page
    for name, ends in (("CIK1062438_10Q_2014Q4_R27.txt", {1_130_637_860.0, 1_110_861_490.0}),
                       ("CIK1321070_10Q_2013Q3_R22.txt", {113_133_554.0, 121_994_851.0})):
        net = pick(page(name), metric="net_loans")
        assert set(net.value) == ends
        assert net.period_start.isna().all()
