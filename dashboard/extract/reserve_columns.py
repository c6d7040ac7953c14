"""Reserves side by side: a rollforward whose columns are the allowance for loans, the reserve
for unfunded commitments and the two combined ("Allowance for Loan and Lease Losses |
Allowance for Unfunded Commitments | Allowance for Credit Losses").

Each column is a population of its own, as when the reserves are stacked in rows. The header
names the loans' and the commitments' reserves; the combined one is often named only "allowance
for credit losses", and the figures say which it is: in every row it is the sum of the others.
Without this the sum column reads as the whole portfolio and the loans' allowance as a part of
it, so the combined reserve would be charted as the loans' allowance.
"""

from __future__ import annotations

from dashboard.extract.footing import row_foots
from dashboard.extract.reconcile import row_population
from dashboard.extract.table import Row
from dashboard.model import table_words
from dashboard.model.vocab import COMBINED_RESERVE, COMMITMENTS_RESERVE


def reserve_columns(header: list[str], rows: list[Row], n: int) -> list[str] | None:
    """Per column, the reserve it holds ('' for the loans' allowance, the main population), when
    the last `n` header fragments each name a reserve and one of them is the commitments';
    None otherwise."""
    heads = [f for f in header if table_words.RESERVE_HEADING.match(f.strip())]
    if n < 2 or len(heads) < n:
        return None
    heads = heads[-n:]
    pops = [row_population(h) for h in heads]
    if COMMITMENTS_RESERVE not in pops:
        return None
    full = [r.values for r in rows if len(r.values) == n and all(v is not None for v in r.values)]
    for j in [j for j, p in enumerate(pops) if not p]:
        others = [k for k in range(n) if k != j]
        if full and all(row_foots(v, others, j) for v in full) and any(
                v[j].value and sum(1 for k in others if v[k].value) >= 2 for v in full):  # type: ignore[union-attr]
            pops[j] = COMBINED_RESERVE
    return pops if pops.count("") == 1 else None
