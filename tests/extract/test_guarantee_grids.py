"""Banks' guarantee tables: rows are guarantee types, columns are measures of them
(`extract/guarantee_columns.py`).

The layouts are those of real EDGAR R pages in plain-text renderings: a bank's 10-K 2019
"Maximum Potential Undiscounted Future Payments | Liability Recorded" at one date (EDGAR 91576,
R58), and a bank's 10-Qs of 2012 and 2013 "Expire within 1 year | Expire after 1 year | Total
amount outstanding | Carrying value" under "Maximum potential amount of future payments",
"In billions of dollars … except carrying value in millions", with blank maturity cells left out
of short rows (EDGAR 831001, R52 and R55); and a bank's 10-Q 2022 whose rendering runs each
row into one line ("Written options (2)(280)12,107 4,575 …", "Total guarantees$(135)28,388 …"),
a carrying value, four maturities, the total and a rating split, one block of rows per date
(EDGAR 72971, R42). Before, none of their maxima came out. The pages
here are invented in those layouts, with other types and figures; the real pages of ../shared
come out unchanged (tests/extract/test_real_pages.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import extract_bytes, extract_paths
from tests.conftest import CORPUS, need


def _facts(name: str, text: str) -> pd.DataFrame:
    return extract_bytes([(name, text.encode())]).facts


def _whole(facts: pd.DataFrame) -> list[tuple[str, float, int]]:
    w = facts[facts["segment"].fillna("") == ""]
    return sorted((str(r.period_end), r.value, r.scale) for r in w.itertuples())


ONE_MEASURE_A_COLUMN = """XML 90 R61.htm IDEA: XBRL DOCUMENT v3.21.4
Commitments and Guarantees (Tables)
12 Months Ended
Dec. 31, 2021
Guarantees The following table shows the guarantees outstanding at December 31, 2021.
December 31, 2021
Maximum Potential Undiscounted Future Payments
Liability Recorded
in millions

Financial guarantees:


Standby letters of credit
$
2,150

$
41

Loans sold with recourse
780

3

Written put options (a)
1,070

12

Total
$
4,000

$
56
"""

BY_MATURITY = """XML 70 R48.htm IDEA: XBRL DOCUMENT v2.4.0.8
GUARANTEES (Tables)
9 Months Ended
Sep. 30, 2014
Schedule of Guarantor Obligations by Expiration Date and Carrying Value
  Maximum potential amount of future payments
In billions of dollars at September 30, 2014
except carrying value in millions
  Expire within
1 year
  Expire after
1 year
  Total amount
outstanding
  Carrying value
(in millions of dollars)

Financial standby letters of credit

  $ 20.5   $ 60.1   $ 80.6   $ 310.2

Performance guarantees

    6.0     3.2     9.2     25.0

Loans sold with recourse

        0.4     0.4     30.5

Merchant processing

    55.0         55.0

Total

  $ 81.5   $ 63.7   $ 145.2   $ 365.7
"""


def test_one_measure_a_column_reads_the_maximum_column() -> None:
    f = _facts("R61.txt", ONE_MEASURE_A_COLUMN)
    assert set(f["metric"]) == {"max_exposure"}
    assert _whole(f) == [("2021-12-31", 4_000e6, 1_000_000)]
    parts = f[f["segment"].fillna("") != ""].set_index("segment")["value"]
    assert parts.to_dict() == {"Standby letters of credit": 2_150e6,
                               "Loans sold with recourse": 780e6, "Written put options": 1_070e6}
    assert set(f["verified_by"]) == {"footing"}
    assert 56e6 not in set(f["value"])  # the recorded liability is not a maximum


def test_the_total_by_maturity_is_the_maximum_and_short_rows_are_placed_by_the_sum() -> None:
    f = _facts("R48.txt", BY_MATURITY)
    # billions for the maximum; the carrying value's millions are another measure's
    assert _whole(f) == [("2014-09-30", 145.2e9, 1_000_000_000)]
    parts = f[f["segment"].fillna("") != ""].set_index("segment")["value"]
    # "0.4  0.4  30.5": the 0.4 expiring after a year and the total, not the carrying value
    assert parts["Loans sold with recourse"] == 0.4e9
    assert parts["Merchant processing"] == 55e9
    assert round(parts.sum()) == round(145.2e9)
    assert not {310.2e6, 365.7e6, 310.2e9, 365.7e9} & set(f["value"])


def test_without_the_sum_or_a_heading_per_column_nothing_is_read_as_a_maximum() -> None:
    # the total no longer adds up its maturities in one row: the column is not proven
    broken = BY_MATURITY.replace("    6.0     3.2     9.2", "    6.0     3.2     9.9")
    f = _facts("R48.txt", broken)
    assert f.empty or 145.2e9 not in set(f["value"])


RUN_TOGETHER = """XML 40 R39.htm IDEA: XBRL DOCUMENT v3.23.1
Guarantees (Tables)
3 Months Ended
Mar. 31, 2023
Guarantees [Abstract]
Table 9.1: Guarantees – Carrying Value and Maximum Exposure to Loss
Maximum exposure to loss
(in millions)Carrying value of obligation (asset)Expires in one year or lessExpires after one year through three yearsExpires after three years through five yearsExpires after five yearsTotal Non-investment grade
March 31, 2023
Standby letters of credit (1)
$90 10,200 3,100 1,500 200 15,000 4,000
Written options (2)(310)9,000 3,000 400 100 12,500 8,000
Loans sold with recourse (3)12 100 600 2,000 5,300 8,000 7,000
Clearing house guarantees    2,500 2,500
Total guarantees$(208)21,800 6,700 3,900 5,600 38,000 19,000
December 31, 2022
Standby letters of credit (1)$85 9,900 3,000 1,600 500 15,000 3,900
Written options (2)(150)8,000 2,900 350 250 11,500 7,500
Loans sold with recourse (3)14 90 610 1,900 5,400 8,000 6,900
Clearing house guarantees — — — — 3,000 3,000 —
Total guarantees$(51)17,990 6,510 3,850 9,150 37,500 18,300
"""


def test_rows_run_into_one_line_are_read_per_date() -> None:
    f = _facts("R39.txt", RUN_TOGETHER)
    assert _whole(f) == [("2022-12-31", 37_500e6, 1_000_000), ("2023-03-31", 38_000e6, 1_000_000)]
    q1 = f[(f["period_end"].astype(str) == "2023-03-31") & (f["segment"].fillna("") != "")]
    assert q1.set_index("segment")["value"].to_dict() == {
        "Standby letters of credit": 15_000e6, "Written options": 12_500e6,
        "Loans sold with recourse": 8_000e6, "Clearing house guarantees": 2_500e6}
    # neither the carrying value (a negative glued to the next figure) nor the rating split
    assert not {310e6, -310e6, 208e6, 19_000e6} & set(f["value"])


def test_a_maximum_row_that_sums_the_types_above_proves_them_real_pages() -> None:
    # "Financial guarantees | Performance guarantees | Maximum potential undiscounted
    # payments": the maximum is the sum of the two types in both columns
    for name, date, parts, total in (
            ("CIK1681459_10Q_2021Q2_R44.txt", "2021-06-30", {158.0e6, 1_189.5e6}, 1_347.5e6),
            ("CIK1792045_20F_FY2021_R65.txt", "2021-12-31", {105.0e6, 2_709.9e6}, 2_814.9e6)):
        path = need(CORPUS / "real_lenders" / "text_extracts" / name)
        f = _facts(name, path.read_text())
        at = f[f["period_end"].astype(str) == date]
        whole = at[at["segment"].fillna("") == ""]
        assert whole["value"].tolist() == [total]
        assert set(at.loc[at["segment"].fillna("") != "", "value"]) == parts
        assert set(at["verified_by"]) == {"footing"}


MEASURES_UNDER_YEARS = """XML 60 R40.htm IDEA: XBRL DOCUMENT v3.8.0.1
Guarantees and Commitments (Notes)
12 Months Ended
Dec. 31, 2018
Guarantees [Text Block]
The following summarizes our outstanding guarantees made to third parties on our Consolidated Balance Sheet, for the periods shown.


