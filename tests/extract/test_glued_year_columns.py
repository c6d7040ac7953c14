"""Real pages (tests/real_pages) whose header years run together without being a year apart
("202320222022": September 30 of two years and December 31 of the last; "2023202220232022":
two periods of two years each), and whose period headings run together too ("Three Months
EndedNine Months Ended"): the rows' figures count the header's columns. And an allowance named
in other words ("Loan loss reserves") beside the loans."""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.parsers.renderings import split_glued_header, split_glued_years
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

GLUED = "CIK840489_10Q_2023Q3_R25.txt"


def test_glued_years_split_only_when_the_rows_below_count_them() -> None:
    header = ["202320222022", "Balance | $1,000 | $900 | $950", "Charge-offs | (10) | (20) | (30)"]
    assert split_glued_years(header)[0] == "2023 | 2022 | 2022"
    # rows of another width: the run stays whole (a figure, or years that are not the columns)
    two = ["202320222022", "Balance | $1,000 | $900", "Charge-offs | (10) | (20)"]
    assert split_glued_years(two)[0] == "202320222022"
    assert split_glued_years(["202320222022", ""])[0] == "202320222022"


def test_glued_period_headings_are_cells() -> None:
    assert split_glued_header("Three Months EndedNine Months Ended") == "Three Months Ended | Nine Months Ended"
    assert split_glued_header("Balance atBeginning") == "Balance atBeginning"


def test_balances_under_glued_years_over_two_month_days() -> None:
    facts = page(GLUED)
    # "As of September 30," spans 2023 and 2022; "As of December 31," the last 2022
    assert whole(facts, "total_loans", "2023-09-30") == [209_991_000]
    assert whole(facts, "total_loans", "2022-09-30") == [190_358_000]
    assert whole(facts, "total_loans", "2022-12-31") == [188_327_000]
    assert 84_833_000 in whole(facts, "allowance_end", "2022-12-31")


def test_rollforward_under_glued_periods_and_years() -> None:
    facts = page(GLUED)
    assert whole(facts, "provision", "2023-09-30") == [33_096_000, 90_571_000]
    assert whole(facts, "write_off", "2022-09-30") == [28_642_000, 84_629_000]
    assert whole(facts, "allowance_begin", "2023-09-30") == [84_833_000, 93_054_000]
    assert whole(facts, "recovery", "2022-09-30") == [1_163_000, 4_015_000]


def test_loan_loss_reserves_beside_the_loans_are_the_allowance() -> None:
    # "Loan loss reserves(832)(598)" under "Loans receivable89,314 67,532" (the five SBA lines'
    # sum) and over "Loans receivable, net$89,314 $68,079" (with deferred costs 832 and 1,145)
    assert label_role("Loan loss reserves", "allowance") == "allowance_balance"
    assert label_role("Reserve for loan losses", "allowance") == "allowance_balance"
    assert label_role("Provision for loan loss reserves", "allowance") == "provision"
    facts = page("CIK908311_10Q_2020Q3_R13.txt")
    assert whole(facts, "allowance_end", "2020-09-30") == [832_000]
    assert whole(facts, "allowance_end", "2019-12-31") == [598_000]
    assert whole(facts, "total_loans", "2020-09-30") == [89_314_000]
    assert whole(facts, "total_loans", "2019-12-31") == [67_532_000]
