"""The period of a rollforward whose header and caption state no duration.

A movement table under a bare date ("December 31, 2024") reads as that year: its opening and
closing balances with flows between them span a period, and a year is what an annual report's
table means. The year is a guess, though, and a page can disprove it: when another table of
the page shows a period of under a year ending on that date (a quarterly report's year to date)
or another opening balance for that date, the undated table covers some other, unstated period
(likely the quarter). Its flows and opening balance then have no known period and are left
out; its closing balance is a balance at the date whatever the period, and stays.
"""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.extract.cell_facts import Cell
from dashboard.extract.classify import label_role
from dashboard.extract.table import table_of
from dashboard.model.dates import MONTH_DAY, find_dates, month_number, start_of_duration
from dashboard.model.schema import (
    ALLOWANCE,
    ALLOWANCE_BEGIN,
    ALLOWANCE_END,
    ALLOWANCE_OTHER,
    GUARANTEE,
    GUARANTEE_OTHER,
    NET_PAYOUT,
    NET_WRITE_OFF,
    PROVISION,
    RECOVERY,
    WRITE_OFF,
    Fact,
)

ASSUMED_YEAR = "assumed_year"  # Fact.extra key: the fact's year was assumed, not stated
# what a period's length changes: the flows and the balance it opens with
_OF_THE_PERIOD = {ALLOWANCE_BEGIN, PROVISION, WRITE_OFF, RECOVERY, ALLOWANCE_OTHER, NET_WRITE_OFF,
                  NET_PAYOUT, GUARANTEE_OTHER}


def rollforward_years(cells: list[Cell], topic: str, continued: list[str] | None = None) -> bool:
    """A movement table under an "As of December 31" header: opening and closing balances with
    flows between them describe a year, not an instant (the lines of the half-table this one
    continues, `continued`, count as its own). True when a column's year is assumed (no date
    of the table bounds it)."""
    if topic not in (ALLOWANCE, GUARANTEE) or any(c.period_start for c in cells):
        return False
    if _opened_on_the_labels_day(cells, topic):
        return False
    roles = {label_role(x, topic) for x in [*(c.row.label for c in cells), *(continued or [])]}
    if not {"begin", "end"} <= roles:
        return False
    ends = sorted({c.period_end for c in cells if c.period_end is not None})
    # a 10-Q's "September 30, 2015 | December 31, 2014": the year-end column is the year, the
    # later one the year to date since it (a year from September would overlap the year shown)
    to_date = len(ends) == 2 and (ends[0].month, ends[0].day) != (ends[1].month, ends[1].day) \
        and ends[0] < ends[1] < date(ends[0].year + 1, ends[0].month, ends[0].day)
    for c in cells:
        if c.period_end is not None:
            c.period_start = ends[0] + timedelta(days=1) if to_date and c.period_end == ends[1] \
                else start_of_duration(c.period_end, 12)
    return not to_date and bool(ends)


def _opened_on_the_labels_day(cells: list[Cell], topic: str) -> bool:
    """"Beginning balance January 1," over a column dated September 30, 2022: the opening line
    names the day the period opens, without a year; the period runs from the latest such day
    before each column's date (from the day after, when the day closes a month: "Balance
    December 31,"). True when every dated cell took that start (the period the label states,
    whether or not the table's closing line is printed)."""
    days = {(m["mon"], m["day"]) for c in cells if label_role(c.row.label, topic) == "begin"
            and not find_dates(c.row.label) and (m := MONTH_DAY.search(c.row.label))}
    if len(days) != 1:
        return False
    mon, day = days.pop()
    starts: dict[int, date] = {}
    for c in cells:
        if c.period_end is None:
            continue
        try:
            opened = date(c.period_end.year, month_number(mon), int(day))
            if opened >= c.period_end:
                opened = date(c.period_end.year - 1, month_number(mon), int(day))
        except ValueError:
            return False
        if opened.day != 1 and (opened + timedelta(days=1)).day != 1:
            return False  # a day inside a month opens no period a table reports
        starts[id(c)] = opened if opened.day == 1 else opened + timedelta(days=1)
    if not starts:
        return False
    for c in cells:
        if id(c) in starts:
            c.period_start = starts[id(c)]
    return True


