"""How a page's own arithmetic confirms each of its figures: the `verified_by` column.

A figure is only as trustworthy as the checks the page lets us make. Once a document's facts
are all made, each gets one of (DESIGN.md):

- `rollforward`: the allowance column it belongs to ties (opening + provision - write-offs +
  recoveries + other movements = closing, net charge-offs standing in for the two flows);
- `footing`: its past-due buckets add up to the total past due, that and the current loans to
  the total, or its classes (segments) add up to the whole-portfolio figure beside them;
- `derived`: computed from printed parts (set where such a figure is made, never overridden);
- `none`: nothing on the page checks it.

Pure: facts in, new facts out; nothing is dropped or changed but `verified_by`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import product

from dashboard.extract.table import table_of
from dashboard.model.schema import (
    ALLOWANCE,
    ALLOWANCE_BEGIN,
    ALLOWANCE_END,
    ALLOWANCE_OTHER,
    BY_DERIVED,
    BY_FOOTING,
    BY_NONE,
    BY_ROLLFORWARD,
    CURRENT,
    DELINQUENCY,
    NET_WRITE_OFF,
    NONACCRUAL,
    PAST_DUE,
    PAST_DUE_TOTAL,
    PROVISION,
    RECOVERY,
    TOTAL_LOANS,
    WRITE_OFF,
    Fact,
)

# the sign each movement takes in "opening + movements = closing"
ADOPTION = "allowance_adoption_adjustment"  # a day-one change in accounting: a movement of its own
_FLOW_SIGN = {PROVISION: 1, WRITE_OFF: -1, RECOVERY: 1, ALLOWANCE_OTHER: 1, ADOPTION: 1}
_MAX_COMBINATIONS = 64  # distinct candidate values per column, multiplied: beyond, no proof is tried


def mark_verified(facts: Sequence[Fact]) -> list[Fact]:
    """The facts, each with `verified_by` set from the arithmetic of the page they came from."""
    how: dict[int, str] = {}
    for group in _groups(facts, (ALLOWANCE,), with_start=True).values():
        for f in _tying_rollforward(group):
            how[id(f)] = BY_ROLLFORWARD
    for group in _groups(facts, (DELINQUENCY,), with_start=False).values():
        for f in _footing_aging(group):
            how.setdefault(id(f), BY_FOOTING)
    for f in _footing_classes(facts):
        how.setdefault(id(f), BY_FOOTING)
    out = []
    for f in facts:
        if f.verified_by == BY_DERIVED:
            out.append(f)
        else:
            out.append(replace(f, verified_by=how.get(id(f), BY_NONE)))
    return out


def _groups(facts: Iterable[Fact], disclosures: tuple[str, ...], with_start: bool
            ) -> dict[tuple, list[Fact]]:
    out: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.disclosure in disclosures and f.period_end is not None:
            key = (f.population, f.segment, f.currency, f.period_start if with_start else None,
                   f.period_end)
            out.setdefault(key, []).append(f)
    return out


def _unit(f: Fact) -> Decimal:
    """The smallest step the figure was printed in, in whole currency units."""
    decimals = f.extra.get("decimals", 0) if f.extra else 0
    decimals = decimals if isinstance(decimals, int) and decimals >= 0 else 0
    return Decimal(f.scale or 1) / (Decimal(10) ** decimals)


def _dec(f: Fact) -> Decimal:
    return Decimal(repr(float(f.value)))


def _ties(total: Decimal, parts: Sequence[tuple[int, Fact]], printed: Sequence[Fact]) -> bool:
    """sum(sign * part) == total to the last printed digit (filers foot their tables exactly,
    a rounding difference forced into one line)."""
    got = sum((sign * _dec(f) for sign, f in parts), Decimal(0))
    tol = max(_unit(f) for f in printed) * Decimal("0.5")
    return abs(got - total) <= tol


def _candidates(group: list[Fact]) -> dict[str, list[Fact]]:
    """Per metric, one fact per distinct value (a figure repeated by a second table is one)."""
    out: dict[str, list[Fact]] = {}
    for f in group:
        same = out.setdefault(f.metric, [])
        if not any(abs(_dec(g) - _dec(f)) <= _unit(f) / 2 for g in same):
            same.append(f)
    return out


def _tying_rollforward(group: list[Fact]) -> list[Fact]:
    """The facts of one rollforward column when opening + movements = closing, else []."""
    cand = _candidates(group)
    if ALLOWANCE_BEGIN not in cand or ALLOWANCE_END not in cand:
        return []
    flows = [m for m in (PROVISION, WRITE_OFF, RECOVERY, ALLOWANCE_OTHER, ADOPTION) if m in cand]
    nets = cand.get(NET_WRITE_OFF, [])
    if ADOPTION in cand:
        # the opening line may already include the day-one adjustment: try it both ways
        with_it = _tie_flows(cand, flows, nets)
        return with_it or _tie_flows(cand, [m for m in flows if m != ADOPTION], nets)
    return _tie_flows(cand, flows, nets)


def _tie_flows(cand: dict[str, list[Fact]], flows: list[str], nets: list[Fact]) -> list[Fact]:
    gross = WRITE_OFF in cand or RECOVERY in cand
    if not flows and not nets:
        return []
    keys = [ALLOWANCE_BEGIN, ALLOWANCE_END, *flows]
    options = [cand[k] for k in keys]
    size = 1
    for o in options:
        size *= len(o)
    if size > _MAX_COMBINATIONS:
        return []
    for combo in product(*options):
        begin, end, *moves = combo
        parts = [(1, begin), *((_FLOW_SIGN[f.metric], f) for f in moves)]
        if _ties(_dec(end), parts, combo):
            tied = list(combo)
            # net charge-offs are a subtotal: confirmed when they are the gross flows netted
            wo = next((f for f in moves if f.metric == WRITE_OFF), None)
            rec = next((f for f in moves if f.metric == RECOVERY), None)
            for n in nets:
                if wo is not None and _ties(_dec(n), [(1, wo), (-1, rec)] if rec else [(1, wo)],
                                            [n, wo, *([rec] if rec else [])]):
                    tied.append(n)
            return tied
    if nets and not gross:
        for combo in product(*options):
            begin, end, *moves = combo
            for n in nets:
                parts = [(1, begin), (-1, n), *((_FLOW_SIGN[f.metric], f) for f in moves)]
                if _ties(_dec(end), parts, [*combo, n]):
                    return [*combo, n]
    return []


def _footing_aging(group: list[Fact]) -> list[Fact]:
    """The aging figures of one date that add up: buckets to the total past due, that and the
    current loans to the total loans."""
    buckets = sorted((f for f in group if f.metric == PAST_DUE and f.days_from is not None),
                     key=lambda f: (f.days_from or 0, f.days_to if f.days_to is not None else 10**6))
    if len({(f.days_from, f.days_to) for f in buckets}) != len(buckets) or any(
            a.days_to is None or (b.days_from or 0) <= a.days_to
            for a, b in zip(buckets, buckets[1:], strict=False)):
        buckets = []  # overlapping or repeated buckets prove nothing by their sum
    one = {m: [f for f in group if f.metric == m] for m in (PAST_DUE_TOTAL, CURRENT, TOTAL_LOANS)}
    ptotal, current, total = (x[0] if len(x) == 1 else None for x in one.values())
    out: list[Fact] = []
    if ptotal is not None and len(buckets) >= 2 and _ties(_dec(ptotal), [(1, b) for b in buckets],
                                                          [ptotal, *buckets]):
        out += [ptotal, *buckets]
    if ptotal is not None and current is not None and total is not None and _ties(
            _dec(total), [(1, ptotal), (1, current)], [total, ptotal, current]):
        out += [ptotal, current, total]
    elif buckets and current is not None and total is not None and _ties(
            _dec(total), [(1, current), *((1, b) for b in buckets)], [total, current, *buckets]):
        out += [current, total, *buckets]
    return out


def _footing_classes(facts: Sequence[Fact]) -> list[Fact]:
    """Whole-portfolio figures with the classes (segments) beside them that add up to them."""
    keyed: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.period_end is None:
            continue
        key = (f.disclosure, f.metric, f.days_from, f.days_to, f.period_start, f.period_end,
               f.currency, f.population)
        keyed.setdefault(key, []).append(f)
    # a loans table may print the loans that stopped accruing as a column beside its classes
    # ("Fixed Rate | Variable Rate | Non-accrual | Total"): a part of each total, of no class
    stopped = {(table_of(f.locator), f.period_end, f.currency, f.population): f for f in facts
               if f.metric == NONACCRUAL and not f.segment and f.period_end is not None}
    out: list[Fact] = []
    for group in keyed.values():
        wholes = [f for f in group if not f.segment]
        parts = [f for f in group if f.segment]
        if not wholes or len(parts) < 2:
            continue
        for whole in wholes:
            extra = stopped.get((table_of(whole.locator), whole.period_end, whole.currency,
                                 whole.population)) if whole.metric == TOTAL_LOANS else None
            for chosen in _partitions(parts):
                tried = [chosen, *([[*chosen, extra]] if extra is not None else [])]
                got = next((c for c in tried if len(c) >= 2 and _ties(
                    _dec(whole), [(1, p) for p in c], [whole, *c])), None)
                if got is not None:
                    out += [whole, *got]
                    break
    return out


def _partitions(parts: list[Fact]) -> list[list[Fact]]:
    """Ways the segments may split the whole: all of them, the top-level classes (no "A – B"
    sub-class), or the leaves (no class that has sub-classes of its own)."""
    segs = {f.segment for f in parts}
    tops = [f for f in parts if " – " not in f.segment and " | " not in f.segment]
    parents = _parents(segs)
    leaves = [f for f in parts if f.segment not in parents]
    seen: list[list[Fact]] = []
    for c in (parts, tops, leaves):
        if c and all({id(x) for x in c} != {id(x) for x in s} for s in seen):
            seen.append(c)
    return seen


def _parents(segs: set[str]) -> set[str]:
    """The segments that have sub-classes ("A" when "A – B" or "A | B" is there too): every
    prefix of a segment that ends where a separator starts."""
    out: set[str] = set()
    for s in segs:
        for sep in (" – ", " | "):
            k = s.find(sep)
            while k != -1:
                out.add(s[:k])
                k = s.find(sep, k + 1)
    return out
