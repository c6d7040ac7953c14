"""Headings inside an aging table that title its lines rather than name a population:
"Delinquent accounts" over "30 to 59 days", "60 to 89 days", … names nothing but the aging of
the bucket lines under it, so those lines stay the whole portfolio's (no segment).
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.table import Row
from dashboard.model.buckets import parse_bucket

# a heading that names only the aging of the lines under it ("Delinquent accounts", "Past due:")
_AGING_WORDS = re.compile(r"\b(?:contractually|delinquen(?:t|cy|cies)|past|due|accounts?|loans?|receivables?|"
                          r"balances?|days?)\b|[:\-–]", re.I)
_AGING_HEADING = re.compile(r"\bdelinquen|\bpast[\s-]*due\b", re.I)


def _aging_title(heading: str, rows: list[Row]) -> bool:
    """The heading names nothing but the aging, and every line under it is a bucket."""
    if not _AGING_HEADING.search(heading) or _AGING_WORDS.sub("", heading).strip():
        return False
    under = [r for r in rows if heading in r.context]
    return bool(under) and all(parse_bucket(r.label) for r in under)


def drop_aging_titles(rows: list[Row]) -> list[Row]:
    """The rows without the headings that only title their bucket lines."""
    titles = {h for r in rows for h in r.context if _aging_title(h, rows)}
    if not titles:
        return rows
    return [replace(r, context=[h for h in r.context if h not in titles]) if titles & set(r.context) else r
            for r in rows]
