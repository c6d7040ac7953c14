"""A pipe-per-cell rendering of a two-line header whose top line names some columns only
("Residential | Commercial | Residential | | Consumer" over "Real Estate | Real Estate |
Construction | Commercial | and Other | Unallocated | Total"): the fragments as read lose the
empty cells, so nothing in them says which column a top name stands over. The cells' lines do:
every header line of an R page is its stub cell then one run of cells per column, each run as
many lines long, so a top name's distance above the bottom line's first name, counted in runs,
is its column. Only when every top name falls on a column that way (none between two), each on
its own; the joined names then go to the block's joined header, which the column reader takes
only if the figures prove its last column the total (`columns._joined_class_names`)."""

from __future__ import annotations

import re

from dashboard.extract.table import Block
from dashboard.model import units
from dashboard.model.dates import find_dates
from dashboard.model.numbers import number_tokens

_ROW_LINE = re.compile(r"\(line (\d+)\)")


def _names(lines: list[str], first_row: int) -> list[tuple[int, str]]:
    """(line, text) of the header's named cells above the first row (0-based), up to the first
    line that is no pipe cell; dates, units and headings ending in ':' are no column names."""
    out: list[tuple[int, str]] = []
    i = first_row - 1
    while i >= 0 and lines[i].startswith("|"):
        t = lines[i][1:].strip()
        if t and (number_tokens(t) is not None or find_dates(t)):
            break  # the date over the columns (or a figure): the header's names are below it
        if t and not t.endswith(":") and not units.scale_statements(t):
            out.append((i, t))
        i -= 1
    return out[::-1]


def two_line_names(block: Block, lines: list[str], n: int) -> list[str] | None:
    """The `n` column names of a two-line header placed by its cells' lines, or None."""
    m = _ROW_LINE.search(block.locator)
    if m is None or n < 2:
        return None
    cells = _names(lines, int(m.group(1)) - 1)
    if len(cells) <= n:
        return None
    bottom, top = cells[-n:], cells[:-n]
    steps = {b[0] - a[0] for a, b in zip(bottom, bottom[1:], strict=False)}
    if len(steps) != 1 or (p := steps.pop()) < 2 or len(top) >= n:
        return None
    first = bottom[0][0]
    names = [t for _, t in bottom]
    placed: set[int] = set()
    for line, text in top:
        d = first - line - 1  # the bottom line's stub cell is one line
        if d % p or not 1 <= (k := n + 1 - d // p) <= n or k in placed:
            return None
        placed.add(k)
        names[k - 1] = f"{text} {names[k - 1]}"
    return names


def place_header_cells(blocks: list[Block], text: str) -> None:
    """Each block without a joined header whose two header lines the cells place (as many
    columns as its widest row has figures) gets the placed names as its joined header, after
    the block's date, period and unit fragments."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    for b in blocks:
        n = max((len(r.values) for r in b.rows), default=0)
        if b.header_joined is not None or (names := two_line_names(b, lines, n)) is None:
            continue
        b.header_joined = [f for f in b.header if find_dates(f) or f.endswith(":")
                           or units.scale_statements(f) or f.lower().endswith("ended")] + names
