"""An aging table whose header is printed over stacked rows reaches a text rendering as one
stream of fragments, row after row, so which words sit over which column is lost. The figures'
arithmetic names the columns (`extract/aging_columns.py`).

The layout is that of real EDGAR R pages (a bank's "Age analysis of past due financing
receivables", 10-K 2014 and 2015, whose header reads "Recorded / 30-59 | 60-89 | > 90 | Total |
Investment / Days | Days | Days | Total | Financing | > 90 Days / Past Due | … | and Accruing").
The page here is invented in that layout, with other buckets, another memo column and other
figures; the real pages of ../shared come out unchanged (tests/extract/test_real_pages.py)."""

from __future__ import annotations

import pandas as pd

from dashboard.extract.aging_columns import labels_add_up, labels_by_arithmetic
from dashboard.extract.pipeline import extract_bytes
from dashboard.model.numbers import number_tokens


def _cells(*cells: str) -> str:
    # one cell a line, each followed by a lone pipe, as the renderings print them
    return "".join(f"{c}\n|\n" for c in cells)


HEADER = [  # three header rows, each printed left to right, then the rows
    "31-60", "61-90", "Over 90", "Total", "Total", "Nonaccrual",
    "Days", "Days", "Days", "Past",
    "September 30, 2024", "Past Due", "Past Due", "Past Due", "Due", "Current", "Loans", "Loans",
]
ROWS = {  # 31-60, 61-90, over 90, total past due, current, total loans, nonaccrual
    "Commercial real estate": [120, 40, 310, 470, 51_230, 51_700, 455],
    "Residential mortgage": [0, 85, 0, 85, 20_915, 21_000, 60],
    "Consumer": [16, 0, 4, 20, 2_980, 3_000, 0],
    "Total": [136, 125, 314, 575, 75_125, 75_700, 515],
}


def _page() -> bytes:
    text = ("|Loans - Aging (Details)\n|\nThe following table presents the aging of loans at "
            "September 30, 2024 (in thousands).\n|\n|\n" + _cells(*HEADER))
    for label, vals in ROWS.items():
        text += _cells(label, *(f"{v:,}" for v in vals))
    return text.encode()


def test_a_stacked_header_is_named_by_the_arithmetic() -> None:
    facts = extract_bytes([("aging_stacked.txt", _page())]).facts
    total = facts[facts["segment"].fillna("") == ""]
    got = {(r.metric, r.days_from if pd.notna(r.days_from) else None): r.value
           for r in total.itertuples()}
    assert got == {
        ("past_due", 31): 136_000, ("past_due", 61): 125_000, ("past_due", 91): 314_000,
        ("past_due_total", None): 575_000, ("current", None): 75_125_000,
        ("total_loans", None): 75_700_000, ("nonaccrual", None): 515_000,
    }
    # one figure per key and class: no column read twice under another name
    assert not facts.duplicated(["metric", "days_from", "segment", "period_end"]).any()
    cre = facts[facts["segment"] == "Commercial real estate"]
    assert cre.loc[cre["metric"] == "total_loans", "value"].tolist() == [51_700_000]
    assert set(facts["verified_by"]) == {"footing"}


def _grid(rows: dict[str, list[int]]) -> list[list]:
    return [[number_tokens(f"{v:,}")[0] for v in vals] for vals in rows.values()]


def test_the_arithmetic_names_nothing_it_cannot_prove() -> None:
    grid = _grid(ROWS)
    labels = labels_by_arithmetic(HEADER, grid, 7)
    assert labels == ["31-60 days past due", "61-90 days past due", "Over 90 days past due",
                      "Total past due", "Current", "Total loans", "Nonaccrual"]
    # a total that does not tie in one row: no labels at all, rather than a guess
    broken = {**ROWS, "Consumer": [16, 0, 4, 30, 2_980, 3_000, 0]}
    assert labels_by_arithmetic(HEADER, _grid(broken), 7) is None
    # two memo words for one spare column: that column is left out, the rest still named
    two = labels_by_arithmetic([*HEADER, "and accruing"], grid, 7)
    assert two is not None and two[6] == "" and two[5] == "Total loans"


def test_labels_read_in_order_are_kept_when_they_add_up() -> None:
    grid = _grid(ROWS)
    read = ["31-60 days", "61-90 days", "Over 90 days", "Total past due", "Current",
            "Total loans", "Nonaccrual"]
    assert labels_add_up(read, grid) is True
    swapped = [read[1], read[0], *read[2:3], read[4], read[3], *read[5:]]
    assert labels_add_up(swapped, grid) is False
    assert labels_add_up(["31-60 days", "31-60 days", *read[2:]], grid) is False  # a bucket twice
    assert labels_add_up(["Commercial", "Consumer", "Total", "", "", "", ""], grid) is None
