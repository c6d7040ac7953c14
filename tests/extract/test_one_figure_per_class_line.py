"""A row whose columns lost their names must not give its label's line to every column.

A bank's 10-Q aging page (EDGAR 1057706 R34, 2022 Q2) breaks its header with footnote lines
("(1) (2) (3)", "(4) (5)"), so no column is named; its last row, "Total loans held for
investment" under the heading "Consumer loans:", came out as seven different total-loans
figures of one class (current, 30-59, 60-89, 90+, nonaccrual, total, nonaccrual with no ACL).
None is the sum of the others, so none can be trusted and all are left out, with a note. The
page here is invented in that layout with other figures."""

from __future__ import annotations

import pandas as pd

from dashboard.extract.pipeline import extract_bytes


def _cells(label: str, *vals: str) -> str:
    return label + "\n" + "".join(f"$\n{v}\n" if i == 0 else f"{v}\n" for i, v in enumerate(vals))


PAGE = ("|Aging of Loans Held for Investment [Table Text Block]\n"
        "|The aging of the loan portfolio held for investment as of March 31, 2023 is as follows:\n"
        "As of March 31, 2023\nDays Past Due and Accruing\nCurrent\n30-59\n60-89\n90 +\n"
        "(1) (2) (3)\nNonaccrual\n(4) (5)\nTotal loans held for investment\n"
        "Nonaccrual Loans with no ACL (6)\n(In thousands)\nCommercial loans:\n"
        + _cells("C&I loans", "1,500,000", "3,000", "1,000", "-", "6,000", "1,510,000", "700")
        + "Consumer loans:\n"
        + _cells("Auto loans", "900,000", "20,000", "4,000", "-", "6,000", "930,000", "1,200")
        + _cells("Total loans held for investment", "2,400,000", "23,000", "5,000", "-", "12,000",
                 "2,440,000", "1,900"))


def test_a_row_of_unnamed_columns_gives_no_figure_it_cannot_tell_apart() -> None:
    res = extract_bytes([("R34.txt", PAGE.encode())])
    f = res.facts
    total = f[f["metric"] == "total_loans"] if not f.empty else f
    # never several different total-loans figures for one class and date
    assert total.empty or not total.duplicated(["segment", "period_end"], keep=False).any()
    assert 23_000_000 not in set(total["value"] if not total.empty else [])


def test_footnote_markers_in_the_header_and_labels_are_no_figures() -> None:
    # "(1) (2) (3)" under "90 +" and "(1) (3) (7)" after a row label are footnote markers: once
    # read as such, the columns are named and the whole portfolio comes out
    f = extract_bytes([("R34.txt", PAGE.replace("C&I loans\n", "C&I loans (1) (3)\n").encode())]).facts
    whole = f[f["segment"].fillna("") == ""]
    got = {(r.metric, None if pd.isna(r.days_from) else int(r.days_from)): r.value
           for r in whole.itertuples()}
    assert got[("current", None)] == 2_400_000_000
    assert got[("total_loans", None)] == 2_440_000_000
    assert got[("past_due", 30)] == 23_000_000
    assert not (f["value"] < 0).any()
    assert "C&I loans" in set(f["segment"])
