"""A table's facts checked against each other: the arithmetic that tells a whole from its parts.

One whole-portfolio figure per line and date (the Total is the sum of the unnamed columns
beside it), the block of repeated rows that sums the others is the whole portfolio, several
reconciling lines of one rollforward are one movement, lines naming the reserve for commitments
keep their population, and the total past due and total loans a table prints only the parts
of are derived. Each change says so in the fact's `note`; nothing changes unless the figures
prove it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from dashboard.extract.classify import label_role, role_metric
from dashboard.model import vocab
from dashboard.model.buckets import bucket_label
from dashboard.model.schema import (
    ALLOWANCE,
    ALLOWANCE_BEGIN,
    ALLOWANCE_END,
    ALLOWANCE_OTHER,
    BY_DERIVED,
    CURRENT,
    DELINQUENCY,
    GUARANTEE_OTHER,
    NET_WRITE_OFF,
    PAST_DUE,
    PAST_DUE_TOTAL,
    PROVISION,
    RECOVERY,
    TOTAL_LOANS,
    WRITE_OFF,
    Fact,
)

COMMITMENTS, COMBINED = vocab.COMMITMENTS_RESERVE, vocab.COMBINED_RESERVE


def rounding_tolerance(n: int, scale: float) -> float:
    """How far n figures, each rounded to the printed unit (`scale`), may sum from a printed
    figure: half a unit each."""
    return 0.5 * max(n, 1) * max(scale, 1)


def agree(a: float, b: float, n: int, scale: float) -> bool:
    """A sum of n printed figures and a printed figure equal to the printed unit."""
    return abs(a - b) <= rounding_tolerance(n, scale)


def one_whole_figure_per_key(facts: list[Fact]) -> tuple[list[Fact], int]:
    """One table, one whole-portfolio figure per line, date and bucket.

    When a table's columns carry no names (a rendering lost its header), the classes and their
    Total come out as several whole-portfolio figures of one key. The one that is the sum of
    the others is the Total (first or last column alike), and the others are its parts; when
    none is, nothing tells which is the whole and all of them are left out."""
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        if not f.segment and f.verified_by != BY_DERIVED:
            groups.setdefault((f.metric, f.days_from, f.days_to, f.period_start, f.period_end,
                               f.currency, f.population), []).append(f)
    parts: dict[int, str] = {}
    drop: set[int] = set()
    silent: set[int] = set()
    summed: dict[int, Fact] = {}
    components: set[int] = set()
    for group in groups.values():
        if len({round(f.value, 6) for f in group}) < 2:
            continue
        tol = rounding_tolerance(len(group), max(f.scale for f in group))
        whole = [f for f in group
                 if abs(sum(g.value for g in group if g is not f) - f.value) <= tol]
        if len(whole) > 1 and len({round(f.value, 6) for f in whole}) == 1:
            # "36 | — | — | 36": one class holds the whole line, and the whole figure is the
            # same whichever column is the Total; the last is taken as the Total
            whole = whole[-1:]
        if len(whole) == 1:
            for g in group:
                if g is not whole[0]:
                    # a part in a column of its own is that column; a part in the Total's own
                    # column is a row under it ("Ending balance: individually evaluated …")
                    col = _column_of(g)
                    if col and col != _column_of(whole[0]):
                        parts[id(g)] = f"column {col}"
                    elif _component_of_flow(g):
                        components.add(id(g))
                    else:
                        parts[id(g)] = g.label
            continue
        printed = [f for f in group if f.value != 0]
        if len(printed) == 1:
            # "Recoveries  -" beside "Loss recoveries 100,304,255": a nil line says nothing
            silent |= {id(g) for g in group if g is not printed[0]}
        elif (one := _lines_of_one_role(printed, facts)) is not None:
            summed[id(printed[0])] = one
            silent |= {id(g) for g in group if g is not printed[0]}
        else:
            drop |= {id(g) for g in group}
    for group in groups.values():
        # several net charge-off lines (a loan book's, then the total's): the one that is the
        # whole write-offs less the recoveries is the whole portfolio's; the others are parts
        if (net := _whole_net(group, [summed.get(id(f), f) for f in facts
                                      if id(f) not in drop and id(f) not in silent])) is not None:
            drop -= {id(g) for g in group}
            silent |= {id(g) for g in group if g is not net}
    out = [summed.get(id(f), f) if id(f) not in parts else replace(
        f, segment=parts[id(f)], note="; ".join(x for x in (
            f.note, "a part of the Total beside it (the Total is the sum of the table's other "
                    "figures for this line; the column is not named)") if x))
        for f in facts if id(f) not in drop and id(f) not in silent and id(f) not in components]
    return out, len(drop)


def _whole_net(group: list[Fact], kept: list[Fact]) -> Fact | None:
    """Of several net charge-off lines of one column, the one equal to the whole's write-offs
    less its recoveries (the others are a book's own)."""
    first = group[0]
    if first.metric != NET_WRITE_OFF or first.disclosure != ALLOWANCE or len({_column_of(f) for f in group}) != 1:
        return None
    column = [f for f in kept if f.disclosure == ALLOWANCE and not f.segment and f.population == first.population
              and f.currency == first.currency and f.period_start == first.period_start
              and f.period_end == first.period_end and _column_of(f) == _column_of(first)]
    written = [f.value for f in column if f.metric == WRITE_OFF]
    recovered = [f.value for f in column if f.metric == RECOVERY]
    if len(written) != 1 or len(recovered) != 1:
        return None
    tol = 0.5 * first.scale * 3
    nets = [f for f in group if abs(abs(f.value) - (abs(written[0]) - abs(recovered[0]))) <= tol]
    return nets[0] if len(nets) == 1 else None


def _component_of_flow(f: Fact) -> bool:
    """A movement line whose own words name the movement the Total's line is ("Provision for
    current period" and "Loan sale reduction to provision" over "Total provisions"): a component
    of that line, not a sub-population of loans; a class's line ("Commercial") names no movement."""
    return f.metric in vocab.FLOW_METRICS | vocab.OUTFLOW_METRICS \
        and role_metric(label_role(f.label, f.disclosure) or "", f.disclosure) == f.metric


_ROLLFORWARD_SIGN = {PROVISION: 1, WRITE_OFF: -1, RECOVERY: 1, ALLOWANCE_OTHER: 1,
                     "allowance_adoption_adjustment": 1}


def _column_of(f: Fact) -> str:
    col = re.search(r"column (\d+)", f.locator)
    return col.group(1) if col else ""


def _lines_of_one_role(lines: list[Fact], facts: list[Fact]) -> Fact | None:
    """Two or more lines of one role in one column ("Charge-offs" and "Charge-offs (180+ policy
    change)"): one movement, their sum, when the column's rollforward foots with that sum and
    with none of the lines alone. None otherwise (nothing proves which is the whole)."""
    first = lines[0]
    if first.disclosure != ALLOWANCE or first.metric not in _ROLLFORWARD_SIGN \
            or len({_column_of(f) for f in lines}) != 1 or len({f.label for f in lines}) != len(lines):
        return None
    column = [f for f in facts if f.disclosure == ALLOWANCE and not f.segment and f.population == first.population
              and f.currency == first.currency and f.period_end == first.period_end
              and _column_of(f) == _column_of(first)]
    by_metric: dict[str, set[float]] = {}
    for f in column:
        # a line the rollforward does not add (a net charge-off beside its parts) proves nothing
        if f.metric != first.metric and (f.metric in _ROLLFORWARD_SIGN or f.metric in (ALLOWANCE_BEGIN, ALLOWANCE_END)):
            by_metric.setdefault(f.metric, set()).add(round(f.value, 6))
    # a nil line beside a printed one of its role says nothing
    by_metric = {m: (v - {0.0}) or v for m, v in by_metric.items()}
    if any(len(v) != 1 for v in by_metric.values()) or not {ALLOWANCE_BEGIN, ALLOWANCE_END} <= set(by_metric):
        return None
    rest = sum(_ROLLFORWARD_SIGN.get(m, 0) * next(iter(v)) for m, v in by_metric.items())
    opening, closing = next(iter(by_metric[ALLOWANCE_BEGIN])), next(iter(by_metric[ALLOWANCE_END]))
    sign = _ROLLFORWARD_SIGN[first.metric]
    tol = 0.5 * first.scale * (len(column) + 1)

    def foots(value: float) -> bool:
        return abs(opening + rest + sign * value - closing) <= tol
    total = float(sum(Decimal(repr(f.value)) for f in lines))
    if not foots(total) or any(foots(f.value) for f in lines):
        return None
    named = " and ".join(f"'{f.label}' {f.value / f.scale:,.{max(0, f.extra.get('decimals', 0))}f}" for f in lines)
    return replace(first, value=total, label=" + ".join(f.label for f in lines),
                   note="; ".join(x for x in (first.note, f"the sum of {len(lines)} lines of one role: {named}; "
                                              "the rollforward foots with their sum") if x))


_RESERVE_LINES = frozenset({ALLOWANCE_BEGIN, ALLOWANCE_END, PROVISION})


def row_population(label: str) -> str:
    """The reserve a rollforward line names by itself (COMMITMENTS_RESERVE, COMBINED_RESERVE)."""
    for rx, pop in vocab.ROW_POPULATION_RES:
        if rx.search(label):
            return pop
    return ""


def reserves_by_row(facts: list[Fact]) -> list[Fact]:
    """Lines naming the reserve for commitments beside the loans' allowance: each line keeps the
    population it names, and a line of the loans' population whose figure is the loans' line
    plus the commitments' line (the same metric, column and segment) is the two combined."""
    # balances and provisions name their reserve; a "Transfer to the allowance for unfunded
    # commitments" is a movement of the loans' allowance, whatever reserve it names
    named = {id(f): row_population(f.label) for f in facts
             if f.disclosure == ALLOWANCE and f.metric in _RESERVE_LINES}
    if COMMITMENTS not in named.values():
        return facts
    # the unnamed lines between a reserve's opening line and its closing line ("Cumulative change
    # in accounting guidance", "(adjusted …)" under "Reserve for unfunded credit commitments,
    # December 31, 2019") are that reserve's, column by column
    open_reserve: dict[tuple, str] = {}
    for f in facts:
        if f.disclosure != ALLOWANCE:
            continue
        col = (f.period_start, f.period_end, f.segment, f.currency)
        if f.metric == ALLOWANCE_BEGIN:
            open_reserve[col] = named.get(id(f), "")
        elif not named.get(id(f)) and open_reserve.get(col) and f.metric != ALLOWANCE_END:
            named[id(f)] = open_reserve[col]
        if f.metric == ALLOWANCE_END:
            open_reserve.pop(col, None)

    def key(f: Fact) -> tuple:
        # a balance is an instant: the closing line of a column and a lone dated line match
        start = None if f.metric in (ALLOWANCE_BEGIN, ALLOWANCE_END) else f.period_start
        return (f.metric, start, f.period_end, f.segment, f.currency)
    mains: dict[tuple, list[Fact]] = {}
    commits: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.disclosure == ALLOWANCE and not f.population:
            (commits if named.get(id(f)) == COMMITMENTS else
             mains if not named.get(id(f)) else {}).setdefault(key(f), []).append(f)
    combined: set[int] = set()
    for k, group in mains.items():
        for c in commits.get(k, []):
            for z in group:
                if any(x is not z and abs(x.value + c.value - z.value) <= 0.5 * z.scale for x in group):
                    combined.add(id(z))
    out = []
    for f in facts:
        pop = COMBINED if id(f) in combined else named.get(id(f), "")
        if pop and not f.population:
            f = replace(f, population=pop, note="; ".join(x for x in (f.note, (
                "the loans' allowance plus the reserve for commitments" if id(f) in combined
                else f"the line names its reserve: {pop}")) if x))
        out.append(f)
    return out


def whole_block_by_arithmetic(facts: list[Fact]) -> list[Fact]:
    """Blocks of the same rows repeated under headings ("Commercial", "Consumer", "All loans"),
    none of them unheaded: the block whose every figure is the sum of the others' is the whole
    portfolio, so it loses its segment. Nothing changes unless the arithmetic proves it."""
    if any(f.segment == "" for f in facts) or not facts:
        return facts
    by_seg: dict[str, dict[tuple, float]] = {}
    for f in facts:
        key = (f.metric, f.days_from, f.days_to, f.period_start, f.period_end, f.currency, f.population)
        by_seg.setdefault(f.segment, {})[key] = f.value
    if len(by_seg) < 3:
        return facts
    for seg, cells in by_seg.items():
        others = [c for s, c in by_seg.items() if s != seg]
        if any(set(c) - set(cells) for c in others):
            continue
        if all(s.startswith(f"{seg} – ") for s in by_seg if s != seg):
            continue  # the others are its parts ("Loans – Up to 1 Year Ago"): its total, no whole
        sums_ok = all(abs(v - sum(c.get(k, 0.0) for c in others)) <= 1e-6 + 0.5 * len(others) * f_scale
                      for k, v in cells.items() for f_scale in (_scale_of(facts),))
        if sums_ok:
            return [replace(f, segment="", note="; ".join(x for x in (
                f.note, f"the whole portfolio: the figures of '{seg}' are the sum of the other blocks'")
                if x)) if f.segment == seg else f for f in facts]
    return facts


def _scale_of(facts: list[Fact]) -> float:
    return float(max((f.scale for f in facts), default=1))


_BEFORE_ADOPTION = "allowance_begin_before_adoption"
_ADJUSTED = "allowance_begin_adjusted"
_ADOPTION = "allowance_adoption_adjustment"


def opening_before_adoption(facts: list[Fact]) -> list[Fact]:
    """"Beginning balance prior to ASC 326 | Impact of adoption | Balance at beginning of the
    year": the period opens on the balance before the adoption, and the adoption is a movement
    of its own (the convention of every layout that prints the adjustment under the opening
    balance). Per column, the line before the adoption becomes the opening balance and the
    opening line after it the adjusted opening (a subtotal, not a movement); where no adoption
    line is printed and the two openings differ, the difference is the adjustment (derived).
    Nothing changes unless the column gives both openings."""
    def key(f: Fact) -> tuple:
        return (f.period_start, f.period_end, f.segment, f.population, f.currency, _column_of(f))
    cols: dict[tuple, dict[str, list[Fact]]] = {}
    for f in facts:
        if f.disclosure == ALLOWANCE:
            cols.setdefault(key(f), {}).setdefault(f.metric, []).append(f)
    change: dict[int, Fact] = {}
    extra: dict[int, Fact] = {}
    for col in cols.values():
        before, after = col.get(_BEFORE_ADOPTION, []), col.get(ALLOWANCE_BEGIN, [])
        if len(before) != 1 or len(after) != 1:
            continue
        b, a = before[0], after[0]
        change[id(b)] = replace(b, metric=ALLOWANCE_BEGIN, note="; ".join(x for x in (
            b.note, "the opening balance before the adoption adjustment, which is a movement of its own") if x))
        change[id(a)] = replace(a, metric=_ADJUSTED, note="; ".join(x for x in (
            a.note, "the opening balance after the adoption adjustment: a subtotal, not a further movement") if x))
        diff = float(Decimal(repr(a.value)) - Decimal(repr(b.value)))
        if _ADOPTION not in col and abs(diff) > 0.5 * a.scale:
            extra[id(a)] = replace(
                a, metric=_ADOPTION, value=diff, label="Adoption adjustment (derived)", concept="",
                verified_by=BY_DERIVED, extra={"raw": diff / a.scale, "decimals": a.extra.get("decimals", 0)},
                note=f"derived: the opening balance after the adoption ({a.value / a.scale:,.0f}) less the one "
                     f"before it ({b.value / b.scale:,.0f})")
    if not change:
        return facts
    out: list[Fact] = []
    for f in facts:
        out.append(change.get(id(f), f))
        if id(f) in extra:
            out.append(extra[id(f)])
    return out


def merge_other_lines(facts: list[Fact]) -> list[Fact]:
    """Several reconciling lines in one rollforward column (a transfer to the reserve for
    unfunded commitments, currency translation) are one `allowance_other` movement: their sum,
    each line named in `note`, so the column keeps one value per metric and still ties."""
    others: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.metric in (ALLOWANCE_OTHER, GUARANTEE_OTHER):
            # per column: a table's unnamed class columns have no segment yet
            others.setdefault((f.metric, f.period_start, f.period_end, f.segment, f.population, f.currency,
                               _column_of(f)), []).append(f)
    merged: dict[int, Fact | None] = {}
    for group in others.values():
        if len(group) < 2:
            continue
        total = float(sum(Decimal(repr(f.value)) for f in group))
        parts = "; ".join(f"{f.label} {f.value / f.scale:,.{max(0, f.extra.get('decimals', 0))}f}" for f in group)
        col = _column_of(group[0])
        merged[id(group[0])] = replace(
            group[0], value=total, label="Other movements",
            locator=group[0].locator.split(", row")[0] + (f", column {col}" if col else ""),
            note="; ".join(dict.fromkeys([f"the sum of {len(group)} reconciling lines: {parts}",
                                          *(f.note for f in group if f.note)])),
            extra=dict(group[0].extra))
        for f in group[1:]:
            merged[id(f)] = None
    return [merged.get(id(f), f) for f in facts if merged.get(id(f), f) is not None]


def derive_delinquency_totals(facts: list[Fact]) -> list[Fact]:
    """Total past due and total loans where a table prints only their parts.

    Per segment, population, date and currency: the buckets (when they do not overlap) add up
    to the total past due; that and the current loans add up to the total. Derived figures
    say so in `note`; a printed figure is never replaced.
    """
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.disclosure == DELINQUENCY:
            groups.setdefault((f.segment, f.population, f.period_end, f.currency), []).append(f)
    out: list[Fact] = []
    for g in groups.values():
        have = {f.metric for f in g}
        buckets = sorted((f for f in g if f.metric == PAST_DUE and f.days_from is not None),
                         key=lambda f: f.days_from or 0)
        ptotal = next((f for f in g if f.metric == PAST_DUE_TOTAL), None)
        overlap = any(a.days_to is None or (b.days_from or 0) <= a.days_to
                      for a, b in zip(buckets, buckets[1:], strict=False))
        # the buckets must cover every past-due day: adjacent ("> 90" reads 91+), open-ended at the
        # top, and not starting at 0 unless current loans are given apart (else "Current-29 days"
        # holds current loans)
        covers = bool(buckets) and buckets[-1].days_to is None and all(
            a.days_to is not None and (b.days_from or 0) <= a.days_to + 2
            for a, b in zip(buckets, buckets[1:], strict=False)) and (
            (buckets[0].days_from or 0) > 0 or CURRENT in have)
        cur = next((f for f in g if f.metric == CURRENT), None)
        tot = next((f for f in g if f.metric == TOTAL_LOANS), None)
        if not covers and cur is not None and tot is not None and buckets:
            # or the figures prove it: the buckets and the current loans make up the total
            covers = abs(sum(f.value for f in buckets) + cur.value - tot.value) <= max(f.scale for f in g)
        if ptotal is None and len(buckets) >= 2 and not overlap and covers \
                and len({(f.days_from, f.days_to) for f in buckets}) == len(buckets):
            ptotal = replace(
                buckets[0], metric=PAST_DUE_TOTAL, days_from=None, days_to=None,
                value=float(sum(Decimal(repr(f.value)) for f in buckets)), label="Total past due (derived)",
                concept="", locator=buckets[0].locator.split(", column")[0],
                note="derived: the sum of the past-due buckets printed "
                     f"({', '.join(bucket_label(f.days_from, f.days_to) for f in buckets)})",
                verified_by=BY_DERIVED, extra={})
            out.append(ptotal)
        current = next((f for f in g if f.metric == CURRENT), None)
        if TOTAL_LOANS not in have and ptotal is not None and current is not None:
            out.append(replace(
                current, metric=TOTAL_LOANS, value=float(Decimal(repr(ptotal.value)) + Decimal(repr(current.value))),
                label="Total loans (derived)", concept="", locator=current.locator.split(", column")[0],
                note="derived: total past due plus current", verified_by=BY_DERIVED, extra={}))
    return out


def one_figure_per_class_line(facts: list[Fact], unnamed: set[int]) -> tuple[list[Fact], int]:
    """One table row, one figure per class, line and date: a row whose columns lost their names
    gives its label's metric to every column ("Total loans held for investment" over current,
    30-59, 60-89, 90+, nonaccrual and total), several different figures for one class and key.
    The one that is the sum of the others is the line's figure; when none is, nothing tells
    which column is the line's and all are left out. `unnamed`: the (1-based) columns that name
    no class, item or date of their own; only their figures are compared."""
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        row = f.locator.split(", column")[0]  # the table and the row's label
        if _column_of(f).isdigit() and int(_column_of(f)) in unnamed and f.segment and f.verified_by != BY_DERIVED and ", row '" in row:
            groups.setdefault((f.metric, f.days_from, f.days_to, f.period_start, f.period_end,
                               f.currency, f.population, f.segment, row), []).append(f)
    drop: set[int] = set()
    for group in groups.values():
        columns = {_column_of(f) for f in group}
        if len({round(f.value, 6) for f in group}) < 2 or len(columns) < len(group):
            continue  # one column's figures: rows of one label (a class under two headings)
        tol = rounding_tolerance(len(group), max(f.scale for f in group))
        whole = [f for f in group if abs(sum(g.value for g in group if g is not f) - f.value) <= tol]
        drop |= {id(g) for g in group if len(whole) != 1 or g is not whole[0]}
    return [f for f in facts if id(f) not in drop], len(drop)
