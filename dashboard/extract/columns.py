"""How a table's header becomes its columns: which rows are headers, how many columns a table
has, and what each column is — its period, or the line item or sub-population it holds, and its
currency (one `ColumnInfo` a column of the table model, `dashboard.extract.table`).
"""

from __future__ import annotations

import re
from collections import Counter

from dashboard.extract.aging_columns import (
    accruing_buckets,
    labels_add_up,
    labels_by_arithmetic,
    labels_one_per_column,
    named_twice,
    names_aging_items,
    names_straddle_stub,
    total_of_buckets,
    total_unnamed,
    whole_of_item_columns,
)
from dashboard.extract.classify import label_role
from dashboard.extract.column_dates import (
    columns_from_texts,
    header_dates,
    header_durations,
    period_groups,
    status_columns,
    translation_columns,
)
from dashboard.extract.dated_groups import (
    dated_group_totals,
    dated_named_totals,
    named_group_totals,
)
from dashboard.extract.header_periods import (
    dates_beside_percent_columns,
    item_groups_over_dates,
    period_in_row_labels,
)
from dashboard.extract.item_columns import (
    SUBSET,
    is_bucket_column,
    order_by_arithmetic,
    segment_item_header,
)
from dashboard.extract.lead_heading import (
    PORTION,
    lead_to_first_rows,
    names_its_first_row,
    two_headings_lead,
    two_headings_to_first_rows,
)
from dashboard.extract.segment_names import (
    class_names,
    segment_header,
    segment_names,
    swallowed_row,
)
from dashboard.extract.stacked_aging import stacked_by_arithmetic
from dashboard.extract.table import Block, ColumnInfo, PageContext, Row
from dashboard.extract.whole_column import (
    sum_column,
    total_of_short_row,
    whole_by_arithmetic,
    whole_disproven,
)
from dashboard.model import table_words, units, vocab
from dashboard.model.dates import (
    FULL_DATE,
    YEAR,
    bare_year,
    duration_months,
    find_dates,
)
from dashboard.model.numbers import Number
from dashboard.model.schema import (
    CURRENT,
    DELINQUENCY,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)

MAX_COLUMNS = 60  # wider "rows" are runs of figures, not a table


_VINTAGE = re.compile(r"\borigination\b|\bvintage\b", re.I)


def _vintage_columns(fragments: list[str], n: int, caption: str) -> list[ColumnInfo] | None:
    """"Amortized Cost Basis by Origination Fiscal Year at March 31, 2023 | 2023 | 2022 | … |
    2018 and Prior | Total": the years name the loans' origination (a population each), never
    a balance date; every column is at the one date the header or caption gives."""
    joined = " ".join([*fragments, caption])
    if not _VINTAGE.search(joined):
        return None
    dates = {d for f in [*fragments, caption] if FULL_DATE.search(f) for d in find_dates(f)}
    years = [f for f in fragments if _ORIGINATED.search(f) and not FULL_DATE.search(f)]
    if len(dates) != 1 or len(years) < 2:
        return None
    end = dates.pop()
    segs = segment_header(fragments, n)
    if not all(sg or i == n - 1 or i == 0 for i, sg in enumerate(segs)) or sum(1 for sg in segs if _ORIGINATED.search(sg)) < 2:
        return None
    # a name over the years that is not the table's title ("Term Loans By Origination" /
    # "Loans" / "Up to 1 Year Ago" / …): the population of the whole table, its total included
    names = segment_names(fragments, n)
    over = [vocab.clean_label(f) for f in names[:-n] if not _VINTAGE.search(f) and not _ROWS_KIND.match(f.strip())] \
        if len(names) > n else []
    pop = over[-1] if over else ""
    segs = [" – ".join(x for x in (pop, sg) if x) for sg in segs]
    return [ColumnInfo(text=sg or "Total", end=end, segment=sg) for sg in segs]


# the stub's heading, naming what the rows are ("Loan Class"), never a population over the years
_ROWS_KIND = re.compile(r"^(?:(?:loan|receivable|financing\s+receivable)s?\s+(?:class|type|category|segment)(?:es|s)?"
                        r"|(?:class|type|category)(?:es|s)?\s+of\s+(?:loans?|receivables?))$", re.I)
# a column of loans by when they were originated: "2021", "Up to 1 Year Ago", "More than 5 Years Ago"
_ORIGINATED = re.compile(rf"{YEAR.pattern}|\byears?\s+ago\b", re.I)


def rows_are_line_items(rows: list[Row]) -> bool:
    """Aging line items down the rows ("31 - 60 days past due", "Current", "Total"): the
    columns then name populations ("Total Consumer"), never line items."""
    items = sum(1 for r in rows if is_bucket_column(r.label)
                or label_role(r.label, DELINQUENCY) in (CURRENT, PAST_DUE_TOTAL, TOTAL_LOANS))
    return items >= 3 and items >= 0.6 * len(rows)


