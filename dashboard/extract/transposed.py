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
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations, product

from dashboard.extract.classify import label_role, role_metric
from dashboard.extract.group_totals import split_unlabelled_total
from dashboard.extract.structure import whole_by_sum
from dashboard.extract.table import Block, PageContext, Row
from dashboard.model import table_words, vocab
from dashboard.model.dates import duration_months, find_dates, start_of_duration
from dashboard.model.numbers import Number, scaled
from dashboard.model.schema import ALLOWANCE, Fact

_FLOW_ROLES = ("provision", "write_off", "recovery", "other", "net_write_off", "adoption")
_BALANCE_WORD = re.compile(r"\b(balance|beginning|ending|opening|closing)\b", re.I)
_BARE_DATE = re.compile(r"^(?:as\s+of\s+|at\s+)?[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}:?$", re.I)
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


def stacked_transposed_facts(block: Block, rows: list[Row], ctx: PageContext) -> list[Fact] | None:
    """Transposed rollforwards stacked under period headings ("Three months ended September 30,
    2018" over the first, in the header; "Three months ended September 30, 2017" over the next,
    between the rows), each with its unlabelled total run into its last line. Each period's
    rows are read as one transposed rollforward dated by its heading (one date and a duration);
    a period whose rows do not prove the table (cut off, or not adding up) gives nothing. None
    when the rows do not sit under two or more such headings."""
    # a heading that names no period ("Real estate construction:") heads classes within the
    # period above it
    months = duration_months(block.caption) if block.caption else None
    current = _header_period(block.header, months)
    groups: list[tuple[tuple[date, date], list[Row]]] = []
    for r in rows:
        current = (_heading_period(r.context, months) if r.context and find_dates(" ".join(r.context))
                   else None) or current
        if current is None:
            return None
        if groups and groups[-1][0] == current:
            groups[-1][1].append(r)
        else:
            groups.append((current, [r]))
    if len(groups) < 2:
        return None
    facts: list[Fact] = []
    for period, group in groups:
        n = Counter(len(r.values) for r in group).most_common(1)[0][0]
        group = split_unlabelled_total(group)
        group = _candidate_total(group, n) if group[-1].label != "Total" else group
        found = transposed_rollforward_facts(block, group, n, ctx, period)
        facts.extend(found or [])
    return facts or None


def _hyphen_joined(header: list[str]) -> list[str]:
    """Header fragments with a word broken at its hyphen ("Charge-" / "Offs") made whole."""
    out: list[str] = []
    for f in header:
        if out and out[-1].endswith("-") and f[:1].isalpha():
            out[-1] = out[-1] + f
        else:
            out.append(f)
    return out


def _header_period(header: list[str], caption_months: int | None = None) -> tuple[date, date] | None:
    """The one period a table's header names: its dated fragments ("Three months ended September
    30, 2018"), or the header as a whole when the duration heads the date in a fragment of its
    own ("Nine months ended" / "September 30, 2013" / "Balance, Beginning of Period" / …)."""
    return _heading_period([f for f in header if find_dates(f)], caption_months) \
        or _heading_period(header, caption_months)


def _heading_period(heading: list[str], caption_months: int | None = None) -> tuple[date, date] | None:
    """(start, end) of the one period a heading names ("Nine months ended September 30, 2018"),
    or of a heading that is only its closing date ("December 31, 2017") under a caption that
    names the one length of all its periods ("for the three years ended December 31, …")."""
    text = " ".join(heading)
    dates = find_dates(text)
    months = duration_months(text)
    if months is None and len(dates) == 1 and _BARE_DATE.match(text.strip()):
        months = caption_months
    if len(dates) != 1 or months is None:
        return None
    return start_of_duration(dates[0], months), dates[0]


