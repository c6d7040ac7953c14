"""An allowance rolled forward by receivable, "Trade Receivables | Financed Receivables | Total
Receivables", on a (Tables) page of a service company that also finances its customers' contracts
(10-K 2023): no column is a lender's loan book, so none may be read as the whole book's allowance.
The real page stays outside the tree as local evidence; the pages here are invented, with other
figures that foot, rendered as the text extracts print an R page."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole

_HEAD = ("ALLOWANCE FOR CREDIT LOSSES (Tables)\n12 Months Ended\nDec. 31, 2024\nReceivables [Abstract]  \n"
         "Schedule of allowance for credit losses Below is a roll forward of the allowance for credit losses.\n"
         "Allowance for Credit Losses\n(in thousands){a}\nReceivables\n{b}\nReceivables\nTotal\nReceivables\n")
_ROWS = ("Balance at December 31, 2023$9,100 $2,400 $11,500 \n"
         "Provision for expected credit losses4,300 1,700 6,000 \n"
         "Write-offs charged against the allowance(5,200)(1,500)(6,700)\n"
         "Recoveries collected1,100 — 1,100 \n"
         "Balance at December 31, 2024$9,300 $2,600 $11,900 \n"
         "Schedule of the past due financing receivables\nThe following is a summary of the past due "
         "financed receivables:\n")


def test_a_total_holding_trade_receivables_is_no_loan_books_allowance() -> None:
    f = page("invented_trade_and_financed.txt", _HEAD.format(a="Trade", b="Financed") + _ROWS)
    assert whole(f, disclosure="allowance").empty
    got = f[f.metric == "allowance_end"]
    assert set(got.population) == {"trade and other receivables"}


def test_a_lenders_finance_receivables_beside_trade_receivables_are_not_touched() -> None:
    f = page("invented_trade_and_finance.txt", _HEAD.format(a="Trade", b="Finance") + _ROWS)
    assert "trade and other receivables" not in set(f.population)
