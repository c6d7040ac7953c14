"""How a table's header becomes its columns: which rows are headers, how many columns a table
has, and what each column is — its period, or the line item or sub-population it holds, and its
currency (one `ColumnInfo` a column of the table model, `dashboard.extract.table`).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from dashboard.extract.aging_columns import (
    accruing_buckets,
    labels_add_up,
    labels_by_arithmetic,
    labels_one_per_column,
    named_twice,
    names_aging_items,
    names_straddle_stub,
    total_unnamed,
    whole_of_item_columns,
)
from dashboard.extract.classify import label_role
from dashboard.extract.dated_groups import dated_group_totals
from dashboard.extract.header_periods import (
    dates_beside_percent_columns,
    item_groups_over_dates,
    part_months,
    period_fragment,
    period_in_row_labels,
)
from dashboard.extract.item_columns import (
    SUBSET,
    is_bucket_column,
    order_by_arithmetic,
    segment_item_header,
)
from dashboard.extract.lead_heading import PORTION, lead_to_first_rows
from dashboard.extract.segment_names import (
    class_names,
    segment_header,
    segment_names,
    swallowed_row,
)
from dashboard.extract.stacked_aging import stacked_by_arithmetic
from dashboard.extract.table import Block, ColumnInfo, PageContext, Row
from dashboard.extract.whole_column import whole_by_arithmetic
from dashboard.model import vocab
from dashboard.model.dates import (
    FULL_DATE,
    MONTH_DAY,
    YEAR,
    bare_year,
    duration_months,
    find_dates,
    month_number,
    year_end,
)
from dashboard.model.numbers import Number
from dashboard.model.schema import (
    CURRENT,
    DELINQUENCY,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)

MAX_COLUMNS = 60  # wider "rows" are runs of figures, not a table


def _header_dates(fragments: list[str], n: int, ctx: PageContext, caption: str) -> list[date] | None:
    """Period dates for `n` columns from header fragments ("Dec. 31, 2022" or bare years)."""
    paired = _month_days_over_years(fragments, n)
    if paired:
        return paired
    joined = " ".join(fragments).replace("\xa0", " ")
    # "Dec. 31, 2019" (the page's date, above the table) then "As at December 31, | 2018 | 2019":
    # a bare year on a line of its own, one a column, is the column's year; read joined, the
    # month-day above would take the first of them and the page's date the other column
    bare = [y for f in fragments if (y := bare_year(f))]
    dates = [] if n >= 2 and len(bare) == n == len(set(bare)) else find_dates(joined)
    if dates and len(dates) < n:
        full = []
        for frag in fragments:
            full.extend(find_dates(frag))
        if len(full) == n:
            dates = full
    if len(dates) == n:
        return dates
    years = bare if not dates and len(bare) == n else [int(y) for y in YEAR.findall(joined)]
    if len(years) == n:
        # "At or for the nine months ended September 30" above "2019 2018": the month and day
        # are read from their own fragment, or the year below would look like theirs
        md = next((m for f in fragments if (m := MONTH_DAY.search(f.replace("\xa0", " ")))), None) \
            or MONTH_DAY.search(joined) or MONTH_DAY.search(caption)
        fiscal = (month_number(md["mon"]), int(md["day"])) if md else ctx.fiscal_end
        return [year_end(y, fiscal) for y in years]
    return None


def _month_days_over_years(fragments: list[str], n: int) -> list[date] | None:
    """"September 30, | December 31," over "2018 | 2017": a header row of month-days above a
    row of years, one of each per column, paired in column order (read joined, the last
    month-day would take the first year)."""
    # a space-aligned rendering keeps a header row on one line: "September 30,   December 31,"
    # over "2019   2018"
    days = [m for f in fragments if not YEAR.search(f) for m in MONTH_DAY.finditer(f.replace("\xa0", " "))]
    years = [int(y) for f in fragments if re.fullmatch(r"\s*(?:(?:19|20|21)\d\d\s*)+", f)
             for y in f.split()]
    if n < 2 or len(years) != n or not days or len(days) > n:
        return None
    if len(days) < n:
        # "As of September 30, | As of December 31," over "2023 | 2022 | 2022": a month-day spans
        # the years going back in time below it; the same or a later year starts the next one's
        runs = [1]
        for a, b in zip(years, years[1:], strict=False):
            runs[-1:] = [runs[-1] + 1] if b < a else [runs[-1], 1]
        if len(runs) != len(days):
            return None
        days = [m for m, k in zip(days, runs, strict=True) for _ in range(k)]
    try:
        return [date(y, month_number(m["mon"]), int(m["day"])) for m, y in zip(days, years, strict=True)]
    except ValueError:
        return None


def _translation_columns(fragments: list[str], n: int, ctx: PageContext,
                         caption: str) -> tuple[list[date] | None, list[str] | None]:
    """"2023 2024 / RMB RMB US$": the last column is the filing's convenience translation of
    the year before it, so three columns carry two years."""
    joined = " ".join(fragments)
    curs = [vocab.currency_of(t) for t in vocab.HEADER_CURRENCY.findall(joined)]
    if len(curs) != n or n < 2 or curs[-1] == curs[-2] or len(set(curs[:-1])) != 1:
        return None, None
    dates = _header_dates(fragments, n - 1, ctx, caption)
    if not dates:
        return None, None
    return [*dates, dates[-1]], curs


def _columns_from_texts(texts: list[str], ctx: PageContext) -> list[ColumnInfo]:
    cols = []
    for t in texts:
        dates = find_dates(t)
        item = re.sub(r"\s*\|\s*", " | ", t)
        item = vocab.ISO_WITH_SYMBOL.sub("", item)
        for pat in (r"\d{1,2}\s+Months?\s+Ended", r"(?:Twelve|Three|Six|Nine)\s+Months?\s+Ended"):
            item = re.sub(pat, "", item, flags=re.I)
        item = FULL_DATE.sub("", item)
        item = " | ".join(p.strip() for p in item.split("|") if p.strip())
        cols.append(ColumnInfo(
            text=t, end=dates[-1] if dates else None, months=duration_months(t),
            currency=vocab.currency_in(t), item=item,
        ))
    return cols


def _header_durations(fragments: list[str], n: int, dates: list[date] | None = None) -> list[int] | None:
    """Per-column durations when a header names several ("Three Months … Six Months Ended"
    over four year columns: 3, 3, 6, 6)."""
    found = [m.group(1).lower() for m in vocab.DURATION_WORD.finditer(" ".join(fragments))]
    words = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
    months = [words.get(w) or int(w) for w in found]
    if len(found) < 2:
        return None
    if n % len(found) == 0:
        return [m for m in months for _ in range(n // len(months))]
    if dates and len(dates) == n:
        # "3 Months Ended | 9 Months Ended | 12 Months Ended" over "Sep. 30, 2024 | Sep. 30, 2023 |
        # Sep. 30, 2024 | Sep. 30, 2023 | Dec. 31, 2023": each duration spans a run of dates
        # that goes back in time; a later date starts the next duration's run
        runs = [1]
        for a, b in zip(dates, dates[1:], strict=False):
            if b > a:
                runs.append(1)
            else:
                runs[-1] += 1
        if len(runs) == len(months):
            return [m for m, k in zip(months, runs, strict=True) for _ in range(k)]
    return None


def _period_groups(fragments: list[str], n: int, ctx: PageContext, caption: str) -> list[ColumnInfo] | None:
    """Periods over runs of segment columns: "Second Quarter 2019 | First Half 2019" above
    "Consumer | Non-Consumer | Total" printed once a period. `n` columns are the periods times
    the segments, period by period; each period ends on its own date, or on the month and day
    the caption gives ("for the periods ended June 30") in its year."""
    periods = [f for f in fragments if period_fragment(f)]
    bare = False
    if len(periods) < 2:
        # "2019 | 2018" over "Commercial | Consumer | Total" twice: bare years head the groups
        # (never a column each: the groups are what they count)
        periods = [f for f in fragments if bare_year(f)]
        bare = True
    if len(periods) < 2 or n % len(periods) or (bare and n == len(periods)):
        return None
    width = n // len(periods)
    after = fragments[fragments.index(periods[-1]) + 1:]
    segs = [f for f in after if not period_fragment(f)]
    segs = [vocab.clean_label(f) for f in segs if not vocab.RESERVE_HEADING.match(f.strip())
            and not vocab.scale_statements(f) and len(f.split()) <= 6]
    if width > 1 and len(segs) != n:
        segs = _rejoin_group_names(segs, len(periods), width) or segs
    if width > 1 and (len(segs) != n or any(segs[j] != segs[j % width] for j in range(n))):
        return None
    # the period's month and day, and its length, from a heading without a year ("At or for the
    # nine months ended September 30") or else the caption
    spans = [f for f in fragments if not YEAR.search(f) and MONTH_DAY.search(f.replace("\xa0", " "))]
    md = (MONTH_DAY.search(spans[0].replace("\xa0", " ")) if spans else None) or MONTH_DAY.search(caption)
    caption = " ".join([*spans, caption])
    cols: list[ColumnInfo] = []
    for j in range(n):
        frag = periods[j // width]
        dates = find_dates(frag)
        year = int(YEAR.findall(vocab.clean_label(frag))[0])
        end = dates[-1] if dates else year_end(year, (month_number(md["mon"]), int(md["day"])) if md else ctx.fiscal_end)
        months = duration_months(frag) or part_months(frag) or duration_months(caption)
        seg = segs[j] if width > 1 else ""
        cols.append(ColumnInfo(text=f"{frag} | {seg}" if seg else frag, end=end, months=months,
                               segment="" if vocab.WHOLE_COLUMN.match(seg) else seg))
    return cols


def _rejoin_group_names(fragments: list[str], groups: int, width: int) -> list[str] | None:
    """Column names a rendering broke over lines ("Commercial / Lending / Consumer / Lending /
    Total"), printed once per group: a fragment that recurs within one group's names is the
    second line they share ("Lending"), and joins the name before it. None unless that gives
    `width` names, the same in every group."""
    if len(fragments) % groups:
        return None
    k = len(fragments) // groups
    group = fragments[:k]
    if any(fragments[i * k:(i + 1) * k] != group for i in range(groups)):
        return None
    seen = Counter(group)
    names: list[str] = []
    for f in group:
        if names and seen[f] > 1 and not vocab.WHOLE_COLUMN.match(f):
            names[-1] = f"{names[-1]} {f}"
        else:
            names.append(f)
    return names * groups if len(names) == width else None


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
        m = vocab.SUBTOTAL_COLUMN.match(sg)
        if not sg or not m:
            if not sg:
                start = j + 1
            continue
        group = m["group"].strip()
        out[j] = group
        members = [i for i in range(start, j) if segs[i] and not vocab.SUBTOTAL_COLUMN.match(segs[i])]
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
    if block.columns or len(block.header) < 2 or rows[0].context or not any(r.context for r in rows):
        return block.header
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
    if vocab.COLUMN_START.search(lead) or vocab.COLUMN_WORDS.search(lead) or len(lead.split()) > 5 or find_dates(lead) \
            or bare_year(lead):
        return block.header  # part of a column's name (a bare year is a column's date)
    trimmed = block.header[:-1]
    # the rest still names every column: its dates, line items, or one class a column
    # ("Commercial | Mortgage | Consumer | Auto | Total" over "Non-PCD:")
    if segment_item_header(trimmed, n) is None and _header_dates(trimmed, n, ctx, block.caption) is None \
            and not (lead.rstrip().endswith(":") and len(segment_names(trimmed, n)) == n):
        return block.header
    return lead_to_first_rows(lead, rows, trimmed)


def column_count(block: Block, rows: list[Row], ctx: PageContext) -> int:
    """How many columns the rows fill: the per-column header texts when the structure gives
    them; else the commonest row width, on a tie the wider one (a short row has blank cells
    left out), or a wider one that the header's dates count."""
    widths = Counter(len(r.values) for r in rows if r.values)
    n = len(block.columns) if block.columns else max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]
    if not block.columns and len(widths) > 1 and _header_dates(block.header, n, ctx, block.caption) is None:
        # the header's dates count the columns: rows with fewer figures have blanks left out
        dated = [w for w in widths if w > n and _header_dates(block.header, w, ctx, block.caption)]
        n = max(dated, default=n)
        widest = max(widths)
        if n < widest and not dated and _names_count(block.header) == widest:
            # "Commercial | … | Unallocated | Total" names seven columns; the rows whose
            # "Unallocated" cell is blank print six: the header's names count the columns
            n = widest
    return n