def _group_columns(segs: list[str], rows: list[list[Number | None]]) -> list[str]:
    """Group subtotal columns: "CRE | C&I | Total Commercial | Residential | … | Total Consumer |
    Total". A "Total Commercial" column is the group "Commercial"; the columns before it (back to
    the previous subtotal) are its classes, named "Commercial – CRE", when they add up to it."""
    out = list(segs)
    start = 0
    for j, sg in enumerate(segs):
        m = table_words.SUBTOTAL_COLUMN.match(sg)
        if not sg or not m:
            if not sg:
                start = j + 1
            continue
        group = m["group"].strip()
        out[j] = group
        members = [i for i in range(start, j) if segs[i] and not table_words.SUBTOTAL_COLUMN.match(segs[i])]
        start = j + 1
        if len(members) < 2 or not rows:
            continue

        def foots(vals: list[Number | None], members: list[int] = members, j: int = j) -> bool:
            part = sum(0.0 if vals[i] is None else vals[i].value for i in members)  # type: ignore[union-attr]
            tot = 0.0 if vals[j] is None else vals[j].value  # type: ignore[union-attr]
            return abs(part - tot) <= 1.0 + 1e-9

        if all(foots(v) for v in rows):
            for i in members:
                out[i] = f"{group} – {segs[i]}"
    return out


def lead_group_heading(block: Block, rows: list[Row], n: int, ctx: PageContext) -> list[str]:
    """"Commercial" printed between a loan-class table's header and its first rows reads, in a
    rendering, like one more header fragment. When later rows sit under group headings, the
    first rows have none, and the header without its last fragment still names every column,
    that fragment is the first group's heading: the rows above the next heading get it."""
    if block.columns or len(block.header) < 2 or rows[0].context or not any(
            r.context and not table_words.DEDUCTION_HEADING.match(r.context[0]) for r in rows):
        return block.header  # ("Less:" over the deductions under the total heads no group of rows)
    lead = block.header[-1]
    if bare_year(lead) and any(bare_year(x) for r in rows for x in r.context):
        # "2020" over the first rows as "2019" heads later ones: the first group's year
        for r in rows:
            if r.context:
                break
            r.context = [lead]
        return block.header[:-1]
    if PORTION.match(lead) and any(PORTION.match(c) for r in rows for c in r.context):
        # "Current portion:" over the first rows as "Non-current portion:" heads later ones: a
        # balance sheet's classification, each a part of the book, never the whole
        return lead_to_first_rows(lead, rows, block.header[:-1])
    if names_its_first_row(lead, rows):
        # "Retail finance receivables" over "Retail finance receivables(a)", as "Commercial
        # finance receivables" heads "Commercial finance receivables(a)(b)" further down: the
        # first group's heading, however much it reads like a column's name
        return lead_to_first_rows(lead, rows, block.header[:-1])
    if two_headings_lead(block.header, rows) and (
            header_dates(block.header[:-2], n, ctx, block.caption) is not None
            or segment_item_header(block.header[:-2], n) is not None):
        # a book's heading and a class heading within it over the first rows, as a later book
        # prints the same class heading under its own: both head the first rows
        return two_headings_to_first_rows(block.header, rows)
    if table_words.COLUMN_START.search(lead) or table_words.COLUMN_WORDS.search(lead) or len(lead.split()) > 5 or find_dates(lead) \
            or bare_year(lead):
        return block.header  # part of a column's name (a bare year is a column's date)
    trimmed = block.header[:-1]
    # the rest still names every column: its dates, line items (or one aging line item a
    # column, the figures proving their places: "30 to 59 Days Past Due | … | Total Loans" over
    # "Commercial real estate"), or one class a column ("Commercial | Mortgage | Consumer | Auto |
    # Total" over "Non-PCD:")
    if segment_item_header(trimmed, n) is None and header_dates(trimmed, n, ctx, block.caption) is None \
            and not (lead.rstrip().endswith(":") and len(segment_names(trimmed, n)) == n) \
            and not labels_one_per_column(trimmed, [r.values for r in rows if len(r.values) == n], n):
        return block.header
    return lead_to_first_rows(lead, rows, trimmed)


def column_count(block: Block, rows: list[Row], ctx: PageContext) -> int:
    """How many columns the rows fill: the per-column header texts when the structure gives
    them; else the commonest row width, on a tie the wider one (a short row has blank cells
    left out), or a wider one that the header's dates count."""
    widths = Counter(len(r.values) for r in rows if r.values)
    n = len(block.columns) if block.columns else max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]
    if not block.columns and len(widths) > 1 and header_dates(block.header, n, ctx, block.caption) is None:
        # the header's dates count the columns: rows with fewer figures have blanks left out
        dated = [w for w in widths if w > n and header_dates(block.header, w, ctx, block.caption)]
        n = max(dated, default=n)
        widest = max(widths)
        if n < widest and not dated and _names_count(block.header) == widest:
            # "Commercial | … | Unallocated | Total" names seven columns; the rows whose
            # "Unallocated" cell is blank print six: the header's names count the columns
            n = widest
    return n


