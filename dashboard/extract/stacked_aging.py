"""Aging column names stacked over several header lines, placed line over line.

"30-59 | 60-89 | 90 Days or" over "Current | Days | Days | More Past Due | Total" over "Loans |
Past Due | Past Due | Still Accruing | Nonaccrual | Loans": a text rendering gives the lines one
after the other, each left to right, and a line above names only some of the columns. The
bottom line names every column; a column named on a line is named on every line below it (the
names stand on the bottom line). Every way of breaking the fragments into such lines and of
putting each line's fragments over columns is tried; a placement is kept only when every column
then reads as one aging line item, each once, the buckets in order, and the figures prove it:
in every row the buckets and current (and any of the memo columns) add up to the total.
Exactly one set of names must survive, else nothing is placed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import combinations

from dashboard.extract.aging_columns import (
    aging_role,
    column_names,
    grid_values,
    labels_add_up,
    ties,
)
from dashboard.model.buckets import parse_bucket
from dashboard.model.schema import (
    CURRENT,
    NONACCRUAL,
    PAST_DUE_90_ACCRUING,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)

_MAX_TRIES = 20_000  # placements tried before giving up: a header that long proves nothing

# the words that make a name one line item: a range of days ("30 - 59", "Greater than 89",
# "90 Days and Over"), current ("Loans Not Past Due" is the current loans), a total, nonaccrual
_SIGNALS = (("current", re.compile(r"\bcurrent\b|\bnot\s+past\s+due\b", re.I)),
            ("total", re.compile(r"\btotal\b", re.I)),
            ("nonaccrual", re.compile(r"\bnon-?\s?accru", re.I)),
            ("range", re.compile(r"\d+\s*(?:-|–|to)\s*\d+|\d+\s*\+|\d+\s+days?\s+(?:or|and)\s+(?:more|over|greater)"
                                 r"|>\s*\d+|\b(?:greater|more)\s+than\s+\d+|\bover\s+\d+", re.I)))


def _splits(k: int, n: int, most: int) -> Iterator[list[int]]:
    """Sizes of the lines above the bottom one, top first, never more than the line below."""
    if k == 0:
        yield []
        return
    for s in range(min(k, most), 0, -1):
        for rest in _splits(k - s, n, s):
            yield [*rest, s]


def _placements(sizes: list[int], below: tuple[int, ...]) -> Iterator[list[tuple[int, ...]]]:
    """For lines of `sizes` (top first) the columns each names, nested in the line below's."""
    if not sizes:
        yield []
        return
    for cols in combinations(below, sizes[-1]):
        for upper in _placements(sizes[:-1], cols):
            yield [*upper, cols]


def _reads_as_one(name: str) -> str | None:
    """The aging role of a stacked name, when its words say only that one."""
    signals = {s for s, rx in _SIGNALS if rx.search(name)}
    role = aging_role(name)
    if role is None or len(signals) != 1:
        return None
    want = {"bucket": "range", PAST_DUE_90_ACCRUING: "range", CURRENT: "current",
            PAST_DUE_TOTAL: "total", TOTAL_LOANS: "total", NONACCRUAL: "nonaccrual"}
    return role if want.get(role) in signals else None


def _proven(names: list[str], grid: list[list[float]], rows: Sequence) -> bool:
    roles = [_reads_as_one(x) for x in names]
    if None in roles or any(roles.count(r) > 1 for r in set(roles) if r != "bucket"):
        return False
    buckets = [i for i, r in enumerate(roles) if r == "bucket"]
    ranges = [parse_bucket(names[i]) for i in buckets]
    if len(buckets) < 2 or len(set(ranges)) < len(ranges) or ranges != sorted(ranges, key=lambda b: b or (0, 0)):
        return False
    if CURRENT not in roles or TOTAL_LOANS not in roles:
        return False
    if PAST_DUE_TOTAL in roles:
        return labels_add_up(names, rows) is True
    total, current = roles.index(TOTAL_LOANS), roles.index(CURRENT)
    memos = [i for i, r in enumerate(roles) if r in (NONACCRUAL, PAST_DUE_90_ACCRUING)]
    return any(ties(grid, [*buckets, current, *extra], total)
               for k in range(len(memos) + 1) for extra in combinations(memos, k))


def stacked_by_arithmetic(fragments: Sequence[str], rows: Sequence, n: int) -> list[str] | None:
    """The `n` column names of an aging header stacked over lines (see the module), or None."""
    names = column_names(fragments)
    bottom, upper = names[-n:], names[:-n]
    grid = grid_values(rows, n)
    if len(names) <= n or len(upper) > 3 * n or len(grid) < 2:
        return None
    found: set[tuple[str, ...]] = set()
    tries = 0
    for sizes in _splits(len(upper), n, n):
        for placed in _placements(sizes, tuple(range(n))):
            tries += 1
            if tries > _MAX_TRIES:
                return None
            parts: list[list[str]] = [[] for _ in range(n)]
            start = 0
            for size, cols in zip(sizes, placed, strict=True):
                for j, frag in zip(cols, upper[start:start + size], strict=True):
                    parts[j].append(frag)
                start += size
            joined = [" ".join([*p, b]) for p, b in zip(parts, bottom, strict=True)]
            if _proven(joined, grid, rows):
                found.add(tuple(joined))
    return list(found.pop()) if len(found) == 1 else None
