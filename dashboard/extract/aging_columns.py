"""Aging columns named by the page's own arithmetic when the header cannot be read in order.

A header printed over several stacked rows ("Recorded" / "30-59 | 60-89 | > 90 | Total |
Investment" / "Days | Days | Days | Total | Financing | > 90 Days" / "Past Due | … | Current |
Receivables | and Accruing") reaches a text rendering as one stream of fragments, row after row:
which fragment sits over which column is lost. The figures keep it. In every row the buckets add
up to the total past due, and the total past due plus current is the total; those relations
find each column's role, and the header only has to say which buckets they are (its bucket
ranges, in reading order) and what the columns left over hold ("… and accruing",
"nonaccrual"). A column the header and the arithmetic cannot name together is left out.

A header that prints one name a column keeps every name in its column, known or not
(`labels_one_per_column`); the same relations then prove the positions, or the header is read
as a stacked one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from dashboard.extract.classify import label_role
from dashboard.extract.item_columns import is_bucket_column, segment_item_header
from dashboard.extract.table import ColumnInfo
from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import find_dates
from dashboard.model.numbers import Number
from dashboard.model.schema import (
    CURRENT,
    DELINQUENCY,
    NONACCRUAL,
    PAST_DUE_90_ACCRUING,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)
from dashboard.model.units import CURRENCY_TOKEN, scale_statements

_ACCRUING = re.compile(r"(?<!non)(?<!non-)(?<!non )\baccruing\b", re.I)  # never "nonaccruing"
_NONACCRUAL = re.compile(r"\bnon-?\s?accru", re.I)
# a heading over the bucket columns that says what they count: "Days Past Due and Accruing",
# "Past Due and Still Accruing" (no range of its own: it names no one column)
_ACCRUING_HEADING = re.compile(r"^(?:(?:loans|days)\s+)*past[\s-]+due\s+and\s+(?:still\s+)?accruing$", re.I)
_STILL_ACCRUING = re.compile(r"\bstill\s+accruing\b", re.I)
_APART = re.compile(r"\bnon[\s-]*(?:performing|accru)", re.I)
_CURRENT = re.compile(r"\s*current\b", re.I)
_NONPERFORMING_ITEM = re.compile(r"^(?:total\s+)?non[\s-]*performing(?:\s+(?:loans|receivables|financing\s+receivables))?$",
                                 re.I)

Grid = Sequence[Sequence[Number | None]]


def grid_values(rows: Grid, n: int) -> list[list[float]]:
    """The full rows' figures (nil where a cell is empty), for the sums."""
    return [[0.0 if v is None else v.value for v in r] for r in rows if len(r) == n]


def ties(grid: list[list[float]], parts: Sequence[int], whole: int) -> bool:
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
    grid = grid_values(rows, n)
    if named_twice(labels):
        return False
    buckets, ptotal, current, total = _placed(labels)
    if not grid or len(buckets) < 2:
        return None
    checks = []
    if len(ptotal) == 1:
        checks.append(ties(grid, buckets, ptotal[0]))
        if len(current) == 1 and len(total) == 1:
            checks.append(ties(grid, [ptotal[0], current[0]], total[0])
                          or _with_nonaccrual(labels, grid, [ptotal[0], current[0]], total[0]))
    elif len(current) == 1 and len(total) == 1:
        checks.append(ties(grid, [*buckets, current[0]], total[0]))
    if not checks:
        return None
    return all(checks)


def _with_nonaccrual(labels: Sequence[str], grid: list[list[float]], parts: list[int], total: int) -> bool:
    """The total loans are the past due and current loans and the one nonaccrual column beside
    them: the buckets then count the accruing loans only ("Loans Past Due and Still Accruing"
    over "30-59 | 60-89 | 90 Days or More | Total", then "Nonaccrual Loans | Current Loans |
    Total Loans"), the loans that stopped accruing being the nonaccrual column's."""
    nonaccrual = [i for i, lab in enumerate(labels) if label_role(lab, DELINQUENCY) == NONACCRUAL]
    return len(nonaccrual) == 1 and nonaccrual[0] not in parts and ties(grid, [*parts, nonaccrual[0]], total)


