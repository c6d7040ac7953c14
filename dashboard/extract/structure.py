"""What a table's structure and arithmetic say about its rows and columns, before any fact.

Real renderings hide a table's meaning: a US$ convenience column left blank on balance rows,
"% of Total" columns between the amount columns, an unlabelled subtotal run into the line above,
a total labelled with the past-due concept's name, month buckets under members, an "Ending
balance" that is the loans' balance. Each reading here is decided by the page's own arithmetic
(parts that add up to a total, opening + flows = closing, gross − allowance = net) or by the
vocabulary of line items, and `dashboard.extract.normalise` applies them to the table it reads.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import combinations

from dashboard.extract.classify import label_role
from dashboard.extract.footing import Placement
from dashboard.extract.item_columns import is_bucket_column
from dashboard.extract.lone_deductions import deductions_under_a_total
from dashboard.extract.table import Block, ColumnInfo, Row
from dashboard.model import table_words, units, vocab
from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import find_dates
from dashboard.model.numbers import Number
from dashboard.model.schema import (
    ALLOWANCE,
    CURRENT,
    DELINQUENCY,
    GUARANTEE,
    OTHER,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)
from dashboard.model.sentences import SENTENCE_METRICS


def unreported_columns(found: dict[int, Placement], rows: list[Row], roles: list[str | None],
                        n: int) -> dict[int, Placement]:
    """A column every placed row leaves blank, where no line of the identity prints a figure
    (a Details page's oldest date holds only the allowance): nil ties to nil there, which proves
    nothing, so its cells stay unread instead of becoming zeros."""
    if not found:
        return found
    def inserted(v: Number | None) -> bool:
        return v is None or (v.nil and not v.text)
    empty = [j for j in range(n)
             if all(inserted(p.values[j]) for p in found.values())
             and not any(k not in found and role and j < len(r.values) and r.values[j] is not None
                         and r.values[j].value for k, (r, role) in enumerate(zip(rows, roles, strict=True)))]
    if not empty:
        return found
    return {k: Placement([None if j in empty else v for j, v in enumerate(p.values)], p.note)
            for k, p in found.items()}


_AGING_WORDS = re.compile(r"\b(?:past\s+due|current|accruing|nonaccru\w*|non-accru\w*|delinquent|days)\b", re.I)


def aging_words_as_classes(cols: list[ColumnInfo], topic: str) -> bool:
    """An aging table whose columns came out as classes named by aging words ("Past Due",
    "Current", "& Accruing", "90+ Days"): the header was misread, its Total is not trustworthy."""
    if topic != DELINQUENCY:
        return False
    segs = [c.segment for c in cols if c.segment and not c.end and not c.item]
    named = [sg for sg in segs if _AGING_WORDS.search(sg) or parse_bucket(sg)]
    return len(named) >= 2


def items_named_by_rows(cols: list[ColumnInfo], rows: list[Row], topic: str) -> list[ColumnInfo]:
    """Columns read as line items whose names are no line item ("Total Consumer") while the rows
    are the line items ("31 - 60 days past due", "Current", "Total"): the columns are the
    population's total and its parts, not items."""
    if topic == OTHER or not cols or not all(c.item and not c.end for c in cols):
        return cols
    if any(label_role(c.item, topic) is not None or parse_bucket(c.item) for c in cols):
        return cols
    if sum(1 for r in rows if label_role(r.label, topic) is not None or parse_bucket(r.label)) < 2:
        return cols
    return [replace(c, item="", segment="" if table_words.SUBTOTAL_COLUMN.match(c.text) and len(cols) == 1
                    or table_words.WHOLE_COLUMN.match(c.text) else c.text) for c in cols]


_AMOUNT_HEADER = re.compile(r"^\s*amounts?\s*$", re.I)
_PERCENT_HEADER = re.compile(r"^\s*(?:%|percent(?:age)?)(?:\s+of)?\s*$|^\s*(?:%|percent(?:age)?)\s+of\s+total\s*$", re.I)


def without_percent_columns(block: Block, rows: list[Row], n: int) -> tuple[Block, list[Row], int] | None:
    """A table whose amount columns are each followed by a "% of Total" column: the dates in
    its header name half its columns, and the other half hold shares (none above 100, printed
    to a decimal). The shares are never amounts: the table without them, or None."""
    # each date once: an R page's banner prints the first column's date again ("Jun. 30, 2013")
    dates = len(dict.fromkeys(find_dates(" ".join(block.header))))
    named = sum(1 for h in block.header if _AMOUNT_HEADER.match(h))
    if dates * 2 != n and named * 2 == n == 2 * sum(1 for h in block.header if _PERCENT_HEADER.match(h)):
        # the dates stacked as month-days above their years ("At September 30," / "2022") name no
        # date one by one; an "Amount" and a "Percent" heading over each pair of columns do
        dates = named
    if not dates or dates * 2 != n or not any(_PERCENT_HEADER.match(h) for h in block.header):
        return None
    full = [r for r in rows if len(r.values) == n]
    if not full:
        return None

    def share(v: Number | None) -> bool:
        return v is None or v.percent or (abs(v.value) <= 100 and (v.decimals >= 1 or v.value in (0, 100)))
    # a share printed whole is marked by its own "%" cell; unmarked, only a decimal tells it
    shares = [j for j in range(n) if all(share(r.values[j]) for r in full)
              and any(r.values[j] is not None and (r.values[j].decimals >= 1 or r.values[j].percent) for r in full)]
    if len(shares) != n - dates:
        return None
    keep = [j for j in range(n) if j not in shares]

    def narrowed(r: Row) -> Row:
        if len(r.values) == n:
            return replace(r, values=[r.values[j] for j in keep])
        if r is rows[-1] and max(keep) < len(r.values) < n \
                and all(share(r.values[j]) == (j in shares) for j in range(len(r.values))):
            # the last row of a page cut off after its last amount, before that amount's share
            return replace(r, values=[r.values[j] for j in keep])
        tail = r.values[n:]
        if len(tail) == len(keep) and all(share(r.values[j]) == (j in shares) for j in range(n)) \
                and not any(share(v) for v in tail):
            # a row's own amounts and shares, then one amount per date with no share beside it:
            # an unlabelled total (no share printed) run into the line; the split reads it
            return replace(r, values=[*(r.values[j] for j in keep), *tail])
        return r
    new_rows = [narrowed(r) for r in rows]
    header = [h for h in block.header if not _PERCENT_HEADER.match(h)
              and not re.fullmatch(r"\s*total\s*", h, re.I)]
    return replace(block, header=header, rows=new_rows), new_rows, len(keep)


def split_running_subtotals(rows: list[Row], n: int, topic: str) -> list[Row]:
    """A rollforward line that printed twice as many figures as columns, the second half being,
    column by column, the line above plus the first half: an unlabelled subtotal ("opening
    balance + provision") the rendering ran into the line. The line keeps its own figures."""
    if topic not in (ALLOWANCE, GUARANTEE) or n < 1:
        return rows
    out: list[Row] = []
    for r in rows:
        prev = out[-1] if out else None
        if prev is not None and len(r.values) == 2 * n and len(prev.values) == n \
                and None not in r.values and None not in prev.values:
            first, second = r.values[:n], r.values[n:]
            dec = max(v.decimals for v in r.values)
            if all(abs(prev.values[j].value + first[j].value - second[j].value) <= 0.5 * 10.0 ** -dec
                   for j in range(n)):
                r = replace(r, values=list(first))
        out.append(r)
    return out


def aging_by_structure(rows: list[Row], topic: str, header: list[str] | None = None) -> str:
    """An aging table whatever its words weigh (a caption saying the loans are "gross of the
    allowance"): current loans beside two or more past-due buckets (as lines, as members, or
    as the header's columns), and no opening or closing balance."""
    if topic == DELINQUENCY:
        return topic
    roles = {label_role(r.label, ALLOWANCE) for r in rows}
    if roles & {"begin", "end"}:
        return topic
    buckets = {parse_bucket(x) for r in rows for x in (r.label, *r.context[-1:])} - {None}
    if len(buckets) >= 2 and any(label_role(r.label, DELINQUENCY) == CURRENT for r in rows):
        return DELINQUENCY
    columns = header or []
    if len({parse_bucket(h) for h in columns} - {None}) >= 2 \
            and any(label_role(h, DELINQUENCY) == CURRENT for h in columns):
        return DELINQUENCY
    return topic


def under_bucket(r: Row) -> bool:
    """A line under a past-due bucket member ("- Up to 1 month") with no role of its own."""
    return bool(r.context) and parse_bucket(r.context[-1]) is not None \
        and label_role(r.label, DELINQUENCY) in (None, PAST_DUE_TOTAL)


def group_key(r: Row, topic: str) -> tuple[str, ...]:
    if topic == DELINQUENCY and under_bucket(r):
        return tuple(r.context[:-1])
    return tuple(r.context)


def aging_total_by_sum(rows: list[Row], topic: str) -> dict[int, str]:
    """The line that is current loans plus every bucket, whatever its label says.

    A Details page may label its total "Financing Receivable, Recorded Investment, Past Due"
    (the concept's name) while it adds up the current loans too: {row: "total_loans"} for the
    one line whose figures are, position by position, the current line plus the bucket lines'."""
    if topic != DELINQUENCY:
        return {}
    current = [r for r in rows if label_role(r.label, topic) == CURRENT and r.values]
    buckets = [r for r in rows if r.values and (is_bucket_column(r.label) or under_bucket(r))]
    if len(current) != 1 or len(buckets) < 2:
        return {}
    k = len(current[0].values)
    if any(len(b.values) != k for b in buckets) or None in current[0].values:
        return {}
    found = []
    for r in rows:
        if r in buckets or r is current[0] or len(r.values) != k or None in r.values \
                or label_role(r.label, topic) not in (None, PAST_DUE_TOTAL, "end"):
            continue
        ok = True
        for j in range(k):
            parts = [current[0].values[j].value, *(0.0 if b.values[j] is None else b.values[j].value
                                                   for b in buckets)]
            dec = max((x.decimals for x in (r.values[j], current[0].values[j])), default=0)
            ok = ok and abs(sum(parts) - r.values[j].value) <= 0.5 * 10.0 ** -dec
        if ok:
            found.append(r)
    return {id(found[0]): TOTAL_LOANS} if len(found) == 1 else {}


def total_by_parts(rows: list[Row], topic: str) -> dict[int, str]:
    """Per group of rows (one member's) in an aging table, the line named by no aging word
    ("Ending balance") that is the total past due plus the current loans: the total loans."""
    if topic != DELINQUENCY:
        return {}
    out: dict[int, str] = {}
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        if any(v is not None for v in r.values):
            groups.setdefault(tuple(r.context), []).append(r)
    for group in groups.values():
        cur = [r for r in group if label_role(r.label, topic) == CURRENT]
        past = [r for r in group if label_role(r.label, topic) == PAST_DUE_TOTAL and not under_bucket(r)]
        if len(cur) != 1 or len(past) != 1:
            continue
        fits = [r for r in group if label_role(r.label, topic) in (None, "end") and not under_bucket(r)
                and _adds_up(r, [past[0], cur[0]])]
        if len(fits) == 1:
            out[id(fits[0])] = TOTAL_LOANS
    return out


def _adds_up(total: Row, parts: list[Row]) -> bool:
    """Position by position the parts add up to the total; blank cells blank in all of them."""
    k = len(total.values)
    if any(len(p.values) != k for p in parts):
        return False
    seen = False
    for j in range(k):
        cells = [p.values[j] for p in parts]
        if total.values[j] is None:
            if any(c is not None for c in cells):
                return False
            continue
        if any(c is None for c in cells):
            return False
        dec = max(c.decimals for c in (*cells, total.values[j]))
        if abs(sum(c.value for c in cells) - total.values[j].value) > 0.5 * 10.0 ** -dec:
            return False
        seen = True
    return seen


def past_due_by_sum(rows: list[Row], topic: str) -> dict[int, str]:
    """Per group of rows (one member's) in an aging table, the unnamed line that with the current loans makes
    the total ("Financing receivables, past due" + "…, current" = "Total …"): the total past due."""
    if topic != DELINQUENCY:
        return {}
    out: dict[int, str] = {}
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        if r.values and None not in r.values:
            groups.setdefault(tuple(r.context), []).append(r)
    for group in groups.values():
        cur = [r for r in group if label_role(r.label, topic) == CURRENT]
        tot = [r for r in group if label_role(r.label, topic) == TOTAL_LOANS]
        if len(cur) != 1 or len(tot) != 1 or len(cur[0].values) != len(tot[0].values):
            continue
        k = len(cur[0].values)
        fits = [r for r in group if label_role(r.label, topic) is None and not under_bucket(r)
                and len(r.values) == k and all(
                    abs(r.values[j].value + cur[0].values[j].value - tot[0].values[j].value)
                    <= 0.5 * 10.0 ** -max(r.values[j].decimals, tot[0].values[j].decimals)
                    for j in range(k))]
        if len(fits) == 1:
            out[id(fits[0])] = PAST_DUE_TOTAL
    return out


def net_identity_placements(rows: list[Row], n: int, topic: str) -> dict[int, Placement]:
    """Gross and net lines around a complete "allowance" line, each printing fewer figures
    than columns: placed where, column by column, gross − allowance = net, when only one
    placement does."""
    out: dict[int, Placement] = {}
    for i in range(1, len(rows) - 1):
        gross, allow, net = rows[i - 1], rows[i], rows[i + 1]
        if label_role(allow.label, topic) != "allowance_balance" or len(allow.values) != n \
                or None in allow.values or not (0 < len(gross.values) < n) \
                or len(net.values) != len(gross.values) or None in gross.values or None in net.values:
            continue
        fits = []
        for gs in combinations(range(n), len(gross.values)):
            for ns in combinations(range(n), len(net.values)):
                g = dict(zip(gs, (v.value for v in gross.values), strict=True))
                t = dict(zip(ns, (v.value for v in net.values), strict=True))
                # a date at which only the allowance is printed (an older year's balance beside
                # the composition's two dates) proves nothing either way
                if all(abs(g.get(j, 0.0) - abs(allow.values[j].value) - t.get(j, 0.0)) < 1e-6
                       for j in range(n) if j in g or j in t) and any(allow.values[j].value for j in gs):
                    fits.append((gs, ns))
        if len(fits) != 1:
            continue
        for row, slots in ((gross, fits[0][0]), (net, fits[0][1])):
            placed: list[Number | None] = [None] * n
            for j, v in zip(slots, row.values, strict=True):
                placed[j] = v
            out[id(row)] = Placement(placed, "blank cells left out of the rendering; columns decided "
                                     "by the gross balance less the allowance making the net balance")
    return out | deductions_under_a_total(rows, n, topic)  # the gross complete, the others short


def balances_under_heading(rows: list[Row], header: list[str], topic: str) -> dict[int, str]:
    """Balance lines ("Allowance for credit losses - loans") under a heading row that says
    which end of the period they are ("Balance at beginning of quarter:"): that end."""
    if topic != ALLOWANCE:
        return {}
    out: dict[int, str] = {}
    heading = header[-1] if header else ""
    for r in rows:
        if not r.values:
            heading = r.label
            continue
        if label_role(r.label, topic) != "allowance_balance":
            heading = heading if label_role(r.label, topic) is None else ""
            continue
        m = vocab.BALANCE_HEADING.match(vocab.clean_label(heading))
        if m and heading.rstrip().endswith(":"):
            out[id(r)] = "begin" if m["end"].lower() in ("beginning", "start", "opening") else "end"
    return out


def convenience_columns(cols: list[ColumnInfo]) -> set[int]:
    """Columns that translate another column into a second currency ("Dec. 31, 2020 USD ($)"
    beside "Dec. 31, 2020 CNY (¥)"): same date, a currency other than the one most columns use."""
    currencies = Counter(c.currency for c in cols if c.currency)
    if len(currencies) < 2:
        return set()
    main = currencies.most_common(1)[0][0]
    return {j for j, c in enumerate(cols) if c.currency and c.currency != main
            and any(o.currency == main and o.end == c.end and o.months == c.months for o in cols)}


_MAXIMUM_WORD = re.compile(r"\bmaximum\b", re.I)
_LIABILITY_WORD = re.compile(r"\bliabilit(?:y|ies)\b|\bcarrying\s+(?:amount|value)\b", re.I)
_MAXIMUM_SENTENCE = re.compile(SENTENCE_METRICS[0][0], re.I)


def guarantee_measures(block: Block, cols: list[ColumnInfo], topic: str) -> list[tuple[str, int | None]] | None:
    """Per column of a guarantee table whose rows name guarantee types, not line items: the
    measure it holds ("max_exposure", or "" for another such as the recorded liability) and
    the scale its own heading states.

    The measure is named where the table is introduced: by the caption's last sentence ("The
    maximum potential amount of future payments … was as follows:") over every column, or by
    the header, one measure heading per group of columns when the dates repeat under each
    ("Maximum amount of undiscounted future payments (Billions) | Amount of related liability
    (Millions)" over "2011 | 2010 | 2011 | 2010"), each group with the scale its heading gives.
    """
    n = len(cols)
    if topic != GUARANTEE or not n:
        return None
    heads: list[tuple[int, str]] = []
    for rx, measure in ((_MAXIMUM_WORD, "max_exposure"), (_LIABILITY_WORD, "")):
        at = next((i for i, f in enumerate(block.header) if rx.search(f)), None)
        if at is not None:
            heads.append((at, measure))
    heads.sort()
    if not heads:
        intro = re.split(r"(?<=[.;])\s+", block.caption.strip())[-1] if block.caption else ""
        if _MAXIMUM_SENTENCE.search(intro) or _maximum_row_is_the_sum(block.rows, n):
            return [("max_exposure", None)] * n
        return None
    k = len(heads)
    if n % k:
        return None
    width = n // k
    ends = [c.end for c in cols]
    if k > 1 and (None in ends or any(ends[g * width:(g + 1) * width] != ends[:width] for g in range(k))):
        return None  # the groups are not the same dates under each measure
    scales = [s.get("*") for f in block.header if (s := units.scale_statements(f))]
    per_group = scales if len(scales) == k else [None] * k
    return [(heads[j // width][1], per_group[j // width]) for j in range(n)]


def _maximum_row_is_the_sum(rows: list[Row], n: int) -> bool:
    """A row named as the maximum ("Maximum potential undiscounted payments") that is, in every
    column, the sum of the other rows (the guarantee types above it): the rows are its parts."""
    full = [r for r in rows if len(r.values) == n and all(v is not None for v in r.values)]
    named = [r for r in full if _MAXIMUM_WORD.search(r.label)]
    if len(named) != 1 or len(full) < 3:
        return False
    others = [r for r in full if r is not named[0]]
    return all(abs(sum(r.values[j].value for r in others) - named[0].values[j].value)  # type: ignore[union-attr]
               <= 0.5 * 10.0 ** -max(v.decimals for r in full for v in r.values if v is not None)  # type: ignore[union-attr]
               for j in range(n))


def whole_by_sum(values: dict[int, float]) -> int | None:
    """The row (key) whose figure is the sum of every other row's, when there are at least two
    others: the table's total; None when no row is."""
    if len(values) < 3:
        return None
    total = sum(values.values())
    for key, v in values.items():
        if abs(2 * v - total) <= 1.0 + 1e-9 and v:
            return key
    return None


def grand_total_after_groups(rows: list[Row], topic: str) -> None:
    """Rollforwards stacked under group headings ("Non-PCD:" … "Balance at end of period",
    "PCD:" … "Balance at end of period") and then a "Total allowance … at end of period" line
    under the last heading: where that line is, down every column, the sum of each group's
    closing balance, it is the whole portfolio's and belongs to no group (its heading is
    cleared). Nothing changes unless the arithmetic proves it."""
    if topic not in (ALLOWANCE, GUARANTEE):
        return
    closing: dict[tuple[str, ...], Row] = {}  # each group's last closing balance so far
    for r in rows:
        if label_role(r.label, topic) != "end":
            continue
        if r.context and len(closing) >= 2 and vocab.clean_label(r.label).lower().startswith("total") \
                and _sum_of(r, list(closing.values())):
            r.context = []
            return
        closing[tuple(r.context)] = r


def total_outside_its_heading(rows: list[Row]) -> None:
    """"Commercial and industrial 299,521 | Commercial mortgages: … | Consumer loans: Home equity
    … Direct consumer loans 8,577 | Total loans, net of deferred loan fees 2,071,419": a "Total"
    (or "Subtotal") line under a heading whose figures, down every column, are the sum of every class line above
    it, classes outside that heading among them, is the whole book's, not the heading's; it and
    the lines after it under that heading belong to no group (their heading is cleared)."""
    classes: list[Row] = []
    for i, r in enumerate(rows):
        if not r.values or None in r.values:
            continue
        if not table_words.SUM_LINE.match(vocab.clean_label(r.label)):
            classes.append(r)
            continue
        head = list(r.context)
        outside = [c for c in classes if list(c.context[:len(head)]) != head]
        if head and outside and len(classes) >= 2 and _sum_of(r, classes):
            for later in rows[i:]:
                if list(later.context[:len(head)]) == head:
                    later.context = later.context[len(head):]
            return


def _sum_of(total: Row, parts: list[Row]) -> bool:
    k = len(total.values)
    if not k or None in total.values or any(len(p.values) != k or None in p.values for p in parts):
        return False
    dec = max(v.decimals for v in total.values)
    return all(abs(sum(p.values[j].value for p in parts) - total.values[j].value) <= 0.5 * 10.0 ** -dec * len(parts)
               for j in range(k))


def short_grand_total(rows: list[Row], cols: list[ColumnInfo], topic: str) -> None:
    """An aging table's last line, a total printed with fewer figures than the table has columns
    ("Total loans and leases $3,181 $1,180", a page cut off in that line): where each of its
    figures is the sum of the same column over the classes above it (the full lines not named a
    total), they are its first columns' (aging line items, `cols`) and it belongs to no group
    (its heading is cleared). Nothing changes unless the arithmetic proves every figure."""
    n = len(cols)
    if topic != DELINQUENCY or len(rows) < 3:
        return
    last = rows[-1]
    k = len(last.values)
    if not 1 < k < n or any(not c.item for c in cols[:k]) or None in last.values or not vocab.clean_label(last.label).lower().startswith("total"):
        return
    classes = [r for r in rows[:-1] if len(r.values) == n and None not in r.values
               and not vocab.clean_label(r.label).lower().startswith("total")]
    if len(classes) < 2:
        return
    dec = max(v.decimals for v in last.values)
    for j in range(k):
        parts = [r.values[j].value for r in classes]  # type: ignore[union-attr]
        if sum(1 for x in parts if x) < 2 or \
                abs(sum(parts) - last.values[j].value) > 0.5 * 10.0 ** -dec * len(parts):  # type: ignore[union-attr]
            return
    last.values = [*last.values, *([None] * (n - k))]
    last.context = []
