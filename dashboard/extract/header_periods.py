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

from dashboard.model import table_words, units, vocab
from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import FULL_DATE, MONTH_DAY, YEAR, find_dates, month_number, year_end
from dashboard.model.numbers import Number

if TYPE_CHECKING:
    from dashboard.extract.table import ColumnInfo, PageContext, Row

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
    m = table_words.DURATION_WORD.search(heading)
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


# a balance heading over a group of dated columns ("Total Outstanding Balance", "Balance")
_BALANCE_HEADING = re.compile(r"^(?:total\s+)?(?:outstanding\s+|gross\s+)?(?:balances?|amounts?)(?:\s+outstanding)?$", re.I)
# the item of the balance columns beside a bucket's: each full row's loans outstanding
BALANCE_ITEM = "balance outstanding"
# one past-due threshold, the only one its table names ("60 Days Past Due"): the accounts that
# many days past due or more, as no other bucket bounds it
_THRESHOLD = re.compile(r"^(?P<a>\d{1,3})\s+days?\s+(?:past\s+due|delinquent)$", re.I)


def item_groups_over_dates(fragments: list[str], dates: list[date]) -> list[str | None] | None:
    """"Total Outstanding Balance | 60 Days Past Due | Re-aged" over "January 31," three times
    over "2015 | 2014" three times: the same run of dates repeated once per heading, each
    heading the line item of its run's columns. Per column: a bucket's label under a bucket, None under any other heading (a status such as
    "Re-aged": no credit figure). Only when the headings print just before the dates, their
    count is the runs' and each run has its own month-day heading. `BALANCE_ITEM` under the
    balance (the loans of each row that prints a figure in every column)."""
    n = len(dates)
    width = next((w for w in range(1, n // 2 + 1) if n % w == 0 and dates == dates[:w] * (n // w)), None)
    if width is None or len(set(dates[:width])) != width:
        return None
    k = n // width
    first = next((i for i, f in enumerate(fragments) if MONTH_DAY.search(f.replace("\xa0", " ")) or YEAR.search(f)), None)
    month_days = [f for f in fragments if MONTH_DAY.search(f.replace("\xa0", " ")) and not YEAR.search(f)]
    if first is None or first < k or len(month_days) != k:
        return None
    heads = [vocab.clean_label(f) for f in fragments[first - k:first]]
    if any(not h or units.scale_statements(h) or len(h.split()) > 6 for h in heads):
        return None
    thresholds = [m for h in heads if (m := _THRESHOLD.match(h))]
    labels: list[str | None] = []
    for h in heads:
        if parse_bucket(h):
            labels.append(h)
        elif (m := _THRESHOLD.match(h)) and len(thresholds) == 1 and not any(parse_bucket(x) for x in heads):
            labels.append(f"{m['a']} days or more past due")
        elif _BALANCE_HEADING.match(h) and not labels:
            labels.append(BALANCE_ITEM)
        else:
            labels.append(None)
    if BALANCE_ITEM not in labels or not any(lab not in (None, BALANCE_ITEM) for lab in labels):
        return None  # a balance and a bucket beside it, or the headings are not read as line items
    return [lab for lab in labels for _ in range(width)]


def item_groups(cols: list[ColumnInfo]) -> tuple[list[list[int]], int] | None:
    """The runs of columns under one line item each (`item_groups_over_dates`) and which run is
    the balance; None when the columns are not so grouped."""
    if not any(c.item == BALANCE_ITEM for c in cols) or any(c.end is None for c in cols):
        return None
    groups: list[list[int]] = []
    for j, c in enumerate(cols):
        if j and c.end > cols[j - 1].end or not groups:
            groups.append([])
        groups[-1].append(j)
    balance = next((g for g, run in enumerate(groups) if cols[run[0]].item == BALANCE_ITEM), None)
    return (groups, balance) if balance is not None else None
