"""Short rows of a Details page whose columns are of two kinds: periods, then balance dates.

A 10-K "Details" page prints its rollforward under "12 Months Ended" (Dec. 31, 2019 | 2018 |
2017) and, after those periods, the balance-sheet dates its loan balances are reported at
(Dec. 31, 2019 | 2018), under no duration heading. The rendering leaves every blank cell out,
so a row prints only the figures it has: a rollforward line prints one a period, a balance of
the loans one a balance date. Which kind of column a row's figures sit in follows from what the
line is, and how many it prints says whether it fills them all:

- a movement or a balance of the rollforward printing one figure a period fills the periods;
- the loans' total printing one figure a balance date fills the balance dates;
- an opening balance printing fewer figures than there are periods (the earliest year's
  opening left out) sits in the latest periods only where each figure is the closing balance
  of the period before it, as a rollforward's years chain.

Nothing else is placed here: footing and the other placements have had their turn first.
"""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.extract.classify import label_role
from dashboard.extract.footing import Placement
from dashboard.extract.table import ColumnInfo, Row
from dashboard.model.numbers import Number
from dashboard.model.schema import DELINQUENCY, TOTAL_LOANS

# the rollforward's lines, one figure a period
_PERIOD_ROLES = {"begin", "end", "provision", "write_off", "recovery", "net_write_off"}


def _fill(slots: list[int], printed: list[Number | None], n: int) -> list[Number | None]:
    out: list[Number | None] = [None] * n
    for s, v in zip(slots, printed, strict=True):
        out[s] = v
    return out


def _chains(begin: list[Number | None], end: list[Number | None], periods: list[int]) -> bool:
    """Each opening balance, placed in the latest periods, is the closing balance of the
    period after it in the header (the year before): at least one such pair, none broken."""
    pairs = 0
    for a, b in zip(periods, periods[1:], strict=False):
        opening, closing = begin[a], end[b]
        if opening is None:
            continue
        if closing is None or abs(opening.value - closing.value) > 0.5:
            return False
        pairs += 1
    return pairs > 0


def place_by_period_kind(rows: list[Row], n: int, cols: list[ColumnInfo], topic: str,
                         placed: dict[int, Placement]) -> tuple[dict[int, Placement], set[int]]:
    """Placements ({id(row): Placement}) for the rows still short after the other placements,
    and the rows (by id) placed as the loans' total at the balance dates."""
    periods = [j for j, c in enumerate(cols) if c.end and c.months]
    dates = [j for j, c in enumerate(cols) if c.end and not c.months and not c.item and not c.segment]
    if len(cols) != n or not periods or not dates or len(periods) + len(dates) != n:
        return {}, set()
    out: dict[int, Placement] = {}
    loans: set[int] = set()
    short = [r for r in rows if id(r) not in placed and 0 < len(r.values) < n
             and all(v is not None for v in r.values)]
    opening: list[Row] = []
    for r in short:
        role = label_role(r.label, topic)
        if role in _PERIOD_ROLES and len(r.values) == len(periods):
            out[id(r)] = Placement(_fill(periods, r.values, n),
                                   "blank cells left out of the rendering; one figure a period of the header")
        elif label_role(r.label, DELINQUENCY) == TOTAL_LOANS and len(r.values) == len(dates):
            out[id(r)] = Placement(_fill(dates, r.values, n),
                                   "blank cells left out of the rendering; one figure a balance date of the header")
            loans.add(id(r))
        elif role == "begin" and len(r.values) < len(periods):
            opening.append(r)
    for r in opening:
        # the closing balances of the same member's rollforward, placed a figure a period
        closing = next((out[id(e)].values for e in rows if id(e) in out and e.context == r.context
                        and label_role(e.label, topic) == "end"), None)
        values = _fill(periods[: len(r.values)], r.values, n)
        if closing is not None and _chains(values, closing, periods):
            out[id(r)] = Placement(values, "blank cells left out of the rendering; each opening balance "
                                           "is the closing balance of the year before")
    return out, loans


def adoption_day_columns(cols: list[ColumnInfo]) -> set[int]:
    """Columns dated the first day of a month under a duration heading, beside periods that end
    on a month's last day ("12 Months Ended" over "Jan. 01, 2020 | Dec. 31, 2021 | Dec. 31,
    2020"): the day a filer books an accounting change (CECL's adoption), tagged apart. No
    period ends there: its opening and closing balances are the same day's, its blank movements
    no movement of a quarter or a year, so none of its figures is read as a period's."""
    def first_day(c: ColumnInfo) -> bool:
        return c.end is not None and c.end.day == 1
    periods = [c for c in cols if c.end and c.months]
    if not any(first_day(c) for c in periods) or all(first_day(c) for c in periods):
        return set()
    # a 52/53-week year ends on a Saturday near the month's end ("Quarter Ended | Nine Months
    # Ended" over "November 1, 2014 | November 2, 2013 | …"): periods that end neither on a
    # month's last day nor on its first are weeks' ends, and so is the first of a month beside
    # them; so is a first of a month that ends two durations (a quarter and its year to date),
    # where an accounting change's day is one column of its own. Only when every period ends
    # within days of a month's turn: one column ending mid-month (an acquisition's day) says
    # nothing of weeks
    def near_turn(d: date) -> bool:
        return d.day <= 6 or (d + timedelta(days=7)).month != d.month
    weeks = [c for c in periods if not first_day(c) and (c.end + timedelta(days=1)).day != 1]
    if weeks and all(near_turn(c.end) for c in periods):
        return set()
    ends = {c.end for c in periods if first_day(c)}
    if any(len({c.months for c in periods if c.end == e}) > 1 for e in ends):
        return set()
    return {j for j, c in enumerate(cols) if c.months and first_day(c)}
