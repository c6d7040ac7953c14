"""Past-due buckets from any label style: 0-30, 1-29 days, 30-59, 61-90, Over 90, 91+, >90,
90 days or more, 91-120 … 151-180."""

from __future__ import annotations

import re
from functools import lru_cache

_RANGE = re.compile(
    r"(?P<a>\d{1,3})\s*(?:-|–|—|to|through|~)\s*(?P<b>\d{1,3})\s*(?:calendar\s+)?(?:days?\b|(?=\s*$)|(?=\s*(?:past|dpd|overdue|delinquen)))",
    re.I,
)
_RANGE_BARE = re.compile(r"^\s*(?P<a>\d{1,3})\s*(?:-|–|—|to)\s*(?P<b>\d{1,3})\s*$")
# "1 90 days": a rendering lost the dash between the bounds (the label opens with them)
_RANGE_NO_DASH = re.compile(r"^\s*(?P<a>\d{1,3})\s+(?P<b>\d{1,3})\s+(?:calendar\s+)?days?\b", re.I)
_OPEN = re.compile(
    r"(?:over|more\s+than|greater\s+than|above|exceeding|>\s*=?|≥|in\s+excess\s+of)\s*(?P<a>\d{1,3})\s*(?:calendar\s+)?(?:days?)?"
    r"|(?P<b>\d{1,3})\s*(?:\+|days?\s+(?:or|and)\s+(?:more|over|greater|above)|\s*or\s+more\s+days|\s*days?\s*\+)",
    re.I,
)
# "Current-29 days past due": current through 29 days
_CURRENT_TO = re.compile(r"\bcurrent\s*(?:-|–|—|to|through)\s*(?P<b>\d{1,3})\s*(?:days?|dpd)\b", re.I)
# buckets counted in months (20-F filers): a month is 30 days, so "1 to 3 months" is 31-90
# days and "Over 6 months" 181 days and more
_MONTHS_UP_TO = re.compile(r"\b(?:up\s+to|within|less\s+than|under)\s+(?P<b>\d{1,2})\s+months?\b", re.I)
_MONTHS_RANGE = re.compile(r"\b(?P<a>\d{1,2})\s*(?:-|–|—|to|through)\s*(?P<b>\d{1,2})\s+months?\b", re.I)
_MONTHS_OPEN = re.compile(r"\b(?:over|more\s+than|greater\s+than|above|in\s+excess\s+of)\s+(?P<a>\d{1,2})"
                          r"\s+months?\b|\b(?P<b>\d{1,2})\s+months?\s+or\s+more\b", re.I)
_DAYS_CONTEXT = re.compile(r"days?|past\s*due|dpd|overdue|delinquen", re.I)


# a pure function of the label, asked again for every cell under a bucket heading
@lru_cache(maxsize=4096)
def parse_bucket(label: str) -> tuple[int, int | None] | None:
    """(days_from, days_to) for a past-due bucket label; days_to None when open-ended.

    "over 90" means 91 days and more: an open bound given as "over N"/"more than N"/"> N"
    starts at N+1, while "N+"/"N days or more"/"≥ N" starts at N.
    """
    s = label.replace("\xa0", " ").replace("\u2011", "-").replace("\u2010", "-")
    m = _RANGE.search(s) or _RANGE_BARE.match(s) or _RANGE_NO_DASH.match(s)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if a < b <= 999:
            return a, b
    m = _CURRENT_TO.search(s)
    if m:
        return 0, int(m["b"])
    months = _month_bucket(s)
    if months:
        return months
    m = _OPEN.search(s)
    if m:
        if m["a"] is not None:
            if not _DAYS_CONTEXT.search(s) and not re.fullmatch(r"\s*(over|>\s*=?|≥)\s*\d+\s*", s, re.I):
                return None
            # "≥ 90" / ">= 90" is 90 days and more, "> 90" 91 and more
            return int(m["a"]) + (0 if re.match(r"≥|>\s*=", m.group(0)) else 1), None
        return int(m["b"]), None
    return None


def _month_bucket(s: str) -> tuple[int, int | None] | None:
    m = _MONTHS_RANGE.search(s)
    if m and int(m["a"]) < int(m["b"]):
        return 30 * int(m["a"]) + 1, 30 * int(m["b"])
    m = _MONTHS_UP_TO.search(s)
    if m:
        return 1, 30 * int(m["b"])
    m = _MONTHS_OPEN.search(s)
    if m:
        return (30 * int(m["a"]) + 1, None) if m["a"] else (30 * int(m["b"]), None)
    return None


def bucket_label(days_from: int | None, days_to: int | None) -> str:
    """A uniform label for a bucket: "1-30 days", "91+ days"."""
    if days_from is None:
        return ""
    if days_to is None:
        return f"{days_from}+ days"
    return f"{days_from}-{days_to} days"
