"""Aging pages of tests/real_pages read by their structure and arithmetic: a loan composition
under each aging status, a "Non-performing" column among the past-due buckets, a provision
deducted from the loans, and a non-lender's accounts receivable (nothing read)."""

from __future__ import annotations

from dashboard.extract.parsers.text_extract import split_page
from dashboard.extract.repeated_header import repeats_header
from dashboard.model.schema import DELINQUENCY
from tests.conftest import REAL_PAGES, pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

COMPOSITIONS = "CIK1417370_unknown_FY2017_R56.txt"
NONPERFORMING = "CIK719220_10Q_2012Q3_R27.txt"
TRADE = "CIK1795589_20F_FY2023_R14.txt"


def test_aging_statuses_each_over_a_loan_composition() -> None:
    # "Gross loans | Less: Provision … | Less: Deferred … | Loans, net" for the whole, then under
    # "Total Current", "1-90 days past due", "> 90 days past due": each status's gross line is
    # its loans (they add up to the whole's), in the columns gross − allowance − fees = net proves
    f = page(COMPOSITIONS)
    for end, current, b1_90, over_90, total in (("2017-12-31", 1_235_790, 472_800, 170_546, 1_879_136),
                                                ("2016-12-31", 2_290_441, 145_241, 196_008, 2_631_690)):
        assert whole(f, "current", end) == [current * 1e3]
        assert whole(f, "past_due", end, days_from=1) == [b1_90 * 1e3]
        assert pick(f, metric="past_due", period_end=end, days_from=1).days_to.tolist() == [90]
        assert whole(f, "past_due", end, days_from=91) == [over_90 * 1e3]
        assert whole(f, "total_loans", end) == [total * 1e3]
    # the prior year's column holds the allowance alone: no aging figure there
    assert pick(f, disclosure=DELINQUENCY, period_end="2015-12-31").empty


def test_provision_deducted_from_the_loans_is_the_allowance_balance() -> None:
    # "Less: Provision for credit losses" between the gross and the net loans is the provision
    # made to date, a balance at each date, never the period's charge
    f = page(COMPOSITIONS)
    assert pick(f, metric="provision").empty
    for end, balance in (("2017-12-31", 28_135), ("2016-12-31", 35_337), ("2015-12-31", 16_945)):
        assert whole(f, "allowance_end", end) == [balance * 1e3]


def test_nonperforming_column_is_a_part_of_the_past_due_never_read() -> None:
    # "Current | 30-59 | 60-89 | Non- / performing | Total Past / Due | Total / Loans", cells
    # wrapped over lines after empty cells: the non-performing loans are a part of the total
    # past due (7,939 + 9,660 + 66,116 = 83,715), named by no days and so read as no metric
    f = page(NONPERFORMING)
    end = "2012-09-30"
    assert whole(f, "current", end) == [3_195_442e3]
    assert whole(f, "past_due", end, days_from=30) == [7_939e3]
    assert whole(f, "past_due", end, days_from=60) == [9_660e3]
    assert whole(f, "past_due_total", end) == [83_715e3]
    assert whole(f, "total_loans", end) == [3_279_157e3]
    assert 66_116e3 not in pick(f, period_end=end).value.tolist()
    assert set(pick(f, disclosure=DELINQUENCY).days_from.dropna()) == {30, 60}


def test_header_repeated_under_a_month_and_day_opens_the_next_table() -> None:
    # "December 31," / "2011" over the header printed again: the rows below are December's,
    # never September's (the page is cut off after two of them: classes, no whole)
    blocks = split_page((REAL_PAGES / NONPERFORMING).read_text()).blocks
    assert [len(b.rows) for b in blocks] == [8, 2]
    assert repeats_header(blocks[0].header, ["December 31,", "2011", *blocks[0].header[2:]])
    f = page(NONPERFORMING)
    dec = pick(f, period_end="2011-12-31")
    assert set(dec.segment) == {"Commercial real estate", "Commercial and industrial"}
    assert 672_899e3 not in pick(f, period_end="2012-09-30").value.tolist()


def test_accounts_receivable_of_a_non_lender_give_nothing() -> None:
    # "ACCOUNTS RECEIVABLE, NET" of a service company, its allowance rolled forward: customers'
    # invoices, no loan book on the page
    assert page(TRADE).empty
    # the same page naming a loan book keeps its figures
    text = (REAL_PAGES / TRADE).read_text().replace("Accounts receivable\n", "Loans receivable\n", 1)
    assert not page(TRADE, text).empty