2018

2017
December 31, ($ in millions)

Maximum liability

Carrying value of liability

Maximum liability

Carrying value of liability
Standby letters of credit and other guarantees

$
240

$
11

$
195

$
9
"""


def test_measures_printed_again_under_each_year_one_row_is_the_whole() -> None:
    # the layout of a real lender's 10-K 2016 R38 (EDGAR 40729): "2016 | 2015" over "Maximum
    # liability | Carrying value of liability" twice, one row of guarantees
    f = _facts("R40.txt", MEASURES_UNDER_YEARS)
    assert _whole(f) == [("2017-12-31", 195e6, 1_000_000), ("2018-12-31", 240e6, 1_000_000)]
    assert not {11e6, 9e6} & set(f["value"])


def test_a_date_group_that_lost_cells_keeps_the_total_the_other_date_proves():
    # a bank's 10-Q Q3 2022 R42 (tests/real_pages): two date groups of guarantee types; at
    # December 31, 2021 two types print a figure short ("Direct pay letters of credit
    # (1)1,597 2,137 1,283 5,021 1,373"), so no placement reads them and the types left do not
    # add up to "Total guarantees". At September 30, 2022 the figures prove that row the whole.
    page = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts" / "CIK72971_10Q_2022Q3_R42.txt"
    f = extract_paths([page]).facts
    whole = f[f["segment"].fillna("") == ""]
    got = {str(r.period_end)[:10]: r.value for r in whole.itertuples() if r.metric == "max_exposure"}
    assert got == {"2022-09-30": 68_007_000_000, "2021-12-31": 65_808_000_000}
    dec = whole[whole["period_end"].astype(str).str.startswith("2021")].iloc[0]
    assert "another date" in dec["note"] and dec["verified_by"] == "none"
    # the types that were read stay types
    assert set(f.loc[f["period_end"].astype(str).str.startswith("2021"), "segment"]) == {
        "", "Standby letters of credit", "Written options", "Loans and LHFS sold with recourse",
        "Exchange and clearing house guarantees"}


def test_dated_measure_columns_only_the_maximum_exposure_is_read():
    # Fannie Mae's 10-Q Q1 2015 R38 (tests/real_pages): "March 31, 2015 | December 31, 2014"
    # over "Maximum Exposure | Guaranty Obligation | Maximum Recovery" under each date; the
    # obligation carried and what could be recovered are no exposure, and "Total" (the sum of
    # the two types) is the whole book's
    page = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts" / "CIK310522_10Q_2015Q1_R38.txt"
    f = extract_paths([page]).facts
    assert set(f["metric"]) == {"max_exposure"}
    whole = f[f["segment"].fillna("") == ""]
    assert {str(r.period_end)[:10]: r.value for r in whole.itertuples()} == {
        "2015-03-31": 34_957e6, "2014-12-31": 35_965e6}
    assert not {367e6, 382e6, 14_007e6, 14_222e6, 209e6, 9_576e6} & set(f["value"])
    assert set(f["segment"]) == {"", "Unconsolidated Fannie Mae MBS", "Other guaranty arrangements"}