def total_of_buckets(labels: Sequence[str], rows: Grid) -> list[str]:
    """A bare "Total" printed right after the bucket columns, beside a later "Total Loans": when
    the figures prove it the sum of those buckets in every row, it is their total past due
    (the header's "Loans Past Due" heading spans the buckets and it), never a second total of
    the loans, which would leave every column unnamed."""
    out = list(labels)
    grid = grid_values(rows, len(labels))
    totals = [i for i, lab in enumerate(labels) if label_role(lab, DELINQUENCY) == TOTAL_LOANS]
    if len(totals) < 2 or len(grid) < 2:
        return out
    for t in totals[:-1]:
        if labels[t].strip(" :").lower() != "total":
            continue
        run = []
        while t - len(run) - 1 >= 0 and is_bucket_column(labels[t - len(run) - 1]):
            run.insert(0, t - len(run) - 1)
        if len(run) >= 2 and ties(grid, run, t):
            out[t] = "Total past due"
    return out


def _placed(labels: Sequence[str]) -> tuple[list[int], list[int], list[int], list[int]]:
    """The columns the labels call buckets, total past due, current and total loans."""
    buckets = [i for i, lab in enumerate(labels) if parse_bucket(lab)
               and label_role(lab, DELINQUENCY) != PAST_DUE_90_ACCRUING]
    roles = [label_role(lab, DELINQUENCY) for lab in labels]
    return (buckets, [i for i, r in enumerate(roles) if r == PAST_DUE_TOTAL and i not in buckets],
            [i for i, r in enumerate(roles) if r == CURRENT], [i for i, r in enumerate(roles) if r == TOTAL_LOANS])


def named_twice(labels: Sequence[str]) -> bool:
    """Whether aging labels name one bucket range or line item over two columns: one of them
    is misread, and every column between them may be shifted."""
    buckets, ptotal, current, total = _placed(labels)
    ranges = [parse_bucket(labels[i]) for i in buckets]
    return len(set(ranges)) < len(ranges) or len(ptotal) > 1 or len(current) > 1 or len(total) > 1


def _bucket_names(fragments: Sequence[str]) -> list[str]:
    """The bucket ranges the header prints, in reading order ("30-59", "60-89", "> 90"); a
    fragment that breaks off after "or" goes on in the next ("90 Days or" / "More")."""
    return [f.strip() for f in _open_ends_joined(fragments) if parse_bucket(f.strip())
            and label_role(f, DELINQUENCY) != PAST_DUE_90_ACCRUING]


_OPEN_END = re.compile(r"\s(?:or|and|to)$", re.I)


def _open_ends_joined(fragments: Sequence[str]) -> list[str]:
    out: list[str] = []
    for f in fragments:
        if out and _OPEN_END.search(out[-1].strip()):
            out[-1] = f"{out[-1].strip()} {f.strip()}"
        else:
            out.append(f)
    return out


def _bucket_label(text: str) -> str:
    return text if re.search(r"\bdays?\b", text, re.I) else f"{text} days past due"


def labels_by_arithmetic(fragments: Sequence[str], rows: Grid, n: int) -> list[str] | None:
    """Column labels for an aging table of `n` columns whose header fragments cannot be put in
    column order: the buckets are the run of columns that adds up to the next (the total past
    due), that total plus one more column (current) is a later column (the total), and the
    header's bucket ranges name the run in order. Columns left over are named only when the
    header names exactly as many of the memo columns ("… and accruing", "nonaccrual"), in the
    order it prints them; otherwise '' (left out). None when the figures show no such table."""
    grid = grid_values(rows, n)
    if len(grid) < 2:
        return None
    names = _bucket_names(fragments)
    for p in range(2, n):
        for k in range(p, 1, -1):  # the longest run of columns that adds up to column p
            run = list(range(p - k, p))
            if k > len(names) or not ties(grid, run, p):
                continue
            named = _run_names(names, k)
            if named is None:
                continue
            totals = [(t, c) for t in range(p + 1, n) for c in range(n)
                      if c not in run and c not in (p, t) and ties(grid, [p, c], t)]
            if len(totals) != 1:
                continue
            t, c = totals[0]
            labels = [""] * n
            for i, name in zip(run, named[0], strict=True):
                labels[i] = _bucket_label(name)
            labels[p], labels[c], labels[t] = "Total past due", "Current", "Total loans"
            _name_memo_columns(labels, fragments, named[1])
            _accruing_within_its_bucket(labels, grid)
            return labels
    return None


def _run_names(names: list[str], k: int) -> tuple[list[str], list[str]] | None:
    """The header's bucket ranges that name a run of `k` bucket columns, and those left over.
    In reading order, the first `k`; but a header naming one range twice ("≥ 90 Days" over
    "Past Due and" / "Accruing", beside the buckets' own "≥ 90") prints a memo column's first
    words among them, perhaps on a line above the buckets: then the one run of `k` ranges in
    ascending order, the ranges as the buckets run; None when no single run is."""
    ranges = [parse_bucket(x) for x in names]
    if len(set(ranges)) == len(ranges):
        return names[:k], names[k:]
    runs = [i for i in range(len(names) - k + 1)
            if all(_below(ranges[j], ranges[j + 1]) for j in range(i, i + k - 1))]
    if len(runs) != 1:
        return None
    i = runs[0]
    return names[i:i + k], names[:i] + names[i + k:]


