"""A lessor's table of its investment in leases and loans may list its operating leases beside
its direct financing leases and loans ("Direct financing leases 16,339 / Loans 15,705 / Operating
leases 455 / 32,499 / Allowance (1,040) / 31,459"). An operating lease is the lessor's own
equipment, carried at cost less depreciation: no receivable, no loan, no financing receivable.
Its line is no class of loans, and a total (or a net) that includes it is no figure of the loan
book; the classes that are loans stay, and their sum is the financing receivables.
"""

from __future__ import annotations

import re
from datetime import date

from dashboard.extract.table import table_of
from dashboard.model.schema import DELINQUENCY, TOTAL_LOANS, Fact

# the equipment leased out, never a receivable under those leases ("operating lease receivables")
_OPERATING = re.compile(r"\boperating\s+leases?\b(?!.*\breceivables?\b)", re.I)
_NET_LOANS = "net_loans"


def _close(a: float, b: float, n: int, scale: int) -> bool:
    return abs(a - b) <= 0.5 * max(n, 1) * max(scale, 1)


def without_operating_leases(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Operating-lease lines read as a class of loans are left out, and so are the whole total
    and net of the same table and date when they include them (the classes, operating leases
    among them, add up to the total)."""
    leases = [f for f in facts if f.disclosure == DELINQUENCY and f.metric == TOTAL_LOANS and f.segment
              and _OPERATING.search(f.segment)]
    if not leases:
        return facts, []
    keys: set[tuple[str, date | None, str]] = {(table_of(f.locator), f.period_end, f.currency) for f in leases}
    drop = {id(f) for f in leases}
    for key in keys:
        same = [f for f in facts if (table_of(f.locator), f.period_end, f.currency) == key]
        parts = [f for f in same if f.disclosure == DELINQUENCY and f.metric == TOTAL_LOANS and f.segment
                 and " – " not in f.segment]
        for total in (f for f in same if f.metric == TOTAL_LOANS and not f.segment):
            if _close(sum(f.value for f in parts), total.value, len(parts), total.scale):
                drop.add(id(total))
                # the net of that total less the allowance includes the equipment as well
                drop.update(id(f) for f in same if f.metric == _NET_LOANS and not f.segment)
    out = [f for f in facts if id(f) not in drop]
    notes = [f"{t}: operating leases (the lessor's equipment, not a receivable) left out of the loans, "
             "with the total that includes them" for t in sorted({k[0] for k in keys})]
    return out, notes
