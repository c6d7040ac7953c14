"""A loan composition table: classes, their total, the allowance, the net.

"Commercial | … | Installment and other consumer | Total loans | Allowance for loan losses |
Total loans, net": the line below the allowance is the line above it less the allowance, in
every column. That arithmetic proves the line above is the gross loans and the one below the
net, whatever their labels; the lines over the gross that add up to it are its classes (loan
balances, never credit movements, whatever words their names share with a rollforward's:
"Installment and other consumer" is no "Other" line). Other deductions may sit beside the
allowance ("Allowance for Loan Losses | Unamortized Fees | Loans Receivable, Net"): the net is
then the gross less all of them, and the classes over the gross are loans all the same
("Acquired Loans" is no acquisition of allowance).
"""

from __future__ import annotations

import re

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model.schema import ALLOWANCE, NET_LOANS, TOTAL_LOANS

_TOL = 1.0 + 1e-9
# a net line named for what it is net of ("Total loans, net of allowance"): the loans, net
_NET_OF_ALLOWANCE = re.compile(r"\bnet\s+of\s+(?:the\s+)?(?:allowances?|reserves?)\b", re.I)


def gross_and_net(rows: list[Row], topic: str) -> tuple[dict[int, str], set[int]]:
    """({row id: metric} for the gross and net lines, {row id} of the gross's classes)."""
    if topic != ALLOWANCE:
        return {}, set()
    for a, allowance in enumerate(rows):
        if label_role(allowance.label, topic) != "allowance_balance":
            continue
        for g, k in _spans(a, len(rows)):
            gross, net = rows[g], rows[k]
            others = [r for r in rows[g + 1:k] if r is not allowance]
            if label_role(gross.label, topic) is not None or (label_role(net.label, topic) not in (None, NET_LOANS)
                                                              and not _NET_OF_ALLOWANCE.search(net.label)) \
                    or any(label_role(r.label, topic) is not None for r in others):
                continue  # a rollforward's lines, not a composition
            if not _less_deductions(gross, allowance, others, net):
                continue
            roles = {id(gross): TOTAL_LOANS, id(net): NET_LOANS}
            return roles, _classes_of(rows[:g], gross)
    return {}, set()


_MAX_OTHER_DEDUCTIONS = 2


def _spans(a: int, n: int) -> list[tuple[int, int]]:
    """(gross, net) row indexes around the allowance at a, the closest first: the allowance
    alone between them, then with up to two other deductions beside it."""
    spans = [(g, k) for g in range(a - 1 - _MAX_OTHER_DEDUCTIONS, a) for k in range(a + 1, a + 2 + _MAX_OTHER_DEDUCTIONS)
             if g >= 0 and k < n and (k - g - 2) <= _MAX_OTHER_DEDUCTIONS]
    return sorted(spans, key=lambda s: (s[1] - s[0], -s[0]))


def _less_deductions(gross: Row, allowance: Row, others: list[Row], net: Row) -> bool:
    """The net is the gross less the allowance (whatever its printed sign) and less the other
    deductions (printed negative, or all printed positive under a "Less"), in every column."""
    n = len(gross.values)
    lines = [gross, allowance, *others, net]
    if n == 0 or any(len(r.values) != n or any(v is None for v in r.values) for r in lines):
        return False
    proven = 0
    for j in range(n):
        g, al, ne = gross.values[j].value, allowance.values[j].value, net.values[j].value
        rest = [r.values[j].value for r in others]
        as_printed = abs(g) - abs(al) + sum(rest)
        all_deducted = abs(g) - abs(al) - sum(abs(x) for x in rest)
        if abs(as_printed - ne) > _TOL and abs(all_deducted - ne) > _TOL:
            return False
        proven += bool(al)
    return proven > 0


def _classes_of(above: list[Row], gross: Row) -> set[int]:
    """The run of lines straight above the gross line that adds up to it in every column."""
    n = len(gross.values)
    run: list[Row] = []
    for r in reversed(above):
        if len(r.values) != n or any(v is None for v in r.values):
            break
        run.insert(0, r)
        if len(run) >= 2 and all(abs(sum(x.values[j].value for x in run) - gross.values[j].value) <= _TOL
                                 for j in range(n)):
            return {id(x) for x in run}
    return set()
