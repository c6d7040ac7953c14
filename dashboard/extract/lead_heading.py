"""A heading printed between a table's header and its first rows, and how far down it reaches.

A class or portion heading over the first rows ("Real estate—mortgage", "Current portion:") heads
them until the next heading, or until a row that totals them: the lines under that total (the
allowance deducted, the net loans) are the whole's, never the group's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model import table_words, vocab
from dashboard.model.schema import ALLOWANCE

# a balance sheet's classification of a book ("Current portion:", "Non-current portion:"), never
# the aging bucket "Current"
PORTION = re.compile(
    r"^\s*(?:non[\s-]*current|long[\s-]*term|short[\s-]*term|current)\s+portions?\b[^:]*:?\s*$", re.I)


# footnote markers glued to a label's end: "Commercial finance receivables(a)(b)"
_MARKERS = re.compile(r"(?:\s*\((?:[a-h]|\d{1,2})\))+$")


def heading_key(text: str) -> str:
    return _MARKERS.sub("", vocab.clean_label(text)).strip().lower()


def names_its_first_row(lead: str, rows: list[Row]) -> bool:
    """The header's last fragment is the first row's label, as a later group's heading is the
    label of the first row under it: the first group's heading, never a column's name."""
    if not rows or rows[0].context or heading_key(lead) != heading_key(rows[0].label):
        return False
    return any(r.context and heading_key(r.context[-1]) == heading_key(r.label) and (k == 0 or rows[k - 1].context != r.context)
               for k, r in enumerate(rows))


def lead_to_first_rows(lead: str, rows: list[Row], trimmed: list[str]) -> list[str]:
    for k, r in enumerate(rows):
        if r.context:
            break
        r.context = [lead]
        if _totals_rows_above(rows, k):
            # the lines under the total of the heading's rows (the allowance deducted, the net
            # loans) are the whole's, never the group's
            break
    return trimmed


def two_headings_lead(header: list[str], rows: list[Row]) -> bool:
    """The header's last two fragments are the first group's two headings, a book's and a class
    group's within it ("Loans not covered by FDIC loss share agreements" / "Real estate loans"),
    as a later group prints the same class heading under another book's heading ("Loans covered
    by …" / "Real estate loans"): headings of rows, never columns' names."""
    if len(header) < 3 or not rows or rows[0].context:
        return False
    book, lead = heading_key(header[-2]), heading_key(header[-1])
    if any(table_words.ABSTRACT_HEADING.search(h) or "[member]" in h.lower() for h in header[-2:]):
        return False  # an R page's members and the headings that group their lines are read as such
    return any(len(r.context) >= 2 and heading_key(r.context[-1]) == lead and heading_key(r.context[-2]) != book
               for r in rows)


def two_headings_to_first_rows(header: list[str], rows: list[Row]) -> list[str]:
    """The first group's rows under both headings until a row totals them, then under the
    book's heading alone until the next heading: the book's lines (its total, its allowance)
    are the book's, never the whole portfolio's."""
    book, lead = header[-2], header[-1]
    for r in rows:
        if r.context:
            break
        r.context = [book, lead]
    # each book's run of rows under its class heading: the rows after the line that totals the
    # class group are the book's own
    start = 0
    for k in range(1, len(rows) + 1):
        if k < len(rows) and rows[k].context == rows[start].context:
            continue
        run = rows[start:k]
        if len(run[0].context) == 2 and heading_key(run[0].context[-1]) == heading_key(lead):
            closed = next((i for i in range(len(run)) if _subtotal(run, i)), None)
            for r in run[closed + 1:] if closed is not None else []:
                r.context = r.context[:-1]
        start = k
    return header[:-2]


def _subtotal(rows: list[Row], k: int) -> bool:
    """Row `k` is a "Total …" line that is the column sums of every row above it."""
    n = len(rows[0].values)
    if k < 2 or not vocab.clean_label(rows[k].label).lower().startswith("total") or n < 1 \
            or any(len(r.values) != n or None in r.values for r in rows[:k + 1]):
        return False
    return all(abs(sum(r.values[j].value for r in rows[:k]) - rows[k].values[j].value) <= 0.5 * k  # type: ignore[union-attr]
               for j in range(n))


def _totals_rows_above(rows: list[Row], k: int) -> bool:
    """Whether row `k` closes the rows from the table's first: a "Total" line that is their
    column sums, or a line printed with its own figures and then those sums (an unlabelled
    total glued to the last class)."""
    row = rows[k]
    n = len(rows[0].values)
    if n < 1 or k < 1 or any(len(r.values) != n or None in r.values for r in rows[:k]):
        return False
    if len(row.values) == 2 * n:
        parts, total = [*rows[:k], replace(row, values=row.values[:n])], row.values[n:]
    elif len(row.values) == n and table_words.WHOLE_ROW.match(vocab.clean_label(row.label)):
        parts, total = rows[:k], row.values
    else:
        return False
    if None in total:
        return False
    return all(abs(sum(p.values[j].value for p in parts) - total[j].value) <= 1.0 + 1e-9  # type: ignore[union-attr]
               for j in range(n))


# rollforward lines that head nothing: printed without figures (a blank "Impact of adopting ASC
# 326" line in a quarter it did not move), they read like a heading over the lines below
_MOVEMENTS = ("adoption", "provision", "write_off", "recovery")


def movements_not_headings(rows: list[Row], topic: str) -> None:
    """A line of an allowance's movement printed with no figures is no heading: the rows under
    it (the quarter's charge-offs, recoveries, provision, closing balance) are the table's own
    lines, never a class named after that movement."""
    if topic != ALLOWANCE:
        return
    headings = {c for r in rows for c in r.context if label_role(c, ALLOWANCE) in _MOVEMENTS}
    for h in headings:
        under = [r for r in rows if h in r.context]
        roles = [label_role(r.label, ALLOWANCE) for r in under]
        if all(x is not None for x in roles) and "begin" not in roles:
            # the rows under it are the movement's other lines, not parts of it ("Charge-offs:"
            # over "Commercial" / "Consumer" heads its classes and stays), and open no balance
            # of their own (an adoption member heading a block from its opening balance stays)
            for r in under:
                r.context = [c for c in r.context if c != h]
