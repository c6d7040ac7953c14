"""The twenty-fourth batch's real pages (tests/real_pages), early XBRL years: dates over class
columns each closed by its own Total, books each carried net of their own allowance, a book's
heading over a whole table, whole-percent share columns under an R page's banner date, and a
period heading broken over two lines."""

from __future__ import annotations

from tests.conftest import by_start, whole
from tests.conftest import real_page as page


def test_dates_over_class_columns_each_closed_by_its_total() -> None:
    # "June 30, 2011 | June 30, 2010" over "Non-covered loans | Covered loans | Total | Total":
    # the first date heads three columns (727,346 + 9,159 = 736,505), the second its Total alone
    f = page("CIK763901_10Q_2011Q2_R16.txt")
    assert by_start(whole(f, metric="allowance_begin")) == {
        "2011-04-01": 736_505.0, "2010-04-01": 1_277_036.0, "2011-01-01": 793_225.0, "2010-01-01": 1_261_204.0}
    covered = f[(f.segment == "Covered loans") & (f.metric == "allowance_end")]
    assert set(covered.value / 1000) == {57_169.0}


def test_the_total_of_books_each_net_of_its_own_allowance() -> None:
    # loans excluding covered loans less their allowance, covered loans less theirs, then "Total
    # loans and leases" = 12,309,385 + 1,481,854: the whole's loans; no book's allowance is the whole's
    f = page("CIK201461_10K_FY2011_R14.txt")
    assert sorted(whole(f, metric="total_loans").value / 1000) == [13_244_150.0, 13_791_239.0]
    assert whole(f, metric="allowance_end").empty


def test_a_book_heading_over_the_whole_table_makes_every_line_the_books() -> None:
    # "Loans not covered by loss sharing agreements:" over the classes, the total, "Less:" the
    # allowance and the net; the covered loans' table likewise: neither allowance is the whole's
    f = page("CIK1478726_10K_FY2013_R33.txt")
    assert whole(f).empty
    assert set(f[f.metric == "allowance_end"].segment) == {
        "Loans not covered by loss sharing agreements", "Loans covered by loss sharing agreements"}


def test_whole_percent_shares_beside_amounts_under_the_banner_date() -> None:
    # "Amount | Percentage of Total" twice, the shares whole numbers each with its own "%" cell,
    # the banner's "Jun. 30, 2013" above "June 30, 2013 | December 31, 2012"
    f = page("CIK1353523_10Q_2013Q2_R21.txt")
    assert sorted(whole(f, metric="total_loans").value) == [80_701_245.0, 81_434_749.0]
    assert sorted(whole(f, metric="allowance_end").value) == [1_295_053.0, 1_355_569.0]


def test_a_period_heading_broken_over_two_lines_dates_the_first_group() -> None:
    # "For the three months ended" / "March 31, 2012" before the first rows, "For the three months
    # ended March 31, 2011" over the second group
    f = page("CIK779125_10Q_2012Q1_R10.txt")
    assert by_start(whole(f, metric="provision")) == {"2012-01-01": 710.0, "2011-01-01": 300.0}
