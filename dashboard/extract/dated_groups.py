"""Class columns grouped under dates, each group ending in its own Total, groups of unequal
width: "March 31, 2020 | December 31, 2019" over "Conventional A | Conventional B | Total
Conventional | Government | Total" then "Conventional | Government | Total".

A rendering prints the dates and every name as one stream, so neither how many columns each date
heads nor which name is whose can be read from the header. The figures can say it: in every row
each group's last column is the sum of the columns before it in that group (a subtotal column
standing for the columns it adds up). The one split of the row into as many such groups as there
are dates gives each date its Total column, the whole portfolio at that date; the class columns,
whose names cannot be placed, are left out. Rows printed with fewer cells (memo lines that leave
the sub-classes out) are split the same way on their own, and their totals placed under the
dates' Total columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from itertools import combinations
from math import comb

from dashboard.extract.footing import row_foots
from dashboard.extract.header_periods import period_fragment
from dashboard.extract.table import ColumnInfo, Row
from dashboard.model import table_words, units, vocab
from dashboard.model.dates import bare_year, duration_months, find_dates
from dashboard.model.numbers import Number

_Vals = Sequence[Number | None]
_MAX_SPLITS = 5000  # wider grids of more dates: no note table is that wide


def _reduces(rows: Sequence[_Vals], cols: list[int]) -> bool:
    """Columns `cols` (one group) add up to their last: left to right, a column that is the sum
    of at least two columns just before it (in every row) stands for them; the group adds up
    when one column, its last, is left."""
    stack: list[int] = []
    for j in cols:
        for k in range(len(stack), 1, -1):
            if all(row_foots(r, stack[-k:], j) for r in rows):
                del stack[-k:]
                break
        stack.append(j)
    return len(cols) >= 3 and stack == [cols[-1]]


def _proven(rows: Sequence[_Vals], cols: list[int]) -> bool:
    """A row where the group's total and at least two of its other columns hold figures."""
    t = cols[-1]
    return any(r[t] is not None and r[t].value
               and sum(1 for i in cols[:-1] if r[i] is not None and r[i].value) >= 2 for r in rows)


def _splits(rows: Sequence[_Vals], width: int, groups: int, proof: bool) -> list[list[int]]:
    """Every split of `width` columns into `groups` runs that each add up to their last."""
    found = []
    for cuts in combinations(range(1, width), groups - 1):
        bounds = [0, *cuts, width]
        runs = [list(range(a, b)) for a, b in zip(bounds, bounds[1:], strict=False)]
        if all(_reduces(rows, run) and (not proof or _proven(rows, run)) for run in runs):
            found.append([run[-1] for run in runs])
    return found


def header_period_dates(fragments: list[str]) -> list[date]:
    """The dates of the header's period headings, in order, each once."""
    out: list[date] = []
    for f in fragments:
        if period_fragment(f) and (d := find_dates(f)) and d[-1] not in out:
            out.append(d[-1])
    return out


def group_totals(k: int, full: Sequence[_Vals], n: int) -> list[int] | None:
    """The Total column of each of `k` groups the `n`-wide rows `full` split into, when one
    split only adds up."""
    if k < 2 or n < 3 * k or not full or comb(n - 1, k - 1) > _MAX_SPLITS:
        return None
    splits = _splits(full, n, k, proof=True)
    return splits[0] if len(splits) == 1 else None


def reads_as_dated_groups(header: list[str], rows: list[Row],
                          line_items: Callable[[list[Row]], bool]) -> bool:
    """Whether the widest rows are aging line items (as `line_items` tells) whose columns the
    figures split into the header's dates' groups: the narrower rows below are the same
    table's, printing fewer classes, even under a heading of their own."""
    n = max((len(r.values) for r in rows), default=0)
    widest = [r for r in rows if len(r.values) == n]
    return group_totals(len(header_period_dates(header)), [r.values for r in widest], n) is not None \
        and line_items(widest)


def dated_group_totals(header: list[str], rows: list[Row], n: int,
                       line_items: bool) -> list[ColumnInfo] | None:
    """Columns of `n` class columns under the header's dates, each date's group ending in its
    Total, as the figures prove (see the module); the rows' cells kept in the Totals only. None
    when the rows are no aging line items (`line_items`), or the figures give no split or
    several."""
    dates = header_period_dates(header)
    totals = group_totals(len(dates), [r.values for r in rows if len(r.values) == n], n) \
        if line_items else None
    if totals is None:
        return None
    k = len(dates)
    for r in rows:
        w = len(r.values)
        if w == n:
            r.values = [v if j in totals else None for j, v in enumerate(r.values)]
            continue
        own = _splits([r.values], w, k, proof=False) if 3 * k <= w < n else []
        cells: list[Number | None] = [None] * n
        if len(own) == 1:
            for t, at in zip(own[0], totals, strict=True):
                cells[at] = r.values[t]
        r.values = cells
    return _dated_columns(dates, totals, n)


