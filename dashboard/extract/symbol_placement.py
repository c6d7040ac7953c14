"""Short rows of an R page's text rendering placed by where the renderer prints currency signs.

A text copy of an EDGAR R page leaves blank cells out, so "Maximum potential future payment |
¥ 606,277,000" under four columns does not say which column holds the figure. When no
rollforward or total decides it (`footing`), the page's own typesetting still may: the EDGAR
renderer prints a figure's currency sign only on the first and the last figure of each column
(every figure between them is printed bare), and a US$ convenience column translates the
figure its reporting-currency column prints for the same date, at one rate.

Every way of putting the short rows' figures, in order, into the columns is tried; a figure
printed with a sign goes only to a column of that currency. A placement is consistent when, in
every column, exactly its first and last figures carry a sign, and every convenience figure
sits beside a reporting-currency figure at the rate the complete rows show. A row is placed
when every consistent placement puts it the same way; the others stay unread. A rendering that
drops the signs (or a table typeset otherwise) has no consistent placement, and nothing is read.
"""

from __future__ import annotations

import re
from itertools import combinations, product
from math import prod

from dashboard.extract.footing import Placement
from dashboard.extract.structure import convenience_columns
from dashboard.extract.table import Block, ColumnInfo, Row
from dashboard.model import units
from dashboard.model.numbers import Number

MAX_PLACEMENTS = 5_000
# the renderer's own marks in the header: a page kind in the title, a unit label over a column
_R_PAGE = re.compile(r"\(Details?\b|\b[A-Z]{3}\s*\([A-Z]{0,3}[$¥€£₩]\)")

Grid = dict[int, list[Number | None]]


def _currency(num: Number) -> str:
    return units.currency_of(num.currency) if num.currency else ""


def _column_ok(cells: list[Number], currency: str) -> bool:
    """The renderer's signs down one column: on its first and last figure, none between, and
    only of the column's currency."""
    last = len(cells) - 1
    for k, v in enumerate(cells):
        signed = bool(_currency(v))
        if signed != (k in (0, last)):
            return False
        if signed and currency and _currency(v) != currency:
            return False
    return True


def _rates(grid: Grid, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[float, Number]] | None:
    """Per (convenience, reporting) column pair, the rate the complete rows show and the
    translated figure it was read from (the largest); None when two rows disagree."""
    out: dict[tuple[int, int], tuple[float, Number]] = {}
    for j, k in pairs:
        seen = [(v[j], v[k]) for v in grid.values() if v[j] is not None and v[k] is not None
                and v[j].value and v[k].value]
        if not seen:
            continue
        ref_u, ref_c = max(seen, key=lambda uc: abs(uc[0].value))
        rate = abs(ref_c.value / ref_u.value)
        if not all(_translates(u, c, rate, ref_u) for u, c in seen):
            return None
        out[(j, k)] = (rate, ref_u)
    return out


def _translates(u: Number, c: Number, rate: float, ref: Number) -> bool:
    """c is u at the rate, within the rounding of u and of the figure the rate came from."""
    unit_u, unit_ref, unit_c = (10.0 ** -x.decimals for x in (u, ref, c))
    tol = rate * (0.5 * unit_u + abs(u.value) * 0.5 * unit_ref / abs(ref.value)) + 0.5 * unit_c
    return (u.value < 0) == (c.value < 0) and abs(abs(c.value) - abs(u.value) * rate) <= tol


def place_by_signs(block: Block, rows: list[Row], n: int, cols: list[ColumnInfo],
                   placed: dict[int, Placement]) -> dict[int, Placement]:
    """Placements ({id(row): Placement}) for the rows still short after footing."""
    values = {id(r): (placed[id(r)].values if id(r) in placed else r.values) for r in rows if r.values}
    short = [r for r in rows if r.values and len(values[id(r)]) < n]
    if not short or len(cols) != n or not _R_PAGE.search(" ".join([block.caption, *block.header])):
        return {}
    fixed = {i: list(values[id(r)]) for i, r in enumerate(rows) if r.values and len(values[id(r)]) == n}
    index = {id(r): i for i, r in enumerate(rows)}
    options: list[list[tuple[int, ...]]] = []
    for r in short:
        printed = values[id(r)]
        options.append([slots for slots in combinations(range(n), len(printed))
                        if all(not _currency(v) or not cols[s].currency or _currency(v) == cols[s].currency
                               for s, v in zip(slots, printed, strict=True))])
    if not all(options) or prod(len(o) for o in options) > MAX_PLACEMENTS:
        return {}
    main = {j: next((k for k, o in enumerate(cols) if k not in convenience_columns(cols)
                     and o.end == c.end and o.months == c.months and o.currency != c.currency), None)
            for j, c in enumerate(cols) if j in convenience_columns(cols)}
    pairs = [(j, k) for j, k in main.items() if k is not None]
    rates = _rates(fixed, pairs)
    if rates is None:
        return {}
    solutions: list[tuple[tuple[int, ...], ...]] = []
    for combo in product(*options):
        grid = dict(fixed)
        for r, slots in zip(short, combo, strict=True):
            row: list[Number | None] = [None] * n
            for s, v in zip(slots, values[id(r)], strict=True):
                row[s] = v
            grid[index[id(r)]] = row
        if _consistent(grid, n, cols, pairs, rates):
            solutions.append(combo)
    if not solutions:
        return {}
    out: dict[int, Placement] = {}
    for k, r in enumerate(short):
        if all(s[k] == solutions[0][k] for s in solutions[1:]):
            row = [None] * n
            for s, v in zip(solutions[0][k], values[id(r)], strict=True):
                row[s] = v
            out[id(r)] = Placement(row, "blank cells left out of the rendering; the column is the one "
                                        "the page's currency signs allow (the renderer prints a sign on the "
                                        "first and last figure of each column only)")
    return out


def _consistent(grid: Grid, n: int, cols: list[ColumnInfo], pairs: list[tuple[int, int]],
                rates: dict[tuple[int, int], tuple[float, Number]]) -> bool:
    order = sorted(grid)
    for j in range(n):
        cells = [grid[i][j] for i in order if grid[i][j] is not None]
        if cells and not _column_ok(cells, cols[j].currency):  # type: ignore[arg-type]
            return False
    for j, k in pairs:
        for i in order:
            u, c = grid[i][j], grid[i][k]
            if u is None:
                continue
            if c is None:
                return False  # a translation of a figure the row does not print
            if (j, k) in rates and u.value and c.value and not _translates(u, c, *rates[(j, k)]):
                return False
    return True
