"""Lines of an allowance table that are the loans' balance, not the allowance.

"Allowance and Recorded Investment in Loans" tables roll the allowance forward and then
print the same lines again under a heading that names the loans ("Loans:", "Loans & Leases:",
"Recorded investment", "Financing receivables"): "Ending balance", "…: individually evaluated
for impairment", "…: collectively evaluated for impairment". Those are the loans behind the
allowance, whatever the line's words say. The heading closest to a line decides: one naming
the allowance ("Allowance for loan losses:") keeps its lines the allowance's.
"""

from __future__ import annotations

import re

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model import vocab
from dashboard.model.schema import ALLOWANCE

# lines of a movement: a group holding one is a rollforward, so its heading is a class
_FLOW_ROLES = frozenset({"provision", "write_off", "recovery", "net_write_off", "other", "adoption"})


def _heading_text(line: str) -> str:
    return re.sub(r"\s*\[(?:member|abstract|line\s+items)\]\s*", " ", vocab.clean_label(line), flags=re.I).strip()


def _governing_heading(r: Row) -> tuple[str, ...] | None:
    """The headings down to the closest one naming a loan balance, when no closer one names the
    allowance; None otherwise."""
    for k in range(len(r.context) - 1, -1, -1):
        text = _heading_text(r.context[k])
        if vocab.ALLOWANCE_HEADING.search(text):
            return None
        if vocab.LOAN_BALANCE_HEADING.match(text):
            return tuple(r.context[:k + 1])
    return None


def loan_balance_rows(rows: list[Row], topic: str) -> set[int]:
    """The rows (ids) of an allowance table that sit under a heading naming the loans' balance,
    in groups with no movement line, leaving out any line that names the allowance itself."""
    if topic != ALLOWANCE:
        return set()
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        key = _governing_heading(r)
        if key is not None:
            groups.setdefault(key, []).append(r)
    out: set[int] = set()
    for group in groups.values():
        roles = {label_role(r.label, ALLOWANCE) for r in group}
        if roles & _FLOW_ROLES:
            continue  # a rollforward under a class that happens to be called "Loans"
        out |= {id(r) for r in group if not _names_allowance(r.label)}
    return out | _beside_the_allowance(rows)


def _beside_the_allowance(rows: list[Row]) -> set[int]:
    """The allowance's closing lines printed again under sibling headings ("Allowance" /
    "Loans" / "Accrued interest to be capitalized", each over "Ending balance: collectively
    evaluated for impairment"): where one sibling names the allowance, the same lines under the
    others are those other balances. Classes are never headed "Allowance", so classes stacked
    as headings are not touched. Lines the rendering hangs under the last sibling after those
    balances ("Other impacts to the provisions …", "Provisions … reported in consolidated
    statements of operations") follow the table's closing balances: no movement of its
    periods and no part of that balance, they are left out too."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        if r.context and r.values:
            groups.setdefault(tuple(r.context), []).append(r)
    out: set[int] = set()
    for key, group in groups.items():
        if not vocab.ALLOWANCE_HEADING.search(_heading_text(key[-1])) \
                or any(label_role(r.label, ALLOWANCE) not in _CLOSING for r in group):
            continue
        lines = {vocab.clean_label(r.label).lower() for r in group}
        for other, members in groups.items():
            if other[:-1] != key[:-1] or other == key or vocab.ALLOWANCE_HEADING.search(_heading_text(other[-1])):
                continue
            repeated = [k for k, r in enumerate(members) if vocab.clean_label(r.label).lower() in lines
                        and label_role(r.label, ALLOWANCE) in _CLOSING]
            if repeated:
                out |= {id(r) for r in members[repeated[0]:]}
    return out


_CLOSING = frozenset({"end", "allowance_balance"})


def _names_allowance(label: str) -> bool:
    """"Balance in allowance for loan losses" is the allowance; "Nonaccruing loans with no
    allowance for credit losses" is loans."""
    return label_role(label, ALLOWANCE) == "allowance_balance" and not _WITHOUT.search(label)


_WITHOUT = re.compile(r"\b(?:no|without)\b", re.I)
