"""An allowance rollforward whose header names seven classes and their "Total" on one line and
"Loans" under each on the next, the page cut off inside its first line: six figures under the
header's names. Read as the last six names, "Total" falls over the fifth figure, a class's balance. The
real page this layout was found on stays outside the tree as local evidence: the page here is
invented in its layout, with other labels and other figures, rendered as the text extracts
print an R page (one cell a line, each closed by a "|" line, an empty cell a bare "|")."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole

_NAMES = ("Mortgage\nLoans", "Rental\nProperty\nLoans", "Commercial\nLoans", "Land\nLoans", "Home\nEquity\nLoans",
          "Auto\nLoans", "Other\nConsumer\nLoans", "Total\nLoans")


def _page(*figures: str) -> str:
    # this rendering opens a cell's first line with its "|" ("|Home" / "Equity" / "Loans")
    header = "|\n|\n" + "".join(f"|\n|{name}\n|\n" for name in _NAMES)
    row = "Beginning Balance\n|\n" + "".join(f"|$\n|{v}\n|\n|\n" for v in figures)
    return ("|\nAllowance for Loan Losses (Tables)\n|3 Months Ended\n|\nDec. 31, 2025\n|Allowance\n|\n"
            "The Allowance for Loan Losses as of and for the three months ended December 31, 2025 are as\nfollows:\n"
            "(Dollars in thousands)\n" + header
            + "Three Months ended December 31, 2025 Allowance for losses\non loans:\n|\n" + row)


def test_a_cut_row_puts_no_class_balance_in_the_total_column() -> None:
    # 70 is no sum of 50 + 900 + 600 + 400: the fifth column is a class's, never the portfolio's
    f = page("invented_cut_under_total.txt", _page("50", "900", "600", "400", "70", "—"))
    assert whole(f, metric="allowance_begin").empty
    assert not f[f.metric == "allowance_begin"].empty
