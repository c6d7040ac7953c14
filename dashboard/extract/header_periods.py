"""Periods a table's header or rows name in ways beyond "Dec. 31, 2023" over each column: period
headings over runs of segment columns ("Second Quarter 2019"), amount columns beside "% of
Total" columns, and balances dated in their row labels under one year ("Balance at January 1").
The column model (`columns.read_columns`) asks these when the header's dates do not count the
columns.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from dashboard.model import vocab
from dashboard.model.dates import FULL_DATE, MONTH_DAY, YEAR, find_dates, month_number, year_end
from dashboard.model.numbers import Number

if TYPE_CHECKING:
    from dashboard.extract.table import PageContext, Row

_PERIOD_WORDS = re.compile(r"\b(?:quarter|half|months?|year|period)\b", re.I)
PART_MONTHS = {"quarter": 3, "half": 6}
_WORD_MONTHS = {"three": 3, "six": 6, "nine": 9, "twelve": 12}


def part_months(heading: str) -> int | None:
    """The length of the period a heading names by its part of the year without "ended":
    "Third Quarter 2018" 3, "First Half 2020" 6, "First Nine Months 2018" 9 (the year to date,
    ending where the quarter beside it ends)."""
    part = next((m for w, m in PART_MONTHS.items() if re.search(rf"\b{w}\b", heading, re.I)), None)
    if part:
        return part
    m = vocab.DURATION_WORD.search(heading)
    return (_WORD_MONTHS.get(m.group(1).lower()) or int(m.group(1))) if m else None


def period_fragment(text: str) -> bool:
    """"Second Quarter 2019 (a)", "First Half 2020", "Three Months Ended June 30, 2024": a
    heading that names one period."""
    t = vocab.clean_label(text)
    return len(t.split()) <= 8 and len(YEAR.findall(t)) == 1 and (
        bool(find_dates(t)) or bool(_PERIOD_WORDS.search(t)))


_PERCENT_HEADING = re.compile(r"%\s*of\s+total|percent(?:age)?\s+of\s+total|\(%\)|^%$", re.I)


def dates_beside_percent_columns(fragments: list[str], n: int, rows: list[Row]) -> list[date] | None:
    """"March 31, 2014 | % of Total | December 31, 2013 | % of Total": each date's amounts,
    then their share of the total. The share columns take the date before them, and their
    figures are marked as percentages (so never read as amounts), in the rows' cells."""
    joined = re.sub(r"\s+", " ", " ".join(fragments).replace("\xa0", " "))
    marks = sorted([(m.start(), d) for m in FULL_DATE.finditer(joined) for d in find_dates(m.group(0))]
                   + [(m.start(), None) for m in _PERCENT_HEADING.finditer(joined)], key=lambda x: x[0])
    if len(marks) != n or marks[0][1] is None or all(d is not None for _, d in marks):
        return None
    dates: list[date] = []
    shares: list[int] = []
    for j, (_, d) in enumerate(marks):
        if d is None:
            shares.append(j)
            dates.append(dates[-1])
        else:
            dates.append(d)
    for r in rows:
        if len(r.values) == n:
            r.values = [Number(v.value, v.text, v.negative, v.nil, v.currency, v.repaired, True, v.grouped)
                        if j in shares and v is not None else v for j, v in enumerate(r.values)]
    return dates


def period_in_row_labels(header: list[str], rows: list[Row], ctx: PageContext) -> tuple[date, int] | None:
    """A rollforward by segment under one year ("2021"), its balances dated in their labels
    without the year ("Balance at January 1" … "Balance at September 30"): the period runs
    from the first such day to the last, in the header's year. A table cut off before its
    closing balance closes on the page's own month and day (a 10-Q's "Sep. 30"). The labels
    are given their year, so that the dated rows open and close the period."""
    years = {int(y) for f in header if not find_dates(f) for y in YEAR.findall(vocab.clean_label(f))}
    days = [(month_number(m["mon"]), int(m["day"])) for r in rows
            if not find_dates(r.label) and (m := MONTH_DAY.search(r.label))]
    if len(years) != 1 or not days:
        return None
    year = years.pop()
    first = days[0]
    last = days[-1] if len(days) > 1 and days[-1] != first else (
        (ctx.period.month, ctx.period.day) if ctx.period else None)
    if last is None or first[1] != 1 or last <= first:
        return None
    for r in rows:
        m = MONTH_DAY.search(r.label)
        if m and not find_dates(r.label):
            # the grid says the year the label leaves out: "Balance at January 1, 2021"
            r.label = f"{r.label[:m.end()]}, {year}{r.label[m.end():]}"
    end = year_end(year, last)
    return end, last[0] - first[0] + 1
