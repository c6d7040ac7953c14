"""A lender's commitments table with one column per date: its standby letters of credit.

"Commitments to extend credit | Standby letters of credit | Total", one amount per date: the
letters of credit a lender writes for its customers are its guarantees, and their amount
outstanding is the most it can be made to pay (ASC 460), so that line is the whole book's
maximum exposure at each date; the commitments to lend and the total that adds them in are no
guarantees. The expiry grid ("Expire within one year | … | Total" under each date) and the
"contract amounts" caption are read in `dashboard.extract.guarantee_columns`; this is the plain
layout that names neither, proven instead by its own total.
"""

from __future__ import annotations

from dashboard.extract.footing import row_foots
from dashboard.extract.guarantee_columns import Measures
from dashboard.extract.table import ColumnInfo, Row
from dashboard.model import vocab
from dashboard.model.schema import MAX_EXPOSURE
from dashboard.model.table_words import (
    GUARANTEE_TYPE,
    LENDING_COMMITMENT,
    NOT_GUARANTEE,
    OBTAINED,
    STANDBY,
)


def _is_total(label: str) -> bool:
    return vocab.clean_label(label).lower() in ("total", "totals")


def letters_beside_commitments(rows: list[Row], cols: list[ColumnInfo], n: int,
                               ) -> tuple[list[Row], list[ColumnInfo], Measures] | None:
    """The standby letters of credit line of a lender's commitments table whose columns are its
    dates, as the maximum exposure at each date. None unless every column is a different date,
    exactly one line is standby letters of credit (not ones obtained nor a part of them) and no
    other line is a guarantee (a second kind would make that line a part, not the book), another
    line is a commitment to lend, and the lines above a "Total" line add up to it in every
    column: the table is the letters and the commitments, nothing else. The rows are the
    table's as printed: a total the rendering left unlabelled (split off by its sum) is no
    statement of the page's, and without the words "contract amounts" only the page's own
    labelled total vouches for the table."""
    if n < 1 or len(cols) != n or any(c.end is None or c.segment for c in cols) \
            or len({c.end for c in cols}) != n:
        return None
    lines = [r for r in rows if r.values]
    totals = [i for i, r in enumerate(lines) if _is_total(r.label)]
    if len(totals) != 1 or totals[0] != len(lines) - 1 or totals[0] < 2:
        return None
    parts = lines[:-1]
    if any(len(r.values) != n or None in r.values or r.concept for r in lines):
        return None
    letters = [r for r in parts if STANDBY.search(r.label) and not NOT_GUARANTEE.search(r.label)
               and not OBTAINED.search(r.label)]
    # "Standby performance letters of credit" is a guarantee too, though not worded as one
    guarantees = [r for r in parts if GUARANTEE_TYPE.search(r.label) or ("letter" in r.label.lower()
                  and not vocab.clean_label(r.label).lower().startswith("commercial"))]
    if len(letters) != 1 or len(guarantees) != 1 \
            or not any(LENDING_COMMITMENT.search(vocab.clean_label(r.label)) for r in parts):
        return None
    total = lines[-1]
    for j in range(n):
        column = [*(r.values[j] for r in parts), total.values[j]]
        if not row_foots(column, range(len(parts)), len(parts)):
            return None  # a line the rendering lost, or a total of something else
    return [letters[0]], cols, [(MAX_EXPOSURE, None)] * n
