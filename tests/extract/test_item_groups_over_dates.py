"""A real page (tests/real_pages, Conn's 10-K FY2015 R12) whose header repeats its dates under
line-item headings ("Total Outstanding Balance | 60 Days Past Due (1) | Re-aged (1)", each over
"January 31," / "2015 | 2014"), prints the allowance and the net once a date under the balance
columns, and breaks its rollforward's class names over lines."""

from __future__ import annotations

from datetime import date

from dashboard.extract.header_periods import BALANCE_ITEM, item_groups_over_dates
from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

CONNS = "CIK1223389_10K_FY2015_R12.txt"


def test_headings_over_repeated_dates_are_the_columns_line_items() -> None:
    header = ["Customer Accounts Receivable", "Total Outstanding Balance", "60 Days Past Due (1)", "Re-aged (1)",
              "January 31,", "January 31,", "January 31,", "(in thousands)"]
    dates = [date(2015, 1, 31), date(2014, 1, 31)] * 3
    items = item_groups_over_dates(header, dates)
    # the lone threshold is the open bucket; a status that is no credit line is not read
    assert items == [BALANCE_ITEM] * 2 + ["60 days or more past due"] * 2 + [None] * 2
    # one month-day heading for three runs: no proof the headings are the runs'
    assert item_groups_over_dates([*header[:4], "January 31,", "(in thousands)"], dates) is None


def test_balance_and_sixty_days_past_due_columns_give_total_loans_and_the_bucket() -> None:
    # 1,277,135+88,672=1,365,807; 112,365+20,722=133,087
    f = page(CONNS)
    assert whole(f, "total_loans", "2015-01-31") == [1_365_807e3]
    assert whole(f, "total_loans", "2014-01-31") == [1_068_270e3]
    past_due = pick(f, metric="past_due")
    assert set(past_due.days_from) == {60} and past_due.days_to.isna().all()
    assert whole(f, "past_due", "2015-01-31") == [133_087e3]
    assert whole(f, "past_due", "2014-01-31") == [94_403e3]
    # the "Re-aged" column is a status, not a bucket: none of its figures is read
    assert not f.value.isin([182_976e3, 120_770e3, 94_304e3, 75_414e3]).any()


def test_the_allowance_printed_once_a_date_is_the_balance_columns() -> None:
    # 1,365,807-146,982-17,474=1,201,351 and 1,068,270-71,801-11,789=984,680 place the lines
    f = page(CONNS)
    assert whole(f, "allowance_end", "2014-01-31") == [71_801e3]
    assert whole(f, "allowance_end", "2015-01-31") == [146_982e3, 146_982e3]  # and the rollforward's
    assert not f.value.isin([17_474e3, 11_789e3]).any()  # the no-interest programmes' allowance


def test_class_names_broken_over_lines_are_not_taken_one_fragment_a_column() -> None:
    # "Customer" / "Accounts" / "Receivable" / "Restructured" / "Accounts" / "Total": the last
    # three fragments are no names ("Accounts" is a line of both cells)
    f = page(CONNS)
    segments = set(pick(f, disclosure="allowance").segment.fillna(""))
    assert not segments & {"Restructured", "Accounts"}
    assert whole(f, "allowance_begin", "2015-01-31") == [71_801e3]
