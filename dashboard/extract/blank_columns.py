"""Rows that print a figure for only some of a table's columns because the others are never
filled on such rows: a US$ convenience translation printed only for the year's flows, or each
date's share of the total ("Amount | As a Percent of Gross Loans") printed only for the classes
and their total, not for the allowance or the net loans below them. Such a row's figures are,
in order, those of the other columns."""

from __future__ import annotations

from dashboard.extract.footing import Placement
from dashboard.extract.structure import convenience_columns
from dashboard.extract.table import ColumnInfo, Row
from dashboard.model import table_words
from dashboard.model.numbers import Number


def placements_beside_blank_columns(rows: list[Row], n: int, cols: list[ColumnInfo]) -> dict[int, Placement]:
    """{row id: placement} of the rows printing exactly one figure per column that is neither
    a convenience translation nor a share."""
    convenience = convenience_columns(cols)
    shares = {j for j, c in enumerate(cols) if table_words.SHARE_COLUMN.match(c.segment or "")}
    if not convenience and not shares:
        return {}
    kept = [j for j in range(n) if j not in convenience | shares]
    why = ("the US$ convenience column is blank on this row: its figures belong to the "
           "reporting-currency columns") if convenience else (
           "the share columns are blank on this row: its figures are the amounts")
    out: dict[int, Placement] = {}
    for r in rows:
        if len(r.values) == len(kept) and len(r.values) < n:
            placed: list[Number | None] = [None] * n
            for j, v in zip(kept, r.values, strict=True):
                placed[j] = v
            out[id(r)] = Placement(placed, why)
    return out
