"""An aging told as loan compositions, one under each aging status.

"Gross loans | Less: allowance | Less: fees | Loans, net" for the whole book, then the same lines
again under "Total Current", "1-90 days past due", "> 90 days past due": the gross line of each
status is its loans (current, or the bucket the heading names), the first group's the total. The
groups' gross lines add up to the whole's in every column; that sum proves the reading, and
nothing else is read as aging. The whole's own lines stay a composition table of their own; the
statuses' allowances and nets are no figure any metric holds, and are left out.

A text rendering drops blank cells: the gross lines may print fewer figures than the header has
dates (the prior year's column holds the allowance alone). Where the whole's allowance line is
complete, gross − allowance − the other deductions = net decides the columns, when exactly one
placement does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations

from dashboard.extract.classify import label_role
from dashboard.extract.table import Block, Row
from dashboard.model import vocab
from dashboard.model.buckets import parse_bucket
from dashboard.model.numbers import Number
from dashboard.model.schema import ALLOWANCE, CURRENT, DELINQUENCY, NET_LOANS, TOTAL_LOANS

_TOL = 1.0 + 1e-9
_NET = re.compile(r"\bnet\b", re.I)  # "Loans, net"


def _status(heading: str) -> bool:
    """An aging status: current loans, or a past-due bucket."""
    return label_role(heading, DELINQUENCY) == CURRENT or parse_bucket(heading) is not None


def _gross(group: list[Row]) -> Row | None:
    found = [r for r in group if label_role(r.label, DELINQUENCY) == TOTAL_LOANS]
    return found[0] if len(found) == 1 else None


def _complete(values: list[Number | None]) -> bool:
    return bool(values) and None not in values


def _slots_by_net(group: list[Row], gross: Row, n: int) -> tuple[int, ...] | None:
    """The columns the whole's gross (and net) line fill: the one placement where, column by
    column, gross − allowance − the other deductions (each placed among the same columns) is
    the net. None when no complete allowance line, no single net line, or no single placement."""
    allow = [r for r in group if label_role(r.label, ALLOWANCE) == "allowance_balance"]
    nets = [r for r in group if label_role(r.label, ALLOWANCE) == NET_LOANS or (
        label_role(r.label, ALLOWANCE) is None and _NET.search(vocab.clean_label(r.label)))]
    if len(allow) != 1 or len(allow[0].values) != n or not _complete(allow[0].values) or len(nets) != 1:
        return None
    net, k = nets[0], len(gross.values)
    others = [r for r in group if r not in (gross, allow[0], net)]
    if len(net.values) != k or not _complete(net.values) or any(
            not _complete(o.values) or len(o.values) > k for o in others):
        return None
    fits = []
    for slots in combinations(range(n), k):
        g = dict(zip(slots, (v.value for v in gross.values), strict=True))
        t = dict(zip(slots, (v.value for v in net.values), strict=True))
        rest = {j: g[j] - abs(allow[0].values[j].value) - t[j] for j in slots}
        if not any(allow[0].values[j].value for j in slots):
            continue
        # each other deduction among the same columns, its figures taken off as deductions
        ways = [[dict(zip(s, (abs(v.value) for v in o.values), strict=True))
                 for s in combinations(slots, len(o.values))] for o in others]
        if _any_way(rest, ways):
            fits.append(slots)
    return fits[0] if len(fits) == 1 else None


def _any_way(rest: dict[int, float], ways: list[list[dict[int, float]]]) -> bool:
    if not ways:
        return all(abs(x) <= _TOL for x in rest.values())
    return any(_any_way({j: x - way.get(j, 0.0) for j, x in rest.items()}, ways[1:]) for way in ways[0])


def aging_compositions(block: Block, rows: list[Row], n: int) -> tuple[Block, Block] | None:
    """(the aging table the statuses' gross lines make, the whole's composition table), or
    None when the rows are not such a table (see the module)."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        groups.setdefault(tuple(r.context), []).append(r)
    whole = groups.pop((), None)
    if whole is None or len(groups) < 2 or any(len(key) != 1 or not _status(key[0]) for key in groups):
        return None
    if not any(parse_bucket(key[0]) for key in groups):
        return None
    grosses = {key: _gross(g) for key, g in groups.items()}
    total = _gross(whole)
    if total is None or None in grosses.values():
        return None
    if len({vocab.clean_label(r.label).lower() for r in [total, *grosses.values()]}) != 1:
        return None  # the same line under every status, or another table
    k = len(total.values)
    if not _complete(total.values) or any(len(r.values) != k or not _complete(r.values) for r in grosses.values()):
        return None
    if any(abs(sum(r.values[j].value for r in grosses.values()) - total.values[j].value) > _TOL * len(grosses)
           for j in range(k)):
        return None  # the statuses do not add up to the whole: not its aging
    slots = tuple(range(n)) if k == n else _slots_by_net(whole, total, n)
    if slots is None:
        return None

    def placed(r: Row, label: str) -> Row:
        values: list[Number | None] = [None] * n
        for j, v in zip(slots, r.values, strict=True):
            values[j] = v
        return Row(label=label, values=values, locator=r.locator)

    aging = [placed(grosses[key], key[0]) for key in groups] + [placed(total, total.label)]
    return replace(block, rows=aging), replace(block, rows=whole)
