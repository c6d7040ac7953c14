"""An aging or composition whose total line prints every column, then the allowance and the net
under it with one figure each ("Total | 249 | 137 | 27,859 | 28,245" / "Less allowance for credit
losses | 171" / "Total financing receivables - net | 28,074"): the rendering drops the blank
cells, so the lone figures' columns are unknown. The column where the total less the allowance
makes the net, the only one, is theirs: the page's own arithmetic places them."""

from __future__ import annotations

from itertools import combinations

from dashboard.extract.classify import label_role
from dashboard.extract.footing import Placement
from dashboard.extract.table import Row
from dashboard.model.numbers import Number


def deductions_under_a_total(rows: list[Row], n: int, topic: str) -> dict[int, Placement]:
    """Placements of an allowance line and the net line after it, each printing fewer figures
    than columns (as many each), under a complete line: the one set of columns where, column by
    column, the line above less the allowance is the net."""
    out: dict[int, Placement] = {}
    for i in range(1, len(rows) - 1):
        gross, allow, net = rows[i - 1], rows[i], rows[i + 1]
        k = len(allow.values)
        if label_role(allow.label, topic) != "allowance_balance" or not 0 < k < n \
                or len(net.values) != k or len(gross.values) != n \
                or None in gross.values or None in allow.values or None in net.values:
            continue
        fits = [slots for slots in combinations(range(n), k)
                if all(abs(gross.values[j].value - abs(a.value) - t.value) < 1e-6  # type: ignore[union-attr]
                       for j, a, t in zip(slots, allow.values, net.values, strict=True))
                and all(a.value for a in allow.values)]  # type: ignore[union-attr]
        if len(fits) != 1:
            continue
        for row in (allow, net):
            placed: list[Number | None] = [None] * n
            for j, v in zip(fits[0], row.values, strict=True):
                placed[j] = v
            out[id(row)] = Placement(placed, "blank cells left out of the rendering; columns decided by "
                                             "the line above less the allowance making the net")
    return out
