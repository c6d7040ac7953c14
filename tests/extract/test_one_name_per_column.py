"""An aging table whose header prints one name a column, some of them outside the vocabulary
("In Foreclosure", "Allowance for Loan Losses", "Net Mortgage Loans"): every name keeps its
column, and the table's own sums prove the positions (`aging_columns.labels_one_per_column`).

The real page is tests/real_pages/text_extracts/CIK318673_10Q_2015Q3_R30.txt (a 10-Q's "Age
Analysis of Past Due Mortgage Loans", September 30, 2015 and December 31, 2014), whose past due
total includes the loans in foreclosure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.extract.aging_columns import labels_one_per_column
from dashboard.extract.pipeline import extract_paths
from dashboard.model.numbers import number_tokens

PAGE = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts" / "CIK318673_10Q_2015Q3_R30.txt"

HEADER = ["Age Analysis of Past Due Mortgage Loans", "30-59 Days Past Due", "60-89 Days Past Due",
          "Greater Than 90 Days (1)", "In Foreclosure (1)", "Total Past Due", "Current",
          "Total Mortgage Loans", "Allowance for Loan Losses", "Net Mortgage Loans", "September 30, 2015"]
TOTAL = "1,183,084 960,999 2,272,578 2,989,318 7,405,979 106,133,969 113,539,948 (1,856,694) 111,683,254"
RESIDENTIAL = "1,183,084 960,999 2,207,683 2,989,318 7,341,084 40,735,161 48,076,245 (1,569,451) 46,506,794"


def _grid(*rows: str) -> list[list]:
    return [number_tokens(r.replace(" ", " | ")) for r in rows]


def test_the_real_page_keeps_every_column_in_its_place() -> None:
    facts = extract_paths([PAGE]).facts
    whole = facts[facts["segment"].fillna("") == ""]
    got = {(r.metric, r.days_to if pd.notna(r.days_to) else None, str(r.period_end)[:10]): r.value
           for r in whole.itertuples()}
    for day, figures in (("2015-09-30", (1_183_084, 960_999, 2_272_578, 7_405_979, 106_133_969, 113_539_948)),
                         ("2014-12-31", (1_631_142, 1_174_516, 5_529_796, 10_306_135, 111_746_992, 122_053_127))):
        keys = [("past_due", 59, day), ("past_due", 89, day), ("past_due", None, day),
                ("past_due_total", None, day), ("current", None, day), ("total_loans", None, day)]
        assert [got.get(k) for k in keys] == list(figures)
    # the allowance and the net loans are no aging line: nothing read from their columns
    assert not (facts["value"] == 1_856_694).any() and not (facts["value"] == 111_683_254).any()


def test_the_sums_prove_the_positions() -> None:
    grid = _grid(TOTAL, RESIDENTIAL)
    labels = labels_one_per_column(HEADER, grid, 9)
    assert labels == ["30-59 Days Past Due", "60-89 Days Past Due", "Greater Than 90 Days (1)", "",
                      "Total Past Due", "Current", "Total loans", "", ""]


def test_positions_that_do_not_add_up_give_nothing() -> None:
    # the same names over figures whose columns are not in that order: no figure, never a shifted one
    shuffled = [" ".join(r.split()[i] for i in (4, 0, 1, 2, 3, 5, 6, 7, 8)) for r in (TOTAL, RESIDENTIAL)]
    assert labels_one_per_column(HEADER, _grid(*shuffled), 9) == [""] * 9
    # a header that does not name one column a fragment is not read this way
    assert labels_one_per_column(HEADER[:-3], _grid(TOTAL), 9) is None
