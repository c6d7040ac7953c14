"""Share cells left in some rows of a composition whose rendering dropped the others.

"Amount | Percent of Total" under each date: a text rendering prints the two-digit shares ("14",
"100 %") and drops the one-digit ones, so one row holds its two amounts and two shares, the next
its amounts and one share, the next its amounts only. The table has as many amount columns as
the header has dates; in a wider row the shares are the small whole numbers (or percentages)
that follow an amount, never an amount of their own, and leaving them out gives the row its
amounts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.table import Block, Row
from dashboard.model.dates import find_dates
from dashboard.model.numbers import Number

_SHARE_HEADER = re.compile(r"^\s*(?:%|percent(?:age)?)(?:\s+of(?:\s+(?:the\s+)?total)?)?\s*$", re.I)


def _share(v: Number | None, before: Number | None) -> bool:
    """A share cell: a percentage, or a whole number up to 100 printed without thousands right
    after an amount (a grouped figure, or one above 100)."""
    if v is None:
        return False
    if v.percent:
        return True
    return before is not None and not v.grouped and v.decimals == 0 and 0 <= v.value <= 100 \
        and (before.grouped or abs(before.value) > 100)


def rows_without_shares(block: Block, rows: list[Row], n: int) -> list[Row]:
    """The rows with the share cells of the wider ones left out, when the header names a share
    column beside each of its `n` dates' amount columns (see the module); the rows as they were
    otherwise."""
    dates = set(find_dates(" ".join(block.header)))
    shares = sum(1 for h in block.header if _SHARE_HEADER.match(h))
    if n < 1 or len(dates) != n or shares != n or not any(len(r.values) > n for r in rows):
        return rows
    out: list[Row] = []
    for r in rows:
        if len(r.values) > n:
            kept = [v for i, v in enumerate(r.values) if not _share(v, r.values[i - 1] if i else None)]
            if len(kept) == n:
                r = replace(r, values=kept)
        out.append(r)
    return out
