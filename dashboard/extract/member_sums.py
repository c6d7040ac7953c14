"""Which lines of a table are the whole portfolio's and which its members', for footing.

A Details page stacks the whole portfolio's lines (no member heading) above the same lines per
member ("Car dealers", "Consumers", "1 90 days"…). Down every column, the members of one axis
add up to the whole: that identity places a line whose blank cells the rendering left out when
nothing inside its own group does. Aging members (days past due) are one axis, the classes
another; a set is offered only when every member of the axis prints the line once.
"""

from __future__ import annotations

import re

from dashboard.extract.table import Row
from dashboard.model import vocab
from dashboard.model.buckets import parse_bucket

_AGING_MEMBER = re.compile(r"\b(?:days?|past\s+due)\b", re.I)


def _paths(rows: list[Row]) -> list[tuple[str, ...]]:
    # the line-items heading every member's rows repeat (and the whole's may omit) is no member
    filled = [r.context for r in rows if r.context]
    common = set(filled[0]).intersection(*filled[1:]) if filled else set()
    return [tuple(c for c in r.context if c not in common) for r in rows]


def member_sums(rows: list[Row]) -> list[tuple[int, list[int]]]:
    """(whole line, member lines) by row index: a line of a parent (the whole portfolio, or a
    member) and the same line of each of its direct members on one axis."""
    paths = _paths(rows)
    by_path: dict[tuple[str, ...], dict[str, list[int]]] = {}
    for i, (r, p) in enumerate(zip(rows, paths, strict=True)):
        by_path.setdefault(p, {}).setdefault(vocab.clean_label(r.label).lower(), []).append(i)
    out: list[tuple[int, list[int]]] = []
    for parent, lines in by_path.items():
        children = [p for p in by_path if len(p) == len(parent) + 1 and p[:len(parent)] == parent]
        axes = ([c for c in children if parse_bucket(c[-1]) or _AGING_MEMBER.search(c[-1])],
                [c for c in children if not (parse_bucket(c[-1]) or _AGING_MEMBER.search(c[-1]))])
        for label, whole in lines.items():
            if len(whole) != 1:
                continue
            for axis in axes:
                members = [by_path[c].get(label, []) for c in axis]
                if len(axis) >= 2 and all(len(m) == 1 for m in members):
                    out.append((whole[0], [m[0] for m in members]))
    return out
