"""Where a group of classes ends, and the unlabelled total of the groups.

A class heading ("Retail", "Other loans(3)", "Consumer:") heads the rows printed under it until
the next heading; the text renderings say nothing more. But a group closed by its own total
("Total retail", "Total other loans", "Total consumer loans") - named after the heading and, in
every column, the sum of the group's rows - ends there: the lines printed after it ("Total loan
receivables", "Allowance for credit losses", "Net loan receivables") are the whole book's, not
the last class's.

An unlabelled total row ("" / "6,560,245 ...") is run by the renderings into the line before it,
which then holds twice the figures of every other row; its second half is the total when, in
every amount column, it is the sum of the classes above (every row since the table's start or
the last such total, those under the same headings, or the rows that are no "Total ..." line of
their own). A table may hold several (loans, then notes receivable), each proven so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.table import Row
from dashboard.model import table_words, vocab
from dashboard.model.numbers import Number

# words a group's total may add to its heading's name ("Commercial:" / "Total commercial loans")
_LOAN_WORDS = {"loan", "loans", "receivable", "receivables", "finance", "financing", "portfolio"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", vocab.clean_label(text).lower())


def totals_heading(label: str, heading: str) -> bool:
    """A "Total …" label that names the heading's class: "Total retail" under "Retail",
    "Total commercial loans" under "Commercial:", "Total other loans" under "Other loans(3)"."""
    words, head = _words(label), _words(heading)
    if not head or len(words) < 2 or words[0] != "total":
        return False
    rest = words[1:]
    return rest[:len(head)] == head and set(rest[len(head):]) <= _LOAN_WORDS


def _foots(total: list[Number | None], parts: list[Row]) -> bool:
    if len(parts) < 2 or not total or None in total:
        return False
    if any(len(p.values) != len(total) or None in p.values for p in parts):
        return False
    dec = max(v.decimals for v in total)  # type: ignore[union-attr]
    return all(abs(sum(p.values[j].value for p in parts) - t.value)  # type: ignore[union-attr]
               <= 0.5 * 10.0 ** -dec * len(parts) for j, t in enumerate(total))  # type: ignore[union-attr]


def close_totalled_groups(rows: list[Row]) -> list[Row]:
    """The rows, those printed after a group's own total (proven by its name and its sum)
    taken out of that group (its heading dropped from their context)."""
    out = list(rows)
    for k, r in enumerate(rows):
        if not r.context or not totals_heading(r.label, r.context[-1]):
            continue
        group = tuple(r.context)
        start = k
        while start > 0 and tuple(rows[start - 1].context) == group:
            start -= 1
        parts = [p for p in rows[start:k] if p.values and not table_words.TOTAL_LINE.match(p.label)]
        if not _foots(r.values, parts):
            continue
        for j in range(k + 1, len(rows)):
            if tuple(rows[j].context) != group:
                break
            out[j] = replace(rows[j], context=list(group[:-1]))
    return out


def _share(v: Number) -> bool:
    return v.decimals >= 1 and abs(v.value) <= 100


def _net_of(above: Row, own: list[Number | None], net: list[Number | None]) -> bool:
    """In every column the net is the line above plus the line's own (negative) figures, or
    less them: a deduction from that line and what is left, none of them nil."""
    if any(v is None for v in [*above.values, *own, *net]) or len(above.values) != len(own):
        return False
    pairs = list(zip(above.values, own, net, strict=True))
    return all(o.value for _, o, _ in pairs) and (  # type: ignore[union-attr]
        all(abs(a.value + o.value - n.value) <= 1 for a, o, n in pairs)  # type: ignore[union-attr]
        or all(abs(a.value - abs(o.value) - n.value) <= 1 for a, o, n in pairs))  # type: ignore[union-attr]


def _net_after_lines(whole: Row, lines: list[Row], own: list[Number | None], net: list[Number | None]) -> bool:
    """In every column the net is the split total plus every line printed since it and the
    line's own figures, signs as printed ("Less – undisbursed … (7,760)", "- deferred costs 360",
    "- allowance (5,619)" under a total of 333,335: 320,315): the deductions' run closed by what
    is left. At least one of the lines between is a deduction (negative), so no run of classes
    that merely goes on after a total reads as a net."""
    figures = [*whole.values, *own, *net, *(v for r in lines for v in r.values)]
    if not lines or any(v is None for v in figures) or any(len(r.values) != len(own) for r in [whole, *lines]):
        return False
    if not any(v.value < 0 for r in lines for v in r.values):  # type: ignore[union-attr]
        return False
    return all(abs(whole.values[j].value + sum(r.values[j].value for r in lines)  # type: ignore[union-attr]
                   + own[j].value - n.value) <= 0.5 * (len(lines) + 2)  # type: ignore[union-attr]
               for j, n in enumerate(net))


def _total_of(total: list[Number], candidates: list[list[Row]]) -> bool:
    """At least two amount columns, each the sum of one of the candidate sets of rows."""
    for parts in candidates:
        checked = 0
        for j, t in enumerate(total):
            column = [p.values[j] for p in parts]
            if any(v is None for v in column):
                break
            if all(_share(v) for v in [*column, t]):  # type: ignore[arg-type]
                continue  # a share of a total, never a sum
            if abs(sum(v.value for v in column) - t.value) > 0.5 * len(column):  # type: ignore[union-attr]
                break
            checked += 1
        else:
            if checked >= 2:
                return True
    return False


def _context_run(rows: list[Row], start: int, k: int) -> list[Row]:
    """The rows from start to k (included) under the same headings as row k."""
    first = k
    while first > start and rows[first - 1].context == rows[k].context:
        first -= 1
    return rows[first:k + 1]


def split_unlabelled_total(rows: list[Row], net_after: bool = False) -> list[Row]:
    """Each row printed with twice the figures of every other row, whose second half is the
    column sums of the rows above and its own first half (all of them since the table's start
    or the last such total, or those under the same headings, or those that are no "Total …"
    line): that line's own figures, then a row of its own labelled "Total" (in the same group).
    Columns of shares (which never add up) are not checked; a table with a wide row that is
    no such total, or with two such totals that no heading tells apart, is left as printed.
    `net_after`: the table names loans, so a deduction's line may hold the net after it."""
    if len(rows) < 2 or any(not r.values for r in rows):
        return rows
    n = min(len(r.values) for r in rows)
    wide = [k for k, r in enumerate(rows) if len(r.values) != n]
    if n < 2 or not wide or any(len(rows[k].values) != 2 * n or None in rows[k].values for k in wide):
        return rows
    out: list[Row] = []
    start = 0
    for k in wide:
        row = rows[k]
        own, total = row.values[:n], row.values[n:]
        parts = [*rows[start:k], replace(row, values=own)]
        run = _context_run(parts, 0, len(parts) - 1)
        label = ""
        for group in ([parts, run] if 2 <= len(run) < len(parts) else [parts]):
            leaves = [p for p in group if not table_words.TOTAL_LINE.match(p.label)]
            if _total_of(total, [group] + ([leaves] if 2 <= len(leaves) < len(group) else [])):  # type: ignore[arg-type]
                # the sum of one heading's rows with other rows above them: that group's total,
                # named after its heading so that no reading takes it for the whole book's
                under = row.context and all(p.context == row.context for p in group) and start + k > 0 \
                    and any(p.context != row.context for p in rows[:k])
                label = f"Total {vocab.clean_label(row.context[-1]).rstrip(':').strip()}" if under else "Total"
                break
        if not label and net_after and out and k == start and _net_of(out[-1], own, total):
            # the line straight after a split total, its second half that total less (or plus,
            # as printed) its own figures: a deduction ("Loan loss provisions") and the net of it,
            # unlabelled too ("611,562 | Loan loss provisions –4,481 | 607,081")
            out += [replace(row, values=list(own)),
                    Row(label="Net", values=list(total), locator=row.locator, context=list(row.context))]
            start = k + 1
            continue
        if not label and net_after and out and k > start and out[-1].label in ("Total", "Net") \
                and _net_after_lines(out[-1], rows[start:k], own, total):
            # the line closing a run of deductions after a split total, its second half that
            # total with every deduction since it (its own included): the net, unlabelled too
            out += [*rows[start:k], replace(row, values=list(own)),
                    Row(label="Net", values=list(total), locator=row.locator, context=list(row.context))]
            start = k + 1
            continue
        if not label:
            return rows
        out += [*rows[start:k], replace(row, values=list(own)),
                Row(label=label, values=list(total), locator=row.locator, context=list(row.context))]
        start = k + 1
    if sum(1 for r in out if r.label == "Total") > 1:
        return rows  # totals of consecutive groups no heading names ("Less: provision" twice): none is the whole
    return [*out, *rows[start:]]


