"""Real pages (tests/real_pages) whose header cells or currency signs a rendering lays out in
ways that hid every figure: an aging header stacked word by word with the date in the stub's
cell, a group heading read as the header's last fragment, a rollforward rendered with spaces,
currency signs in cells of their own."""

from __future__ import annotations

import pandas as pd

from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def _buckets(f, end: str) -> dict[tuple[int, object], float]:
    rows = pick(f, metric="past_due", period_end=end)
    rows = rows[(rows.segment.fillna("") == "") & (rows.population.fillna("") == "")]
    return {(int(r.days_from), None if pd.isna(r.days_to) else int(r.days_to)): r.value for r in rows.itertuples()}


def test_an_aging_header_stacked_word_by_word_with_the_date_in_the_stub() -> None:
    # "30 - 59 | 60 - 89 | Greater than" over "Days | Days | 89 Days | Total | Loans Not" over
    # "March 31, 2025 | Past Due ×5 | Total": "Greater than 89 Days Past Due" is a range of days
    # and "Loans Not Past Due" the current loans; the figures prove the one placement
    # (23,352+6,618+10,333=40,303, +1,920,371=1,960,674)
    f = page("CIK1828588_10Q_2025Q1_R25.txt")
    for end, (b30, b60, b90, pd_, cur, tot) in {
            "2025-03-31": (23_352, 6_618, 10_333, 40_303, 1_920_371, 1_960_674),
            "2024-12-31": (10_537, 4_023, 13_859, 28_419, 1_957_105, 1_985_524)}.items():
        assert _buckets(f, end) == {(30, 59): b30 * 1e3, (60, 89): b60 * 1e3, (90, None): b90 * 1e3}
        assert whole(f, "past_due_total", end) == [pd_ * 1e3]
        assert whole(f, "current", end) == [cur * 1e3]
        assert whole(f, "total_loans", end) == [tot * 1e3]


def test_a_group_heading_under_an_aging_header_of_one_item_a_column() -> None:
    # "… | Current and Other | Total Loans and Leases" then "Commercial real estate" before the
    # first row: the heading of the first rows, the header without it one line item a column
    # that the figures place (44+41+78=163, +120+48,179=48,462)
    f = page("CIK887343_10Q_2025Q3_R28.txt")
    end = "2025-09-30"
    assert _buckets(f, end) == {(30, 59): 44e6, (60, 89): 41e6}
    assert whole(f, "past_due_90_accruing", end) == [78e6]
    assert whole(f, "past_due_total", end) == [163e6]
    assert whole(f, "nonaccrual", end) == [120e6]
    assert whole(f, "current", end) == [48_179e6]
    assert whole(f, "total_loans", end) == [48_462e6]
    assert set(f.currency) == {"USD"}


def test_a_balance_dated_by_month_and_day_without_at_opens_and_closes_the_year() -> None:
    # a text rendering's "Balance January 1 $21,479 … $45,007" / "Balance December 31 … $53,400":
    # the first of the month opens the year, its last day closes it, as "Balance at January 1"
    # (45,007+13,800-6,829+1,422=53,400)
    f = page("CIK721994_10K_FY2011_R10.txt")
    assert whole(f, "allowance_begin", "2011-12-31") == [45_007e3]
    assert whole(f, "allowance_end", "2011-12-31") == [53_400e3]
    assert whole(f, "provision", "2011-12-31") == [13_800e3]
    assert whole(f, "write_off", "2011-12-31") == [6_829e3]
    assert whole(f, "recovery", "2011-12-31") == [1_422e3]


def test_currency_signs_in_cells_of_their_own_name_the_columns_and_the_translation() -> None:
    # no header over the columns, "|Rs. | 1,042,793.0 | Rs. | 1,221,097.6 | US$ | 14,857.0" on the
    # first row: the signs are the figures' (never a row's label), the US$ column translates the
    # one before it at one rate (82.19) in every row, so it is the latest of the caption's dates
    f = page("CIK1144967_20F_FY2023_R43.txt")
    assert whole(f, "total_loans", "2022-03-31", currency="INR") == [14_409_544.0]
    assert whole(f, "total_loans", "2023-03-31", currency="INR") == [17_418_092.4]
    assert whole(f, "total_loans", "2023-03-31", currency="USD") == [211_924.7]
    assert whole(f, "allowance_end", "2022-03-31", currency="INR") == [372_671.8]
    assert whole(f, "allowance_end", "2023-03-31", currency="INR") == [365_164.5]
    assert whole(f, "allowance_end", "2023-03-31", currency="USD") == [4_443.0]
    assert whole(f, "total_loans", "2022-03-31", currency="USD") == []


def test_a_table_cut_after_its_opening_balance_opens_the_period_the_table_above_does() -> None:
    # "Balance, March 31, 2025 … Balance, June 30, 2025" then the same header over "Balance,
    # March 31, 2024 … 5,523" and nothing below: the opening of the second quarter of 2024, as
    # its line opens 2025's, never a balance closing a period
    f = page("CIK898171_10Q_2025Q2_R27.txt")
    assert whole(f, "allowance_begin", "2024-06-30") == [5_523e3]
    begin = pick(f, metric="allowance_begin", period_end="2024-06-30", value=5_523e3).iloc[0]
    assert str(begin.period_start)[:10] == "2024-04-01"
    assert whole(f, "allowance_end", "2024-03-31") == []
    assert whole(f, "allowance_begin", "2025-06-30") == [6_065e3]
    assert whole(f, "allowance_end", "2025-06-30") == [6_231e3]