def transposed_rollforward_facts(block: Block, rows: list[Row], n: int, ctx: PageContext,
                                 period: tuple[date, date] | None = None) -> list[Fact] | None:
    """The facts of a transposed rollforward, or None when the table is not one. Its period is
    the header's opening and closing dates, or `period` (start, end) when a heading gives it."""
    span = _identity(rows, n)
    if span is None:
        return None
    b, e = span
    # the page's title heading the header ("Changes In The Allowance …") names no column
    flows = [role for f in _hyphen_joined(block.header)
             if f != ctx.title and (role := label_role(f, ALLOWANCE)) in _FLOW_ROLES]
    if len(flows) != e - b - 1 or len(set(flows)) != len(flows) or not any(role != "other" for role in flows):
        return None
    if not any(_BALANCE_WORD.search(f) for f in block.header):
        return None  # the opening and closing columns are balances, and the header says so
    if period is None:
        dates = _header_dates(block.header)
        if len(dates) == 1:
            # one closing date under its duration ("Nine months ended" / "September 30, 2013")
            period = _header_period(block.header, duration_months(block.caption) if block.caption else None)
        if period is None and len(dates) != 2:
            return None
    if period is None:
        opening, end = dates
        start = opening if opening.day == 1 else opening + timedelta(days=1)
    else:
        start, end = period
    items: list[tuple[int, str]] = [(b, "allowance_begin"), *((b + 1 + i, role_metric(r, ALLOWANCE))
                                                            for i, r in enumerate(flows)), (e, "allowance_end")]
    full = [r for r in rows if len(r.values) == n and None not in r.values]
    columns = [j for j, _ in items]
    found = _whole_over_subtotals(full, columns)
    if found is None and len(full) < len(rows):
        found = _whole_over_short_rows(rows, full, n, b, e)
    only_whole = False
    if found is None:
        found, only_whole = _printed_total(rows, full, b, e), True
    if found is None:
        return None  # no row is proven the total of the products on every column
    whole, group_of = found
    facts: list[Fact] = []
    currency = ctx.currency or "USD"
    scale, basis = (ctx.scales.get(currency) or ctx.scales.get("*") or 1), ("stated" if ctx.scales else "assumed")
    for i, r in enumerate(full):
        if only_whole and i != whole:
            continue
        segment = "" if i == whole else group_of.get(i) or vocab.clean_label(r.label)
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


_TOTAL_WORD = re.compile(r"^(?:sub)?total\b\s*", re.I)


def _printed_total(rows: list[Row], full: list[Row], b: int, e: int) -> tuple[int, dict[int, str]] | None:
    """The table's last line, labelled "Total" and nothing else, when no sum can prove it (a
    rendering that left some classes' cells out, figures and all): its own figures tie (opening
    + movements = closing, as every complete line's) and its opening and closing are the largest
    of the table's, as the whole's balances are. The classes stay unread: nothing proves them."""
    last = rows[-1] if rows else None
    if last is None or vocab.clean_label(last.label).lower() != "total" or last not in full or len(rows) < 3:
        return None
    lines = [r for r in rows[:-1] if len(r.values) >= 2 and None not in r.values]
    if not last.values[e].value or any(
            abs(r.values[0].value) > last.values[b].value or abs(r.values[-1].value) > last.values[e].value
            for r in lines):
        return None
    return full.index(last), {}


def _subtotals(rows: list[Row], columns: list[int]) -> dict[int, range]:
    """Rows labelled "Total …" that are, on every column, the sum of the two or more rows just
    above them (back to the previous subtotal or further): each with the run it adds up."""
    out: dict[int, range] = {}
    for i, r in enumerate(rows):
        if not _TOTAL_WORD.match(vocab.clean_label(r.label)):
            continue
        for k in range(i - 2, -1, -1):
            parts = [p for m, p in enumerate(rows[k:i], k) if m not in out]
            if len(parts) >= 2 and all(
                    abs(sum(p.values[j].value for p in parts) - r.values[j].value) <= 1.0 + 1e-9 for j in columns):
                out[i] = range(k, i)
                break
    return out


