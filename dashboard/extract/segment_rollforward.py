"""A rollforward of one segment's allowance, printed apart from the balances that name it.

A lender may show each book's balance and allowance side by side ("Retail finance receivables |
Less: allowance for loan losses | … | Commercial finance receivables | Less: allowance …") and
then roll forward one of those allowances alone, under a table of its own that names no
segment in its columns. Read alone, that rollforward looks like the whole book's. The page proves
whose it is: its opening balance is, to the unit, that segment's allowance on the day before the
period starts, or its closing balance that segment's allowance on the day it ends, while no
whole-portfolio allowance of the page equals either. Its figures then take that segment.
"""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.extract.table import same_amount, table_of
from dashboard.model.schema import ALLOWANCE, ALLOWANCE_BEGIN, ALLOWANCE_END, Fact


def _balances_of_rollforward(facts: list[Fact]) -> list[tuple[date, float, Fact]]:
    """The opening and closing balances of a rollforward: (the day they stand at, amount, fact)."""
    out = []
    for f in facts:
        if f.period_start is None or f.period_end is None:
            continue
        if f.metric == ALLOWANCE_BEGIN:
            out.append((f.period_start - timedelta(days=1), f.value * f.scale, f))
        elif f.metric == ALLOWANCE_END:
            out.append((f.period_end, f.value * f.scale, f))
    return out


def rollforwards_of_a_segment(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Give each rollforward table (its whole-portfolio allowance facts) the segment whose
    balances on the page its own opening or closing balances are, when none of them is a
    whole-portfolio balance of the page. The facts are changed in place and returned."""
    held = [f for f in facts if f.disclosure == ALLOWANCE and f.metric == ALLOWANCE_END
            and f.period_start is None and f.period_end is not None]
    tables: dict[str, list[Fact]] = {}
    for f in facts:
        if f.disclosure == ALLOWANCE and f.period_start is not None:
            tables.setdefault(table_of(f.locator), []).append(f)
    notes: list[str] = []
    for table, mine in tables.items():
        found: set[str] = set()
        whole = False
        for day, amount, f in _balances_of_rollforward(mine):
            for b in held:
                if table_of(b.locator) == table or b.period_end != day or b.currency != f.currency \
                        or b.population != f.population or not same_amount(amount, b.value * b.scale):
                    continue
                if b.segment and not b.segment.startswith("column "):
                    found.add(b.segment)
                else:
                    whole = True
        if whole or len(found) != 1:
            continue
        segment = found.pop()
        moved = [f for f in mine if not f.segment]
        for f in moved:
            f.segment = segment
        if moved:
            notes.append(f"{table}'s rollforward is of the allowance of '{segment}' alone: its balances are "
                         "that segment's on the page, never the whole book's")
    return facts, notes
