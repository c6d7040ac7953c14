"""A retailer's allowance for doubtful accounts and returns (no loan book's), and a payment
company's merchant-loan agings printed with shares: a share column's name run into the first
row's label, loans within their original expected repayment period, one row of figures straight
under the buckets' names with its shares under it (10-K 2023, 10-Q 2020). The real pages these
layouts were found on stay outside the tree as local evidence: the pages here are invented in
their layouts, with other labels and other figures, rendered as the text extracts print an R page
(one cell a line, each closed by a "|" line, an empty cell a bare "|"; or the plain rendering, a
cell a line and a " " line between)."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import rendered_line, whole
from tests.conftest import rendered_row as _row


def _reserve(charge: str) -> str:
    """A seller's allowance against its receivables, rolled forward; the figures foot (70 + 25 -
    23 = 72, 64 + 21 - 15 = 70)."""
    return ("|\nReceivables and Allowance (Tables)\n|12 Months Ended\nDec. 31, 2025\n|Receivables [Abstract]\n|\n"
            "|Allowance\n|\nChanges in our allowance for doubtful accounts are as follows:\n|\n" + "|\n" * 4
            + rendered_line("(In thousands)", "", "2025", "", "2024")
            + _row("Balance at beginning of year", "70", "64", dollar=True)
            + _row(charge, "25", "21")
            + _row("Accounts written off, net of recoveries", "(23)", "(15)")
            + _row("Balance at end of year", "72", "70", dollar=True))


def test_an_allowance_for_doubtful_accounts_and_returns_is_no_loan_allowance() -> None:
    # the charge provides for goods sent back as well as for payments not collected: a seller's
    # reserve against its trade and installment receivables, not a lender's credit-loss allowance
    f = page("invented_returns_reserve.txt", _reserve("Provision for uncollectible accounts and returns"))
    assert whole(f, disclosure="allowance").empty


def test_an_allowance_charged_for_credit_losses_alone_is_read() -> None:
    # the same table, its charge naming credit losses only: the allowance is read
    f = page("invented_credit_loss_reserve.txt", _reserve("Provision for credit losses"))
    assert sorted(whole(f, metric="provision").value) == [21000.0, 25000.0]
    assert sorted(whole(f, metric="allowance_end").value) == [70000.0, 72000.0]


def _inline(*cells: str) -> str:
    """Cells as the plain rendering prints them: a figure and its blank line, a " " between."""
    return "\n \n".join(cells) + "\n"


def test_a_share_columns_name_run_into_the_first_rows_label_is_the_headers() -> None:
    # the header's last cell "Percentage" and the first row's "Current" printed on two lines with
    # no blank between (one cell "Percentage Current"): the row is "Current", read as the others;
    # the figures foot (900 + 40 + 10 = 950 the first vintage, 500 + 30 + 20 = 550 the second)
    text = ("XML 12 R20.htm IDEA: XBRL DOCUMENT v3.20.1\nMerchant Receivables (Tables)\n3 Months Ended\n"
            "Jun. 30, 2025\nReceivables [Abstract]  \nDelinquency status of merchant receivables\n"
            "The following table presents the delinquency status of merchant receivables by year of "
            "origination.\n\nJune 30, 2025\n(In millions, except percentages)\n \n \n"
            + _inline("2025", "2024", "Total", "Percentage\nCurrent", "$\n900\n", "$\n500\n", "$\n1,400\n", "93.3%")
            + _inline("30 - 59 Days", "40\n", "30\n", "70\n", "4.7%")
            + _inline("60+ Days", "10\n", "20\n", "30\n", "2.0%")
            + _inline("Total", "$\n950\n", "$\n550\n", "$\n1,500\n", "100%"))
    f = page("invented_share_glued.txt", text)
    assert whole(f, metric="current").value.tolist() == [1400e6]
    assert whole(f, metric="total_loans").value.tolist() == [1500e6]


def test_loans_within_their_original_expected_repayment_period_are_current() -> None:
    # a merchant lender ages its advances by the days past the day each was expected to be
    # repaid: those not yet past it are the current loans (900 + 40 + 10 = 950; 800 + 30 + 20 = 850)
    text = ("|\nMerchant Advances (Tables)\n|6 Months Ended\nJun. 30, 2025\n|Receivables [Abstract]\n|\n"
            "|Delinquency of merchant advances\n|\nThe following table presents the aging of merchant "
            "advances:\n|\n" + "|\n" * 4
            + rendered_line("(In millions)", "", "June 30, 2025", "", "December 31, 2024")
            + _row("Within Original Expected Repayment Period", "900", "800", dollar=True)
            + _row("30 - 59 Days Past Original Expected Repayment Period", "40", "30")
            + _row("60+ Days Past Original Expected Repayment Period", "10", "20")
            + _row("Total", "950", "850", dollar=True))
    f = page("invented_within_repayment_period.txt", text)
    assert sorted(whole(f, metric="current").value) == [800e6, 900e6]


def test_a_row_printed_under_its_header_with_no_label_is_the_whole_books() -> None:
    # one row of figures straight under the buckets' names, the last name "Total" run in as the
    # row's label, each column's share printed under it: the whole book's aging at the date
    # (700 current, 20 + 10 = 30 past due, 700 + 30 = 730 in all)
    text = ("XML 12 R20.htm IDEA: XBRL DOCUMENT v3.20.1\nMerchant Receivables (Tables)\n3 Months Ended\n"
            "Jun. 30, 2025\nReceivables [Abstract]  \nAging of merchant receivables\n"
            "The following table presents the merchant receivables past their expected repayment period:\n\n"
            "December 31, 2024\n(In millions)\n"
            + _inline("Not Past Due", "30 - 59 Days", "60+ Days", "Total Past Due", "Total")
            + "$\n700\n\n \n$\n20\n\n \n$\n10\n\n \n$\n30\n\n \n$\n730\n\n"
            + "95.9\n%\n \n2.7\n%\n \n1.4\n%\n \n4.1\n%\n \n100\n%\n")
    f = page("invented_header_total_row.txt", text)
    assert whole(f, metric="current").value.tolist() == [700e6]
    assert whole(f, metric="past_due_total").value.tolist() == [30e6]
    assert whole(f, metric="total_loans").value.tolist() == [730e6]