def _below(a: tuple[int, int | None] | None, b: tuple[int, int | None] | None) -> bool:
    return a is not None and b is not None and a[1] is not None and a[1] < b[0]


def _accruing_within_its_bucket(labels: list[str], grid: list[list[float]]) -> None:
    """The loans 90 days past due and still accruing are some of the loans in the open-ended
    bucket, never more: a column named so that exceeds the bucket in a row is the nonaccrual
    column beside it (their names placed in the wrong order), or, with no such column to trade
    places with, left out."""
    roles = [label_role(lab, DELINQUENCY) if lab else None for lab in labels]
    acc = [i for i, r in enumerate(roles) if r == PAST_DUE_90_ACCRUING]
    open_end = [i for i, lab in enumerate(labels) if lab and i not in acc and is_bucket_column(lab)
                and (b := parse_bucket(lab)) is not None and b[1] is None]
    if len(acc) != 1 or len(open_end) != 1 or not grid:
        return

    def within(col: int) -> bool:
        return all(v[col] <= v[open_end[0]] + 0.5 for v in grid)

    a = acc[0]
    if within(a):
        return
    other = [i for i, r in enumerate(roles) if r == NONACCRUAL]
    if len(other) == 1 and within(other[0]):
        labels[a], labels[other[0]] = labels[other[0]], labels[a]
    else:
        labels[a] = ""


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


def column_names(fragments: Sequence[str]) -> list[str]:
    """The header's fragments that can name a column: no date heading, unit or scale line."""
    return [f.strip() for f in fragments if f.strip() and not find_dates(f) and not scale_statements(f)
            and not CURRENCY_TOKEN.fullmatch(f.strip()) and not f.rstrip().endswith(":")]


# memo columns beside the aging ("90 days and accruing", "Nonaccrual"): named by the header and
# kept in their place, though no sum proves them
_MEMOS = (PAST_DUE_90_ACCRUING, NONACCRUAL)
# a "Non-performing" column among the past-due buckets: a category of its own, named by no
# days, whose loans may be nonaccrual, 90+ and accruing or restructured; it holds its place and
# may be a part of the sums, but no metric is its figure, so it is never read
NONPERFORMING = "nonperforming"
_NONPERFORMING = re.compile(r"^non-?\s?performing(?:\s+loans)?$", re.I)


def aging_role(name: str) -> str | None:
    """What an aging column's name makes it: a bucket, total past due, current, total loans or
    a memo (90+ still accruing, nonaccrual); None for a name that is none of them."""
    if is_bucket_column(name):
        return "bucket"
    if _NONPERFORMING.match(name.strip()):
        return NONPERFORMING
    role = label_role(name, DELINQUENCY)
    return role if role in (PAST_DUE_TOTAL, CURRENT, TOTAL_LOANS, *_MEMOS) else None


def names_aging_items(fragments: Sequence[str]) -> bool:
    """Whether a header prints an aging's line items (a bucket range, current, nonaccrual, 90+
    and accruing), wherever its fragments stand: its columns are then line items, never
    sub-populations."""
    return any(aging_role(f) in ("bucket", CURRENT, *_MEMOS) for f in column_names(fragments))


def whole_of_item_columns(rows: Grid, n: int) -> list[bool] | None:
    """Of line-item columns no name can be put over, the one column the figures prove the sum
    of all the others in every row (the total loans): only it is kept. None when no single
    column is."""
    grid = grid_values(rows, n)
    sums = [t for t in range(n) if ties(grid, [i for i in range(n) if i != t], t)]
    return [j == sums[0] for j in range(n)] if len(sums) == 1 else None


