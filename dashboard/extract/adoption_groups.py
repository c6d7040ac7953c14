"""A Details page's adoption member: the day-one change of an accounting standard printed as a
balance of its own under a member ("Impact of adopting ASC 326 | Beginning Balance (3,789)",
"Cumulative Effect, Period of Adoption, Adjustment | Balance at beginning of period 5,793").

The member's one balance line is a movement of the rollforward it adjusts (the group whose
members are the same but for the adoption member): that rollforward's columns tie only with it
(15,637 - 3,789 - 262 + 139 + 9 = 11,734), so footing reads the line as one of its movements.
"""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model.schema import ALLOWANCE


def _headings(rows: list[Row]) -> set[str]:
    """The line-item headings among the rows' contexts: an XBRL abstract heading ("Allowance for
    Loan and Lease Losses [Roll Forward]"), or a last heading that closes the contexts of two or
    more different members ("Allowance for Credit Losses on Loans"); they name no member."""
    under: dict[str, set[tuple[str, ...]]] = {}
    for r in rows:
        if r.context:
            under.setdefault(r.context[-1], set()).add(tuple(r.context[:-1]))
    return {c for r in rows for c in r.context if c.rstrip().endswith("]")} | \
        {c for c, before in under.items() if len(before) >= 2}


def _members(context: list[str], headings: set[str]) -> tuple[str, ...]:
    return tuple(c for c in context if c not in headings)


def adoption_lines(rows: list[Row], groups: list[list[int]], roles: list[str | None], topic: str
                   ) -> dict[int, int]:
    """{row: group} for each adoption member's lone opening-balance line and the group (index
    in `groups`) of the rollforward it adjusts, printed above it."""
    if topic != ALLOWANCE:
        return {}
    out: dict[int, int] = {}
    headings = _headings(rows)
    for k, g in enumerate(groups):
        if len(g) != 1 or roles[g[0]] != "begin":
            continue
        members = _members(rows[g[0]].context, headings)
        # the adoption may be named twice, by the filer's member and by the taxonomy's
        # ("Adoption of CECL | Cumulative Effect, Period of Adoption, Adjustment")
        marks = [m for m in members if label_role(m, ALLOWANCE) == "adoption"]
        if not marks:
            continue
        rest = tuple(m for m in members if m not in marks)
        target = [j for j in range(k) if len(groups[j]) > 1 and _members(rows[groups[j][0]].context, headings) == rest
                  and all(rows[i].context == rows[groups[j][0]].context for i in groups[j])]
        if len(target) == 1 and {"begin", "end"} <= {roles[i] for i in groups[target[0]]}:
            out[g[0]] = target[0]
    return out


def with_adoption(groups: list[list[int]], adopted: dict[int, int], roles: list[str | None]) -> list[list[int]]:
    """The groups with each adoption line read right after its rollforward's opening balance,
    where the adjustment takes effect, as a movement (its role set in `roles`)."""
    out = []
    for k, group in enumerate(groups):
        lines = [i for i, t in adopted.items() if t == k]
        for i in lines:
            roles[i] = "adoption"
        b = next((m for m, i in enumerate(group) if roles[i] == "begin"), None)
        out.append(group if not lines or b is None else [*group[:b + 1], *lines, *group[b + 1:]])
    return out
