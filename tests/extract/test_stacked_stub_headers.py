"""Aging column names printed on both sides of the row labels' heading ("(Dollars in
thousands)"): the names above it stand on a line of their own, and the reading order no longer
says which column a name stands over. Real pages of tests/real_pages."""

from __future__ import annotations

from tests.conftest import REAL_PAGES, pick
from tests.conftest import real_page as page

WINTRUST = "CIK1015328_10Q_2017Q1_R29.txt"
NONPERFORMING = "CIK714562_10K_FY2023_R14.txt"
CII = "Commercial – Commercial, industrial and other"


def test_names_over_two_lines_around_the_stub_heading_read_nothing_unproven() -> None:
    # the header prints "90+ days and still accruing | 60-89 | 30-59" then "(Dollars in
    # thousands) | Nonaccrual | Current | Total Loans"; the cells run Nonaccrual 12,036, 90+ 100,
    # 60-89 19, 30-59 23,780, Current 3,855,140, Total 3,891,075: every column but the total adds
    # up to it, so no sum says which is which, and nothing is read rather than 12,036 as 30-59
    f = page(WINTRUST)
    assert pick(f, disclosure="delinquency").empty
    # a nonperforming table of the same layout ("Loans Past Due Over 90 Days Still Accruing |
    # Nonaccrual | Nonaccrual With No Allowance"): 13,971 is C&I's nonaccrual, never 90+ past due
    g = page(NONPERFORMING)
    assert pick(g, metric="past_due", value=13_971e3).empty
    assert pick(g, metric="nonaccrual", value=5e3).empty


def test_the_same_names_on_one_line_in_cell_order_are_read() -> None:
    # the same page with its header printed one line, in the cells' order: the names stand over
    # their columns as read (the rule leaves a header whose bottom line names every column alone)
    text = (REAL_PAGES / WINTRUST).read_text()
    printed = ("90+ days and still accruing\n60-89 days past due\n30-59 days past due\n"
               "(Dollars in thousands)\nNonaccrual\nCurrent\nTotal Loans\n")
    assert printed in text
    text = text.replace(printed, "(Dollars in thousands)\nNonaccrual\n90+ days and still accruing\n"
                        "60-89 days past due\n30-59 days past due\nCurrent\nTotal Loans\n")
    f = page(WINTRUST, text)
    assert pick(f, metric="nonaccrual", segment=CII).value.tolist() == [12_036e3]