def labels_one_per_column(fragments: Sequence[str], rows: Grid, n: int) -> list[str] | None:
    """Labels for an aging table whose header prints one fragment a column ("30-59 Days Past
    Due | … | In Foreclosure | Total Past Due | Current | Total Mortgage Loans | Allowance | Net"),
    named or not: every fragment keeps its own column, so a column the vocabulary does not know
    still holds its place and the ones after it stay where they are.

    The positions are then proven by the table's own arithmetic: in every row the buckets (with
    the unnamed columns between them and the total past due, when they belong to it) add up to
    the total past due, and it plus current is the total (the column after current that ties,
    whatever its name); a named memo column (nonaccrual, 90+ and accruing) may be one of the parts
    of either sum. Columns that take no part are '' (left out), memo columns keep their names.
    None when the header is not one aging fragment a column (fewer or more names than columns,
    fewer than two buckets, no single total past due and current) or when the positions do not
    add up: the other readers of the header then decide."""
    names = column_names(fragments)
    if len(names) < n:
        return None
    lead, names = names[:len(names) - n], names[len(names) - n:]
    if any(aging_role(x) for x in lead):
        return None  # a name of an aging column left over: the fragments are not one a column
    roles = [aging_role(x) for x in names]
    buckets = [i for i, r in enumerate(roles) if r == "bucket"]
    ptotal = [i for i, r in enumerate(roles) if r == PAST_DUE_TOTAL]
    current = [i for i, r in enumerate(roles) if r == CURRENT]
    total = [i for i, r in enumerate(roles) if r == TOTAL_LOANS]
    if len(buckets) < 2 or len(ptotal) != 1 or len(current) != 1 or len(total) > 1:
        return None
    ranges = [parse_bucket(names[i]) for i in buckets]
    if ranges != sorted(ranges, key=lambda b: b or (0, 0)) or len(set(ranges)) < len(ranges):
        return None
    grid = grid_values(rows, n)
    p, c = ptotal[0], current[0]
    if max(buckets) > p:
        return None
    labels = [""] * n
    if not grid:
        return labels
    # a column printed between the buckets and their total ("In Foreclosure") is one more part
    # of the past due when the sum says so; otherwise a memo, left out. A memo column named so
    # ("Nonaccrual", "90 Days or More and Still Accruing") may be a part as well: of the past due
    # when printed among its buckets, of the total when printed beside current
    memos = [i for i, r in enumerate(roles) if r in (*_MEMOS, NONPERFORMING)]
    between = [i for i in range(min(buckets), p) if i not in buckets and roles[i] is None]
    inner = [i for i in memos if min(buckets) < i < p]
    parts = next((s for s in (buckets + between + inner, buckets + inner, buckets + between, buckets)
                  if ties(grid, s, p)), None)
    outer = [i for i in memos if parts is None or i not in parts]
    extra = [list(s) for k in range(len(outer) + 1) for s in combinations(outer, k)]
    if total:
        whole = total[0] if any(ties(grid, [p, c, *e], total[0]) for e in extra) else None
    else:
        tie = [t for t in range(max(p, c) + 1, n) if roles[t] is None
               and any(ties(grid, [p, c, *e], t) for e in extra if t not in e)]
        whole = tie[0] if len(tie) == 1 else None
    if parts is None or whole is None:
        # the names do not add up as placed: the reading of the header by its vocabulary and the
        # figures (columns.read_columns' other readers) decides, not a blank table
        return None
    for i in [*buckets, p, c, *(m for m in memos if roles[m] != NONPERFORMING)]:
        labels[i] = names[i]
    labels[whole] = names[whole] if total else "Total loans"
    return labels


def names_straddle_stub(fragments: Sequence[str], n: int) -> bool:
    """Aging column names printed on both sides of the row labels' own heading ("90+ days and
    still accruing | 60-89 days past due | 30-59 days past due" / "(Dollars in thousands) |
    Nonaccrual | Current | Total Loans"), the line after it naming fewer than the `n` columns.

    The stub heading opens the header's bottom line, so the names before it stand on a line
    above; with the bottom line naming only some columns, nothing in the reading order says
    which column either line's names stand over (the cells may run "Nonaccrual | 90+ | 60-89 |
    30-59 | Current | Total"). Only the figures can then place them."""
    stubs = [i for i, f in enumerate(fragments) if scale_statements(f) and not aging_role(f.strip())]
    if not stubs:
        return False
    before = [x for x in column_names(fragments[:stubs[-1]]) if aging_role(x)]
    after = [x for x in column_names(fragments[stubs[-1] + 1:]) if aging_role(x)]
    if before and after and segment_item_header(column_names(fragments[stubs[-1] + 1:]), n):
        # the words after the stub name every column: the name before it is a heading over a
        # run of them ("Loans Past Due and Still Accruing" over the buckets and their total)
        return False
    return bool(before) and bool(after) and len(after) < n


