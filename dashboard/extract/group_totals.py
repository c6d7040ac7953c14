"""Where a group of classes ends, and the unlabelled total of the groups.

A class heading ("Retail", "Other loans(3)", "Consumer:") heads the rows printed under it until
the next heading; the text renderings say nothing more. But a group closed by its own total
("Total retail", "Total other loans", "Total consumer loans") - named after the heading and, in
every column, the sum of the group's rows - ends there: the lines printed after it ("Total loan
receivables", "Allowance for credit losses", "Net loan receivables") are the whole book's, not
the last class's.

An unlabelled total row ("" / "6,560,245 ...") is run by the renderings into the line before it,
which then holds twice the figures of every other row; its second half is the total when, in
every amount column, it is the sum of the classes above (every row, or the rows that are no
"Total ..." line of their own).
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.table import Row
from dashboard.model import vocab
from dashboard.model.numbers import Number

_SUBTOTAL = re.compile(r"^\s*total\b", re.I)
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
        parts = [p for p in rows[start:k] if p.values and not _SUBTOTAL.match(p.label)]
        if not _foots(r.values, parts):
            continue
        for j in range(k + 1, len(rows)):
            if tuple(rows[j].context) != group:
                break
            out[j] = replace(rows[j], context=list(group[:-1]))
    return out


def _share(v: Number) -> bool:
    return v.decimals >= 1 and abs(v.value) <= 100


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


def split_unlabelled_total(rows: list[Row]) -> list[Row]:
    """The one row printed with twice the figures of every other row, whose second half is the
    column sums of the rows above and its own first half (all of them, or those that are no
    "Total …" line): that line's own figures, then a row of its own labelled "Total" (in the
    same group). Columns of shares (which never add up) are not checked."""
    if len(rows) < 2 or any(not r.values for r in rows):
        return rows
    n = min(len(r.values) for r in rows)
    wide = [k for k, r in enumerate(rows) if len(r.values) != n]
    if n < 2 or len(wide) != 1 or len(rows[wide[0]].values) != 2 * n:
        return rows
    k = wide[0]
    row = rows[k]
    if None in row.values:
        return rows
    own, total = row.values[:n], row.values[n:]
    parts = [*rows[:k], replace(row, values=own)]
    leaves = [p for p in parts if not _SUBTOTAL.match(p.label)]
    if not _total_of(total, [parts] + ([leaves] if 2 <= len(leaves) < len(parts) else [])):  # type: ignore[arg-type]
        return rows
    return [*rows[:k], replace(row, values=list(own)),
            Row(label="Total", values=list(total), locator=row.locator, context=list(row.context)),
            *rows[k + 1:]]
