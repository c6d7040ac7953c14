"""A note that prints the allowance for loans, the reserve for unfunded commitments and the two
combined side by side, in whole dollars, followed by a second table "(In thousands)".

The layout is that of a real bank's 10-K 2011 R page (EDGAR 1027183, R11: "Allowance for Loan
and Lease Losses | Allowance for Unfunded Commitments | Allowance for Credit Losses", whole
dollars, then a class table stated in thousands). Before, the second table's "(In thousands)"
was applied to the first (every figure a thousand times too big) and the combined column was
read as the whole portfolio's allowance. The page here is invented in that layout with other
figures; the real pages of ../shared come out unchanged (tests/extract/test_real_pages.py)."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes
from dashboard.extract.reserve_columns import reserve_columns
from dashboard.extract.table import Row
from dashboard.model.numbers import number_tokens
from dashboard.model.vocab import COMBINED_RESERVE, COMMITMENTS_RESERVE


def _cells(*cells: str) -> str:
    return "".join(f"{c}\n|\n" for c in cells)


PAGE = ("|Allowance for Credit Losses [Text Block]\n|\n5.\nALLOWANCE FOR CREDIT LOSSES\n"
        "Activity in the allowance for credit losses for the years ended December 31, 2013 "
        "and 2012 is summarized as follows:\n|\n|\n"
        + _cells("Allowance\nfor Loan and Lease\nLosses", "Allowance\nfor Unfunded Commitments",
                 "Allowance\nfor Credit\nLosses")
        + _cells("Balance\nat December 31, 2012", "$", "8,400,120", "$", "210,300", "$", "8,610,420")
        + _cells("Provisions\nfor credit losses", "2,950,000", "(10,300", ")", "2,939,700")
        + _cells("Loans\ncharged off", "(3,100,450", ")", "-", "(3,100,450", ")")
        + _cells("Recoveries", "402,330", "-", "402,330")
        + _cells("Balance\nat December 31, 2013", "$", "8,652,000", "$", "200,000", "$", "8,852,000")
        + "Following is a summary of the allowance by class for the periods indicated:\n|\n|\n"
        + _cells("December 31, 2013", "(In thousands)")
        + _cells("Allowance for loan and lease losses at beginning of period", "$", "8,400")
        + _cells("Provision for loan and lease losses", "2,950"))


def test_reserves_side_by_side_keep_their_populations_and_the_page_scale() -> None:
    f = extract_bytes([("R11.txt", PAGE.encode())]).facts
    f13 = f[(f["period_end"].astype(str) == "2013-12-31") & f["locator"].str.startswith("table 1")]
    by = {(r.metric, r.population if isinstance(r.population, str) else ""): r.value
          for r in f13.itertuples() if not (isinstance(r.segment, str) and r.segment)}
    # whole dollars: the second table's "(In thousands)" is its own
    assert by[("allowance_begin", "")] == 8_400_120
    assert by[("allowance_end", "")] == 8_652_000
    assert by[("write_off", "")] == 3_100_450
    assert by[("allowance_end", COMMITMENTS_RESERVE)] == 200_000
    assert by[("allowance_end", COMBINED_RESERVE)] == 8_852_000
    whole = f13[f13["population"].fillna("") == ""]
    assert 8_852_000 not in set(whole["value"]) and 8_610_420 not in set(whole["value"])
    # the second table keeps its own "(In thousands)"
    second = f[f["locator"].str.startswith("table 2")]
    assert set(second["value"]) == {8_400_000, 2_950_000}


def _row(label: str, *vals: str) -> Row:
    return Row(label=label, values=[number_tokens(v)[0] for v in vals])


HEADS = ["Allowance for Loan Losses", "Allowance for Unfunded Commitments",
         "Allowance for Credit Losses"]


def test_the_combined_column_is_proven_by_its_sum_or_not_named() -> None:
    rows = [_row("Balance", "100", "10", "110"), _row("Provision", "30", "(2)", "28")]
    assert reserve_columns(HEADS, rows, 3) == ["", COMMITMENTS_RESERVE, COMBINED_RESERVE]
    # the third column no longer the sum: two columns could be the loans' — nothing is named
    rows = [_row("Balance", "100", "10", "125"), _row("Provision", "30", "(2)", "28")]
    assert reserve_columns(HEADS, rows, 3) is None
    # no commitments' reserve among the headings: not this layout
    assert reserve_columns(["Allowance for Loan Losses", "Allowance for Lease Losses"],
                           [_row("Balance", "1", "2")], 2) is None