def total_unnamed(labels: Sequence[str], rows: Grid) -> bool:
    """Aging labels that nothing can check (`labels_add_up` is None) while the figures prove one
    column the sum of all the others in every row, and the labels do not call it the total:
    the names sit over the wrong columns ("Current | 30-59 | 60-89 | 90+ accruing | Nonaccrual |
    Total Loans" stacked over three header lines, read as "30-59 | 60-89 | 90+ | Current | …"),
    so every figure under them would be shifted."""
    n = len(labels)
    grid = grid_values(rows, n)
    if len(grid) < 2 or n < 3 or labels_add_up(labels, rows) is not None:
        return False
    if not any(parse_bucket(lab) for lab in labels):
        return False
    sums = [t for t in range(n) if ties(grid, [i for i in range(n) if i != t], t)]
    return len(sums) == 1 and label_role(labels[sums[0]], DELINQUENCY) != TOTAL_LOANS


def accruing_buckets(fragments: Sequence[str], labels: list[str]) -> list[str]:
    """Bucket labels read under a heading printed above them that says the buckets count
    accruing loans only ("Days Past Due and Accruing" over "30-59 | 60-89 | 90+", a
    "Nonaccrual" column beside them): the open-ended bucket is then the loans 90 days past due
    and still accruing, a memo beside the nonaccrual loans, never the whole 90+ bucket (the
    loans past due 90 days that stopped accruing sit in the nonaccrual column). The closed
    buckets keep their ranges. The labels unchanged when no such heading comes before the
    header's first bucket, or when a column already names the accruing 90+ loans."""
    first = next((i for i, f in enumerate(fragments) if parse_bucket(f.strip())), None)
    if first is None or not any(_ACCRUING_HEADING.match(f.strip()) for f in fragments[:first]):
        return labels
    if any(label_role(lab, DELINQUENCY) == PAST_DUE_90_ACCRUING for lab in labels):
        return labels
    out = list(labels)
    for i, lab in enumerate(labels):
        b = parse_bucket(lab) if is_bucket_column(lab) else None
        if b and b[1] is None:
            out[i] = f"{lab} past due and accruing"
    return out


def accruing_by_title(cols: list[ColumnInfo], title: str, rows: Grid = ()) -> list[ColumnInfo]:
    """An aging whose title says its past-due figures are the ones "still accruing", the
    non-performing (or nonaccrual) named apart ("Age Analysis of Past Due Financing Receivables
    Still Accruing Interest and Non-Performing Financing Receivables"): its open 90-days column
    ("90 Days or Greater Past Due") holds loans 90 days past due and still accruing, never the
    90+ bucket of every loan (the ones that stopped accruing are a column of their own). Not
    where a column of the table names the accruing ones itself ("90+ days past due and
    accruing" beside "90 Days or More Past Due", an aging "without regard to accrual status"
    whose text speaks of loans still accruing): its open 90-days column holds every loan. Nor
    where the table ages every loan itself: it prints the current loans and no non-performing
    column (past due + current = all loans; a title naming the accruing loans, "Past Due Loans,
    Nonaccrual Loans and Loans Past Due 90 Days and Still Accruing", may then speak of another
    table of the page). The non-performing column is read as the nonaccrual loans only where the
    rows prove it apart from the past due: past due + non-performing + current = total on every
    row (`rows`, the table's figures); a non-performing column that overlaps the past due is
    left as it is."""
    if not (_STILL_ACCRUING.search(title) and _APART.search(title)) \
            or any(_ACCRUING.search(c.item) for c in cols):
        return cols
    if any(_CURRENT.match(c.item) for c in cols) and not any(_APART.search(c.item) for c in cols):
        return cols
    for c in cols:
        if parse_bucket(c.item) == (90, None) and not re.search(r"\baccru", c.item, re.I):
            c.item = f"{c.item} and still accruing"
        elif _NONPERFORMING_ITEM.match(c.item) and _apart_from_past_due(cols, rows, c):
            # the past-due loans counted are those still accruing, the non-performing named
            # apart: the non-performing column holds the loans that stopped accruing
            c.item = f"{c.item} (nonaccrual)"
    return cols


def _apart_from_past_due(cols: list[ColumnInfo], rows: Grid, nonperforming: ColumnInfo) -> bool:
    """Past due (its total column, or its buckets) + the non-performing + current = the total on
    every full row: the non-performing loans are none of the past-due ones."""
    roles = [label_role(c.item, DELINQUENCY) for c in cols]
    current = [i for i, r in enumerate(roles) if r == CURRENT]
    total = [i for i, r in enumerate(roles) if r == TOTAL_LOANS]
    past_due = [i for i, r in enumerate(roles) if r == PAST_DUE_TOTAL] or \
        [i for i, c in enumerate(cols) if roles[i] is None and is_bucket_column(c.item)]
    if len(current) != 1 or len(total) != 1 or not past_due:
        return False
    parts = [*past_due, cols.index(nonperforming), current[0]]
    return ties(grid_values(rows, len(cols)), parts, total[0])

