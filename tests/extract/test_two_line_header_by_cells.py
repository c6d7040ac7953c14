"""A two-line header whose top line names some columns only, as found on real pages read
outside the tree: in a pipe-per-cell rendering each header line is its stub cell then one run of
cells per column, so the empty cells place the top names ("Farm" over the first column,
"Dealer" over the fourth), never the order of the fragments alone."""

from __future__ import annotations

from tests.conftest import piped_row
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def _header_line(stub: str, names: list[str]) -> str:
    # the stub cell, then three lines a column: an empty cell, the name's cell, an empty cell
    return f"|{stub}\n" + "".join(f"|\n|{x}\n|\n" for x in names)


# an invented bank's allowance by class over five columns: "Farm | | | Dealer | " over
# "Real Estate | Consumer | Commercial | and Other | Total"
_PAGE = ("|Allowance for Loan Losses\n|\nNOTE 7 – Allowance for Loan Losses\n"
         "An analysis of the allowance for loan losses for the three months ended June 30, 2021 is as follows:\n"
         "|Three months ended\n" + "|\n" * 6 + "|June 30, 2021\n"
         + "|\n" + "".join(f"|{x}\n|\n|\n" if x else "|\n|\n|\n" for x in ["Farm", "", "", "Dealer", ""])[:-2]
         + _header_line("", ["Real Estate", "Consumer", "Commercial", "and Other", "Total"])
         + "|Allowance for loan losses:\n|\n|(in thousands)\n|\n"
         + piped_row("Beginning balance", "500", "300", "200", "100", "1,100")
         + piped_row("Charge-offs", "(20)", "(10)", "-", "(5)", "(35)")
         + piped_row("Recoveries", "5", "2", "-", "1", "8")
         + piped_row("Provision (credit)", "15", "8", "(10)", "4", "17")
         + piped_row("Ending balance", "500", "300", "190", "100", "1,090"))


def test_top_names_over_some_columns_are_placed_by_the_empty_cells() -> None:
    facts = page("CIK9990038_10Q_2021Q2_R18.txt", _PAGE)
    assert whole(facts, "allowance_end", "2021-06-30") == [1_090_000]
    ends = facts[(facts.metric == "allowance_end") & (facts.segment != "")]
    assert dict(zip(ends.segment, ends.value, strict=True)) == {
        "Farm Real Estate": 500_000, "Consumer": 300_000, "Commercial": 190_000,
        "Dealer and Other": 100_000}
