"""An aging table that prints no total of its own (a rendering cut it off before its total row,
or the filer leaves it to another table) may add up to a total another table of the same page
prints: "Finance receivables $1,042,186" closing a table of loan classes, beside an aging whose
current loans and buckets at that date come to 1,042,186. Two sums of different figures that
agree to the unit are the page's own proof that the figure is the loans the aging ages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dashboard.extract.classify import label_role
from dashboard.extract.columns import column_count, read_columns
from dashboard.extract.table import Block, PageContext, table_of
from dashboard.model.schema import CURRENT, DELINQUENCY, PAST_DUE, PAST_DUE_TOTAL, TOTAL_LOANS, Fact


def _column_totals(block: Block, ctx: PageContext) -> list[tuple[date, str, int, float]]:
    """(date, row label, column, figure) of each row that is, in a dated column, the sum of
    every row above it (two or more, all printed): the table's total. The rows are read from
    copies: reading the columns may blank cells, and the page's rows were read already."""
    rows = [replace(r, values=list(r.values), context=list(r.context)) for r in block.rows if r.values]
    if len(rows) < 3:
        return []
    n = column_count(block, rows, ctx)
    if any(len(r.values) != n or None in r.values for r in rows):
        return []
    cols = read_columns(block, rows, n, ctx)
    out = []
    for k in range(2, len(rows)):
        for j, c in enumerate(cols):
            if c.end is None or c.segment or c.item:
                continue
            parts = sum(r.values[j].value for r in rows[:k])  # type: ignore[union-attr]
            if abs(parts - rows[k].values[j].value) <= 0.5 * k:  # type: ignore[union-attr]
                out.append((c.end, rows[k].label, j, rows[k].values[j].value))  # type: ignore[union-attr]
    return out


def totals_from_other_tables(facts: list[Fact], blocks: list[Block], ctx: PageContext) -> list[Fact]:
    """Total loans for each whole-portfolio aging (per date and currency) that prints none, from
    another table's total that its current loans and buckets add up to exactly."""
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.disclosure == DELINQUENCY and not f.segment and f.period_end is not None:
            groups.setdefault((f.population, f.period_end, f.currency, table_of(f.locator)), []).append(f)
    out: list[Fact] = []
    totals: dict[str, list[tuple[date, str, int, float]]] | None = None
    for (_, end, _, table), g in groups.items():
        metrics = {f.metric for f in g}
        current = [f for f in g if f.metric == CURRENT]
        buckets = sorted((f for f in g if f.metric == PAST_DUE and f.days_from is not None),
                         key=lambda f: f.days_from or 0)
        if TOTAL_LOANS in metrics or PAST_DUE_TOTAL in metrics or len(current) != 1 or len(buckets) < 2:
            continue
        if any(a.days_to is None or (b.days_from or 0) <= a.days_to for a, b in zip(buckets, buckets[1:], strict=False)):
            continue  # overlapping buckets: no sum of them is a total
        scale = current[0].scale
        printed = (current[0].value + sum(f.value for f in buckets)) / scale
        if totals is None:
            totals = {b.locator: _column_totals(b, ctx) for b in blocks}
        found = [(loc, t) for loc, ts in totals.items() if table_of(loc) != table for t in ts
                 if t[0] == end and abs(t[3] - printed) <= 0.5 * (len(buckets) + 1)]
        if len(found) != 1:
            continue
        loc, (_, label, j, value) = found[0]
        out.append(replace(current[0], metric=TOTAL_LOANS, value=value * scale, label=label, concept="",
                           locator=f"{loc}, row '{label}', column {j + 1}", extra={"raw": value},
                           note=f"the total of {table_of(loc)}, which this aging's current loans and buckets "
                                "add up to; the aging prints no total of its own"))
    return out


def grand_totals(facts: list[Fact], blocks: list[Block]) -> list[Fact]:
    """"Total gross loans $ 1,394,827,136" printed alone under two tables of populations ("Loans",
    "Tax advance loans"), each with its own total: the page's whole portfolio when the lone
    figure is the sum of those totals at one date. Only the populations' own totals count (not
    their parts, "Loans – Up to 1 Year Ago"), each from a table of its own, two or more."""
    totals = [f for f in facts if f.disclosure == DELINQUENCY and f.metric == TOTAL_LOANS
              and f.period_end is not None and "derived" not in f.label.lower()]
    if any(not f.segment for f in totals):
        return []
    tops = [f for f in totals if not any(f.segment.startswith(f"{g.segment} – ") for g in totals)]
    by_date: dict[tuple, list[Fact]] = {}
    for f in tops:
        by_date.setdefault((f.period_end, f.currency, f.population), []).append(f)
    out: list[Fact] = []
    for b in blocks:
        for r in b.rows:
            figures = [v for v in r.values if v is not None]
            if len(figures) != 1 or label_role(r.label, DELINQUENCY) != TOTAL_LOANS:
                continue
            found = [g for g in by_date.values()
                     if len(g) >= 2 and len({table_of(f.locator) for f in g}) == len(g)
                     and len({f.segment for f in g}) == len(g)
                     and abs(sum(f.value / f.scale for f in g) - figures[0].value) <= 0.5 * len(g)]
            if len(found) != 1:
                continue
            g = found[0]
            out.append(replace(g[0], value=figures[0].value * g[0].scale, label=r.label, segment="", concept="",
                               locator=f"{b.locator}, row '{r.label}'", extra={"raw": figures[0].value},
                               note="the page's total of its populations' totals ("
                                    + " + ".join(f"'{f.segment}'" for f in g) + ")"))
    return out