def split_short_total(rows: list[Row]) -> list[Row]:
    """The table's last row printed with n + m figures where every other row has n (1 < m < n),
    whose last m are the sums of the last m columns of all the rows: a total the rendering ran
    into the last line, blank under the first n - m columns (a rate, a date: nothing that adds
    up). That line's own figures, then a row of its own labelled "Total". Left as printed unless
    every one of the m columns adds up and at least two of them hold figures other than nil."""
    if len(rows) < 3 or any(not r.values or None in r.values for r in rows):
        return rows
    n = len(rows[0].values)
    m = len(rows[-1].values) - n
    if not 1 < m < n or any(len(r.values) != n for r in rows[:-1]):
        return rows
    last = rows[-1]
    parts = [*rows[:-1], replace(last, values=last.values[:n])]
    total = last.values[n:]
    sums = [sum(p.values[n - m + j].value for p in parts) for j in range(m)]  # type: ignore[union-attr]
    if any(abs(sv - t.value) > 0.5 * len(parts) for sv, t in zip(sums, total, strict=True)) \
            or sum(1 for t in total if t.value) < 2:
        return rows
    return [*parts, Row(label="Total", values=[*([None] * (n - m)), *total], locator=last.locator,
                        context=list(last.context))]


def split_glued_subtotal(rows: list[Row]) -> tuple[list[Row], set[int]]:
    """A row printing 2m figures, wider than any other row, whose second m are, column by column,
    the sums of its own first m and of the run of m-figure rows straight above it (a stage
    table's "Transfers to Stage 1 … Impact of transfers between stages" and their unlabelled
    subtotal, each printed without the column left blank): that line's own figures, then the
    subtotal as a row of its own labelled "Subtotal", and {id(row)} of the lines it sums: its
    parts, read through it, never movements of their own. Nothing changes unless the sums prove it."""
    parts: set[int] = set()
    widest = max((len(r.values) for r in rows), default=0)
    out: list[Row] = []
    for k, r in enumerate(rows):
        m = len(r.values) // 2
        if len(r.values) != widest or len(r.values) % 2 or m < 2 \
                or sum(1 for x in rows if len(x.values) == widest) != 1:
            out.append(r)
            continue
        run: list[Row] = []
        for above in reversed(rows[:k]):
            if len(above.values) != m or None in above.values:
                break
            run.insert(0, above)
        own = replace(r, values=list(r.values[:m]))
        if run and None not in r.values and _foots(list(r.values[m:]), [*run, own]) \
                and any(v.value for x in run for v in x.values):
            out += [own, Row(label="Subtotal", values=list(r.values[m:]), locator=r.locator, context=list(r.context))]
            parts |= {id(x) for x in (*run, own)}
        else:
            out.append(r)
    return out, parts