def _whole_over_subtotals(rows: list[Row], columns: list[int]) -> tuple[int, dict[int, str]] | None:
    """The row that is, on every column, the sum of all the other rows, or of the rows that are
    no subtotal of rows above ("Total commercial business" among the classes); with each row of
    a subtotal's run named under that subtotal's group ("Commercial business – Owner-occupied"),
    and the subtotal by its group. None when no row is proven the total."""
    whole = whole_by_sum({i: r.values[columns[-1]].value for i, r in enumerate(rows)})
    if whole is not None and all(_sums_the_others(rows, whole, j) for j in columns):
        return whole, {}
    subtotals = _subtotals(rows, columns)
    for w in range(len(rows) - 1, -1, -1):
        inner = {i: run for i, run in subtotals.items() if i != w and w not in run}
        leaves = [r for i, r in enumerate(rows) if i != w and i not in inner]
        if not inner or len(leaves) < 2:
            continue
        if rows[w].values[columns[-1]].value and all(
                abs(sum(r.values[j].value for r in leaves) - rows[w].values[j].value) <= 1.0 + 1e-9 for j in columns):
            names: dict[int, str] = {}
            for i, run in sorted(inner.items()):
                group = _TOTAL_WORD.sub("", vocab.clean_label(rows[i].label))
                group = group[:1].upper() + group[1:]
                names[i] = group
                for m in run:
                    names.setdefault(m, f"{group} \u2013 {vocab.clean_label(rows[m].label)}")
            return w, names
    return None


def _candidate_total(rows: list[Row], n: int) -> list[Row]:
    """A period's rows whose one line printed with twice the figures of the widest complete
    row (the others complete or with blank cells left out) ends in the unlabelled total run
    into it: the line's own figures, then the total's, labelled "Total". A candidate only:
    the rollforward is read when the figures prove it the sum of the classes."""
    wide = [k for k, r in enumerate(rows) if len(r.values) > n]
    if len(wide) != 1 or len(rows[wide[0]].values) != 2 * n or None in rows[wide[0]].values:
        return rows
    k = wide[0]
    row = rows[k]
    return [*rows[:k], replace(row, values=row.values[:n]),
            Row(label="Total", values=row.values[n:], locator=row.locator, context=list(row.context)),
            *rows[k + 1:]]


_MAX_PLACEMENTS = 2000


def _whole_over_short_rows(rows: list[Row], full: list[Row], n: int, b: int, e: int
                           ) -> tuple[int, dict[int, str]] | None:
    """The total of a transposed rollforward some of whose lines left blank cells out ("Hotels
    2,426 111 2,537" under five columns): a complete line, its opening and closing the sums of
    the classes' (each line's first and last figures), and each movement column the sum of the
    classes' once the shorter lines' figures are put, in their order, under some of the
    movements. The classes are the lines that are no part of a subtotal: a line whose opening
    and closing are the sums of the two or more lines just above it ("Commercial real estate"
    after its kinds) stands for them. (index in `full`, {index in `full`: segment})."""
    lines = [r for r in rows if len(r.values) >= 2 and None not in r.values and len(r.values) <= n]
    runs = _balance_subtotals(lines, b, e)
    for w in range(len(full) - 1, -1, -1):
        whole = full[w]
        if not whole.values[e].value or lines.count(whole) != 1:
            continue
        inner = {i: run for i, run in runs.items() if lines[i] is not whole and lines.index(whole) not in run}
        members = {m for run in inner.values() for m in run}
        classes = [r for i, r in enumerate(lines) if r is not whole and i not in members]
        if len(classes) < 2 or not _foots_with_placements(classes, whole, n, b, e):
            continue
        names: dict[int, str] = {}
        for i, run in inner.items():
            group = vocab.clean_label(lines[i].label)
            for m in run:
                if lines[m] in full:
                    names[full.index(lines[m])] = f"{group} \u2013 {vocab.clean_label(lines[m].label)}"
        return w, names
    return None


def _balance_subtotals(lines: list[Row], b: int, e: int) -> dict[int, range]:
    """Lines whose first and last figures (opening, closing) are the sums of those of the two
    or more lines just above them, back to the previous subtotal or further."""
    out: dict[int, range] = {}
    for i, r in enumerate(lines):
        for k in range(i - 2, -1, -1):
            parts = [p for m, p in enumerate(lines[k:i], k) if m not in out]
            if len(parts) >= 2 and all(abs(sum(p.values[j].value for p in parts) - r.values[j].value) <= 1.0 + 1e-9
                                       for j in (0, -1)) and r.values[-1].value:
                out[i] = range(k, i)
                break
    return out


