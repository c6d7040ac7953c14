"""A provision printed with its build-up: "Provision for loan losses before adjustment …",
"Adjustment attributable to FDIC loss share arrangements", "Net provision for loan losses".

Two lines of a rollforward (after its opening balance) both read as the provision, the later
one the earlier plus the lines between them and the last provision line before the closing
balance: the later is the period's provision (what the rollforward moves the allowance
by), the earlier and the lines between are its parts, never a second provision. Proven only by
the arithmetic, column by column.

A line that reads as a provision but is the opening balance plus the movements printed above it
("Loans receivable allowance including provision losses or (recapture)" under the opening
balance and the provision) is a running subtotal of the allowance, never a second provision.
"""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.reconcile import row_population
from dashboard.extract.table import Row
from dashboard.model.numbers import Number
from dashboard.model.schema import ALLOWANCE

_TOL = 1.0 + 1e-9
_MAX_PARTS = 3
_MEMO = "memo"


def provision_build_up(rows: list[Row], topic: str, values: dict[int, list[Number | None]],
                       n: int) -> dict[int, str]:
    """{id(row): "memo"} for the provision lines (and the lines between) that a later provision
    line adds up: that later line equals the earlier plus the one to three lines between them
    (none a credit line of its own) in every column where all of them print a figure, at least
    one such column with a line between printed non-zero. `values`: each row's figures placed
    in the `n` columns."""
    if topic != ALLOWANCE:
        return {}
    out: dict[int, str] = {}
    roles = [label_role(r.label, topic) for r in rows]
    provisions = [k for k, role in enumerate(roles) if role == "provision"]
    for k in provisions[1:]:
        out.update(_running_subtotal(rows, roles, values, n, k))
    for j, k in zip(provisions, provisions[1:], strict=False):
        if id(rows[k]) in out:
            continue
        if k == j + 1:
            out.update(_parts_above(rows, roles, values, n, j, k))
            continue
        between = rows[j + 1:k]
        if not 1 <= len(between) <= _MAX_PARTS or any(roles[i] is not None for i in range(j + 1, k)) \
                or any(row_population(r.label) for r in between):
            continue  # a credit line of its own, or another reserve's ("off-balance sheet credit exposure")
        # within one rollforward, its last provision line: a provision line after it (one more
        # part, "… recorded through the FDIC loss share receivable") leaves the whole unproven
        opening = next((i for i in range(j - 1, -1, -1) if roles[i] == "begin"), None)
        # (a table cut before its closing balance: to its last line)
        closing = next((i for i in range(k + 1, len(rows)) if roles[i] == "end"), len(rows))
        if opening is None or "provision" in roles[k + 1:closing]:
            continue
        lines = [values.get(id(r), r.values) for r in (rows[j], *between, rows[k])]
        if any(len(x) != n for x in lines):
            continue
        full = [c for c in range(n) if all(x[c] is not None and not x[c].percent for x in lines)]
        if not any(x[c].value for x in lines[1:-1] for c in full):
            continue
        if all(abs(sum(x[c].value for x in lines[:-1]) - lines[-1][c].value) <= _TOL * len(lines) for c in full):
            out.update(dict.fromkeys((id(r) for r in (rows[j], *between)), _MEMO))
    return out


def _parts_above(rows: list[Row], roles: list[str | None], values: dict[int, list[Number | None]],
                 n: int, j: int, k: int) -> dict[int, str]:
    """Two provision lines one under the other ("Other items charged to the income statement",
    "Charge to the income statement"), the later the earlier plus the one to three lines of no
    role straight above the earlier (a stage table's subtotal of its transfers' impact), in every
    column where all of them print a figure, one such line printed non-zero there: the later is
    the provision; the earlier and those lines are its parts. {id(row): "memo"}."""
    # within one rollforward, its last provision line (its balances may be dated, not named)
    closing = next((i for i in range(k + 1, len(rows)) if roles[i] == "end"), len(rows))
    if "provision" in roles[k + 1:closing]:
        return {}
    later = values.get(id(rows[k]), rows[k].values)
    for start in range(j - 1, max(j - 1 - _MAX_PARTS, 0), -1):  # never the first line, a balance
        if roles[start] is not None or not rows[start].values:
            return {}
        lines = [values.get(id(r), r.values) for r in rows[start:j + 1]]
        if any(len(x) != n for x in [*lines, later]):
            return {}
        full = [c for c in range(n) if all(x[c] is not None and not x[c].percent for x in [*lines, later])]
        if full and any(x[c].value for x in lines[:-1] for c in full) and all(
                abs(sum(x[c].value for x in lines) - later[c].value) <= _TOL * (len(lines) + 1) for c in full):
            return dict.fromkeys((id(r) for r in rows[start:j + 1]), _MEMO)
    return {}


def _running_subtotal(rows: list[Row], roles: list[str | None], values: dict[int, list[Number | None]],
                      n: int, k: int) -> dict[int, str]:
    """A provision line that is the opening balance plus every line between it and that balance
    (a provision among them), with a non-zero opening, in two or more and most of the columns
    where all of them print a figure: the allowance so far, a subtotal. {id(row): "memo"}."""
    opening = next((i for i in range(k - 1, -1, -1) if roles[i] in ("begin", "end")), None)
    if opening is None or roles[opening] != "begin" or "provision" not in roles[opening + 1:k]:
        return {}
    lines = [values.get(id(r), r.values) for r in rows[opening:k]]
    later = values.get(id(rows[k]), rows[k].values)
    if any(len(x) != n for x in [*lines, later]):
        return {}
    full = [c for c in range(n) if all(x[c] is not None and not x[c].percent for x in [*lines, later])]
    foot = [c for c in full if lines[0][c].value
            and abs(sum(x[c].value for x in lines) - later[c].value) <= _TOL * len(lines)]
    # a column may add a line printed elsewhere (the adoption's opening adjustment, a member
    # of its own): proven in two columns and in most of them
    if len(foot) >= 2 and 2 * len(foot) > len(full):
        return {id(rows[k]): _MEMO}
    return {}
