"""A line whose label the rendering lost, its figures run into the line above.

A text rendering of an R page prints each cell on a line of its own; a row whose label cell is
empty (a footnoted "Others (*)" cut from the excerpt, a label the filer left blank) then reads as
the continuation of the row above: "Changes due to business combinations | 14,501 | — | — |
14,501 | 953 | — | — | 953" in a table four figures wide. Read as printed, the row is too wide
and is left out, and with it a movement of the rollforward (or a part of the composition) the
closing line needs. The row is split only when the table's arithmetic proves it: its last line
(the ending balance, the total) is, column by column, the sum of every line above it with the
second half counted as a line of its own, and is not without it.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.extract.table import Row


def _foots(rows: list[Row], closing: Row) -> bool:
    n = len(closing.values)
    return all(abs(sum(r.values[j].value for r in rows) - closing.values[j].value) <= 0.5 * len(rows)  # type: ignore[union-attr]
               for j in range(n))


def split_lost_label_rows(rows: list[Row]) -> list[Row]:
    """Each row printed with exactly twice the figures of every other row, split into its own
    figures and an unlabelled row of the rest, when the table's last row is the sum of all the
    rows above it so split (and is not with the second halves left out). Otherwise as printed."""
    if len(rows) < 3 or any(not r.values or None in r.values for r in rows):
        return rows
    n = min(len(r.values) for r in rows)
    wide = [k for k, r in enumerate(rows) if len(r.values) != n]
    closing = rows[-1]
    if n < 1 or not wide or len(closing.values) != n or any(len(rows[k].values) != 2 * n for k in wide):
        return rows
    split: list[Row] = []
    for r in rows[:-1]:
        if len(r.values) == n:
            split.append(r)
            continue
        split += [replace(r, values=list(r.values[:n])),
                  Row(label="", values=list(r.values[n:]), locator=r.locator, context=list(r.context))]
    firsts = [replace(r, values=list(r.values[:n])) if len(r.values) != n else r for r in rows[:-1]]
    if not _foots(split, closing) or _foots(firsts, closing):
        return rows
    return [*split, closing]
