"""A thrift's 10-K allowance rollforward by class with a Total column whose closing balance is
followed, with no heading between, by "Ending balance individually evaluated for impairment" and
"… collectively …" lines that hold the loans behind the allowance (their recorded investment,
far above the allowance). The real page this layout was found on stays outside the tree as local
evidence: the page here is invented in its layout, with other labels and other figures,
rendered as the text extracts print an R page (one cell a line, each closed by a "|" line, an
empty cell a bare "|")."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import rendered_line as _line
from tests.conftest import rendered_row as _row
from tests.conftest import whole


def _page(individually: tuple[str, ...], collectively: tuple[str, ...]) -> str:
    # 300 + 200 = 500 at the start; 500 + 80 - 60 + 10 = 530 at the end, each class likewise
    return ("|\nAllowance for Losses on Loans (Tables)\n|12 Months Ended\n|\nSep. 30, 2025\n|Allowance\n|\n"
            "The Allowance for Losses and Recorded Investment in loans for the twelve months ended "
            "September 30, 2025 are as follows:\n(Dollars in thousands)\n"
            + _line("", "Mortgage", "", "Consumer", "", "Total")
            + _row("Beginning Balance", "300", "200", "500", dollar=True) + _row("Charge-Offs", "(40)", "(20)", "(60)")
            + _row("Recoveries", "4", "6", "10") + _row("Provisions", "46", "34", "80")
            + _row("Ending Balance", "310", "220", "530", dollar=True)
            + _row("Ending balance individually evaluated for impairment", *individually, dollar=True)
            + _row("Ending balance collectively evaluated for impairment", *collectively, dollar=True))


def test_by_method_lines_greater_than_the_balance_are_the_loans() -> None:
    # 1,200 + 40,800 = 42,000 is no part of an allowance of 530: the loans, never the allowance
    f = page("invented_loans_by_method.txt", _page(("700", "500", "1,200"), ("20,000", "20,800", "40,800")))
    assert sorted(f[f.metric == "allowance_end"].value.tolist()) == [220_000.0, 310_000.0, 530_000.0]
    assert whole(f, metric="allowance_end").value.tolist() == [530_000.0]


def test_by_method_lines_that_add_up_to_the_balance_stay_its_parts() -> None:
    # 30 + 500 = 530: the allowance split by impairment method, its parts kept
    f = page("invented_allowance_by_method.txt", _page(("10", "20", "30"), ("300", "200", "500")))
    assert 30_000.0 in f[f.metric == "allowance_end"].value.tolist()
