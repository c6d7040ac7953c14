"""Normalisation: one table's figures interpreted into facts.

`block_facts` takes a `Block` (the table model a parser made, `dashboard.extract.table`) and
its page's `PageContext`, reads the header into columns (`dashboard.extract.columns`), classifies
the table (`dashboard.extract.classify`), and reads every figure into a cell with its period
(from a column, a heading row or the row's own date), line item and currency, the rows footing
placed. `dashboard.extract.cell_facts` turns the cells into facts (metric, segment, population,
sign, scale), and `dashboard.extract.reconcile` checks them against each other. Each fact's
`note` says what was done.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.adoption_groups import adoption_lines, with_adoption
from dashboard.extract.aging_columns import accruing_by_title
from dashboard.extract.aging_compositions import aging_compositions
from dashboard.extract.balance_groups import (
    lines_of_a_total,
    loan_balance_rows,
    loan_balance_totals,
)
from dashboard.extract.blank_columns import placements_beside_blank_columns
from dashboard.extract.carrying_rollforward import other_balance_rollforwards
from dashboard.extract.cell_facts import Cell, cells_to_facts
from dashboard.extract.classify import around_allowance, classify_topic, label_role
from dashboard.extract.columns import (
    MAX_COLUMNS,
    column_count,
    lead_group_heading,
    read_columns,
    rows_are_line_items,
)
from dashboard.extract.date_headings import dated_row_groups, label_broken_at_month
from dashboard.extract.dated_groups import reads_as_dated_groups
from dashboard.extract.footing import Placement, place_short_rows
from dashboard.extract.group_totals import (
    close_totalled_groups,
    split_glued_subtotal,
    split_short_total,
    split_unlabelled_total,
)
from dashboard.extract.guarantee_columns import (
    contract_amount_rows,
    letters_of_credit_among_commitments,
    maximum_column,
)
from dashboard.extract.header_periods import BALANCE_ITEM
from dashboard.extract.item_columns import is_bucket_column
from dashboard.extract.lead_heading import movements_not_headings
from dashboard.extract.lead_total import split_lead_total
from dashboard.extract.letters_by_date import letters_beside_commitments
from dashboard.extract.loan_composition import composition_topic, loans_line_total
from dashboard.extract.lost_labels import split_lost_label_rows
from dashboard.extract.member_sums import member_sums
from dashboard.extract.net_of_allowance import (
    adjusted_total,
    deductions_between,
    gross_and_net,
    net_under_balance,
)
from dashboard.extract.period_kinds import adoption_day_columns, place_by_period_kind
from dashboard.extract.provision_parts import provision_build_up
from dashboard.extract.reconcile import one_figure_per_class_line, one_whole_figure_per_key
from dashboard.extract.reserve_columns import reserve_columns
from dashboard.extract.returns_reserve import returns_reserve
from dashboard.extract.rollforward_years import mark_assumed_years, rollforward_years
from dashboard.extract.row_periods import (
    context_period,
    date_on,
    vertical_periods,
    year_heading_period,
)
from dashboard.extract.securities_allowance import securities_table
from dashboard.extract.share_cells import rows_without_shares
from dashboard.extract.share_totals import total_by_shares
from dashboard.extract.structure import (
    aging_by_structure,
    aging_total_by_sum,
    aging_words_as_classes,
    balances_under_heading,
    grand_total_after_groups,
    group_key,
    guarantee_measures,
    items_named_by_rows,
    net_identity_placements,
    past_due_by_sum,
    short_grand_total,
    split_running_subtotals,
    total_by_parts,
    total_outside_its_heading,
    under_bucket,
    unreported_columns,
    without_percent_columns,
)
from dashboard.extract.symbol_placement import place_by_signs
from dashboard.extract.table import Block, ColumnInfo, PageContext, Row
from dashboard.extract.trade_columns import trade_receivable_columns
from dashboard.extract.transposed import (
    split_leading_table,
    stacked_transposed_facts,
    transposed_rollforward_facts,
)
from dashboard.extract.whole_column import lone_figures_under_names
from dashboard.model import table_words, units, vocab
from dashboard.model.dates import (
    FULL_DATE,
    MONTH_DAY,
    bare_year,
    date_over_two_lines,
    duration_months,
    find_dates,
    start_of_duration,
)
from dashboard.model.schema import (
    ALLOWANCE,
    DELINQUENCY,
    GUARANTEE,
    OTHER,
    PAST_DUE,
    TOTAL_LOANS,
    Fact,
)


def _abstract_heading(row: Row) -> bool:
    """A row with no figure whose concept only heads the rows under it ("Movement of allowance
    for loan losses" tagged …RollForward): a heading, never a balance that footing could prove nil."""
    return (bool(row.concept) and row.concept.lower().endswith(table_words.HEADING_CONCEPTS)
            and not any(v is not None for v in row.values))


def block_facts(block: Block, ctx: PageContext) -> tuple[list[Fact], list[str]]:
    """Interpret one table: structure, classification, normalisation."""
    notes: list[str] = []
    # a row printed with no cells at all ([]) is kept: footing may prove its cells nil
    rows = split_lead_total([r for r in block.rows
                             if (not r.values or r.concept or any(v is not None for v in r.values))
                             and not _abstract_heading(r)])
    if not any(r.values for r in rows):
        return [], notes
    if not rows:
        return [], notes
    all_text = " ".join([block.caption, *block.header, *(block.columns or []), *(r.label for r in rows),
                         *(c for r in rows for c in r.context)])
    topic = composition_topic(rows, aging_by_structure(rows, classify_topic(block.caption or ctx.title, all_text),
                                                         [*block.header, *(block.columns or [])]), block.caption, block.header)
    # a table that names loans (a company's "receivables" are its customers' invoices, no loan
    # book): its total and the net after a deduction may be rows the rendering ran, unlabelled,
    # into the lines above them, read as split
    names_loans = bool(_LOANS_WORD.search(" ".join([block.caption, ctx.title, *block.header])))
    if topic == OTHER and names_loans:
        topic = composition_topic(split_short_total(split_unlabelled_total(rows, names_loans)), topic,
                                  block.caption, block.header)
    if why := securities_table(block.caption, ctx.title, topic) or returns_reserve(r.label for r in rows):
        return [], [f"{block.locator or 'a table'} was left out: {why}"]
    # rows narrower than aging rows split by the header's dates are memo lines, not a table
    parts = None if reads_as_dated_groups(block.header, rows, rows_are_line_items) else split_leading_table(block, rows)
    if parts:
        first, rest = (block_facts(part, ctx) for part in parts)
        return first[0] + rest[0], first[1] + rest[1]
    parts = aging_compositions(block, rows, column_count(block, rows, ctx))
    if parts:
        first, rest = (block_facts(part, ctx) for part in parts)
        return first[0] + rest[0], first[1] + rest[1]
    stacked = stacked_transposed_facts(block, rows, ctx)
    if stacked:
        return stacked, notes
    rows = split_lost_label_rows(split_short_total(split_unlabelled_total(rows, names_loans)))
    # a rollforward's lines run into their subtotal: the lines read through it
    rows, subtotal_parts = split_glued_subtotal(rows) if topic == ALLOWANCE else (rows, set())
    rows = close_totalled_groups(rows)
    n = column_count(block, rows, ctx)
    if n > MAX_COLUMNS:
        return [], [f"{block.locator or 'a table'} has {n} figures to a row; no note table is that "
                    "wide, so it was not read as one"]
    if n == 1 and not block.columns and lone_figures_under_names(block.header, [r.values for r in rows]):
        return [], [f"{block.locator or 'a table'} was left out: its header names several columns and "
                    "their total, but its rows hold one figure each, in a column it cannot tell"]
    transposed = transposed_rollforward_facts(block, rows, n, ctx)
    if transposed:
        return transposed, notes

    rows = split_running_subtotals(rows_without_shares(block, rows, n), n, topic)
    narrowed = without_percent_columns(block, rows, n)
    share_total = total_by_shares(rows, narrowed[1], n, topic) if narrowed is not None else {}
    if narrowed is not None:
        block, rows, n = narrowed
        rows = split_unlabelled_total(rows, names_loans)  # a total run in beside the shares
        notes.append(f"{block.locator or 'a table'}: its '% of total' columns are shares, not amounts, "
                     "and were left out")
    # a date heading over each date's classes, the first read into the header: the rows' dates
    block = dated_row_groups(label_broken_at_month(block, rows), rows, n)
    movements_not_headings(rows, topic)
    header = lead_group_heading(block, rows, n, ctx)
    if header is not block.header:
        block = replace(block, header=header)
    grand_total_after_groups(rows, topic)
    total_outside_its_heading(rows)

    # the figures as printed: reading the columns' names may blank the columns it cannot name,
    # while a guarantee grid's maximum column is proven by the sum of the columns beside it
    printed = [replace(r) for r in rows]
    cols = accruing_by_title(items_named_by_rows(read_columns(block, rows, n, ctx), rows, topic),
                             f"{ctx.title} {block.caption}", [r.values for r in rows])
    short_grand_total(rows, cols, topic)
    measures = None
    if reduced := maximum_column(block, printed, cols, n, topic) or contract_amount_rows(block, rows, cols, n, topic) \
            or letters_of_credit_among_commitments(printed, cols, n) \
            or (letters_beside_commitments(block.rows, cols, n) if topic == GUARANTEE else None):
        rows, cols, measures = reduced  # a grid of guarantee types: its maximum column(s) only
        n = len(cols)

    if aging_words_as_classes(cols, topic):
        return [], [f"{block.locator or 'a table'} was left out: its columns read as classes named "
                    f"{', '.join(repr(c.segment) for c in cols if c.segment)[:160]}, which are aging "
                    "words (the header's words are interleaved in the rendering), so no column can be "
                    "trusted to be the whole portfolio"]
    stated_here = units.scale_statements(" ".join([block.caption, *block.header]))
    if stated_here:
        ctx = replace(ctx, scales=stated_here)  # the table's own "(in thousands)" wins
    # when neither axis holds dates (a bank's aging table: rows are loan classes, columns are
    # buckets), the date is in a heading row above the rows, or the table's caption or header
    header_dates = find_dates(" ".join(block.header)) or find_dates(block.caption)
    if not header_dates and (wrapped := date_over_two_lines(block.header)):
        header_dates = [wrapped]  # "Balance December" / "31, 2013": one date, its cell wrapped
    block_date = header_dates[0] if len(set(header_dates)) == 1 else None
    header_years = {y for f in block.header if (y := bare_year(f))}
    if block_date is None and not find_dates(" ".join(block.header)) and len(header_years) == 1:
        # "2016" over the classes of a table whose caption covers "the years ended December 31,
        # 2016 and 2017": the caption's date of that year
        year = header_years.pop()
        block_date = next((d for d in header_dates if d.year == year), None)
        if not header_dates and (md := MONTH_DAY.search(block.caption)):
            # "2015" over the columns of a caption naming "the years ended December 31" without
            # a year: that day of the header's year
            block_date = date_on(year, md)
    block_months = None
    if block_date:
        # "Three Months Ended …" over the columns, or in the caption that announces the table
        # ("… the activity in the ACL on loans for the three months ended September 30, 2025:")
        heading = context_period(block.header)
        block_months = (heading[1] if heading else None) or duration_months(block.caption)
    # "Three Months Ended / September 30," over the columns and a bare year heading each group of
    # rows ("2020" … "2019"): the month and day are the header's, the year the group's
    month_day = MONTH_DAY.search(" ".join(block.header)) if not header_dates else None
    group_year = bare_year(block.header[-1]) if month_day and block.header else None
    if month_day:
        block_months = duration_months(" ".join(block.header)) or duration_months(block.caption)
    cells: list[Cell] = []
    skipped = 0
    # balances dated in their own row label ("Balance as of July 1, 2023 … Balance as of
    # September 30, 2023"): in a one-column table, or across segment columns that carry no date
    vertical, reopened = vertical_periods(rows, ctx, block.above) if n == 1 or not any(c.end for c in cols) \
        else ({}, {})
    sub_groups = _stacked_rollforwards(rows, topic)
    col_reserves = reserve_columns(block.header, rows, n) or trade_receivable_columns(block.header, n) if topic == ALLOWANCE else None
    around = {id(rows[i]): m for i, m in around_allowance([r.label for r in rows], topic).items()}
    composition, loan_classes = gross_and_net(rows, topic, n)
    # the gross and net the arithmetic proves outrank the lines next to the allowance: a line
    # between them ("Deferred loan cost, net") is a deduction, never the loans
    around = {k: v for k, v in around.items() if k not in deductions_between(rows, composition)}
    around.update({k: v for k, v in composition.items() if k not in around})
    around.update({k: TOTAL_LOANS for k in loan_classes})
    around.update({k: v for k, v in adjusted_total(rows, topic).items() if k not in around})
    around.update({k: v for k, v in loans_line_total(rows, topic, block.header).items() if k not in around})
    around.update({k: v for k, v in balances_under_heading(rows, block.header, topic).items()
                   if k not in around})
    totals = aging_total_by_sum(rows, topic) or {**past_due_by_sum(rows, topic), **total_by_parts(rows, topic)}
    around.update(totals | {k: v for k, v in share_total.items() if k not in around and k not in totals})
    placed = _footing_placements(rows, n, cols, topic,
                                 {**{k: v[2] for k, v in vertical.items() if v[2]}, **totals})
    placed |= place_by_signs(block, rows, n, cols, placed)
    placed |= net_under_balance(rows, cols)
    by_kind, loans_at_dates = place_by_period_kind(rows, n, cols, topic, placed)
    placed |= by_kind
    around.update(dict.fromkeys(loans_at_dates, TOTAL_LOANS))  # the loans beside the rollforward
    around.update(provision_build_up(rows, topic, {k: p.values for k, p in placed.items()}, n))
    around.update(dict.fromkeys(subtotal_parts, "memo"))  # read through their subtotal
    loans_behind = loan_balance_rows(rows, topic)
    # the loans' "Total" under that heading, the sum of its lines: the book's total loans
    loans_total = loan_balance_totals(rows, topic)
    loans_behind -= loans_total
    around.update({k: TOTAL_LOANS for k in loans_total})
    if loans_behind:
        notes.append(f"{len(loans_behind)} line(s) of {block.locator or 'a table'} under a heading naming "
                     "a balance beside the allowance (the loans') were left out: not the allowance's lines")
    if other := other_balance_rollforwards(rows, topic):
        notes.append(f"{len(other)} line(s) of {block.locator or 'a table'} roll forward a balance that no "
                     "provision, charge-off or recovery moves (a carrying amount, a yield): not the allowance")
        loans_behind |= other
    if parts := lines_of_a_total(rows, topic, set(around)):
        notes.append(f"{len(parts)} line(s) of {block.locator or 'a table'} that a 'Total' adds up with lines "
                     "of no movement were left out: parts of a balance, never a movement of it")
        loans_behind |= parts
    for r in rows:
        if month_day:
            group_year = next((y for x in reversed(r.context) if (y := bare_year(x))), group_year)
        if id(r) in loans_behind:
            continue
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
            if c.item == BALANCE_ITEM and len(r.values) == n and id(r) not in placed:
                v_role = v_role or TOTAL_LOANS  # a row's loans beside its part past due
            if id(r) in vertical:
                # a flow between dated balances keeps the role the table's arithmetic gave it
                start, end, dated_role = vertical[id(r)]
                v_role = dated_role or v_role
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
                heading = context_period(r.context)
                if heading:
                    end, months = heading
                    start = start_of_duration(end, months) if months else None
                elif (yearly := year_heading_period(r.context, header_dates, block)) is not None:
                    end, months = yearly
                    start = start_of_duration(end, months) if months else None
                else:
                    end = block_date or (date_on(group_year, month_day) if month_day and group_year else None)
                    start = start_of_duration(end, block_months) if end and block_months else None
            if id(r) in loan_classes:
                row_segment = vocab.clean_label(r.label)  # a class of the loans the table totals
            row_segment = " | ".join(x for x in (c.segment, row_segment) if x)
            sign = units.currency_of(num.currency)
            if sign == "CNY" and num.currency == "¥" and ctx.currency == "JPY":
                sign = "JPY"  # a yen page's "¥"
            cur = (c.currency or units.currency_in(r.label) or sign or ctx.currency)
            cells.append(Cell(r, i, num, end, start, item, cur, "" if c.item == BALANCE_ITEM else c.item, row_date, v_role, row_segment,
                              placed[id(r)].note if id(r) in placed else "",
                              sub_groups.get(id(r), "") or (col_reserves[i] if col_reserves else "")))
            if id(r) in reopened:  # the same balance, opening the next period
                again_start, again_end, again_role = reopened[id(r)]
                cells.append(replace(cells[-1], period_start=again_start, period_end=again_end,
                                     vertical_role=again_role))
    if adoption := adoption_day_columns(cols):
        cells = [c for c in cells if c.col not in adoption]
        notes.append(f"{len(adoption)} column(s) of {block.locator or 'a table'} dated the first day of a month "
                     "(an accounting change's day, no period's end) were left out")
    assumed_year = rollforward_years(cells, topic, block.continues)
    if skipped:
        notes.append(f"{skipped} row(s) of {block.locator or 'a table'} had a number of figures "
                     f"that does not match its {n} columns and were left out")
    undated = [c for c in cells if c.period_end is None]
    if undated:
        cells = [c for c in cells if c.period_end is not None]
        notes.append(f"{len(undated)} figure(s) of {block.locator or 'a table'} have no date in the "
                     "table, its caption or the page, and were left out")
    measures = measures or guarantee_measures(block, cols, topic)
    facts, dropped = one_whole_figure_per_key(cells_to_facts(cells, block, ctx, topic, measures, rows))
    if dropped:
        notes.append(f"{dropped} figure(s) of {block.locator or 'a table'} were left out: the table "
                     "gives several different whole-portfolio figures for one line and date, none "
                     "the sum of the others, and names no column that would tell them apart")
    facts, dropped = one_figure_per_class_line(
        facts, {i + 1 for i, c in enumerate(cols) if not (c.segment or c.item or c.end)})
    if assumed_year:
        mark_assumed_years(facts)
    if dropped:
        notes.append(f"{dropped} figure(s) of {block.locator or 'a table'} were left out: a row gives "
                     "several different figures for one class, line and date, and names no column "
                     "that would tell them apart")
    return facts, notes


_FOOTING_ROLE = {"allowance_balance": "end", "begin_before_adoption": None}
_LOANS_WORD = re.compile(r"\bloans?\b", re.I)


def _footing_placements(rows: list[Row], n: int, cols: list[ColumnInfo], topic: str,
                        dated: dict[int, str] | None = None) -> dict[int, Placement]:
    """Rows printing fewer figures than columns (blank cells left out), placed by footing."""
    if not any(len(r.values) < n or None in r.values for r in rows):
        return {}
    out: dict[int, Placement] = placements_beside_blank_columns(rows, n, cols)
    if out:
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
    # the members' lines add up to the whole portfolio's down each column: a line placed that
    # way may in turn decide the rest of its group, so both are read until nothing changes
    sums = member_sums(rows) if len(groups) > 1 else []
    adopted = adoption_lines(rows, groups, roles, topic)
    passes = [*with_adoption(groups, adopted, roles), *([w, *m] for w, m in sums)]
    placed_before = -1
    partial: dict[int, Placement] = {}
    while len(out) != placed_before:
        placed_before = len(out)
        for k, g in enumerate(passes):
            whole = k >= len(groups)
            found = place_short_rows([values_of[id(rows[i])] for i in g], [roles[i] for i in g], n,
                                     parts if total is not None and not whole else (),
                                     total if not whole else None,
                                     [(0, list(range(1, len(g))))] if whole else ())
            found = unreported_columns(found, [rows[i] for i in g], [roles[i] for i in g], n)
            for j, p in found.items():
                r = rows[g[j]]
                if id(r) in out or g[j] in adopted:
                    continue  # an adoption line proves its rollforward's columns, its own reading unchanged
                if sums and sum(v is not None for v in p.values) < sum(v is not None for v in r.values):
                    # only some figures placed: another pass may yet place them all
                    partial.setdefault(id(r), p)
                    continue
                out[id(r)] = p
                values_of[id(r)] = p.values
        if not sums:
            break
    return out | {k: p for k, p in partial.items() if k not in out}


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
        if last_ctx is not None and r.context != last_ctx and context_period(r.context):
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