def _foots_with_placements(classes: list[Row], whole: Row, n: int, b: int, e: int) -> bool:
    """Every column of `whole` is the sum of the classes', the shorter classes' inner figures
    put under the movement columns in their order (some placement of them all)."""
    flows = list(range(b + 1, e))
    fixed = [0.0] * n
    short: list[list[list[float]]] = []  # each short line: its possible rows of n figures
    for r in classes:
        v = [x.value for x in r.values]
        if len(v) == n:
            fixed = [a + x for a, x in zip(fixed, v, strict=True)]
            continue
        options = []
        for slots in combinations(flows, len(v) - 2):
            row = [0.0] * n
            row[b], row[e] = v[0], v[-1]
            for j, x in zip(slots, v[1:-1], strict=True):
                row[j] = x
            options.append(row)
        if not options:
            return False
        short.append(options)
    count = 1
    for options in short:
        count *= len(options)
    if count > _MAX_PLACEMENTS:
        return False
    want = [x.value for x in whole.values]
    tol = 1.0 + 1e-9
    return any(all(abs(fixed[j] + sum(row[j] for row in pick) - want[j]) <= tol for j in range(b, e + 1))
               for pick in product(*short))


def _sums_the_others(rows: list[Row], whole: int, j: int) -> bool:
    """Row `whole`'s figure in column `j` is the sum of the other rows' (a column of nils, or
    one product's "Other" of 50 beside a total of 50, is no contradiction)."""
    others = sum(r.values[j].value for i, r in enumerate(rows) if i != whole)
    return abs(rows[whole].values[j].value - others) <= 1.0 + 1e-9


def split_leading_table(block: Block, rows: list[Row]) -> tuple[Block, Block] | None:
    """A short table printed above stacked tables in one block: its rows come first, carry no
    heading, and all have one width; every later row sits under a heading of its own (the
    stacked tables' "Three Months ended September 30, 2023 | Total | Residential …") and none
    has that width. The leading rows are a table of their own, under the block's header; the
    stacked tables keep their headings, the first of which names their columns."""
    k = next((i for i, r in enumerate(rows) if r.context), 0)
    if 0 < k < len(rows) and (less := _deductions_of_the_leading_table(rows, k)):
        k += less  # "Less: Allowance … | Net loans" closing the leading composition
    if k < 2 or not all(r.context for r in rows[k:]):
        return None
    widths = {len(r.values) for r in rows[:k]}
    if len(widths) != 1 or widths & {len(r.values) for r in rows[k:]}:
        return None
    if rows[k].context and table_words.DEDUCTION_HEADING.match(rows[k].context[0]):
        # "Less:" over the deductions under a composition's total (its share columns left out
        # of the lines that print none): the same table's lines, never a stacked table that
        # the heading would name the columns of
        return None
    # the stacked table's first lines with no figures ("Total" under its classes' names) are the
    # last of its header's cells, read as lines: its header's, never lines of its own
    lead = next((i for i in range(k, len(rows)) if rows[i].values), k)
    header = [*rows[k].context, *(r.label for r in rows[k:lead])]
    return replace(block, rows=rows[:k]), replace(block, rows=rows[lead:], header=header, header_joined=None)


def _deductions_of_the_leading_table(rows: list[Row], k: int) -> int:
    """The rows from `k` under a "Less:" heading that close the leading table (its allowance
    and net loans, as wide as its lines above) before a stacked table's own heading starts
    wider rows: their count, 0 when there are none or another table follows under no heading
    of its own."""
    width = len(rows[0].values)
    heading = rows[k].context
    if not table_words.DEDUCTION_HEADING.match(heading[0]) or any(len(r.values) != width for r in rows[:k]):
        return 0
    less = 0
    for r in rows[k:]:
        if r.context != heading:
            break
        if len(r.values) != width:
            return 0  # a share column left out of the deductions' lines: one table's lines
        less += 1
    rest = rows[k + less:]
    if not rest or any(len(r.values) == width for r in rest) or not rest[0].context \
            or table_words.DEDUCTION_HEADING.match(rest[0].context[0]):
        return 0
    return less
