"""An aging printed with each amount's share of the whole ("Current $1,593 98.2 % | 30-59 days 11
0.7 % | … | Total consumer loans and interest receivable $1,622 100.0 %"): the line whose share
is 100% in every share column, under lines whose shares add up to 100%, is the table's total,
whatever its label says, and even when a rendering lost some lines' amounts (their shares kept),
so that no sum of the amounts can prove it. The shares are the page's own proof."""

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
    # the lines above are an aging's: current loans and past-due buckets, nothing else
    if not all(label_role(before[i].label, topic) == CURRENT or is_bucket_column(before[i].label) for i in lines[:-1]):
        return {}
    return {id(after[lines[-1]]): TOTAL_LOANS}
