"""A loan composition table: classes, their total, the allowance, the net.

"Commercial | … | Installment and other consumer | Total loans | Allowance for loan losses |
Total loans, net": the line below the allowance is the line above it less the allowance, in
every column. That arithmetic proves the line above is the gross loans and the one below the
net, whatever their labels; the lines over the gross that add up to it are its classes (loan
balances, never credit movements, whatever words their names share with a rollforward's:
"Installment and other consumer" is no "Other" line).
"""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model.schema import ALLOWANCE, NET_LOANS, TOTAL_LOANS

_TOL = 1.0 + 1e-9


def gross_and_net(rows: list[Row], topic: str) -> tuple[dict[int, str], set[int]]:
    """({row id: metric} for the gross and net lines, {row id} of the gross's classes)."""
    if topic != ALLOWANCE:
        return {}, set()
    for a in range(1, len(rows) - 1):
        gross, allowance, net = rows[a - 1], rows[a], rows[a + 1]
        if label_role(allowance.label, topic) != "allowance_balance" or not _less_allowance(gross, allowance, net):
            continue
        if label_role(gross.label, topic) is not None or label_role(net.label, topic) is not None:
            continue  # a rollforward's lines, not a composition
        roles = {id(gross): TOTAL_LOANS, id(net): NET_LOANS}
        return roles, _classes_of(rows[: a - 1], gross)
    return {}, set()


def _less_allowance(gross: Row, allowance: Row, net: Row) -> bool:
    n = len(gross.values)
    if n == 0 or len(allowance.values) != n or len(net.values) != n:
        return False
    proven = 0
    for g, al, ne in zip(gross.values, allowance.values, net.values, strict=True):
        if g is None or al is None or ne is None:
            return False
        if abs(abs(g.value) - abs(al.value) - ne.value) > _TOL:
            return False
        proven += bool(al.value)
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