def _joined_class_names(block: Block, rows: list[Row], n: int) -> list[str] | None:
    """The class names of a header whose cells the rendering broke over lines ("Installment" /
    "receivables", "Millions of" / "yen"), read from the header with those lines joined again:
    taken only when they are one name a column and the one whole column they name is the
    column the figures prove is the sum of all the others (else a name could sit over the
    wrong column)."""
    if not block.header_joined:
        return None
    names = class_names(block.header_joined, n)
    if not names or len(names) != n or not all(names[:-1]) or names[-1]:
        return None
    cells = [vocab.clean_label(f) for f in block.header_joined]
    if not any(cells[i:i + n - 1] == names[:-1] for i in range(len(cells) - n + 2)):
        # the names printed apart ("Commercial:" / "Industrial" / "Commercial:" / "Real
        # estate"): a heading between them is part of each name, which these would leave out
        return None
    return names if sum_column([r.values for r in rows], n) == n - 1 else None


def _names_count(fragments: list[str]) -> int:
    """How many column names a header of names alone gives (0 when it gives dates or more)."""
    if any(find_dates(f) or YEAR.search(f) for f in fragments):
        return 0
    return sum(1 for f in fragments if not units.scale_statements(f) and not units.CURRENCY_TOKEN.fullmatch(f.strip())
               and len(f.split()) <= 6 and not f.rstrip().endswith(":") and not table_words.RESERVE_HEADING.match(f.strip()))


