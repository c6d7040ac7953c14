"""A thrift's loans receivable table whose total and net are both printed without a label, the
rendering running each into the line before it (the last class, then the last deduction), with
several deductions between them ("Less – loans in process", "- unearned interest", "- deferred
costs", "- allowance"). The real page this layout was found on stays outside the tree as local
evidence: the page here is invented in its layout, with other labels and other figures,
rendered as the text extracts print an R page (one cell a line, each closed by a "|" line, an
empty cell a bare "|")."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import rendered_line as _line
from tests.conftest import rendered_row as _row
from tests.conftest import whole


def _page(net: tuple[str, str]) -> str:
    # classes 500 + 300 + 200 = 1,000 and 450 + 280 + 170 = 900 (the unlabelled total); then
    # 1,000 - 40 - 1 + 6 - 15 = 950 and 900 - 30 - 1 + 5 - 12 = 862 (the unlabelled net)
    return ("|\nLoans and Allowance (Tables)\n|3 Months Ended\n|\nDec. 31, 2025\n|Loans Receivable\n|\n"
            "Loans receivable at December 31, 2025 and September 30, 2025 consist of the following:\n|\n"
            + _line("", "December 31,", "", "September 30,") + _line("(in thousands)", "2025", "", "2025")
            + _row("Residential mortgages", "500", "450", dollar=True) + _row("Commercial real estate", "300", "280")
            + _row("Consumer loans", "200", "170") + _row("", "1,000", "900")
            + _row("Less – loans in process", "(40)", "(30)") + _row("- unearned interest", "(1)", "(1)")
            + _row("- deferred loan costs", "6", "5") + _row("- allowance for loan losses", "(15)", "(12)")
            + _row("", *net, dollar=True))


def test_the_allowance_deducted_among_several_lines_before_an_unlabelled_net() -> None:
    # the last deduction's line holds its own figures and then the net (the split total with
    # every deduction since it): the allowance at both dates, never the net run into its line
    f = page("invented_deductions_after_unlabelled_total.txt", _page(("950", "862")))
    got = whole(f, metric="allowance_end")
    assert dict(zip(got.period_end.astype(str).str[:10], got.value, strict=True)) == {
        "2025-12-31": 15_000.0, "2025-09-30": 12_000.0}
    # loans in process are deducted after the total: it counts funds not yet lent, no total loans
    assert whole(f, metric="total_loans").empty


def test_a_second_half_that_is_not_the_net_leaves_the_line_as_printed() -> None:
    # 960 is no net of the total and the deductions (10 off, beyond rounding): nothing proves a
    # split, no allowance is read
    f = page("invented_deductions_unproven_net.txt", _page(("960", "862")))
    assert whole(f, metric="allowance_end").empty
