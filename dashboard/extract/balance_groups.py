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
from dashboard.model import table_words, vocab
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
        if table_words.ALLOWANCE_HEADING.search(text):
            return None
        if table_words.LOAN_BALANCE_HEADING.match(text):
            return tuple(r.context[:k + 1])
    return None


def _balance_groups(rows: list[Row]) -> list[list[Row]]:
    """The groups of rows under a heading naming the loans' balance that are no rollforward."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        key = _governing_heading(r)
        if key is not None:
            groups.setdefault(key, []).append(r)
    out = []
    for group in groups.values():
        roles = {label_role(r.label, ALLOWANCE) for r in group}
        if roles & _FLOW_ROLES and _whole_of(group) is None:
            continue  # a rollforward under a class that happens to be called "Loans"
        # lines a row named whole adds up ("Individually evaluated" + "Collectively evaluated"
        # + "Acquired impaired loans" = "Total"): the loans' composition, whatever a line's
        # words would mean in a rollforward ("acquired" is no movement there)
        out.append(group)
    return out


def loan_balance_rows(rows: list[Row], topic: str) -> set[int]:
    """The rows (ids) of an allowance table that sit under a heading naming the loans' balance,
    in groups with no movement line, leaving out any line that names the allowance itself."""
    if topic != ALLOWANCE:
        return set()
    out: set[int] = set()
    for group in _balance_groups(rows):
        out |= {id(r) for r in group if not _names_allowance(r.label)}
    return out | _beside_the_allowance(rows) | _beyond_the_balance(rows)


def _beyond_the_balance(rows: list[Row]) -> set[int]:
    """Lines by impairment method ("Ending balance individually evaluated for impairment", "…
    collectively …") printed straight after the closing balance, with no heading between that
    names the loans (a page cut off before it, or a table that prints none), that cannot be its
    parts: in a column where all of them print figures they do not add up to the balance, those
    that exceed it (a part never exceeds its whole) are the loans behind the allowance (21,015
    and 316,420 of recorded investment under an allowance of 5,604)."""
    out: set[int] = set()
    for k, r in enumerate(rows):
        if table_words.BY_METHOD_END.match(vocab.clean_label(r.label)) or label_role(r.label, ALLOWANCE) != "end":
            continue
        j = k + 1
        while j < len(rows) and table_words.BY_METHOD_END.match(vocab.clean_label(rows[j].label)):
            j += 1
        lines = rows[k + 1:j]
        if len(lines) < 2 or any(len(x.values) != len(r.values) for x in lines):
            continue
        for c, balance in enumerate(r.values):
            column = [x.values[c] for x in lines]
            if balance is None or any(v is None for v in column):
                continue
            if abs(sum(v.value for v in column) - balance.value) > 0.5 * (len(column) + 1):
                # only the lines that exceed it: one equal to the balance may well be its part
                out |= {id(x) for x, v in zip(lines, column, strict=True) if abs(v.value) > abs(balance.value) + 0.5}
    return out


def loan_balance_totals(rows: list[Row], topic: str) -> set[int]:
    """Of those groups, the row named whole ("Total") that is the sum of every other line of
    its group in every column: the loans' total (the table's Total column, the whole book's)."""
    if topic != ALLOWANCE:
        return set()
    return {id(t) for group in _balance_groups(rows) if (t := _whole_of(group)) is not None}


def lines_of_a_total(rows: list[Row], topic: str, read: set[int]) -> set[int]:
    """Lines a word of theirs would make a movement ("Acquired impaired loans") in a group of
    lines under one heading that a row named whole ("Total") adds up, with no opening or closing
    balance and no provision, charge-off or recovery among them: a balance split into its
    parts (the allowance by impairment method), never a movement of it. Groups with a row
    `read` otherwise (a loan composition's classes and total) are left as read."""
    if topic != ALLOWANCE:
        return set()
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        if r.context:
            groups.setdefault(tuple(r.context), []).append(r)
    out: set[int] = set()
    for group in groups.values():
        roles = [label_role(r.label, ALLOWANCE) for r in group[:-1]]
        if _whole_of(group) is None or any(x is not None and x not in _OTHER_ROLES for x in roles) \
                or any(id(r) in read for r in group):
            continue
        out |= {id(r) for r, x in zip(group, roles, strict=False) if x in _OTHER_ROLES}
    return out


_OTHER_ROLES = frozenset({"other", "adoption"})


def _whole_of(group: list[Row]) -> Row | None:
    """The group's last row, when it is named whole and, with two or more lines above it, is
    their sum in every column (every cell printed)."""
    if len(group) < 3 or not table_words.WHOLE_ROW.match(vocab.clean_label(group[-1].label)):
        return None
    total, parts = group[-1], group[:-1]
    n = len(total.values)
    if n == 0 or any(len(r.values) != n or any(v is None or v.percent for v in r.values) for r in group):
        return None
    if any(table_words.WHOLE_ROW.match(vocab.clean_label(r.label)) for r in parts):
        return None
    sums = all(abs(sum(r.values[j].value for r in parts) - total.values[j].value) <= 0.5 * len(group)  # type: ignore[union-attr]
               for j in range(n))
    return total if sums and any(total.values[j].value for j in range(n)) else None  # type: ignore[union-attr]


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
        if not table_words.ALLOWANCE_HEADING.search(_heading_text(key[-1])) \
                or any(label_role(r.label, ALLOWANCE) not in _CLOSING for r in group):
            continue
        lines = {vocab.clean_label(r.label).lower() for r in group}
        for other, members in groups.items():
            if other[:-1] != key[:-1] or other == key or table_words.ALLOWANCE_HEADING.search(_heading_text(other[-1])):
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
