"""A rollforward of the loans' balance: its lines read as an allowance's, its balances are the book.

A lender may roll its loans forward as it rolls their allowance ("A summary of changes in Loans
receivable": "Balance, beginning of period | New loan assignments | Principal collected |
Write-offs | Recoveries | Balance, end of period"). The opening, closing, write-off and recovery
lines are an allowance's words, so the table reads as one; but what it moves is the book itself.
The page proves it: the closing balance is, to the unit, the total loans another line of the page
prints at that date. No allowance can be the whole book it reserves for, so a movement table
closing on the page's total loans moves the loans, and none of its lines is an allowance figure.
"""

from __future__ import annotations

from dashboard.extract.table import same_amount, table_of
from dashboard.model.schema import ALLOWANCE, ALLOWANCE_END, DELINQUENCY, TOTAL_LOANS, Fact


def loans_rolled_forward(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Leave out the allowance facts of each movement table (table and period) whose whole-
    portfolio closing balance equals the page's whole-portfolio total loans at that date."""
    books = [f for f in facts if f.disclosure == DELINQUENCY and f.metric == TOTAL_LOANS
             and not f.segment and f.period_end is not None]
    drop: set[tuple] = set()
    notes: list[str] = []
    for f in facts:
        if not (f.disclosure == ALLOWANCE and f.metric == ALLOWANCE_END and f.period_start is not None
                and not f.segment):
            continue
        if any(b.period_end == f.period_end and b.currency == f.currency and b.population == f.population
               and same_amount(f.value * f.scale, b.value * b.scale) and table_of(b.locator) != table_of(f.locator) for b in books):
            key = (table_of(f.locator), f.period_start, f.period_end)
            if key not in drop:
                drop.add(key)
                notes.append(f"{key[0]} for {f.period_start}..{f.period_end} was left out: its closing "
                             f"balance {f.value:,.0f} is the page's total loans at that date, so it "
                             "moves the loans' balance, not their allowance")
    if not drop:
        return facts, notes
    kept = [f for f in facts if not (f.disclosure == ALLOWANCE and f.period_start is not None
                                     and (table_of(f.locator), f.period_start, f.period_end) in drop)]
    return kept, notes