def _names_count(fragments: list[str]) -> int:
    """How many column names a header of names alone gives (0 when it gives dates or more)."""
    if any(find_dates(f) or YEAR.search(f) for f in fragments):
        return 0
    return sum(1 for f in fragments if not vocab.scale_statements(f) and not vocab.CURRENCY_TOKEN.fullmatch(f.strip())
               and len(f.split()) <= 6 and not f.rstrip().endswith(":") and not vocab.RESERVE_HEADING.match(f.strip()))


def read_columns(block: Block, rows: list[Row], n: int, ctx: PageContext) -> list[ColumnInfo]:
    """The column model of `n` columns: each column's date and duration, or its line item
    (an aging bucket), or its sub-population; and its currency."""
    cols: list[ColumnInfo]
    vintage = None if block.columns else (
        (block.header_joined and _vintage_columns(block.header_joined, n, block.caption))
        or _vintage_columns(block.header, n, block.caption))
    if block.columns:
        cols = _columns_from_texts(block.columns, ctx)
    elif vintage:
        cols = vintage
    else:
        dates = _header_dates(block.header, n, ctx, block.caption)
        translation = None
        if not dates:
            dates, translation = _translation_columns(block.header, n, ctx, block.caption)
        if not dates:
            dates = dates_beside_percent_columns(block.header, n, rows)
        if dates:
            spans = _header_durations(block.header, n, dates) or [
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
        elif grouped := (_period_groups(block.header, n, ctx, block.caption)
                         or (block.header_joined and _period_groups(block.header_joined, n, ctx, block.caption))
                         or dated_group_totals(block.header, rows, n, rows_are_line_items(
                             [r for r in rows if len(r.values) == n]))):
            cols = grouped
        else:
            full = [r.values for r in rows if len(r.values) == n]
            # one fragment a column, read from the header as printed or with its cells' wrapped
            # lines joined ("Non-" / "performing", "Total Past" / "Due")
            placed = None if rows_are_line_items(rows) else (
                labels_one_per_column(block.header, full, n)
                or (block.header_joined and labels_one_per_column(block.header_joined, full, n)) or None)
            labels = placed or segment_item_header(block.header, n) or []
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
                named = class_names(block.header, n) or [f"column {j + 1}" if sg else ""
                                                         for j, sg in enumerate(segment_header(block.header, n))]
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
                cols = [ColumnInfo(text=sg, segment=sg, end=period[0] if period else None,
                                   months=period[1] if period else None) for sg in segs]
                if period and sum(1 for r in rows if find_dates(r.label)) >= 2:
                    # the balance rows now carry their dates: they open and close the period
                    for c in cols:
                        c.end = c.months = None
        units = [vocab.currency_of(m["iso"]) for m in vocab.ISO_WITH_SYMBOL.finditer(" ".join(block.header))]
        if len(units) == n and all(units):
            # an R page rendering's unit row: "CNY (¥) | USD ($) | CNY (¥)", one per column
            for c, cur in zip(cols, units, strict=True):
                c.currency = c.currency or cur
        header_cur = vocab.currency_in(" ".join(block.header)) if len(set(units)) <= 1 else ""
        for c in cols:
            c.currency = c.currency or header_cur
        if translation:
            for c, cur in zip(cols, translation, strict=True):
                c.currency = cur
            cols[-1].segment = ""
            cols[-1].item = ""
            cols[-1].text = f"{cols[-1].text} convenience translation"
    return cols
