"""The twenty-ninth batch's layouts (non-bank lenders' credit-quality pages: a student lender's
rollforward, an online lender's loans at fair value, a retailer's allowance for doubtful accounts
and returns). Those real pages stay outside the tree as local evidence: the pages here are
invented in their layouts, with other labels and other figures, rendered as the text extracts
print an R page (one cell a line, each closed by a "|" line, an empty cell a bare "|")."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole


def _line(*cells: str) -> str:
    return "".join(f"{c}\n|\n" if c else "|\n" for c in cells)


def _row(label: str, *figures: str, dollar: bool = False) -> str:
    cells = [label]
    for v in figures:
        negative = v.startswith("(")
        cells += ["", "$" if dollar else "", v.rstrip(")"), ")" if negative else ""]
    return _line(*cells)


def _reserve(charge: str) -> str:
    """A seller's allowance against its receivables, rolled forward; the figures foot (70 + 25 - 23 = 72, 64 + 21 - 15 = 70)."""
    return ("|\nReceivables and Allowance (Tables)\n|12 Months Ended\nDec. 31, 2025\n|Receivables [Abstract]\n|\n"
            "|Allowance\n|\nChanges in our allowance for doubtful accounts are as follows:\n|\n" + "|\n" * 4
            + _line("(In thousands)", "", "2025", "", "2024")
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
