"""A table's cells into facts: each figure's metric (`dashboard.extract.classify`), segment,
population, sign and scale, and the `Fact` that says what was done in its `note`.

`normalise.block_facts` reads a table into `Cell`s (a figure with its period, line item and
currency); `cells_to_facts` interprets them together, since a rollforward's sign, a stacked
table's reserves and a column of guarantee types are read from all of a table's cells at once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from dashboard.extract.classify import (
    cell_metric,
    disclosure_of,
    label_role,
    member_context,
)
from dashboard.extract.guarantee_columns import (
    lone_guarantee_member,
    standby_member_amount,
    wholes_named_alike,
)
from dashboard.extract.loan_composition import (
    below_whole_total,
    foots_every_group,
    names_whole,
    total_over_one_heading,
)
from dashboard.extract.loans_alone import loans_alone_member
from dashboard.extract.reconcile import (
    derive_delinquency_totals,
    merge_other_lines,
    opening_before_adoption,
    reserves_by_row,
    row_population,
    whole_block_by_arithmetic,
)
from dashboard.extract.structure import whole_by_sum
from dashboard.extract.table import Block, PageContext, Row
from dashboard.model import table_words, units, vocab
from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import MONTH_DAY, bare_year, find_dates, month_number
from dashboard.model.numbers import Number, scaled
from dashboard.model.schema import (
    ALLOWANCE,
    ALLOWANCE_BEGIN,
    ALLOWANCE_END,
    ALLOWANCE_OTHER,
    DELINQUENCY,
    GUARANTEE,
    GUARANTEE_OTHER,
    MAX_EXPOSURE,
    NET_LOANS,
    NET_WRITE_OFF,
    NONACCRUAL,
    PAST_DUE,
    PROVISION,
    RECOVERY,
    WRITE_OFF,
    Fact,
)


def population_hint(*texts: str) -> str:
    """The population a caption or heading names ("customer financing receivables"); '' when it
    names the loans too ("… the allowance for loan and lease losses and unfunded commitments"):
    the table is then the loans' with the other beside them, never the other's alone."""
    found: set[str] = set()
    for t in texts:
        for rx, pop in vocab.POPULATION_HINT_RES:
            if rx.search(t):
                found.add(pop)
                if _LOANS_NAMED.search(rx.sub(" ", t)):
                    return ""
    return found.pop() if len(found) == 1 else ""


_LOANS_NAMED = re.compile(r"\bloans?\b(?!\s+commitments)", re.I)


def segment_hint(text: str) -> str:
    for rx, seg in vocab.SEGMENT_HINT_RES:
        if rx.search(text):
            return seg
    return ""


@dataclass(slots=True)
class Cell:
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


# what makes a table an allowance rollforward besides its closing balance: the opening one or
# a movement named by its own words
_ALLOWANCE_MOVES = frozenset({ALLOWANCE_BEGIN, PROVISION, WRITE_OFF, RECOVERY, NET_WRITE_OFF,
                              "allowance_begin_before_adoption", "allowance_adoption_adjustment",
                              "allowance_begin_adjusted"})
_OPENINGS = frozenset({ALLOWANCE_BEGIN, "guarantee_liability_begin"})
_FOOTNOTE_MARK = re.compile(r"(?:\s*\([a-z]\)|\?+)+$")  # "Other(d)", "Total??"
# a row that names the guarantees themselves, no measure of them: "Guarantee Obligations [1]"
_OBLIGATIONS = re.compile(r"^guarant(?:ee|or)\s+obligations?$", re.I)
_FOOTNOTE_REF = re.compile(r"\s*\[\d{1,2}\]$")


def cells_to_facts(cells: list[Cell], block: Block, ctx: PageContext, topic: str,
                   measures: list[tuple[str, int | None]] | None = None, rows: list[Row] | None = None) -> list[Fact]:
    # `rows`: the table's rows as read (an unlabelled total split off the line it was run
    # into is a row of its own there, not in `block.rows`)
    rows = block.rows if rows is None else rows
    facts: list[Fact] = []
    # a column of guarantee types under a measure heading: the row that is the sum of the others
    # is the whole book's figure, every other row one type's
    measured: dict[tuple[int, date | None], dict[int, float]] = {}
    for c in cells:
        if measures and measures[c.col][0]:
            # each date's rows on their own: a table may stack one block of types per date
            measured.setdefault((c.col, c.period_end), {})[id(c)] = c.number.value
    # one row under the measure's heading is all the table reports: the whole book's figure
    whole_of = {key: next(iter(values)) if len(values) == 1 else whole_by_sum(values)
                for key, values in measured.items()}
    named_alike = wholes_named_alike(measured, whole_of, {id(c): vocab.clean_label(c.row.label) for c in cells})
    whole_of.update(named_alike)
    population = population_hint(block.caption) or ctx.population
    # a line printed as a deduction (every figure negative: "Security deposits (4,424,400)" on the
    # way from a lessor's payments to its investment) is taken off the book, never what it is of
    deducted = {id(c.row) for c in cells} - {id(c.row) for c in cells if c.number.value >= 0}
    block_segment = segment_hint(" ".join([block.caption, *block.header,
                                           *dict.fromkeys(c.row.label for c in cells if id(c.row) not in deducted)]))
    # roles first, so that the presentation sign of the rollforward can be read from its balances
    # an abstract heading ("Aging of loans") repeats under every member group, or heads the table;
    # a member ("Loan principal", "1-30 days past due") names one group of rows
    groups = {tuple(c.row.context) for c in cells}
    seen = Counter(line for g in groups for line in set(g))
    every = {line for line, k in seen.items() if k == len(groups)} if len(groups) >= 3 else set()
    # a header printed again over later rows ("Retail Loan | Dealer Products" over a table headed
    # "Retail loan | Dealer products") names its columns, never a class of the rows: in any case
    abstracts = {line.casefold() for line in every | set(block.header)}
    resolved: list[tuple[Cell, str, tuple[int, int | None] | None, str]] = []
    class_groups = {tuple(c.row.context) for c in cells if c.row_segment}
    reserves = _stacked_reserve_headings(block, cells)
    # an aging table by members: some rows sit under a bucket member ("30-89 days past due [Member]")
    aging_block = topic == DELINQUENCY and any(
        parse_bucket(part) for c in cells for line in c.row.context for part in line.split("|"))
    pop_of: dict[int, str] = {}
    by_day = _balances_named_by_day(cells, topic)
    gross = _gross_charge_offs_under_heading(cells, topic)
    under_total = below_whole_total(rows)
    # a heading over every row whose total is the whole's: which classes it heads is lost with
    # the indentation, so it names none of them
    over_one = {id(r) for r in rows if r.context and total_over_one_heading(rows, r)}
    lost = {x for r in rows if id(r) in over_one for x in r.context if not find_dates(x)}
    head_member = _header_member(block)
    for c in cells:
        # a bare year heading a group of rows dates them; it names no class
        members = [line for line in c.row.context if line.casefold() not in abstracts
                   and bare_year(line) is None and line not in lost]
        if head_member and all(table_words.DEDUCTION_HEADING.match(m) for m in members):
            # the lines under "Less:" are the member's too (its allowance, its net)
            members = [head_member, *members]
        if reserves:
            # one table, several reserves ("Allowance for loan and lease losses:", "Reserve for
            # remaining unfunded commitments:"): each is a population of its own
            pop_of[id(c)] = _reserve_population(c, reserves, block)
            members = [line for line in members if _reserve_key(line) not in reserves]
        if table_words.WHOLE_ROW.match(vocab.clean_label(c.row.label)) and not c.row.concept \
                and (tuple(c.row.context) in class_groups or foots_every_group(rows, c.row)) \
                or names_whole(c.row.label) and not c.row.concept and foots_every_group(rows, c.row) \
                or id(c.row) in under_total or id(c.row) in over_one:
            # "Total" under the last group heading of loan classes is the whole portfolio's row,
            # and so are the lines printed under it (the allowance deducted, the net loans)
            members = []
        if c.col_label and c.item_text != c.col_label \
                and label_role(c.col_label, DELINQUENCY) != NONACCRUAL:
            # a dated column under an axis member (R pages); a "Nonaccrual" column is a status
            # of the row's loans (read by cell_metric), never a class of them
            members.append(c.col_label)
        member_bucket, member_segment, member_role = member_context(members, block.member_headings)
        found = cell_metric(c.row.label, c.row.concept, c.item_text, c.col_label, topic, row_date=c.row_date,
                            vertical_role=c.vertical_role or by_day.get(id(c.row)) or gross.get(id(c.row)), members=members, member_bucket=member_bucket,
                            member_role=member_role, aging_block=aging_block)
        if measures and measures[c.col][0] and not c.row.concept \
                and whole_of.get((c.col, c.period_end)) is not None \
                and (found is None or found[0] in (GUARANTEE_OTHER, MAX_EXPOSURE)):
            # rows of guarantee types: the one proven the sum is the whole, the others types
            found = (measures[c.col][0], None, "" if whole_of[(c.col, c.period_end)] == id(c) else _FOOTNOTE_MARK.sub("", vocab.clean_label(c.row.label)))
        if found is None and topic == GUARANTEE and ctx.defines_maximum and not c.row.concept \
                and _OBLIGATIONS.match(_FOOTNOTE_REF.sub("", vocab.clean_label(c.row.label))):
            # "Guarantee Obligations" on a page whose panel defines only ASC 460's maximum
            # potential payments: the filer's label for that element
            found = (MAX_EXPOSURE, None, "")
        if found is None and standby_member_amount(c.row, block):
            found = (MAX_EXPOSURE, None, "")  # the standby letters of credit's amount (a Details member)
        if found is None:
            continue
        metric, bucket, seg_rule = found
        row_seg = c.row_segment
        if row_seg and member_segment:
            # a loan class under its group heading: "Consumer – Auto"
            row_seg, member_segment = f"{member_segment} – {row_seg}", ""
        seg = " | ".join(x for x in (member_segment, seg_rule, row_seg,
                                     "" if c.row_segment else _label_segment(c, block_segment, metric)) if x)
        if metric == ALLOWANCE_END and table_words.BY_METHOD_END.match(vocab.clean_label(c.row.label)):
            # the closing balance of the loans measured one way: a part of the column's balance
            seg = " | ".join(x for x in (seg, vocab.clean_label(c.row.label)) if x)
        resolved.append((c, metric, bucket, seg))

    resolved, lone = _lone_guarantee_whole(resolved, block, ctx)
    # a generic "other" line means something only inside a rollforward with its balances
    roles = {m for _, m, _, _ in resolved}
    if not roles & vocab.BALANCE_METRICS:
        resolved = [x for x in resolved if x[1] not in (ALLOWANCE_OTHER, GUARANTEE_OTHER)]
    rollforward = bool(roles & _ALLOWANCE_MOVES)
    if roles & vocab.BALANCE_METRICS and not rollforward:
        # an allowance balance and nothing that moves it (a loan composition's "Allowance for
        # loan losses" under its classes): "Automobile and other" is a class of loans there
        resolved = [x for x in resolved if x[1] != ALLOWANCE_OTHER]
    sign = _presentation_sign([(c.number, m) for c, m, _, _ in resolved])
    # a balance is at an instant: it belongs to a period only beside the movements that carry it
    # from an opening balance ("9 Months Ended" over a composition table's dates dates nothing)
    # (its roles as kept: a loan class taken for an "other" movement above moves nothing)
    moved = bool({m for _, m, _, _ in resolved}
                 & (vocab.FLOW_METRICS | vocab.OUTFLOW_METRICS | _OPENINGS | {NET_WRITE_OFF}))
    # write-offs printed negative ("(214)") make a net charge-off printed "(176)" a charge-off
    # and one printed "12" a net recovery
    wo = [c.number.value < 0 for c, m, _, _ in resolved if m == WRITE_OFF and c.number.value]
    if not wo:
        # no gross charge-offs: the net charge-offs' own presentation says it ("(56,184)" between
        # the provision and the closing balance is a deduction)
        wo = [c.number.value < 0 for c, m, _, _ in resolved if m == NET_WRITE_OFF and c.number.value]
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
            value = value * sign or 0.0  # never a negative zero
            if sign < 0:
                note_bits.append("the filer shows the allowance as negative; sign flipped")
        if c.note:
            note_bits.append(c.note)
        if id(c) in named_alike.values():
            note_bits.append("the whole book's row, named as the total the figures prove at another date; "
                             "rows of this date printed with a cell missing were left out, so its types "
                             "do not add up to it")
        if id(c.row) in gross:
            note_bits.append(f"the gross charge-offs under '{vocab.clean_label(c.row.context[-1])}': "
                             "less the recoveries under it, they are the net charge-offs printed")
        if id(c) in lone:
            note_bits.append("the page's only guarantee (its other members are no guarantees): the whole book's maximum")
        if c.number.repaired:
            note_bits.append(f"parenthesis repaired in '{c.number.text}'")
        scale, basis = _stated_scale(c.currency, ctx)
        if measures and measures[c.col][1]:
            scale, basis = measures[c.col][1], "stated"  # the measure's own heading states it
        if basis == "stated" and scale == 1 and c.currency and c.currency not in ctx.scales and ctx.scales:
            stated = ", ".join(f"{cur} in {units.SCALE_NAMES.get(k, k)}" for cur, k in ctx.scales.items())
            note_bits.append(f"the page's scale ({stated}) is not for {c.currency}: its figures are printed "
                             "in full and were not multiplied")
        days_from, days_to = bucket if (bucket and metric == PAST_DUE) else (None, None)
        col = f", column {c.col + 1}" + (f" '{c.col_label}'" if c.col_label else "")
        facts.append(Fact(
            entity=ctx.entity, source=ctx.source, disclosure=disclosure_of(metric), metric=metric,
            # an aging table's figures, and a guarantee's maximum, are amounts at a date,
            # whatever duration heads the column
            period_end=c.period_end, value=scaled(value, scale),
            # so is a balance in a table that does not move it (an allowance beside the loans),
            # and the net loans, which no rollforward moves
            period_start=None if disclosure_of(metric) == DELINQUENCY or metric in (MAX_EXPOSURE, NET_LOANS)
            or (metric in vocab.BALANCE_METRICS and not moved) else c.period_start,
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
    facts = whole_block_by_arithmetic(merge_other_lines(opening_before_adoption(loans_alone_member(reserves_by_row(facts)))))
    return facts + derive_delinquency_totals(facts)


_BALANCE_AT = re.compile(r"^balances?,?\s+(?:at|as\s+of)\s+", re.I)


def _balances_named_by_day(cells: list[Cell], topic: str) -> dict[int, str]:
    """Rollforward balances labelled by a day without its year ("January 1 … September 30")
    under columns dated by year: the row on the first day of the columns' period opens it, and
    the first row after it on their last day closes it. Rows named by that day again further
    down (an allocation's total, the loans behind it) are other lines. {id(row): role}."""
    if topic == DELINQUENCY:
        return {}
    out: dict[int, str] = {}
    for c in cells:
        m = MONTH_DAY.fullmatch(_BALANCE_AT.sub("", vocab.clean_label(c.row.label)))
        if m is None or c.row_date or c.period_end is None or c.period_start is None or id(c.row) in out:
            continue
        day = (month_number(m["mon"]), int(m["day"]))
        if day == (c.period_start.month, c.period_start.day) and not out:
            out[id(c.row)] = "begin"
        elif day == (c.period_end.month, c.period_end.day) and list(out.values()) == ["begin"]:
            out[id(c.row)] = "end"
    return out


def _gross_charge_offs_under_heading(cells: list[Cell], topic: str) -> dict[int, str]:
    """"Charge off Activity: | Principal balances (96,467) | Recoveries, net 40,283 | Net
    charge-offs (56,184)": under a heading that names the charge-offs, the one line without a
    role of its own is the gross charge-off when, in every column, it less the recoveries is the
    net charge-off. {id(row): "write_off"}."""
    if topic != ALLOWANCE:
        return {}
    groups: dict[str, dict[int, list[Cell]]] = {}
    for c in cells:
        if c.row.context and label_role(c.row.context[-1], ALLOWANCE) == "write_off":
            groups.setdefault(c.row.context[-1], {}).setdefault(id(c.row), []).append(c)
    out: dict[int, str] = {}
    for rows in groups.values():
        by_role: dict[str | None, list[list[Cell]]] = {}
        for row_cells in rows.values():
            by_role.setdefault(label_role(row_cells[0].row.label, ALLOWANCE), []).append(row_cells)
        if any(len(by_role.get(r, [])) != 1 for r in (None, "recovery", "net_write_off")):
            continue
        (cand,), (rec,), (net,) = by_role[None], by_role["recovery"], by_role["net_write_off"]
        if not (len(cand) == len(rec) == len(net) >= 1):
            continue
        if all(abs(abs(a.number.value) - abs(r.number.value) - abs(n.number.value)) < 0.5
               and a.number.value for a, r, n in zip(cand, rec, net, strict=True)):
            out[id(cand[0].row)] = "write_off"
    return out


def _reserve_key(line: str) -> str:
    if not table_words.RESERVE_HEADING.match(line.strip()) or len(line.split()) > 10 or find_dates(line):
        return ""
    return re.sub(r"\s*\([^)]*\)", "", vocab.clean_label(line)).rstrip(":").strip().lower()


def _stacked_reserve_headings(block: Block, cells: list[Cell]) -> dict[str, str]:
    """Reserve headings ({key: name}) when a table stacks two or more reserves; {} otherwise."""
    found: dict[str, str] = {}
    # the header's last fragment may head the first reserve; the rest of the header (title,
    # caption-like lines "Allowance for credit losses and recorded investment …") does not
    for line in [*block.header[-1:], *(x for c in cells for x in c.row.context)]:
        key = _reserve_key(line)
        if key and key not in found:
            found[key] = vocab.clean_label(line).rstrip(":").strip()
    return found if len(found) >= 2 else {}


def _reserve_population(c: Cell, reserves: dict[str, str], block: Block) -> str:
    """The reserve a cell belongs to: its closest reserve heading; a dated line that names a
    reserve itself ("Allowance for credit losses as of September 30, 2023") is that reserve."""
    if c.row_date and table_words.RESERVE_HEADING.match(re.split(r"\s+(?:as\s+of|at)\s+", c.row.label, maxsplit=1,
                                                     flags=re.I)[0] + ":"):
        head = re.split(r"\s+(?:as\s+of|at)\s+", vocab.clean_label(c.row.label), maxsplit=1, flags=re.I)[0]
        if _reserve_key(head) not in reserves and label_role(c.row.label, ALLOWANCE) not in ("begin", "end"):
            return head
    for line in [*reversed(c.row.context), *block.header[-1:]]:
        if _reserve_key(line) in reserves:
            return _population_named(reserves[_reserve_key(line)])
    return ""


def _population_named(name: str) -> str:
    """A stacked reserve's population: the reserve for commitments (or the two combined) by its
    one name whatever the filer's words ("Liability for Unfunded Commitments"), so that no
    reading takes it for a loan allowance; any other reserve by its heading."""
    return row_population(name) or name


def _lone_guarantee_whole(resolved: list[tuple[Cell, str, tuple[int, int | None] | None, str]], block: Block,
                          ctx: PageContext) -> tuple[list, set[int]]:
    """The maximum exposure of the page's only guarantee member, on one row, as the whole
    book's (`guarantee_columns.lone_guarantee_member`): (resolved, ids of the cells made whole)."""
    mx = [k for k, x in enumerate(resolved) if x[1] == MAX_EXPOSURE]
    if not mx or len({resolved[k][3] for k in mx}) != 1 or len({id(resolved[k][0].row) for k in mx}) != 1:
        return resolved, set()
    cell, _, _, seg = resolved[mx[0]]
    if not seg or not lone_guarantee_member(block, cell.row, seg, ctx.title):
        return resolved, set()
    return ([(c, m, b, "" if k in mx else s) for k, (c, m, b, s) in enumerate(resolved)],
            {id(resolved[k][0]) for k in mx})


def _header_member(block: Block) -> str:
    """The one axis member an R page prints between its dates and the first row ("Jun. 30,
    2012 | Third party claims [Member]"): the rows below it are that member's, a part of the
    whole, however they are labelled. "" when the header names none, or several (one a column),
    or a total ("Total Commercial [Member]" heads the whole of what the page is about)."""
    dated = [i for i, h in enumerate(block.header) if find_dates(h)]
    after = block.header[dated[-1] + 1:] if dated else []
    marked = [h for h in after if h.rstrip().lower().endswith("[member]")]
    if not marked and after and _book_over_every_row(after[-1], block):
        return vocab.clean_label(after[-1]).rstrip(":").strip()
    if len(marked) != 1 or re.match(r"\s*(?:total|consolidated)\b", marked[0], re.I):
        return ""
    return marked[0]


def _book_over_every_row(last: str, block: Block) -> bool:
    """A book's heading printed between the header and the first row ("Loans not covered by
    loss sharing agreements:", a heading by its colon, no column's name) with no other heading
    below it but the deductions' "Less:": every row, the total and the net loans too, is that
    book's, a part of the whole the page never totals here."""
    return last.rstrip().endswith(":") and bool(table_words.BOOK_HEADING.match(vocab.clean_label(last))) \
        and not any(r.context and not table_words.DEDUCTION_HEADING.match(r.context[0]) for r in block.rows)


def _label_segment(c: Cell, block_segment: str, metric: str) -> str:
    seg = segment_hint(c.row.label) or block_segment
    if metric == MAX_EXPOSURE and seg in vocab.GUARANTEE_ITSELF and block_segment in (*vocab.GUARANTEE_ITSELF, ""):
        return ""  # the table names no other programme: its maximum is the whole book's
    return seg


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