def dated_named_totals(header: list[str], rows: list[Row], n: int, caption: str) -> list[ColumnInfo] | None:
    """Class columns under the header's dates whose names are printed once a column, each
    date's run closed by a column named "Total": "June 30, 2011 | June 30, 2010" over
    "Non-covered loans | Covered loans | Total | Total". The names place the runs (the first
    date heads the columns up to the first Total, the next date those up to the next); the
    figures prove them: in every row a run's classes add up to its Total, and at least one run
    has two classes to add. A Total is the whole at its date; the classes are its
    sub-populations. None unless the names are exactly `n`, as many Totals as dates, the last
    column a Total."""
    dates = header_period_dates(header)
    k = len(dates)
    if k < 2:
        return None
    last = max(i for i, f in enumerate(header) if period_fragment(f) and find_dates(f))
    names = [vocab.clean_label(f) for f in header[last + 1:]
             if not units.scale_statements(f) and not table_words.RESERVE_HEADING.match(f.strip())]
    totals = [j for j, name in enumerate(names) if table_words.WHOLE_COLUMN.match(name)]
    if len(names) != n or len(totals) != k or totals[-1] != n - 1:
        return None
    full = [r.values for r in rows if len(r.values) == n]
    runs = [list(range(a + 1, b + 1)) for a, b in zip([-1, *totals], totals, strict=False)]
    if not full or any(len(run) == 2 for run in runs) or not any(len(run) >= 3 for run in runs):
        return None  # a class as wide as its Total, or no run to prove: the names alone place nothing
    if len({len(run) for run in runs}) == 1:
        return None  # runs of one width repeat one set of names: `period_groups` reads (or refuses) those
    for run in runs:
        if len(run) >= 3 and not (all(row_foots(r, run[:-1], run[-1]) for r in full) and _proven(full, run)):
            return None
    # the header's own period ("For the quarters ended") before a caption naming several
    months = duration_months(" ".join(header)) or duration_months(caption)
    cols: list[ColumnInfo] = []
    for g, run in enumerate(runs):
        for j in run:
            seg = "" if j == run[-1] else names[j]
            cols.append(ColumnInfo(text=f"{dates[g]} | {names[j]}", end=dates[g], months=months, segment=seg))
    return cols


def _header_dates_joined(header: list[str]) -> list[date]:
    """The header's dates in order, each once, a month and day broken from its year ("At March
    31," / "2018") read as one date."""
    out: list[date] = []
    for j, f in enumerate(header):
        text = f
        if f.rstrip().endswith(",") and j + 1 < len(header) and bare_year(header[j + 1]):
            text = f"{f} {header[j + 1]}"
        for d in find_dates(text):
            if d not in out:
                out.append(d)
    return out


def named_group_totals(header: list[str], rows: list[Row], n: int) -> list[ColumnInfo] | None:
    """Columns under k dates whose header names k "Total"s, the last column one of them: each
    date heads a run of columns ending in its Total ("At March 31, 2019 | At March 31, 2018" over
    "12-month ECL | Lifetime ECL … | Total | Total", the later date's group its Total alone).
    The one split where every run of two or more columns adds up to its last (a run of three or
    more among them, proven by figures) gives each date its Total; the stages' columns, whose
    names the rendering breaks over lines, are left out. Rows printed with one figure a date (the
    adjustments, the carrying amount) are those Totals' figures."""
    dates = _header_dates_joined(header)
    k = len(dates)
    named = [vocab.clean_label(f).lower() for f in header if not units.scale_statements(f)]
    if k < 2 or n <= k or sum(1 for f in named if f == "total") != k:
        return None
    full = [r.values for r in rows if len(r.values) == n]
    if not full:
        return None
    found = []
    for cuts in combinations(range(1, n), k - 1):
        bounds = [0, *cuts, n]
        runs = [list(range(a, b)) for a, b in zip(bounds, bounds[1:], strict=False)]
        wide = [run for run in runs if len(run) >= 2]
        if any(len(run) == 2 for run in wide) or not any(len(run) >= 3 for run in wide):
            continue
        if all(all(row_foots(r, run[:-1], run[-1]) for r in full) and _proven(full, run) for run in wide):
            found.append([run[-1] for run in runs])
    if len(found) != 1:
        return None
    totals = found[0]
    for r in rows:
        if len(r.values) == n:
            r.values = [v if j in totals else None for j, v in enumerate(r.values)]
        elif len(r.values) == k:
            cells: list[Number | None] = [None] * n
            for t, v in zip(totals, r.values, strict=True):
                cells[t] = v
            r.values = cells
    return _dated_columns(dates, totals, n)


def _dated_columns(dates: list[date], totals: list[int], n: int) -> list[ColumnInfo]:
    """`n` columns, each date heading the run up to its Total (the whole at that date), the
    columns before it numbered classes of it."""
    cols: list[ColumnInfo] = []
    group = 0
    for j in range(n):
        d = dates[group]
        cols.append(ColumnInfo(text=f"{d} | Total" if j in totals else f"{d} | class {j + 1}", end=d,
                               segment="" if j in totals else f"class {j + 1}"))
        if j in totals:
            group = min(group + 1, len(dates) - 1)
    return cols
