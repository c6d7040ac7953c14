"""The column dates of the next table printed straight under the last row of the one above.

A page may print two tables one after the other with no caption sentence between them, the
second's header a month and day per column and the years on a line below ("March 31, |
December 31, | 2017 | 2016"). Read cell by cell, the last month-day ("December 31,") looks like
a row label and its years like that row's figures, so the second table would run on under the
first one's header and take its dates. A month and day with no year, followed by nothing but
years before the next words, is never a line of figures: it closes the table above.
"""

from __future__ import annotations

import re

from dashboard.extract.parsers.text_cells import Cell

# "December 31," / "Sept. 30" — a balance date's month and day, its year left to the line below
_MONTH_DAY = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?$", re.I)


def next_table_dates(label: str, cells: list[Cell], idx: int) -> bool:
    """Whether `label` and the figures from `cells[idx]` on are the next table's column dates:
    the label a bare month and day, the figures years only (one or more), words after them."""
    if not _MONTH_DAY.match(label.strip()):
        return False
    j, years = idx, 0
    while j < len(cells) and (cells[j].empty or cells[j].numbers is not None):
        nums = cells[j].numbers
        if nums is not None:
            if not all(n.is_year for n in nums):
                return False  # "Balance at | December 31, | 2019 | 1,234": a row, its year in the label
            years += len(nums)
        j += 1
    return years > 0 and j < len(cells)
