"""Aging columns named by the page's own arithmetic when the header cannot be read in order.

A header printed over several stacked rows ("Recorded" / "30-59 | 60-89 | > 90 | Total |
Investment" / "Days | Days | Days | Total | Financing | > 90 Days" / "Past Due | … | Current |
Receivables | and Accruing") reaches a text rendering as one stream of fragments, row after row:
which fragment sits over which column is lost. The figures keep it. In every row the buckets add
up to the total past due, and the total past due plus current is the total; those relations
find each column's role, and the header only has to say which buckets they are (its bucket
ranges, in reading order) and what the columns left over hold ("… and accruing",
"nonaccrual"). A column the header and the arithmetic cannot name together is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dashboard.extract.classify import label_role
from dashboard.model.buckets import parse_bucket
from dashboard.model.numbers import Number
from dashboard.model.schema import (
    CURRENT,
    DELINQUENCY,
    PAST_DUE_90_ACCRUING,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)

_ACCRUING = re.compile(r"\baccruing\b", re.I)
_NONACCRUAL = re.compile(r"\bnon-?\s?accru", re.I)
NONACCRUAL = "nonaccrual"  # the role a nonaccrual column's label reads as

Grid = Sequence[Sequence[Number | None]]


def _values(rows: Grid, n: int) -> list[list[float]]:
    return [[0.0 if v is None else v.value for v in r] for r in rows if len(r) == n]


def _ties(grid: list[list[float]], parts: Sequence[int], whole: int) -> bool:
    """`whole` is the sum of `parts` in every row (to the printed rounding), and in at least
    one row with figures on both sides: all-nil rows prove nothing."""
    tol = 1.0 * len(parts)
    proven = False
    for v in grid:
        if abs(sum(v[i] for i in parts) - v[whole]) > tol:
            return False
        proven = proven or (v[whole] != 0 and sum(1 for i in parts if v[i] != 0) >= 1)
    return proven


def labels_add_up(labels: Sequence[str], rows: Grid) -> bool | None:
    """Whether aging labels read from a header agree with the figures under them: True when
    the buckets tie to the total past due (and it plus current to the total), False when a
    bucket or line item is named twice or a relation the labels claim fails, None when nothing
    is checkable."""
    n = len(labels)
    grid = _values(rows, n)
    buckets = [i for i, lab in enumerate(labels) if parse_bucket(lab)
               and label_role(lab, DELINQUENCY) != PAST_DUE_90_ACCRUING]
    ranges = [parse_bucket(labels[i]) for i in buckets]
    if len(set(ranges)) < len(ranges):
        return False
    roles = {i: label_role(lab, DELINQUENCY) for i, lab in enumerate(labels)}
    ptotal = [i for i in range(n) if roles[i] == PAST_DUE_TOTAL and i not in buckets]
    current = [i for i in range(n) if roles[i] == CURRENT]
    total = [i for i in range(n) if roles[i] == TOTAL_LOANS]
    if len(ptotal) > 1 or len(current) > 1 or len(total) > 1:
        return False  # one line item over two columns: one of them is misread
    if not grid or len(buckets) < 2:
        return None
    checks = []
    if len(ptotal) == 1:
        checks.append(_ties(grid, buckets, ptotal[0]))
        if len(current) == 1 and len(total) == 1:
            checks.append(_ties(grid, [ptotal[0], current[0]], total[0]))
    elif len(current) == 1 and len(total) == 1:
        checks.append(_ties(grid, [*buckets, current[0]], total[0]))
    if not checks:
        return None
    return all(checks)


def _bucket_names(fragments: Sequence[str]) -> list[str]:
    """The bucket ranges the header prints, in reading order ("30-59", "60-89", "> 90")."""
    return [f.strip() for f in fragments if parse_bucket(f.strip())
            and label_role(f, DELINQUENCY) != PAST_DUE_90_ACCRUING]


def _bucket_label(text: str) -> str:
    return text if re.search(r"\bdays?\b", text, re.I) else f"{text} days past due"


def labels_by_arithmetic(fragments: Sequence[str], rows: Grid, n: int) -> list[str] | None:
    """Column labels for an aging table of `n` columns whose header fragments cannot be put in
    column order: the buckets are the run of columns that adds up to the next (the total past
    due), that total plus one more column (current) is a later column (the total), and the
    header's bucket ranges name the run in order. Columns left over are named only when the
    header names exactly as many of the memo columns ("… and accruing", "nonaccrual"), in the
    order it prints them; otherwise '' (left out). None when the figures show no such table."""
    grid = _values(rows, n)
    if len(grid) < 2:
        return None
    names = _bucket_names(fragments)
    for p in range(2, n):
        for k in range(p, 1, -1):  # the longest run of columns that adds up to column p
            run = list(range(p - k, p))
            if k > len(names) or not _ties(grid, run, p):
                continue
            totals = [(t, c) for t in range(p + 1, n) for c in range(n)
                      if c not in run and c not in (p, t) and _ties(grid, [p, c], t)]
            if len(totals) != 1:
                continue
            t, c = totals[0]
            labels = [""] * n
            for i, name in zip(run, names[:k], strict=True):
                labels[i] = _bucket_label(name)
            labels[p], labels[c], labels[t] = "Total past due", "Current", "Total loans"
            _name_memo_columns(labels, fragments, names[k:])
            return labels
    return None


def _name_memo_columns(labels: list[str], fragments: Sequence[str], spare: list[str]) -> None:
    left = [i for i, lab in enumerate(labels) if not lab]
    text = " ".join(fragments)
    memos: list[tuple[int, str]] = []
    if m := _ACCRUING.search(text):
        lead = f"{spare[0]} " if spare else "90+ days "
        memos.append((m.start(), f"{lead}past due and accruing"))
    if m := _NONACCRUAL.search(text):
        memos.append((m.start(), "Nonaccrual"))
    if len(memos) != len(left):
        return
    for i, (_, name) in zip(left, sorted(memos), strict=True):
        labels[i] = name
    for i in left:
        role = label_role(labels[i], DELINQUENCY)
        if role not in (PAST_DUE_90_ACCRUING, NONACCRUAL):
            labels[i] = ""