def read_columns(block: Block, rows: list[Row], n: int, ctx: PageContext) -> list[ColumnInfo]:
    """The column model of `n` columns: each column's date and duration, or its line item
    (an aging bucket), or its sub-population; and its currency."""
    cols: list[ColumnInfo]
    vintage = None if block.columns else (
        (block.header_joined and _vintage_columns(block.header_joined, n, block.caption))
        or _vintage_columns(block.header, n, block.caption))
    if block.columns:
        cols = columns_from_texts(block.columns, ctx)
    elif vintage:
        cols = vintage
    else:
        dates = header_dates(block.header, n, ctx, block.caption)
        translation = None
        if not dates:
            dates, translation = translation_columns(block.header, n, ctx, block.caption,
                                                     [r.values for r in rows if len(r.values) == n])
        if not dates:
            dates = dates_beside_percent_columns(block.header, n, rows)
        if dates:
            spans = header_durations(block.header, n, dates) or [
                duration_months(" ".join([*block.header, block.caption]))] * n
            cols = [ColumnInfo(text=str(d), end=d, months=m) for d, m in zip(dates, spans, strict=True)]
            items = item_groups_over_dates(block.header, dates)
            for j, item in enumerate(items or []):
                if item is None:  # a heading that names no credit line: its figures are not read
                    for r in rows:
                        if len(r.values) == n:
                            r.values[j] = None
                else:
                    cols[j].item = item
        elif grouped := (period_groups(block.header, n, ctx, block.caption)
                         or (block.header_joined and period_groups(block.header_joined, n, ctx, block.caption))
                         or dated_group_totals(block.header, rows, n, rows_are_line_items(
                             [r for r in rows if len(r.values) == n]))
                         or dated_named_totals(block.header_joined or block.header, rows, n, block.caption)
                         or named_group_totals(block.header, rows, n)):
            cols = grouped
        else:
            full = [r.values for r in rows if len(r.values) == n]
            # one fragment a column, read from the header as printed or with its cells' wrapped
            # lines joined ("Non-" / "performing", "Total Past" / "Due")
            placed = None if rows_are_line_items(rows) else (
                labels_one_per_column(block.header, full, n)
                or (block.header_joined and labels_one_per_column(block.header_joined, full, n)) or None)
            labels = placed or total_of_buckets(segment_item_header(block.header, n) or [], full)
            # a short table's figures prove its columns with those of the table above it
            with_above = [r.values for r in [*rows, *block.above] if len(r.values) == n]
            straddle = placed is None and bool(labels) and names_straddle_stub(block.header, n)
            if placed is None and (straddle or labels_add_up(labels, with_above) is False
                                   or (not labels and not rows_are_line_items(rows))):
                # a stacked header read out of column order: the figures say which is which
                proven = labels_by_arithmetic(block.header, with_above, n) \
                    or (stacked_by_arithmetic(block.header, full, n) if straddle else None)
                labels = proven or ([""] * n if straddle else labels)
                if straddle and not proven:
                    # names whose columns nothing proves: no figure of the table is read under them
                    for r in rows:
                        r.values = [None] * len(r.values)
            if placed is not None:
                # one header fragment a column, proven by the sums: a column without a label
                # takes no part in them, and a row too short to say which cells it left blank
                # cannot be placed among them
                for r in rows:
                    r.values = [None if len(r.values) != n or not placed[j] else r.values[j] for j in range(n)]
                cols = [ColumnInfo(text=lab, item=lab) for lab in labels]
            elif len(labels) == n and not rows_are_line_items(rows):
                labels = order_by_arithmetic(labels, [r.values for r in rows if len(r.values) == n])
                if total_unnamed(labels, full) or named_twice(labels):
                    # the figures' own total is not where the names put it, or one name stands
                    # over two columns: the names placed line over line where the figures
                    # prove one placement, else none
                    labels = stacked_by_arithmetic(block.header, full, n) or [""] * n
                labels = accruing_buckets(block.header, labels)
                cols = [ColumnInfo(text=lab, item=lab) for lab in labels]
                subset = [j for j, lab in enumerate(labels) if SUBSET.search(lab)]
                for r in rows:
                    if subset and len(r.values) == n:
                        # "Nonaccrual loans that are current": a part of a line item, whose
                        # figures are never the item's; left out of the grid
                        r.values = [None if j in subset else v for j, v in enumerate(r.values)]
            else:
                # neither dates nor line items: the columns name sub-populations
                # ("Commercial | Consumer | Total"), one header fragment each
                # names the header's lines cannot decide: the columns numbered, none named
                # wrongly (the total column stays the whole population)
                # the header's cells as printed (their broken lines joined) before its fragments
                named = _joined_class_names(block, rows, n) or class_names(block.header, n) \
                    or [f"column {j + 1}" if sg else "" for j, sg in enumerate(segment_header(block.header, n))]
                if swallowed_row(block.header):
                    # a row's label read into the header ("Beginning balance" over the first
                    # figures): every name and the whole column are shifted; none is taken
                    named = [f"column {j + 1}" for j in range(n)]
                segs = _group_columns(named, [r.values for r in rows if len(r.values) == n])
                count = len(segment_names(block.header, n))
                # fewer names than columns (a header of reserves, or none): no names to doubt
                keep = whole_by_arithmetic(segs, count == n, [r.values for r in rows], n) \
                    if count >= n else None
                if keep:
                    # the header misplaces its names: the proven total only, the rest left out
                    segs = [""] * n
                    for r in rows:
                        if len(r.values) == n:
                            r.values = [v if keep[j] else None for j, v in enumerate(r.values)]
                        elif keep[-1] and (last := total_of_short_row(r.values)) is not None:
                            r.values = [*([None] * (n - 1)), last]
                if not keep and whole_disproven(segs, [r.values for r in rows], n):
                    segs = [f"column {j + 1}" for j in range(n)]
                if n > 1 and names_aging_items(block.header) and all(
                        not sg or sg.startswith("column ") for sg in segs):
                    # line items ("30-59 Days | … | Nonaccrual | Current | Total Loans") whose
                    # names the header cannot place: only the column that sums the others
                    whole = whole_of_item_columns([r.values for r in rows], n) or [False] * n
                    segs = [""] * n
                    for r in rows:
                        if len(r.values) == n:
                            r.values = [v if whole[j] else None for j, v in enumerate(r.values)]
                if n == 1 and named[0] != segs[0] and rows_are_line_items(rows):
                    # one column headed "Total Consumer" over the aging lines, with no class
                    # column beside it: the total of the table's only population, whole
                    segs = [""]
                period = period_in_row_labels(block.header, rows, ctx)
                cols = status_columns([ColumnInfo(text=sg, segment=sg, end=period[0] if period else None,
                                                  months=period[1] if period else None) for sg in segs])
                if period and sum(1 for r in rows if find_dates(r.label)) >= 2:
                    # the balance rows now carry their dates: they open and close the period
                    for c in cols:
                        c.end = c.months = None
        col_units = [units.currency_of(m["iso"]) for m in units.ISO_WITH_SYMBOL.finditer(" ".join(block.header))]
        if len(col_units) == n and all(col_units):
            # an R page rendering's unit row: "CNY (¥) | USD ($) | CNY (¥)", one per column
            for c, cur in zip(cols, col_units, strict=True):
                c.currency = c.currency or cur
        header_cur = units.currency_in(" ".join(block.header)) if len(set(col_units)) <= 1 else ""
        for c in cols:
            c.currency = c.currency or header_cur
        if translation:
            for c, cur in zip(cols, translation, strict=True):
                c.currency = cur
            cols[-1].segment = ""
            cols[-1].item = ""
            cols[-1].text = f"{cols[-1].text} convenience translation"
    return cols
