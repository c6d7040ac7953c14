"""Foreign private issuers' credit pages (20-F and 6-K, 2018-2024): a Korean bank's allowance on
its bonds measured at amortized cost rolled forward by IFRS 9 stage (no loan book), a Peruvian
bank's loans closed by IFRS 9's "expected loss provision" and net loans, its figures in soles
"S/(000)", a Japanese bank's loans by industry under a note titled for the loans and their
allowance. The real pages these layouts were found on stay outside the tree as local evidence:
the pages here are invented in their layouts, with other labels and other figures, rendered as
the text extracts print an R page (one cell a line, each closed by a "|" line, an empty cell a
bare "|")."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import rendered_line as _line


def _row(label: str, *figures: str) -> str:
    cells = [label]
    for v in figures:
        negative = v.startswith("(")
        cells += ["", "", v.rstrip(")"), ")" if negative else ""]
    return _line(*cells)


def test_an_allowance_on_securities_at_amortized_cost_is_no_loan_allowance() -> None:
    # IFRS 9 names the bonds by how they are measured ("securities at amortized cost"), not as
    # held-to-maturity: their allowance, deducted from them and rolled forward by stage, is the
    # securities', never the whole loan book's (3,100 + 2,050 - 12 = 5,138; 10 + 2 = 12)
    text = ("|Details of securities at amortized cost\n|\n"
            "(1) Details of securities at amortized cost as of December 31, 2024 and 2025 are as follows "
            "(Unit: Korean Won in millions):\n|\n"
            + _line("", "December 31,\n2024", "", "December 31,\n2025")
            + _row("Government bonds", "3,000", "3,100") + _row("Corporate bonds", "2,000", "2,050")
            + _row("Allowance for credit losses", "(10", "(12") + _row("Total", "4,990", "5,138")
            + "|Changes in allowance for credit losses of securities at amortized cost\n|\n"
            + _line("For the year ended December 31, 2025") + _line("", "Stage 1", "", "Stage 2", "", "Total")
            + _row("Beginning balance", "(10", "—", "(10") + _row("Net provision of allowance", "(2", "—", "(2")
            + _row("Ending balance", "(12", "—", "(12"))
    f = page("invented_securities_at_amortized_cost.txt", text)
    assert pick(f, disclosure="allowance").empty
    assert f.empty or pick(f, metric="total_loans").empty
