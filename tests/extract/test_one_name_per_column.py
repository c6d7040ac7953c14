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
from dashboard.extract.pipeline import extract_bytes, extract_paths
from dashboard.model.numbers import number_tokens

PAGE = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts" / "CIK318673_10Q_2015Q3_R30.txt"
PAGE_1046050 = PAGE.with_name("CIK1046050_unknown_unknown_R70.txt")

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


def test_positions_that_do_not_add_up_are_left_to_the_other_readers() -> None:
    # the same names over figures whose columns are not in that order: this reading claims
    # nothing (None), and the readers of a stacked header (columns.read_columns) decide by
    # their own arithmetic, never a blank table by default
    shuffled = [" ".join(r.split()[i] for i in (4, 0, 1, 2, 3, 5, 6, 7, 8)) for r in (TOTAL, RESIDENTIAL)]
    assert labels_one_per_column(HEADER, _grid(*shuffled), 9) is None
    # a header that does not name one column a fragment is not read this way
    assert labels_one_per_column(HEADER[:-3], _grid(TOTAL), 9) is None


# CIK1046050 R70 (tests/real_pages/text_extracts/CIK1046050_unknown_unknown_R70.txt, an age analysis
# at March 31, 2012 whose excerpt lost the date line): the nonaccrual and the 90+ accruing columns
# sit among the buckets and are parts of the total past due (its footnote: "Includes non-accrual
# loans past due 90 days or more and other loans classified as non-accrual")
HEADER_1046050 = ["Age analysis of past due status of loans by portfolio segment", "30–59 Days Past Due",
                  "60-89 Days Past Due", "Non-Accrual(1)", "Past Due 90 Days or More and Still Accruing",
                  "Total Past Due", "Current", "Total Loans", "Mortgage loans:"]
TOTAL_1046050 = "7,684 29 21,331 1,198 30,242 521,833 552,075"   # 7,684+29+21,331+1,198 = 30,242
LAND_1046050 = "943 0 8,613 200 9,756 29,899 39,655"


def test_memo_columns_among_the_buckets_are_parts_of_the_total_past_due() -> None:
    labels = labels_one_per_column(HEADER_1046050, _grid(TOTAL_1046050, LAND_1046050), 7)
    assert labels == HEADER_1046050[1:8]


def test_the_real_page_with_its_date_reads_every_figure() -> None:
    # the same excerpt with the page's date line put back ("… at March 31, 2012 (dollars in
    # thousands)"): every whole-portfolio figure of the Total row, none left blank
    text = PAGE_1046050.read_text()
    dated = ("The following table presents an age analysis of past due status of loans by portfolio"
             " segment at March 31, 2012 (dollars in thousands):\n" + text)
    facts = extract_bytes([("CIK1046050_R70.txt", dated.encode())]).facts
    whole = facts[facts["segment"].fillna("") == ""]
    got = {(r.metric, r.days_to if pd.notna(r.days_to) else None): r.value for r in whole.itertuples()
           if str(r.period_end)[:10] == "2012-03-31"}
    assert got == {("past_due", 59): 7_684_000, ("past_due", 89): 29_000, ("nonaccrual", None): 21_331_000,
                   ("past_due_90_accruing", None): 1_198_000, ("past_due_total", None): 30_242_000,
                   ("current", None): 521_833_000, ("total_loans", None): 552_075_000}


def test_a_nonaccrual_column_beside_the_total_past_due_is_a_part_of_the_total() -> None:
    # "… | Total Past Due | Nonaccrual | Current | Total Loans": total = past due + nonaccrual +
    # current (the figures are the reviewer's synthetic table; no real page of this layout found yet)
    header = ["30-59 Days Past Due", "60-89 Days Past Due", "Greater than 89 Days Past Due", "Total Past Due",
              "Nonaccrual", "Current", "Total Loans", "December 31, 2018"]
    grid = _grid("100 50 10 160 40 9,800 10,000", "300 70 15 385 115 29,500 30,000")
    assert labels_one_per_column(header, grid, 7) == header[:7]
