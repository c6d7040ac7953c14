"""A transposed allowance rollforward: products down the rows, the movements across the columns.

"Balance 7/1/2018 | Provision | Charge-Offs | Recoveries | Balance 9/30/2018 | Receivables |
Allowance as a percentage" over one row per product and an unlabelled total row. The columns
are proven by the table's own arithmetic (opening + each movement = closing, on every row), the
movements are named by the header's rollforward words in their order, and the period by the
header's dates (the opening date and the closing date). The row that is the sum of the others
is the whole portfolio's; the other rows are the products'.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from dashboard.extract.classify import label_role, role_metric
from dashboard.extract.structure import whole_by_sum
from dashboard.extract.table import Block, PageContext, Row
from dashboard.model import vocab
from dashboard.model.dates import find_dates
from dashboard.model.numbers import Number, scaled
from dashboard.model.schema import ALLOWANCE, Fact

_FLOW_ROLES = ("provision", "write_off", "recovery", "other", "net_write_off")
_BALANCE_WORD = re.compile(r"\b(balance|beginning|ending|opening|closing)\b", re.I)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")  # "7/1/2018" over a balance column


def _header_dates(header: list[str]) -> list[date]:
    out = {d for f in header for d in find_dates(f)}
    for f in header:
        for m in _NUMERIC_DATE.finditer(f):
            try:
                out.add(date(int(m[3]), int(m[1]), int(m[2])))
            except ValueError:
                continue
    return sorted(out)


def split_unlabelled_total(rows: list[Row]) -> list[Row]:
    """The last row printed with twice the figures of every row above, its second half being
    the column sums of all the rows above and its first half: an unlabelled total row the
    rendering ran into the last line. The line keeps its own figures; the total is a row of
    its own, labelled "Total". Columns of shares (which never add up) are not checked."""
    if len(rows) < 2 or any(not r.values for r in rows):
        return rows
    last, above = rows[-1], rows[:-1]
    n = len(above[0].values)
    if n < 2 or len(last.values) != 2 * n or any(len(r.values) != n for r in above) or None in last.values:
        return rows
    own, total = last.values[:n], last.values[n:]
    parts = [*above, replace(last, values=own)]
    checked = 0
    for j in range(n):
        column = [r.values[j] for r in parts]
        if any(v is None for v in column):
            return rows
        if all(v.decimals >= 1 and abs(v.value) <= 100 for v in [*column, total[j]]):
            continue  # a share of a total, never a sum
        if abs(sum(v.value for v in column) - total[j].value) > 0.5 * len(column):
            return rows
        checked += 1
    if checked < 2:
        return rows
    return [*above, replace(last, values=list(own)), Row(label="Total", values=list(total), locator=last.locator)]


def _identity(rows: list[Row], n: int) -> tuple[int, int] | None:
    """The first and last column of a run where, on every row, the first column plus the
    columns between equals the last column: the opening balance, the movements, the closing."""
    full = [r.values for r in rows if len(r.values) == n and None not in r.values]
    if len(full) < 2:
        return None
    for b in range(n):
        for e in range(n - 1, b + 2, -1):
            if all(abs(v[b].value + sum(x.value for x in v[b + 1:e]) - v[e].value) <= 1.0 for v in full) \
                    and all(v[e].value for v in full):
                return b, e
    return None


def transposed_rollforward_facts(block: Block, rows: list[Row], n: int, ctx: PageContext) -> list[Fact] | None:
    """The facts of a transposed rollforward, or None when the table is not one."""
    span = _identity(rows, n)
    if span is None:
        return None
    b, e = span
    flows = [role for f in block.header if (role := label_role(f, ALLOWANCE)) in _FLOW_ROLES]
    if len(flows) != e - b - 1 or len(set(flows)) != len(flows) or not any(role != "other" for role in flows):
        return None
    if not any(_BALANCE_WORD.search(f) for f in block.header):
        return None  # the opening and closing columns are balances, and the header says so
    dates = _header_dates(block.header)
    if len(dates) != 2:
        return None
    opening, end = dates
    start = opening if opening.day == 1 else opening + timedelta(days=1)
    items: list[tuple[int, str]] = [(b, "allowance_begin"), *((b + 1 + i, role_metric(r, ALLOWANCE))
                                                            for i, r in enumerate(flows)), (e, "allowance_end")]
    full = [r for r in rows if len(r.values) == n and None not in r.values]
    whole = whole_by_sum({i: r.values[e].value for i, r in enumerate(full)})
    if whole is None or any(whole_by_sum({i: r.values[j].value for i, r in enumerate(full)}) != whole
                            for j, _ in items):
        return None  # no row is proven the total of the products on every column
    facts: list[Fact] = []
    currency = ctx.currency or "USD"
    scale, basis = (ctx.scales.get(currency) or ctx.scales.get("*") or 1), ("stated" if ctx.scales else "assumed")
    for i, r in enumerate(full):
        segment = "" if i == whole else vocab.clean_label(r.label)
        for j, metric in items:
            num: Number = r.values[j]
            value = num.value if metric in vocab.FLOW_METRICS else abs(num.value)
            facts.append(Fact(
                entity=ctx.entity, source=ctx.source, disclosure=ALLOWANCE, metric=metric,
                period_end=end, period_start=start, value=scaled(value, scale), currency=currency,
                scale=scale, scale_basis=basis, label=vocab.clean_label(r.label), segment=segment,
                population=ctx.population,
                locator=f"{block.locator}, row '{vocab.clean_label(r.label)}', column {j + 1}".strip(", "),
                note="a transposed rollforward: the column's movement is proven by opening + movements "
                     "= closing on every row" + ("; the row is the sum of the others" if i == whole else ""),
                extra={"raw": num.value, "decimals": num.decimals},
            ))
    return facts


def split_leading_table(block: Block, rows: list[Row]) -> tuple[Block, Block] | None:
    """A short table printed above stacked tables in one block: its rows come first, carry no
    heading, and all have one width; every later row sits under a heading of its own (the
    stacked tables' "Three Months ended September 30, 2023 | Total | Residential …") and none
    has that width. The leading rows are a table of their own, under the block's header; the
    stacked tables keep their headings, the first of which names their columns."""
    k = next((i for i, r in enumerate(rows) if r.context), 0)
    if k < 2 or any(r.context for r in rows[:k]) or not all(r.context for r in rows[k:]):
        return None
    widths = {len(r.values) for r in rows[:k]}
    if len(widths) != 1 or widths & {len(r.values) for r in rows[k:]}:
        return None
    return replace(block, rows=rows[:k]), replace(block, rows=rows[k:], header=list(rows[k].context), header_joined=None)
