"""Rollforwards of a balance that is not the allowance, on an allowance page.

A page about purchased credit-impaired loans rolls forward their carrying amount "net of the
allowance" (and its accretable yield, non-accretable difference, contractual cash flows):
"Balance at beginning of period | Principal reductions and interest payments | Accretion of
loan discount | Changes in expected cash flows | Reductions due to disposals | Balance at end
of period". Its balances read as the allowance's by their labels alone, but nothing moves them
that moves an allowance: no provision, no charge-off, no recovery, and several lines that are no
movement of an allowance at all ("Accretion" beside a "Reclassification from nonaccretable yield"
is enough). Such a group of rows is another balance's rollforward; none of its figures is the
allowance's.
"""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model.schema import ALLOWANCE

# the lines that move an allowance: one of them makes the rollforward the allowance's
_ALLOWANCE_MOVES = {"provision", "write_off", "recovery", "net_write_off"}


def other_balance_rollforwards(rows: list[Row], topic: str) -> set[int]:
    """The rows (by id) of each group (the rows under one member or heading) that rolls forward
    a balance from its opening to its closing line with a line of no allowance meaning between
    them and none that moves an allowance."""
    if topic != ALLOWANCE:
        return set()
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        groups.setdefault(tuple(r.context), []).append(r)
    out: set[int] = set()
    for members in groups.values():
        roles = [label_role(r.label, topic) for r in members]
        if "begin" not in roles or "end" not in roles:
            continue
        first, last = roles.index("begin"), len(roles) - 1 - roles[::-1].index("end")
        between = roles[first + 1:last]
        if any(role in _ALLOWANCE_MOVES for role in roles) or None not in between:
            continue
        out |= {id(r) for r in members}
    return out
