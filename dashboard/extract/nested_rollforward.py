"""A second allowance rollforward on one page that rolls forward a part of the first.

A lender may roll forward the allowance of all its receivables (loans, fees, membership
receivables) and then, in a table that names nothing in its columns, the allowance of one part
of them ("Finance receivables charged off"). Read alone, both look like the whole book's and
the page gives two different figures for one key. The arithmetic says which is the part: over
the same periods, its every balance and movement is at most the other's, smaller somewhere and
equal on some balance (a part's allowance, provisions and charge-offs cannot exceed those of
the receivables it is part of, and on a day the part was all of them the two balances are one;
two reserves side by side merely differ). Its figures then take a population of their own,
named by its write-off line.
"""

from __future__ import annotations

import re

from dashboard.extract.table import table_of
from dashboard.model import vocab
from dashboard.model.schema import ALLOWANCE, ALLOWANCE_BEGIN, ALLOWANCE_END, Fact

_TOL = 0.5
# the verb of a write-off line, left out of the population's name ("Finance receivables
# charged off" names the finance receivables)
_VERB = re.compile(r"\s*(?:charged[\s-]+off|written[\s-]+off|charge[\s-]*offs?|write[\s-]*offs?)\s*$", re.I)
_MIN_SHARED = 4  # keys both tables print: enough to compare more than one balance
_BALANCES = frozenset({ALLOWANCE_BEGIN, ALLOWANCE_END})


def _key(f: Fact) -> tuple:
    return (f.metric, f.period_start, f.period_end, f.currency)


def _amount(f: Fact) -> float:
    return abs(f.value * f.scale)


def nested_rollforwards(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Give the whole-portfolio rollforward that is a part of another one on the page (every
    shared figure at most the other's, one smaller) a population of its own. The facts are
    changed in place and returned."""
    tables: dict[str, dict[tuple, Fact]] = {}
    for f in facts:
        if f.disclosure == ALLOWANCE and f.period_start is not None and not f.segment and not f.population:
            tables.setdefault(table_of(f.locator), {})[_key(f)] = f
    notes: list[str] = []
    names = list(tables)
    for a in names:
        for b in names:
            if a == b:
                continue
            part, whole = tables[a], tables[b]
            shared = [k for k in part if k in whole]
            if len(shared) < _MIN_SHARED or len(shared) < len(part):
                continue
            if any(_amount(part[k]) > _amount(whole[k]) + _TOL for k in shared) \
                    or not any(_amount(part[k]) < _amount(whole[k]) - _TOL for k in shared):
                continue
            # a balance the two print alike (the part was all of it on that day): the tables
            # hold one reserve and its part, never two reserves side by side that merely differ
            if not any(k[0] in _BALANCES and _amount(part[k]) > _TOL
                       and abs(_amount(part[k]) - _amount(whole[k])) <= _TOL for k in shared):
                continue
            name = _population_name(part.values())
            for f in part.values():
                f.population = name
            notes.append(f"{a}'s rollforward is a part of {b}'s (no figure above it, some below): "
                         f"filed as the population '{name}'")
            break
    return facts, notes


def _population_name(facts: object) -> str:
    """The part's name from its write-off line ("Finance receivables charged off"), else a
    plain description."""
    for f in facts:  # type: ignore[attr-defined]
        if f.metric == "write_off":
            name = _VERB.sub("", vocab.clean_label(f.label)).strip(" ,:")
            if name and name.casefold() not in ("loans", "receivables", "less", ""):
                return name
    return "a part of the receivables rolled forward above"
