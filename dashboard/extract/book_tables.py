"""Tables of one page that print the same column header, each under its own name ("Originated
Loans" over the first, "Acquired Loans" over the next, "Covered Loans" over the third): each
table is one book of the loans, and its "Total" that book's total, never the whole portfolio's.
Only a total the page prints of all the books is the whole (`page_totals.grand_totals`)."""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.lead_heading import heading_key
from dashboard.extract.repeated_header import is_period_heading
from dashboard.extract.table import Block
from dashboard.model.schema import Fact

_LEAST = 4  # column names the tables must print alike beside their own names
# a book's name: a few words naming loans ("Originated Loans", "Covered Loans (b)"), never a
# period ("Six Months Ended June 30", "2012"), a bucket ("1-90 days") or a table's title
_BOOK = re.compile(r"^(?:[a-z&/-]+\s+){1,3}(?:loans?|leases|loans\s+and\s+leases)$", re.I)


def _names(block: Block) -> list[str]:
    return [heading_key(h) for h in block.header if not is_period_heading(h) and heading_key(h)]


def book_names(blocks: list[Block]) -> dict[int, str]:
    """Block index -> the name its header prints where the other tables of the same header
    print theirs: the header's first name, the rest the same cell by cell (footnote marks
    aside). Two tables or more, each named otherwise."""
    out: dict[int, str] = {}
    for i in range(len(blocks) - 1):
        a, b = _names(blocks[i]), _names(blocks[i + 1])
        if len(a) == len(b) and len(a) > _LEAST and a[1:] == b[1:] and a[0] != b[0] \
                and _BOOK.match(a[0]) and _BOOK.match(b[0]):
            for k in (i, i + 1):
                out[k] = next(h for h in blocks[k].header if not is_period_heading(h) and heading_key(h)).strip()
    return out


def in_book(facts: list[Fact], book: str) -> list[Fact]:
    """The table's facts as its book's: its whole is the book, its classes the book's classes."""
    return [replace(f, segment=f"{book} – {f.segment}" if f.segment else book) for f in facts]
