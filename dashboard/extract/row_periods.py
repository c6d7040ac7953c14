"""The periods of rows dated by their own labels or headings: a one-column rollforward whose
balance rows carry the dates ("As of January 1, 2024 … As of December 31, 2024"), a bare year
heading a group of rows, a heading row naming a duration and a date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dashboard.extract.classify import label_role
from dashboard.extract.table import Block, PageContext, Row
from dashboard.model import vocab
from dashboard.model.dates import (
    FULL_DATE,
    bare_year,
    duration_months,
    find_dates,
    month_number,
    start_of_duration,
)
from dashboard.model.schema import ALLOWANCE

Period = tuple[date | None, date, str | None]


def vertical_periods(rows: list[Row], ctx: PageContext,
                     above: list[Row] | None = None) -> tuple[dict[int, Period], dict[int, Period]]:
    """A one-column rollforward whose balance rows carry the dates.

    "As of January 1, 2024 … Provision … As of December 31, 2024": every row from an opening
    balance to the next closing balance belongs to the period between them; the dated rows
    are that period's opening and closing balances. Yearly rollforwards stacked in one column
    share their balances ("Balance at December 31, 2009" closes 2009 and opens 2010): such a
    row's second reading, as the next period's opening, is in the second dict. `above` are the
    rows of the table above printed under the same header (a later year's, as a rule).
    """
    # a restated opening balance ("January 1, 2020 (adjusted for change in accounting
    # guidance)") is a line inside the period, not the end of one
    dated = [(r, [] if vocab.ADJUSTED_BALANCE.search(r.label) else find_dates(r.label)) for r in rows]
    if not any(d for _, d in dated):
        return {}, {}
    out: dict[int, Period] = {}
    reopened: dict[int, Period] = {}
    restated: set[int] = set()
    opening: Row | None = None
    flows: list[Row] = []
    start: date | None = None
    parts: list[Row] = []  # the undated lines since the last dated one
    for r, ds in dated:
        if not ds:
            parts.append(r)
            if opening is not None:
                flows.append(r)
            continue
        d = ds[-1]
        lines, parts = parts, []
        if opening is not None and id(opening) in out and _sum_of_parts(r, lines):
            # "Allocated to: Specific reserves | General reserves | Balance, December 31, 2018"
            # under the closed periods: the balance at its date, split into the lines above it
            # (no movement of it), never the opening of another period
            out[id(r)] = (None, d, "end")
            for g in lines:
                out[id(g)] = (None, d, "memo")
            opening, flows = None, []
            continue
        if opening is not None and flows and start is not None and d < start - timedelta(days=1) \
                and id(opening) in out:
            # "At 1 January 2017" under the block that closed "At 30 June 2018" (its memo lines
            # between): an earlier period's block stacked below, opened by this balance
            opening, flows = r, []
            start = d if d.day == 1 else d + timedelta(days=1)
            continue
        if opening is not None and flows and start is not None and d <= start:
            # "Balance as of January 1, 2020" after "December 31, 2019" and the adoption line:
            # the opening balance restated, a line inside the period and no flow
            flows.append(r)
            restated.add(id(r))
            continue
        if opening is None or not flows:
            opening, flows = r, []
            # "as of July 1" opens on that day; "as of June 30" closes the day before
            start = d if d.day == 1 else d + timedelta(days=1)
            continue
        if id(opening) in out:
            # "Balance at December 31, 2009" closed 2009 and opens 2010: its second reading
            reopened[id(opening)] = (start, d, "begin")
        else:
            out[id(opening)] = (start, d, "begin")
        for g in flows:
            out[id(g)] = (start, d, "memo" if id(g) in restated else None)
        out[id(r)] = (start, d, "end")
        # a closing balance followed by more flows and another balance opens the next period
        opening, flows, start = r, [], d + timedelta(days=1)
    # a page without its own date (an excerpt cut above its banner): the latest closing balance
    # of the table's blocks above, which the stacked blocks of a quarter's page share
    page_date = ctx.period or max((p[1] for p in out.values() if p[2] == "end"), default=None)
    if opening is not None and flows and start is not None and start.day == 1 and page_date and page_date >= start \
            and id(opening) not in out:
        # a table cut off before its closing balance: the period its opening balance opens
        # runs a year, or to the page's own date when that comes first (both blocks of a
        # page may be headed "Year Ended December 31, 2023": the balances' dates tell them apart)
        end = min(date(start.year + 1, start.month, 1) - timedelta(days=1), page_date)
        heading = context_period(opening.context)
        if heading and heading[1] and start_of_duration(heading[0], heading[1]) == start:
            # "Six months ended September 30, 2019" over the rows: the period the heading names,
            # which its opening balance's date opens (a fiscal year's half, not the year)
            end = heading[0]
        out[id(opening)] = (start, end, "begin")
        for g in flows:
            out[id(g)] = (start, end, "memo" if id(g) in restated else None)
    if opening is not None and not flows and start is not None and id(opening) not in out and above:
        same = _same_line_above(opening, start, above, ctx)
        if same is not None:
            out[id(opening)] = same
    return out, reopened


def _sum_of_parts(total: Row, lines: list[Row]) -> bool:
    """`total`'s figures are, column by column, the sums of two or more `lines` that name no
    movement of a balance (a reserve's parts: specific and general, by impairment method)."""
    n = len(total.values)
    if len(lines) < 2 or n < 1 or any(len(g.values) != n or label_role(g.label, ALLOWANCE) for g in lines) \
            or None in total.values or not any(v.value for v in total.values if v is not None):
        return False
    return all(abs(sum((g.values[j].value if g.values[j] is not None else 0.0) for g in lines)
                   - total.values[j].value) <= 0.5 * len(lines) for j in range(n))  # type: ignore[union-attr]


def _same_line_above(opening: Row, start: date, above: list[Row], ctx: PageContext) -> Period | None:
    """A table cut after its opening balance ("Balance, March 31, 2024" and nothing below) under
    the header of the table above, whose same line a year or more later opens a period ("Balance,
    March 31, 2025" … "Balance, June 30, 2025"): the balance opens that period in its own year."""
    prior, _ = vertical_periods(above, ctx)
    for r in above:
        if id(r) not in prior or prior[id(r)][2] != "begin" or _undated(r.label) != _undated(opening.label):
            continue
        first, last, _ = prior[id(r)]
        if first is None or first.year <= start.year or (first.month, first.day) != (start.month, start.day):
            return None
        try:
            return start, date(last.year - (first.year - start.year), last.month, last.day), "begin"
        except ValueError:  # 29 February in a year without it
            return None
    return None


def _undated(label: str) -> str:
    return " ".join(FULL_DATE.sub("", label).split()).strip(" ,")


def date_on(year: int, month_day: re.Match[str]) -> date | None:
    """The month and day matched, in `year` (None for a day the year has not)."""
    try:
        return date(year, month_number(month_day["mon"]), int(month_day["day"]))
    except ValueError:
        return None


def year_heading_period(context: list[str], stated: list[date], block: Block) -> tuple[date, int | None] | None:
    """A bare year heading a group of rows ("2014") under a caption naming the dates of those
    years ("the fiscal years ended March 31, 2013, 2014 and 2015"): the caption's date of that
    year, never a year end the page does not state."""
    year = next((y for x in reversed(context) if (y := bare_year(x))), None)
    end = next((d for d in stated if d.year == year), None) if year else None
    if end is None:
        return None
    return end, duration_months(" ".join(block.header)) or duration_months(block.caption)


def context_period(context: list[str]) -> tuple[date, int | None] | None:
    """The date and duration a heading row gives ("Six months ended June 30, 2024"), also when
    the heading is broken over two lines ("Three Months Ended:" / "September 30, 2012")."""
    for i in range(len(context) - 1, -1, -1):
        ds = find_dates(context[i])
        if ds:
            months = duration_months(context[i])
            if months is None and i > 0 and not find_dates(context[i - 1]):
                months = duration_months(context[i - 1])
            return ds[-1], months
    return None
