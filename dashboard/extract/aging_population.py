"""A page that prints two whole totals of loans at one date, one closing its aging and the other
closing a table of classes, where some of those classes add up to the aging's total and the
others do not: "VOI notes - non-securitized 189,011 / VOI notes - securitized 347,964 / Other
notes 1,604 / Gross notes 538,579" beside an aging of the VOI notes closing at 536,975. The
aging ages only the classes that add up to its total; the gross figure is a wider book (one
with another kind of loan), so it is no second whole total beside the aging's: the class table
becomes a population of its own, named by its total's line, and a chart of the whole draws the
aging's total with the aging's buckets. Two sums of different figures agreeing to the unit are
the page's own proof; without it both totals stay as read (the checks then show the conflict).
The net printed under the wider total (its total less the allowance) goes with it.

Only a sliver of the wider book may be left out of the aging, and at least two classes must add
up to it: where one class alone equals the aging's total, the aging is that class's (a bank's
consumer loans aged on their own: its figures are filed under that class, the book's total stays
the whole), and where the classes left out are a large share, the aging is of a part of the book
(both totals stay as read).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations

from dashboard.extract.reconcile import agree as _close
from dashboard.extract.table import table_of
from dashboard.model.schema import CURRENT, DELINQUENCY, NET_LOANS, PAST_DUE, TOTAL_LOANS, Fact

_MAX_CLASSES = 12  # subsets of at most 2**12 classes are tried: a page's class table is short
_GENERIC = {"total", "totals", ""}
# the share of the wider book its aging may leave out: another kind of loan beside the aged
# ones, a sliver (the real page's homesite notes: 1,604 of 538,579, 0.3%), never a class of size
_MAX_LEFT_OUT = 0.05


def _part_sums_to(parts: list[Fact], want: float, scale: int) -> bool:
    """Some classes, not all and at least two, add up to `want`, and no class alone does (an
    aging that one class equals is that class's)."""
    if any(_close(f.value, want, 1, scale) for f in parts):
        return False
    for k in range(2, len(parts)):
        for sub in combinations(parts, k):
            if _close(sum(f.value for f in sub), want, k, scale):
                return True
    return False


@dataclass
class _Tables:
    """A page's delinquency figures by table: the whole totals by (date, currency, population),
    the tables that age the whole (table, date, currency), the class totals by (table, date,
    currency) and the tables that print classes."""
    wholes: dict[tuple[date | None, str, str], list[Fact]] = field(default_factory=dict)
    aged: set[tuple[str, date | None, str]] = field(default_factory=set)
    classes: dict[tuple[str, date | None, str], list[Fact]] = field(default_factory=dict)
    classed: set[str] = field(default_factory=set)


def _tables(facts: list[Fact]) -> _Tables:
    t = _Tables()
    for f in facts:
        if f.disclosure != DELINQUENCY or f.period_end is None:
            continue
        table = table_of(f.locator)
        if f.segment:
            t.classed.add(table)
        if f.metric == TOTAL_LOANS and not f.segment:
            t.wholes.setdefault((f.period_end, f.currency, f.population), []).append(f)
        elif f.metric in (CURRENT, PAST_DUE) and not f.segment:
            t.aged.add((table, f.period_end, f.currency))
        elif f.metric == TOTAL_LOANS and " – " not in f.segment:
            t.classes.setdefault((table, f.period_end, f.currency), []).append(f)
    return t


def _wider_tables(tables: _Tables) -> dict[str, str]:
    """{class table: population name} for each class table proved wider than the aging beside it
    at every date both print a whole total, at one date at least."""
    wholes, aged, classes = tables.wholes, tables.aged, tables.classes
    verdict: dict[str, bool] = {}
    names: dict[str, str] = {}
    for (end, cur, _), group in wholes.items():
        agings = [f for f in group if (table_of(f.locator), end, cur) in aged]
        others = [f for f in group if (table_of(f.locator), end, cur) not in aged]
        if len(agings) != 1 or not others:
            continue
        a = agings[0]
        for c in others:
            t = table_of(c.locator)
            parts = classes.get((t, end, cur), [])
            if _close(c.value, a.value, 1, c.scale) or not 2 <= len(parts) <= _MAX_CLASSES:
                continue
            proved = (_close(sum(f.value for f in parts), c.value, len(parts), c.scale)
                      and 0 < c.value - a.value <= _MAX_LEFT_OUT * c.value
                      and _part_sums_to(parts, a.value, c.scale))
            verdict[t] = verdict.get(t, True) and proved
            if proved:
                rest = [f.segment for f in parts]
                label = c.label.strip().rstrip(":")
                names[t] = label if label.lower() not in _GENERIC else "all classes incl. " + ", ".join(rest)
    return {t: names[t] for t, ok in verdict.items() if ok}


def _one_class_agings(tables: _Tables) -> dict[str, str]:
    """{aging table: class} for each aging with no classes of its own whose whole total equals
    one class of the class table beside it (whose classes add up to its total), the same class at
    every date both print a whole total, at one date at least."""
    wholes, aged, classes, classed = tables.wholes, tables.aged, tables.classes, tables.classed
    found: dict[str, set[str | None]] = {}
    for (end, cur, _), group in wholes.items():
        agings = [f for f in group if (table_of(f.locator), end, cur) in aged]
        if len(agings) != 1 or table_of(agings[0].locator) in classed:
            continue
        a = agings[0]
        for c in group:
            parts = classes.get((table_of(c.locator), end, cur), [])
            if c is a or not 2 <= len(parts) <= _MAX_CLASSES or c.value <= a.value \
                    or not _close(sum(f.value for f in parts), c.value, len(parts), c.scale):
                continue
            equal = [f.segment for f in parts if _close(f.value, a.value, 1, c.scale)]
            found.setdefault(table_of(a.locator), set()).add(equal[0] if len(equal) == 1 else None)
    return {t: next(iter(names)) for t, names in found.items() if len(names) == 1 and None not in names}


def aging_population(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """The class table wider than the page's aging becomes a population of its own (its total,
    its classes and its net); every other figure stays as read."""
    tables = _tables(facts)
    wider = _wider_tables(tables)
    one_class = _one_class_agings(tables)
    if not wider and not one_class:
        return facts, []
    out = []
    for f in facts:
        t = table_of(f.locator)
        if t in one_class and f.disclosure == DELINQUENCY and not f.segment and not f.population:
            f = replace(f, segment=one_class[t], note="; ".join(x for x in (
                f.note, f"the aging of one class: its total is the class '{one_class[t]}' of the page's "
                        "class table, whose total is the whole book") if x))
        if t in wider and not f.population and (
                (f.disclosure == DELINQUENCY and f.metric == TOTAL_LOANS) or (f.metric == NET_LOANS and not f.segment)):
            f = replace(f, population=wider[t], note="; ".join(x for x in (
                f.note, f"a wider book than the aging's (some of its classes add up to the aging's total, "
                        f"the others are another kind of loan): the population '{wider[t]}'") if x))
        out.append(f)
    notes = [f"{t}: a wider book than the page's aging, read as the population '{p}'" for t, p in wider.items()]
    notes += [f"{t}: the aging of the class '{c}' alone, filed under it" for t, c in one_class.items()]
    return out, notes