def mark_assumed_years(facts: list[Fact]) -> None:
    for f in facts:
        if f.period_start is not None:
            f.extra[ASSUMED_YEAR] = True



def _whole_begins(facts: list[Fact]) -> list[float]:
    return [f.value for f in facts if f.metric == ALLOWANCE_BEGIN and not f.segment and f.value is not None]


def _other_begin(ours: list[float], theirs: list[float]) -> bool:
    """Opening balances that differ beyond rounding (one table in thousands, one in dollars)."""
    return bool(ours and theirs) and not any(abs(a - b) <= max(0.5, abs(b) * 0.005)
                                             for a in ours for b in theirs)


def unproven_years(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Leave out the flows and opening balances of a table whose assumed year ending on a date
    the page disproves: another table gives a period of under a year ending then, or another
    whole-portfolio opening balance for a period ending then."""
    notes = _opened_at_a_balance(facts)
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.extra.get(ASSUMED_YEAR) and f.period_end is not None:
            groups.setdefault((table_of(f.locator), f.disclosure, f.period_end, f.population), []).append(f)
    drop: set[int] = set()
    for (table, disclosure, end, population), group in groups.items():
        others = [f for f in facts if f.period_end == end and f.period_start is not None
                  and f.disclosure == disclosure and f.population == population
                  and table_of(f.locator) != table and not f.extra.get(ASSUMED_YEAR)]
        shorter = any(f.period_start > start_of_duration(end, 12) for f in others)  # type: ignore[operator]
        if not (shorter or _other_begin(_whole_begins(group), _whole_begins(others))):
            continue
        for f in group:
            if f.metric in _OF_THE_PERIOD:
                drop.add(id(f))
            else:
                f.period_start = None  # a balance at the date, whatever the period
        notes.append(f"the flows and opening balances of {table} at {end} were left out: its header "
                     "and caption state no duration, and another table of the page shows a different "
                     "period ending then, so the year it was read as is not its period")
    return [f for f in facts if id(f) not in drop], notes


def _opened_at_a_balance(facts: list[Fact]) -> list[str]:
    """A rollforward read as a year whose whole opening balance is the page's balance of the
    same allowance at a later date than that year's start (a 10-Q's loan table: "Allowance for
    loan losses" at December 31 beside the rollforward to September 30): it opens at that date,
    so its period runs from the day after (nine months, not a year). Taken when exactly one
    such date matches (a balance of no period: never one of the rollforward's own lines, all
    of which carry the assumed year); its facts' periods are then the page's, not assumed."""
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.extra.get(ASSUMED_YEAR) and f.period_end is not None and f.period_start is not None:
            groups.setdefault((table_of(f.locator), f.disclosure, f.period_end, f.population), []).append(f)
    notes: list[str] = []
    for (table, disclosure, end, population), group in groups.items():
        begins = _whole_begins(group)
        start = min(f.period_start for f in group)  # type: ignore[type-var]
        dates = {f.period_end for f in facts
                 if f.metric == ALLOWANCE_END and f.period_start is None and not f.segment
                 and f.disclosure == disclosure and f.population == population and f.value is not None
                 and f.period_end is not None and start <= f.period_end < end
                 and any(abs(f.value - b) <= max(0.5, abs(b) * 0.005) for b in begins)}
        if len(dates) != 1:
            continue
        opened = dates.pop()
        for f in group:
            f.period_start = opened + timedelta(days=1)
            f.extra.pop(ASSUMED_YEAR, None)
        notes.append(f"{table} to {end}: its opening balance is the page's allowance at {opened}, "
                     "so it runs from the day after, not over the year its header left to be assumed")
    return notes
