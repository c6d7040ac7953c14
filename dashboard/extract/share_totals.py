"""An aging printed with each amount's share of the whole ("Current $1,593 98.2 % | 30-59 days 11
0.7 % | … | Total consumer loans and interest receivable $1,622 100.0 %"): the line whose share
is 100% in every share column, under lines whose shares add up to 100%, is the table's total,
whatever its label says, and even when a rendering lost some lines' amounts (their shares kept),
so that no sum of the amounts can prove it. The shares are the page's own proof, given that one
of the lines above is the current loans' (past-due buckets alone add up to 100% of the past due,
never of the book) and, where every line printed its amounts, that they add up too."""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.item_columns import is_bucket_column
from dashboard.extract.table import Row
from dashboard.model.schema import CURRENT, DELINQUENCY, TOTAL_LOANS


def _shares(r: Row, cols: list[int], n: int) -> list[float] | None:
    """A line's shares, one per share column: a full line's at those columns, a short line's
    when it printed the shares alone (its amounts lost)."""
    if len(r.values) == n and all(r.values[j] is not None and r.values[j].percent for j in cols):
        return [r.values[j].value for j in cols]  # type: ignore[union-attr]
    if len(r.values) == len(cols) and all(v is not None and v.percent for v in r.values):
        return [v.value for v in r.values]  # type: ignore[union-attr]
    return None


def total_by_shares(before: list[Row], after: list[Row], n: int, topic: str) -> dict[int, str]:
    """{id of the line in `after` (the rows once the share columns are left out, in the same
    order): total loans} for the aging's last line when the shares prove it the total; {}
    otherwise."""
    lines = [i for i, r in enumerate(before) if r.values]
    if topic != DELINQUENCY or len(before) != len(after) or len(lines) < 3:
        return {}
    full = [before[i] for i in lines if len(before[i].values) == n]
    cols = [j for j in range(n) if all(r.values[j] is not None and r.values[j].percent for r in full)]
    last = before[lines[-1]]
    if not cols or len(cols) == n or label_role(last.label, topic) is not None:
        return {}
    top = _shares(last, cols, n)
    above = [_shares(before[i], cols, n) for i in lines[:-1]]
    if top is None or len(last.values) != n or any(s is None for s in above) or any(abs(t - 100) > 0.05 for t in top):
        return {}
    tol = 0.05 * len(above) + 1e-9  # each share rounded to a tenth
    if any(abs(sum(s[k] for s in above) - 100) > tol for k in range(len(cols))):  # type: ignore[index]
        return {}
    # the lines above are an aging's: current loans and past-due buckets, nothing else, the
    # current loans among them
    roles = [CURRENT if label_role(before[i].label, topic) == CURRENT else
             "bucket" if is_bucket_column(before[i].label) else None for i in lines[:-1]]
    if None in roles or CURRENT not in roles:
        return {}
    if len(full) == len(lines) and not _amounts_add_up(full, [j for j in range(n) if j not in cols]):
        return {}
    return {id(after[lines[-1]]): TOTAL_LOANS}


def _amounts_add_up(full: list[Row], amounts: list[int]) -> bool:
    """In every amount column whose amounts are all printed the lines above the last add up to
    it, to the printed unit."""
    for j in amounts:
        column = [r.values[j] for r in full]
        if any(v is None for v in column):
            continue
        *above, last = column
        unit = 10.0 ** -max(v.decimals for v in column)  # type: ignore[union-attr]
        if abs(sum(v.value for v in above) - last.value) > 0.5 * unit * len(above):  # type: ignore[union-attr]
            return False
    return True
