"""Dates printed as headings between a table's groups of rows, the columns' names printed once.

A bank's aging prints one header ("30-59 Days | … | Total Loans") and then, inside the table, a
date heading over each date's classes ("September 30, 2023" / "Business loans:" / "Commercial" …
"December 31, 2022" / "Business loans:" …). A rendering reads the first date heading, and the
class heading under it, as the header's last fragments, and each later date heading as the
context of the one row under it only: the rows under the next class heading lose their date.

Both are read back here: the header's trailing date (with the class headings after it) heads the
first rows, and a date heading dates every row below it, class headings or not, until the next
date heading. Only in a table whose later rows print a date heading of their own: a date over a
table's columns, the one date of a table, stays the header's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.header_periods import period_fragment
from dashboard.extract.table import Block, Row
from dashboard.model.dates import duration_months, find_dates


def _dated(text: str) -> bool:
    return period_fragment(text) and bool(find_dates(text))


def _lead_date(header: list[str]) -> int | None:
    """The index of the header's trailing date heading: the header's only date, followed by
    nothing or by class headings ("Business loans:") only."""
    dated = [i for i, f in enumerate(header) if find_dates(f)]
    if len(dated) != 1 or not _dated(header[dated[0]]):
        return None
    i = dated[0]
    if i == 0 or any(not f.rstrip().endswith(":") for f in header[i + 1:]):
        return None  # a date over the columns, named after it, or the header's only fragment
    return i


def _trim(fragments: list[str] | None, lead: list[str]) -> list[str] | None:
    """`fragments` without their trailing `lead` fragments, when they end in them."""
    if not fragments or len(fragments) <= len(lead) or fragments[-len(lead):] != lead:
        return fragments
    return fragments[:-len(lead)]


def dated_row_groups(block: Block, rows: list[Row], n: int) -> Block:
    """The block with its trailing date heading (and the class headings after it) moved to its
    first rows, and every row under a date heading carrying that date in its context (see the
    module). The block as it was when no later row prints a date heading, or the table has one
    column (a rollforward's balance lines carry their own dates)."""
    if n < 2 or block.columns or not rows:
        return block
    later = [k for k, r in enumerate(rows) if any(_dated(c) for c in r.context)]
    if not later:
        return block
    lead_at = _lead_date(block.header) if not any(_dated(c) for c in rows[0].context) else None
    current: str | None = None
    if lead_at is not None:
        lead = block.header[lead_at:]
        if any(find_dates(c) == find_dates(lead[0]) for k in later for c in rows[k].context):
            return block  # the same date again: a heading over the columns, repeated
        current = lead[0]
        headings = lead[1:]
        before = block.header[lead_at - 1] if lead_at else ""
        if duration_months(current) is None and before and not find_dates(before) and duration_months(before):
            # "For the three months ended" / "March 31, 2012": one heading broken over two
            # lines, the period's length on the first
            current, lead_at, lead = f"{before} {current}", lead_at - 1, [before, *lead]
        for r in rows:
            if r.context:
                break
            r.context = list(headings)
        block = replace(block, header=block.header[:lead_at],
                        header_joined=_trim(block.header_joined, lead))
    for r in rows:
        own = next((c for c in r.context if _dated(c)), None)
        if own is not None:
            current = own
        elif current is not None:
            r.context = [current, *r.context]
    return block


# a label's day and year, its month left on the line above ("Balance at April" / "1, 2024")
_DAY_YEAR = re.compile(r"^\d{1,2},\s*\d{4}$")
_MONTH_END = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$", re.I)


def label_broken_at_month(block: Block, rows: list[Row]) -> Block:
    """A first row labelled only by a day and a year ("1, 2024") under a header whose last
    fragment ends in a month ("Balance at April"): the row's label broken over two lines, read
    as a header fragment and a label. The label is joined again ("Balance at April 1, 2024", an
    opening balance dated by its own label) and the fragment leaves the header."""
    if not rows or not block.header or not _DAY_YEAR.match(rows[0].label.strip()) \
            or not _MONTH_END.search(block.header[-1].strip()):
        return block
    rows[0].label = f"{block.header[-1].strip()} {rows[0].label.strip()}"
    return replace(block, header=block.header[:-1], header_joined=_trim(block.header_joined, block.header[-1:]))
