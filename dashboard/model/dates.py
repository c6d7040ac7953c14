"""Dates and periods as filers write them: "Dec. 31, 2023", "December 31, 2022 and 2023",
"12 Months Ended", "For the Year Ended December 31", "As of January 1, 2024"."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
# "December 31, 2023", "Dec. 31, 2023", "31 December 2023"
FULL_DATE = re.compile(
    rf"(?P<mon>{_MONTH_RE})\.?\s*(?P<day>\d{{1,2}})\s*,?\s*(?P<year>(?:19|20|21)\d\d)\b"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MONTH_RE})\.?,?\s+(?P<year2>(?:19|20|21)\d\d)\b"
    rf"|\b(?P<iso>(?:19|20|21)\d\d-\d\d-\d\d)\b",
    re.I,
)
# "December 31, 2021, 2022 and 2023" / "December 31, 2023 and 2024"
DATE_LIST = re.compile(
    rf"(?P<mon>{_MONTH_RE})\.?\s*(?P<day>\d{{1,2}})\s*,?\s*"
    r"(?P<years>(?:19|20|21)\d\d(?:\s*(?:,\s*(?:and\s*)?|\s+and\s*|\s*&\s*)(?:19|20|21)\d\d)*)",
    re.I,
)
MONTH_DAY = re.compile(rf"(?P<mon>{_MONTH_RE})\.?\s*(?P<day>\d{{1,2}})\b(?!\s*,?\s*\d{{4}})", re.I)
YEAR = re.compile(r"(?<![\d,.$¥])\b((?:19|20|21)\d\d)\b(?![\d,])")
_BARE_YEAR = re.compile(r"\s*((?:19|20|21)\d\d)\s*")


def bare_year(text: str) -> int | None:
    """The year a cell holds when it holds nothing else ("2019", a column's or a group's heading)."""
    m = _BARE_YEAR.fullmatch(text)
    return int(m.group(1)) if m else None
# "Three Months Ended", "three-month period ended", "nine months periods ended"
MONTHS_ENDED = re.compile(
    r"(?P<n>\d{1,2}|three|six|nine|twelve)[\s-]+months?(?:\s+periods?)?\s+end(?:ed|ing)\b", re.I)
YEAR_ENDED = re.compile(r"(fiscal\s+)?years?\s+ended|for\s+the\s+year|annual", re.I)
QUARTER_ENDED = re.compile(r"\b(fiscal\s+)?quarters?\s+ended\b|\bfor\s+the\s+(fiscal\s+)?quarter\b", re.I)
_WORD_N = {"three": 3, "six": 6, "nine": 9, "twelve": 12}


def _mk(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first full date in a text, or None."""
    m = FULL_DATE.search(text.replace("\xa0", " "))
    if not m:
        return None
    if m["iso"]:
        y, mo, d = (int(x) for x in m["iso"].split("-"))
        return _mk(y, mo, d)
    if m["mon"]:
        return _mk(int(m["year"]), month_number(m["mon"]), int(m["day"]))
    return _mk(int(m["year2"]), month_number(m["mon2"]), int(m["day2"]))


# a column heading that is a date in figures alone ("12/31/2020", "31.12.2019", a footnote mark
# after it, as foreign filers head their tables): read only when the day is past 12, so that
# which figure is the month is beyond doubt
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2((?:19|20|21)\d\d)\s*(?:\(\s*[*\d]{1,3}\s*\))?\s*")


def numeric_heading_date(text: str) -> date | None:
    """The date a header cell printed in figures alone holds, when the day is past 12; else None."""
    m = _NUMERIC_DATE.fullmatch(text)
    if not m:
        return None
    a, b, y = int(m[1]), int(m[3]), int(m[4])
    if a > 12 >= b:
        return _mk(y, b, a)
    return _mk(y, a, b) if b > 12 >= a else None


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation ("Dec", "Sept.", "December")."""
    return MONTHS[name.lower().rstrip(".")[:3]]


def find_dates(text: str) -> list[date]:
    """Every date in a text in order, expanding lists: "December 31, 2022 and 2023" → two dates."""
    # the same headings and row labels are read again and again: each text once, a fresh list
    # to each caller
    return list(_dates_in(text))


# a date whose day, month and year a rendering ran together ("30June2019", "31December2018")
_GLUED_DATE = re.compile(r"\b(\d{1,2})(January|February|March|April|May|June|July|August|September|October"
                         r"|November|December)((?:19|20|21)\d\d)\b")


@lru_cache(maxsize=8192)
def _dates_in(text: str) -> tuple[date, ...]:
    t = _GLUED_DATE.sub(r"\2 \1, \3", text.replace("\xa0", " "))
    out: list[date] = []
    for m in DATE_LIST.finditer(t):
        mon = month_number(m["mon"])
        day = int(m["day"])
        for y in re.findall(r"(?:19|20|21)\d\d", m["years"]):
            d = _mk(int(y), mon, day)
            if d:
                out.append(d)
    if not out:
        d = parse_date(t)
        if d:
            out.append(d)
    return tuple(out)


def year_end(year: int, fiscal_end: tuple[int, int] = (12, 31)) -> date:
    month, day = fiscal_end
    return _mk(year, month, day) or date(year, month, calendar.monthrange(year, month)[1])


def start_of_duration(end: date, months: int = 12) -> date:
    """First day of a duration of `months` months ending on `end` (end of month aware)."""
    y, m = end.year, end.month - months
    while m <= 0:
        m += 12
        y -= 1
    last = calendar.monthrange(y, m)[1]
    prior_end = date(y, m, min(end.day, last)) if end.day < calendar.monthrange(end.year, end.month)[1] else date(y, m, last)
    return prior_end + timedelta(days=1)


def duration_months(text: str) -> int | None:
    """12 for "12 Months Ended" or "Years ended", 3 for "Three Months Ended" or "Quarter
    Ended", else None."""
    m = MONTHS_ENDED.search(text)
    if m:
        n = m["n"].lower()
        return _WORD_N.get(n) or int(n)
    if QUARTER_ENDED.search(text):
        return 3  # "Quarter Ended September 30, 2025"
    if YEAR_ENDED.search(text):
        return 12
    return None


_ENDS_IN_MONTH = re.compile(rf"\b(?P<mon>{_MONTH_RE})\.?$", re.I)
_DAY_YEAR = re.compile(r"^(?P<day>\d{1,2}),\s*(?P<year>(?:19|20|21)\d\d)$")


def date_over_two_lines(fragments: list[str]) -> date | None:
    """The date of a stacked header whose cells wrap it: the month ends one line ("Balance
    December", "at December") and the day and year open the next ("31, 2013"), once a column.
    The one date every such month and day-year agree on, as many of each; None otherwise."""
    months = {MONTHS[m["mon"].lower()] for f in fragments if (m := _ENDS_IN_MONTH.search(f.strip()))}
    days = {(int(m["day"]), int(m["year"])) for f in fragments if (m := _DAY_YEAR.match(f.strip()))}
    n_months = sum(1 for f in fragments if _ENDS_IN_MONTH.search(f.strip()))
    n_days = sum(1 for f in fragments if _DAY_YEAR.match(f.strip()))
    if len(months) != 1 or len(days) != 1 or n_months != n_days:
        return None
    (day, year), month = days.pop(), months.pop()
    try:
        return date(year, month, day)
    except ValueError:
        return None
