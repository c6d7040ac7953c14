"""A total printed first, its parts' rows run into it after the rendering lost their labels.

Some filers print a composition as its total line first and the parts below it with the labels
left blank ("Loans and other financing | 267,349,317 | 307,633,542", then two unlabelled lines of
the loans by how their impairment is assessed, the allowance and the net). A text rendering of
the R page prints each cell on a line of its own, so every unlabelled line reads as the
continuation of the labelled one: one row with three, four or five times the figures of the
table's date columns, the only row of its table. Read as printed the row is too wide for any
header and nothing is read. The row is split only when the page's arithmetic proves it: the
first group of figures (one a column, two to four columns) is, column by column, the sum of the
two or more groups that follow it, so the labelled line is the total of the lines printed under
it. The labelled line keeps its own figures and is put after its parts, where a composition's
total stands; the other lines stay unlabelled (their names were lost, so no reading may give
them one).
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.extract.table import Row

_MAX_COLUMNS = 4  # a composition's dates side by side: two, sometimes three or four


def _sums_to(total: list[float], groups: list[list[float]]) -> bool:
    return all(abs(sum(g[j] for g in groups) - total[j]) <= 0.5 * len(groups) for j in range(len(total)))


def _unlabelled(row: Row, i: int, n: int) -> Row:
    return Row(label="", values=list(row.values[i * n:(i + 1) * n]), locator=row.locator, context=list(row.context))


def split_lead_total(rows: list[Row]) -> list[Row]:
    """A table's only row, labelled, with k × n figures (k >= 3, n <= 4 columns) whose first n
    are the column sums of the next two or more groups of n: those parts as unlabelled rows,
    then the labelled total after them (as compositions print and are read), then the rest of
    the groups unlabelled. Otherwise the rows as printed."""
    if len(rows) != 1 or not rows[0].label or not rows[0].values or None in rows[0].values:
        return rows
    row = rows[0]
    vals = [v.value for v in row.values]  # type: ignore[union-attr]
    for n in range(2, _MAX_COLUMNS + 1):
        k = len(vals) // n
        if len(vals) % n or k < 3:
            continue
        groups = [vals[i * n:(i + 1) * n] for i in range(k)]
        # the parts printed straight under the total add up to it (a total of nils proves nothing)
        for j in range(3, k + 1):
            if any(groups[0]) and _sums_to(groups[0], groups[1:j]):
                return [*(_unlabelled(row, i, n) for i in range(1, j)), replace(row, values=list(row.values[:n])),
                        *(_unlabelled(row, i, n) for i in range(j, k))]
    return rows
