"""How long a period is and which month it closes, on any calendar (a 13-week quarter, a
53-week year): the arithmetic every stage that compares durations needs (the checks, the
analyst series in `dashboard.analysis.periods`). Pure functions, no pandas frames."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

# the two frequencies an analyst reads flows in
ANNUAL, QUARTERLY = "annual", "quarterly"
FREQUENCIES = (ANNUAL, QUARTERLY)

_MONTH_DAYS = 365.25 / 12


def as_date(v: object) -> date | None:
    """A date from a date, timestamp or ISO text; None for missing values."""
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    if isinstance(v, date) and not isinstance(v, pd.Timestamp):
        return v
    try:
        return pd.Timestamp(v).date()
    except (ValueError, TypeError):
        return None


def duration_months(start: object, end: object) -> int | None:
    """Whole months from `start` to `end` inclusive (a 13-week quarter is 3, a 53-week year
    12); None for an instant (no start)."""
    s, e = as_date(start), as_date(end)
    if s is None or e is None or e < s:
        return None
    return int(round(((e - s).days + 1) / _MONTH_DAYS))


def closing_month(end: object) -> tuple[int, int] | None:
    """(year, month) a period closes: a 52/53-week calendar ends on the weekday nearest a
    month end, so an end in the first week of a month closes the month before
    (1 February 2025 closes January; 27 January closes January)."""
    e = as_date(end)
    if e is None:
        return None
    if e.day <= 7:
        e = e.replace(day=1) - timedelta(days=1)
    return e.year, e.month


def opening_month(start: object) -> tuple[int, int] | None:
    """(year, month) of the month a period opens after: the closing month of its eve."""
    s = as_date(start)
    return closing_month(s - timedelta(days=1)) if s else None
