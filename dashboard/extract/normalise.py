"""Normalisation: one table's figures interpreted into facts.

`block_facts` takes a `Block` (the table model a parser made, `dashboard.extract.table`) and
its page's `PageContext`, reads the header into columns, classifies the table and each figure
(`dashboard.extract.classify`), and normalises every figure into a `Fact`: its period (from a column, a
heading row or the row's own date), currency and stated scale, segment and population, sign
(balances positive, the filer's presentation undone), the rows footing placed, reconciling
lines merged, and the totals the parts prove derived. Each fact's `note` says what was done.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from dashboard.extract.classify import (
    around_allowance,
    cell_metric,
    classify_topic,
    disclosure_of,
    label_role,
    member_context,
)
from dashboard.extract.columns import (
    MAX_COLUMNS,
    column_count,
    is_bucket_column,
    lead_group_heading,
    read_columns,
)
from dashboard.extract.footing import Placement, place_short_rows
from dashboard.extract.structure import (
    aging_by_structure,
    aging_total_by_sum,
    aging_words_as_classes,
    balances_under_heading,
    convenience_columns,
    group_key,
    guarantee_measures,
    items_named_by_rows,
    net_identity_placements,
    past_due_by_sum,
    split_running_subtotals,
    total_by_parts,
    under_bucket,
    unreported_columns,
    whole_by_sum,
    without_percent_columns,
)
from dashboard.extract.table import Block, ColumnInfo, PageContext, Row
from dashboard.extract.transposed import (
    split_leading_table,
    split_unlabelled_total,
    transposed_rollforward_facts,
)
from dashboard.model import vocab
from dashboard.model.buckets import bucket_label, parse_bucket
from dashboard.model.dates import (
    FULL_DATE,
    duration_months,
    find_dates,
    start_of_duration,
)
from dashboard.model.numbers import Number, scaled
from dashboard.model.schema import (
    ALLOWANCE,
    ALLOWANCE_BEGIN,
    ALLOWANCE_END,
    ALLOWANCE_OTHER,
    BY_DERIVED,
    CURRENT,
    DELINQUENCY,
    GUARANTEE,
    GUARANTEE_OTHER,
    MAX_EXPOSURE,
    NET_WRITE_OFF,
    PAST_DUE,
    PAST_DUE_TOTAL,
    PROVISION,
    TOTAL_LOANS,
    WRITE_OFF,
    Fact,
)

COMMITMENTS, COMBINED = vocab.COMMITMENTS_RESERVE, vocab.COMBINED_RESERVE


def population_hint(*texts: str) -> str:
    """The population a caption or heading names ("customer financing receivables")."""
    found = {pop for t in texts for rx, pop in vocab.POPULATION_HINT_RES if rx.search(t)}
    return found.pop() if len(found) == 1 else ""


def segment_hint(text: str) -> str:
    for rx, seg in vocab.SEGMENT_HINT_RES:
        if rx.search(text):
            return seg
    return ""


# ---------------------------------------------------------------------------------------------
# Interpretation
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Cell:
    row: Row
    col: int
    number: Number
    period_end: date | None
    period_start: date | None
    item_text: str  # the text that names the line item (row label or column label)
    currency: str
    col_label: str
    row_date: bool
    vertical_role: str | None = None  # "begin"/"end" for the dated rows of a vertical rollforward
    row_segment: str = ""  # the row names a sub-population when the columns hold the line items
    note: str = ""  # how the cell was read when the layout did not say (footing)
    reserve: str = ""  # the reserve a stacked rollforward's row belongs to ("ALLL", "AULC")


def _abstract_heading(row: Row) -> bool:
    """A row with no figure whose concept only heads the rows under it ("Movement of allowance
    for loan losses" tagged …RollForward): a heading, never a balance that footing could prove nil."""
    return (bool(row.concept) and row.concept.lower().endswith(vocab.HEADING_CONCEPTS)
            and not any(v is not None for v in row.values))


def block_facts(block: Block, ctx: PageContext) -> tuple[list[Fact], list[str]]:
    """Interpret one table: structure, classification, normalisation."""
    notes: list[str] = []
    # a row printed with no cells at all ([]) is kept: footing may prove its cells nil
    rows = [r for r in block.rows
            if (not r.values or r.concept or any(v is not None for v in r.values))
            and not _abstract_heading(r)]
    if not any(r.values for r in rows):
        return [], notes
    if not rows:
        return [], notes
    all_text = " ".join([block.caption, *block.header, *(block.columns or []), *(r.label for r in rows),
                         *(c for r in rows for c in r.context)])
    topic = aging_by_structure(rows, classify_topic(block.caption or ctx.title, all_text))
    parts = split_leading_table(block, rows)
    if parts:
        first, rest = (block_facts(part, ctx) for part in parts)
        return first[0] + rest[0], first[1] + rest[1]
    rows = split_unlabelled_total(rows)
    n = column_count(block, rows, ctx)
    if n > MAX_COLUMNS:
        return [], [f"{block.locator or 'a table'} has {n} figures to a row; no note table is that "
                    "wide, so it was not read as one"]
    transposed = transposed_rollforward_facts(block, rows, n, ctx)
    if transposed:
        return transposed, notes

    rows = split_running_subtotals(rows, n, topic)
    narrowed = without_percent_columns(block, rows, n)
    if narrowed is not None:
        block, rows, n = narrowed
        notes.append(f"{block.locator or 'a table'}: its '% of total' columns are shares, not amounts, "
                     "and were left out")
    header = lead_group_heading(block, rows, n, ctx)
    if header is not block.header:
        block = replace(block, header=header)

    cols = items_named_by_rows(read_columns(block, rows, n, ctx), rows, topic)

    if aging_words_as_classes(cols, topic):
        return [], [f"{block.locator or 'a table'} was left out: its columns read as classes named "
                    f"{', '.join(repr(c.segment) for c in cols if c.segment)[:160]}, which are aging "
                    "words (the header's words are interleaved in the rendering), so no column can be "
                    "trusted to be the whole portfolio"]
    stated_here = vocab.scale_statements(" ".join([block.caption, *block.header]))
    if stated_here:
        ctx = replace(ctx, scales=stated_here)  # the table's own "(in thousands)" wins
    # when neither axis holds dates (a bank's aging table: rows are loan classes, columns are
    # buckets), the date is in a heading row above the rows, or the table's caption or header
    header_dates = find_dates(" ".join(block.header)) or find_dates(block.caption)
    block_date = header_dates[0] if len(set(header_dates)) == 1 else None
    block_months = None
    if block_date:
        # "Three Months Ended …" over the columns, or in the caption that announces the table
        # ("… the activity in the ACL on loans for the three months ended September 30, 2025:")
        heading = _context_period(block.header)
        block_months = (heading[1] if heading else None) or duration_months(block.caption)
    cells: list[_Cell] = []
    skipped = 0
    # balances dated in their own row label ("Balance as of July 1, 2023 … Balance as of
    # September 30, 2023"): in a one-column table, or across segment columns that carry no date
    vertical = _vertical_periods(rows, ctx) if n == 1 or not any(c.end for c in cols) else {}
    sub_groups = _stacked_rollforwards(rows, topic)
    around = {id(rows[i]): m for i, m in around_allowance([r.label for r in rows], topic).items()}
    around.update({k: v for k, v in balances_under_heading(rows, block.header, topic).items()
                   if k not in around})
    totals = aging_total_by_sum(rows, topic) or {**past_due_by_sum(rows, topic), **total_by_parts(rows, topic)}
    around.update(totals)
    placed = _footing_placements(rows, n, cols, topic,
                                 {**{k: v[2] for k, v in vertical.items() if v[2]}, **totals})
    for r in rows:
        values = placed[id(r)].values if id(r) in placed else r.values
        if len(values) != n:
            skipped += 1
            continue
        row_dates = find_dates(r.label) if not block.columns or not any(c.end for c in cols) else []
        for i, num in enumerate(values):
            if num is None or num.percent:
                continue
            c = cols[i]
            end, start, row_date = c.end, None, False
            if row_dates and not c.end:
                end, row_date = row_dates[-1], True
            v_role = around.get(id(r))
            if id(r) in vertical:
                start, end, v_role = vertical[id(r)]
            elif end and c.months:
                start = start_of_duration(end, c.months)
            items_in_columns = not c.end and bool(c.item) and id(r) not in vertical
            item = c.item if (row_date or items_in_columns) else r.label
            row_segment = ""
            if items_in_columns and not row_date and label_role(r.label, DELINQUENCY) in (None, "other") \
                    and not find_dates(r.label):
                row_segment = vocab.clean_label(r.label)  # "Commercial real estate"
            if end is None and not row_date:
                # the period is in a heading row above ("Three months ended June 30, 2024")
                # or in the table's header or caption
                heading = _context_period(r.context)
                if heading:
                    end, months = heading
                    start = start_of_duration(end, months) if months else None
                else:
                    end = block_date
                    start = start_of_duration(end, block_months) if end and block_months else None
            row_segment = " | ".join(x for x in (c.segment, row_segment) if x)
            cur = (c.currency or vocab.currency_in(r.label) or vocab.currency_of(num.currency) or ctx.currency)
            cells.append(_Cell(r, i, num, end, start, item, cur, c.item, row_date, v_role, row_segment,
                               placed[id(r)].note if id(r) in placed else "", sub_groups.get(id(r), "")))
    _rollforward_years(cells, topic)
    if skipped:
        notes.append(f"{skipped} row(s) of {block.locator or 'a table'} had a number of figures "
                     f"that does not match its {n} columns and were left out")
    undated = [c for c in cells if c.period_end is None]
    if undated:
        cells = [c for c in cells if c.period_end is not None]
        notes.append(f"{len(undated)} figure(s) of {block.locator or 'a table'} have no date in the "
                     "table, its caption or the page, and were left out")
    measures = guarantee_measures(block, cols, topic)
    facts, dropped = _one_whole_figure_per_key(_cells_to_facts(cells, block, ctx, topic, measures))
    if dropped:
        notes.append(f"{dropped} figure(s) of {block.locator or 'a table'} were left out: the table "
                     "gives several different whole-portfolio figures for one line and date, none "
                     "the sum of the others, and names no column that would tell them apart")
    return facts, notes


def _one_whole_figure_per_key(facts: list[Fact]) -> tuple[list[Fact], int]:
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
    for group in groups.values():
        if len({round(f.value, 6) for f in group}) < 2:
            continue
        tol = 0.5 * max(f.scale for f in group) * len(group)
        whole = [f for f in group
                 if abs(sum(g.value for g in group if g is not f) - f.value) <= tol]
        if len(whole) == 1:
            for g in group:
                if g is not whole[0]:
                    col = re.search(r"column (\d+)", g.locator)
                    parts[id(g)] = f"column {col.group(1)}" if col else g.label
        else:
            drop |= {id(g) for g in group}
    out = [f if id(f) not in parts else replace(
        f, segment=parts[id(f)], note="; ".join(x for x in (
            f.note, "a part of the Total beside it (the Total is the sum of the table's other "
                    "figures for this line; the column is not named)") if x))
        for f in facts if id(f) not in drop]
    return out, len(drop)


_FOOTING_ROLE = {"allowance_balance": "end", "begin_before_adoption": None}


def _footing_placements(rows: list[Row], n: int, cols: list[ColumnInfo], topic: str,
                        dated: dict[int, str] | None = None) -> dict[int, Placement]:
    """Rows printing fewer figures than columns (blank cells left out), placed by footing."""
    if not any(len(r.values) < n or None in r.values for r in rows):
        return {}
    out: dict[int, Placement] = {}
    convenience = convenience_columns(cols)
    if convenience:
        # a row one figure per reporting-currency column short: the translation is printed only
        # where the filer chose (the year's flows), never for the balances
        kept = [j for j in range(n) if j not in convenience]
        for r in rows:
            if len(r.values) == len(kept) and len(r.values) < n:
                placed: list[Number | None] = [None] * n
                for j, v in zip(kept, r.values, strict=True):
                    placed[j] = v
                out[id(r)] = Placement(placed, "the US$ convenience column is blank on this row: "
                                       "its figures belong to the reporting-currency columns")
        rows = [r for r in rows if id(r) not in out]
        if not any(len(r.values) < n or None in r.values for r in rows):
            return out
    roles: list[str | None] = []
    for r in rows:
        role = (dated or {}).get(id(r))  # "Balance at January 1, 2012" opens the period
        if role is None and topic in (ALLOWANCE, GUARANTEE):
            role = label_role(r.label, topic)
        elif role is None and topic == DELINQUENCY:
            role = PAST_DUE if is_bucket_column(r.label) or under_bucket(r) else label_role(r.label, topic)
        roles.append(_FOOTING_ROLE.get(role, role) if role else None)
    # gross − allowance = net across three lines: where the allowance line is complete, it
    # says which columns the gross and net lines leave blank
    for k, p in net_identity_placements(rows, n, topic).items():
        out[k] = p
    values_of = {id(r): (out[id(r)].values if id(r) in out else r.values) for r in rows}
    segs = [c.segment for c in cols]
    # a group subtotal ("Commercial" beside "Commercial – CRE") is not one more part of the Total
    parts = [i for i, sg in enumerate(segs) if sg and not any(o.startswith(f"{sg} – ") for o in segs)]
    whole = [i for i, c in enumerate(cols) if not c.segment]
    total = whole[0] if parts and len(whole) == 1 else None
    # each group of rows under its own heading (a period, a member) foots on its own
    groups: list[list[int]] = []
    # (an aging table's bucket members are lines of one column, not groups of their own)
    for i, r in enumerate(rows):
        if not groups or group_key(r, topic) != group_key(rows[groups[-1][-1]], topic):
            groups.append([])
        groups[-1].append(i)
    for g in groups:
        found = place_short_rows([values_of[id(rows[i])] for i in g], [roles[i] for i in g], n,
                                 parts if total is not None else (), total)
        found = unreported_columns(found, [rows[i] for i in g], [roles[i] for i in g], n)
        out.update({id(rows[g[k]]): p for k, p in found.items() if id(rows[g[k]]) not in out})
    return out


_RESERVE_LINES = frozenset({ALLOWANCE_BEGIN, ALLOWANCE_END, PROVISION})


def row_population(label: str) -> str:
    """The reserve a rollforward line names by itself (COMMITMENTS_RESERVE, COMBINED_RESERVE)."""
    for rx, pop in vocab.ROW_POPULATION_RES:
        if rx.search(label):
            return pop
    return ""


def _reserves_by_row(facts: list[Fact]) -> list[Fact]:
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


def _rollforward_years(cells: list[_Cell], topic: str) -> None:
    """A movement table under an "As of December 31" header: opening and closing balances with
    flows between them describe a year, not an instant."""
    if topic not in (ALLOWANCE, GUARANTEE) or any(c.period_start for c in cells):
        return
    roles = {label_role(c.row.label, topic) for c in cells}
    if not {"begin", "end"} <= roles:
        return
    for c in cells:
        if c.period_end is not None:
            c.period_start = start_of_duration(c.period_end, 12)


def _vertical_periods(rows: list[Row], ctx: PageContext) -> dict[int, tuple[date | None, date, str | None]]:
    """A one-column rollforward whose balance rows carry the dates.

    "As of January 1, 2024 … Provision … As of December 31, 2024": every row from an opening
    balance to the next closing balance belongs to the period between them; the dated rows
    are that period's opening and closing balances.
    """
    # a restated opening balance ("January 1, 2020 (adjusted for change in accounting
    # guidance)") is a line inside the period, not the end of one
    dated = [(r, [] if vocab.ADJUSTED_BALANCE.search(r.label) else find_dates(r.label)) for r in rows]
    if sum(1 for _, d in dated if d) < 2:
        return {}
    out: dict[int, tuple[date | None, date, str | None]] = {}
    opening: Row | None = None
    flows: list[Row] = []
    start: date | None = None
    for r, ds in dated:
        if not ds:
            if opening is not None:
                flows.append(r)
            continue
        d = ds[-1]
        if opening is None or not flows:
            opening, flows = r, []
            # "as of July 1" opens on that day; "as of June 30" closes the day before
            start = d if d.day == 1 else d + timedelta(days=1)
            continue
        out[id(opening)] = (start, d, "begin")
        for g in flows:
            out[id(g)] = (start, d, None)
        out[id(r)] = (start, d, "end")
        opening, flows, start = None, [], None
    return out


_FOOTNOTE_MARK = re.compile(r"(?:\s*\([a-z]\)|\?+)+$")  # "Other(d)", "Total??"


def _cells_to_facts(cells: list[_Cell], block: Block, ctx: PageContext, topic: str,
                    measures: list[tuple[str, int | None]] | None = None) -> list[Fact]:
    facts: list[Fact] = []
    # a column of guarantee types under a measure heading: the row that is the sum of the others
    # is the whole book's figure, every other row one type's
    measured: dict[int, dict[int, float]] = {}
    for c in cells:
        if measures and measures[c.col][0]:
            measured.setdefault(c.col, {})[id(c)] = c.number.value
    whole_of = {col: whole_by_sum(values) for col, values in measured.items()}
    population = population_hint(block.caption) or ctx.population
    block_segment = segment_hint(" ".join([block.caption, *block.header, *(c.row.label for c in cells)]))
    # roles first, so that the presentation sign of the rollforward can be read from its balances
    # an abstract heading ("Aging of loans") repeats under every member group, or heads the table;
    # a member ("Loan principal", "1-30 days past due") names one group of rows
    groups = {tuple(c.row.context) for c in cells}
    seen = Counter(line for g in groups for line in set(g))
    every = {line for line, k in seen.items() if k == len(groups)} if len(groups) >= 3 else set()
    abstracts = every | set(block.header)
    resolved: list[tuple[_Cell, str, tuple[int, int | None] | None, str]] = []
    class_groups = {tuple(c.row.context) for c in cells if c.row_segment}
    reserves = _stacked_reserve_headings(block, cells)
    # an aging table by members: some rows sit under a bucket member ("30-89 days past due [Member]")
    aging_block = topic == DELINQUENCY and any(
        parse_bucket(part) for c in cells for line in c.row.context for part in line.split("|"))
    pop_of: dict[int, str] = {}
    for c in cells:
        members = [line for line in c.row.context if line not in abstracts]
        if reserves:
            # one table, several reserves ("Allowance for loan and lease losses:", "Reserve for
            # remaining unfunded commitments:"): each is a population of its own
            pop_of[id(c)] = _reserve_population(c, reserves, block)
            members = [line for line in members if _reserve_key(line) not in reserves]
        if vocab.WHOLE_ROW.match(vocab.clean_label(c.row.label)) and not c.row.concept \
                and tuple(c.row.context) in class_groups:
            # "Total" under the last group heading of loan classes is the whole portfolio's row
            members = []
        if c.col_label and c.item_text != c.col_label:
            members.append(c.col_label)  # a dated column under an axis member (R pages)
        member_bucket, member_segment, member_role = member_context(members)
        found = cell_metric(c.row.label, c.row.concept, c.item_text, c.col_label, topic, row_date=c.row_date,
                            vertical_role=c.vertical_role, members=members, member_bucket=member_bucket,
                            member_role=member_role, aging_block=aging_block)
        if measures and measures[c.col][0] and not c.row.concept and whole_of.get(c.col) is not None \
                and (found is None or found[0] in (GUARANTEE_OTHER, MAX_EXPOSURE)):
            # rows of guarantee types: the one proven the sum is the whole, the others types
            found = (measures[c.col][0], None, "" if whole_of[c.col] == id(c) else _FOOTNOTE_MARK.sub("", vocab.clean_label(c.row.label)))
        if found is None:
            continue
        metric, bucket, seg_rule = found
        row_seg = c.row_segment
        if row_seg and member_segment:
            # a loan class under its group heading: "Consumer – Auto"
            row_seg, member_segment = f"{member_segment} – {row_seg}", ""
        seg = " | ".join(x for x in (member_segment, seg_rule, row_seg,
                                     "" if c.row_segment else _label_segment(c, block_segment)) if x)
        resolved.append((c, metric, bucket, seg))

    # a generic "other" line means something only inside a rollforward with its balances
    roles = {m for _, m, _, _ in resolved}
    if not roles & vocab.BALANCE_METRICS:
        resolved = [x for x in resolved if x[1] not in (ALLOWANCE_OTHER, GUARANTEE_OTHER)]
    sign = _presentation_sign([(c.number, m) for c, m, _, _ in resolved])
    # write-offs printed negative ("(214)") make a net charge-off printed "(176)" a charge-off
    # and one printed "12" a net recovery
    wo = [c.number.value < 0 for c, m, _, _ in resolved if m == WRITE_OFF and c.number.value]
    wo_negative = bool(wo) and sum(wo) > len(wo) / 2
    for c, metric, bucket, seg in resolved:
        value = c.number.value
        note_bits: list[str] = []
        if metric == NET_WRITE_OFF:
            value = -value if wo_negative else value
            note_bits.append("write-offs net of recoveries; a subtotal, not a further movement")
        elif metric not in vocab.FLOW_METRICS:
            if value < 0 and metric not in vocab.OUTFLOW_METRICS:
                note_bits.append("shown negative by the filer; stored as a positive balance")
            value = abs(value)
        else:
            value = value * sign
            if sign < 0:
                note_bits.append("the filer shows the allowance as negative; sign flipped")
        if c.note:
            note_bits.append(c.note)
        if c.number.repaired:
            note_bits.append(f"parenthesis repaired in '{c.number.text}'")
        scale, basis = _stated_scale(c.currency, ctx)
        if measures and measures[c.col][1]:
            scale, basis = measures[c.col][1], "stated"  # the measure's own heading states it
        if basis == "stated" and scale == 1 and c.currency and c.currency not in ctx.scales and ctx.scales:
            stated = ", ".join(f"{cur} in {vocab.SCALE_NAMES.get(k, k)}" for cur, k in ctx.scales.items())
            note_bits.append(f"the page's scale ({stated}) is not for {c.currency}: its figures are printed "
                             "in full and were not multiplied")
        days_from, days_to = bucket if (bucket and metric == PAST_DUE) else (None, None)
        col = f", column {c.col + 1}" + (f" '{c.col_label}'" if c.col_label else "")
        facts.append(Fact(
            entity=ctx.entity, source=ctx.source, disclosure=disclosure_of(metric), metric=metric,
            period_end=c.period_end, period_start=c.period_start, value=scaled(value, scale),
            currency=c.currency, scale=scale, scale_basis=basis,
            days_from=days_from, days_to=days_to,
            # a dated row's item is its column's; a one-column table has none, and the row
            # itself ("As of December 31, 2024") is what the filer called the line
            label=vocab.clean_label(c.item_text if c.row_date else c.row.label) or c.col_label
            or vocab.clean_label(c.row.label),
            segment=seg, population=c.reserve or pop_of.get(id(c)) or population, concept=c.row.concept,
            locator=f"{block.locator}, row '{vocab.clean_label(c.row.label)}'{col}".strip(", "),
            note="; ".join(note_bits),
            extra={"raw": c.number.value, "decimals": c.number.decimals},
        ))
    facts = _whole_block_by_arithmetic(_merge_other_lines(_reserves_by_row(facts)))
    return facts + derive_delinquency_totals(facts)


def _reserve_key(line: str) -> str:
    if not vocab.RESERVE_HEADING.match(line.strip()) or len(line.split()) > 10 or find_dates(line):
        return ""
    return re.sub(r"\s*\([^)]*\)", "", vocab.clean_label(line)).rstrip(":").strip().lower()


def _stacked_reserve_headings(block: Block, cells: list[_Cell]) -> dict[str, str]:
    """Reserve headings ({key: name}) when a table stacks two or more reserves; {} otherwise."""
    found: dict[str, str] = {}
    # the header's last fragment may head the first reserve; the rest of the header (title,
    # caption-like lines "Allowance for credit losses and recorded investment …") does not
    for line in [*block.header[-1:], *(x for c in cells for x in c.row.context)]:
        key = _reserve_key(line)
        if key and key not in found:
            found[key] = vocab.clean_label(line).rstrip(":").strip()
    return found if len(found) >= 2 else {}


def _reserve_population(c: _Cell, reserves: dict[str, str], block: Block) -> str:
    """The reserve a cell belongs to: its closest reserve heading; a dated line that names a
    reserve itself ("Allowance for credit losses as of September 30, 2023") is that reserve."""
    if c.row_date and vocab.RESERVE_HEADING.match(re.split(r"\s+(?:as\s+of|at)\s+", c.row.label, maxsplit=1,
                                                     flags=re.I)[0] + ":"):
        head = re.split(r"\s+(?:as\s+of|at)\s+", vocab.clean_label(c.row.label), maxsplit=1, flags=re.I)[0]
        if _reserve_key(head) not in reserves and label_role(c.row.label, ALLOWANCE) not in ("begin", "end"):
            return head
    for line in reversed(c.row.context):
        if _reserve_key(line) in reserves:
            return reserves[_reserve_key(line)]
    for line in block.header[-1:]:
        if _reserve_key(line) in reserves:
            return reserves[_reserve_key(line)]
    return ""


def _whole_block_by_arithmetic(facts: list[Fact]) -> list[Fact]:
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
        sums_ok = all(abs(v - sum(c.get(k, 0.0) for c in others)) <= 1e-6 + 0.5 * len(others) * f_scale
                      for k, v in cells.items() for f_scale in (_scale_of(facts),))
        if sums_ok:
            return [replace(f, segment="", note="; ".join(x for x in (
                f.note, f"the whole portfolio: the figures of '{seg}' are the sum of the other blocks'")
                if x)) if f.segment == seg else f for f in facts]
    return facts


def _scale_of(facts: list[Fact]) -> float:
    return float(max((f.scale for f in facts), default=1))


def _merge_other_lines(facts: list[Fact]) -> list[Fact]:
    """Several reconciling lines in one rollforward column (a transfer to the reserve for
    unfunded commitments, currency translation) are one `allowance_other` movement: their sum,
    each line named in `note`, so the column keeps one value per metric and still ties."""
    others: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.metric in (ALLOWANCE_OTHER, GUARANTEE_OTHER):
            others.setdefault((f.metric, f.period_start, f.period_end, f.segment, f.population, f.currency),
                              []).append(f)
    merged: dict[int, Fact | None] = {}
    for group in others.values():
        if len(group) < 2:
            continue
        total = float(sum(Decimal(repr(f.value)) for f in group))
        parts = "; ".join(f"{f.label} {f.value / f.scale:,.{max(0, f.extra.get('decimals', 0))}f}" for f in group)
        merged[id(group[0])] = replace(
            group[0], value=total, label="Other movements", locator=group[0].locator.split(", row")[0],
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


def _context_period(context: list[str]) -> tuple[date, int | None] | None:
    """The date and duration a heading row gives ("Six months ended June 30, 2024")."""
    for line in reversed(context):
        ds = find_dates(line)
        if ds:
            return ds[-1], duration_months(line)
    return None


def _stacked_rollforwards(rows: list[Row], topic: str) -> dict[int, str]:
    """Name the rollforwards when one table stacks several for one period.

    A bank's "ALLL balance, beginning … ALLL balance, end; AULC balance, beginning … AULC
    balance, end; ACL balance, end" holds three reserves: each row gets the name its opening
    (or closing) line gives ("ALLL", "AULC", "ACL"), so they do not count as one.
    """
    if topic not in (ALLOWANCE, GUARANTEE):
        return {}
    out: dict[int, str] = {}
    period_rows: list[list[Row]] = [[]]
    last_ctx: list[str] | None = None
    for r in rows:
        if last_ctx is not None and r.context != last_ctx and _context_period(r.context):
            period_rows.append([])
        period_rows[-1].append(r)
        last_ctx = r.context
    chunk_roles = [[label_role(r.label, topic) for r in chunk] for chunk in period_rows]
    if not any(roles.count("begin") >= 2 or roles.count("end") >= 2 for roles in chunk_roles):
        return {}
    names = {_reserve_name(r.label) for chunk, roles in zip(period_rows, chunk_roles, strict=True)
             for r, role in zip(chunk, roles, strict=True) if role in ("begin", "end")}
    if len(names - {""}) < 2:
        return {}  # one reserve over several periods ("As of January 1, 2024 … 2025"), not a stack
    for chunk, roles in zip(period_rows, chunk_roles, strict=True):
        name = ""
        for r, role in zip(chunk, roles, strict=True):
            if role == "begin" or not name:
                name = _reserve_name(r.label) or name
            out[id(r)] = name
            if role == "end":
                name = ""
    return out


def _reserve_name(label: str) -> str:
    """"ALLL" from "ALLL balance, beginning of period"; '' when the label names no reserve."""
    head = re.sub(r",?\s*\b(?:beginning|ending|opening|closing|end|start)\b.*$", "", vocab.clean_label(label),
                  flags=re.I)
    head = re.sub(r"\s*\bbalances?\b.*$", "", head, flags=re.I)
    head = FULL_DATE.sub("", head).strip(" ,:")
    return "" if head.lower() in ("", "as of", "at", "beginning", "ending", "total", "allowance") else head


def _label_segment(c: _Cell, block_segment: str) -> str:
    return segment_hint(c.row.label) or block_segment


def _presentation_sign(items: list[tuple[Number, str]]) -> int:
    """-1 when the filer shows the allowance (its balances) as negative figures."""
    signs = [n.value < 0 for n, m in items if m in vocab.BALANCE_METRICS and n.value != 0]
    if signs and sum(signs) > len(signs) / 2:
        return -1
    return 1


def _stated_scale(currency: str, ctx: PageContext) -> tuple[int, str]:
    if currency and currency in ctx.scales:
        return ctx.scales[currency], "stated"
    if "*" in ctx.scales:
        return ctx.scales["*"], "stated"
    if ctx.scales:
        # the page states scales for other units only: this currency is in whole units
        return 1, "stated"
    return 1, "assumed"
