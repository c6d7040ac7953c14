"""A lessor's table of its investment in leases and loans may list its operating leases beside
its direct financing leases and loans ("Direct financing leases 16,339 / Loans 15,705 / Operating
leases 455 / 32,499 / Allowance (1,040) / 31,459"). An operating lease is the lessor's own
equipment, carried at cost less depreciation: no receivable, no loan, no financing receivable.
Its line is no class of loans, and a total (or a net) that includes it is no figure of the loan
book; the classes that are loans stay, and their sum is the financing receivables.

The line is the operating leases' when its label starts with them ("Operating leases", "Net
investment in operating leases", "Equipment on operating leases"): a class named otherwise that
merely mentions them ("Leases, net of operating leases") is a class of receivables. A net of the
same table and date is left out with the total unless the figures prove it the loans' own (the
classes that are loans less the allowance): a net that may hold the equipment is no figure.
"""

from __future__ import annotations

import re
from datetime import date

from dashboard.extract.reconcile import agree as _close
from dashboard.extract.table import table_of
from dashboard.model.schema import ALLOWANCE_END, DELINQUENCY, NET_LOANS, TOTAL_LOANS, Fact

# the equipment leased out, named at the label's start, never a receivable under those leases
# ("operating lease receivables") nor a class that leaves them out ("Leases, net of operating leases")
_OPERATING = re.compile(r"^(?:(?:net\s+)?investment\s+in\s+|(?:[\w,]+\s+and\s+)?equipment\s+(?:on|under)\s+)?"
                        r"operating\s+leases?\b(?!.*\breceivables?\b)", re.I)


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
                # a net of that total less the allowance includes the equipment as well; only a
                # net the figures prove the loans' own (their classes less the allowance) stays
                loans = sum(f.value for f in parts if id(f) not in drop)
                allowances = [f.value for f in same if f.metric == ALLOWANCE_END and not f.segment]
                drop.update(id(f) for f in same if f.metric == NET_LOANS and not f.segment
                            and not any(_close(loans - a, f.value, len(parts), total.scale) for a in allowances))
    out = [f for f in facts if id(f) not in drop]
    notes = [f"{t}: operating leases (the lessor's equipment, not a receivable) left out of the loans, "
             "with the total that includes them" for t in sorted({k[0] for k in keys})]
    return out, notes
