"""Tidy facts built by hand from real figures (see data/README.md and the corpus manifest).

They follow the facts contract exactly, so metrics and charts can be tested without the
extraction engine.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from dashboard.model.schema import facts_frame

FTA = "Full Truck Alliance Co. Ltd."
QD = "Qudian Inc."
QFIN = "Qifu Technology, Inc."


def _row(**kw: Any) -> dict[str, Any]:
    base = {"currency": "CNY", "scale": 1000, "scale_basis": "stated", "segment": "",
            "concept": "", "note": "", "locator": ""}
    base.update(kw)
    return base


def fta_aging(source: str = "fta_aging.htm") -> list[dict[str, Any]]:
    rows = []
    data = {
        date(2022, 12, 31): (31206, 21398, 20817, 60353, 133774, 2617034, 2750808),
        date(2023, 12, 31): (39609, 21041, 17651, 81659, 159960, 3515532, 3675492),
    }
    buckets = [(0, 30, "0-30 days past due"), (31, 60, "31-60 days past due"),
               (61, 90, "61-90 days past due"), (91, None, "Over 90 days past due")]
    for d, vals in data.items():
        for (lo, hi, lab), v in zip(buckets, vals[:4], strict=True):
            rows.append(_row(entity=FTA, source=source, disclosure="delinquency",
                             metric="past_due", days_from=lo, days_to=hi, period_end=d,
                             value=v * 1000.0, label=lab, locator=f"row {lab}"))
        for metric, v, lab in (("past_due_total", vals[4], "Total amount past due"),
                               ("current", vals[5], "Current"),
                               ("total_loans", vals[6], "Total loans")):
            rows.append(_row(entity=FTA, source=source, disclosure="delinquency", metric=metric,
                             period_end=d, value=v * 1000.0, label=lab))
    return rows


def fta_fy2022_aging(source: str = "fta_fy2022.txt") -> list[dict[str, Any]]:
    """The FY2022 filing's coarser scheme (0-30 / 31-60 / over 60) for 2021 and 2022."""
    rows = []
    data = {
        date(2021, 12, 31): (22522, 14518, 47386, 84426, 1758358, 1842784),
        date(2022, 12, 31): (31206, 21398, 81170, 133774, 2617034, 2750808),
    }
    buckets = [(0, 30, "0-30 days past due"), (31, 60, "31-60 days past due"),
               (61, None, "Over 60 days past due")]
    for d, vals in data.items():
        for (lo, hi, lab), v in zip(buckets, vals[:3], strict=True):
            rows.append(_row(entity=FTA, source=source, disclosure="delinquency",
                             metric="past_due", days_from=lo, days_to=hi, period_end=d,
                             value=v * 1000.0, label=lab))
        for metric, v in (("past_due_total", vals[3]), ("current", vals[4]),
                          ("total_loans", vals[5])):
            rows.append(_row(entity=FTA, source=source, disclosure="delinquency", metric=metric,
                             period_end=d, value=v * 1000.0, label=metric))
    return rows


def fta_allowance(source: str = "fta_allowance.htm") -> list[dict[str, Any]]:
    rows = []
    years = {2021: (40401, 97658, 72942, 65117), 2022: (65117, 194272, 157030, 102359),
             2023: (102359, 234599, 182538, 154420)}
    for y, (b, p, w, e) in years.items():
        for metric, v, lab in (("allowance_begin", b, "Balance at beginning of year"),
                               ("provision", p, "Provisions for loan losses"),
                               ("write_off", w, "Write-off"),
                               ("allowance_end", e, "Balance at end of year")):
            rows.append(_row(entity=FTA, source=source, disclosure="allowance", metric=metric,
                             period_start=date(y, 1, 1), period_end=date(y, 12, 31),
                             value=v * 1000.0, label=lab))
    return rows


def fta_narrative_provisions(source: str = "fta_fy2022_note.txt") -> list[dict[str, Any]]:
    """'RMB94 million, RMB98 million and RMB194 million' — rounded, from a sentence."""
    return [_row(entity=FTA, source=source, disclosure="allowance", metric="provision",
                 period_start=date(y, 1, 1), period_end=date(y, 12, 31), value=v * 1e6,
                 scale=1_000_000, label="provision net with recoveries (sentence)")
            for y, v in ((2020, 94), (2021, 98), (2022, 194))]


def qfin_allowance(source: str = "qfin_allowance.htm") -> list[dict[str, Any]]:
    rows = []
    years = {2020: (351639, 698701, 636766, 8193, 421767),
             2021: (421767, 965419, 475352, 37059, 948893),
             2022: (948893, 1580306, 1102422, 30642, 1457419)}
    for y, (b, p, w, r, e) in years.items():
        for metric, v in (("allowance_begin", b), ("provision", p), ("write_off", w),
                          ("recovery", r), ("allowance_end", e)):
            rows.append(_row(entity=QFIN, source=source, disclosure="allowance", metric=metric,
                             period_start=date(y, 1, 1), period_end=date(y, 12, 31),
                             value=v * 1000.0, label=metric))
    return rows


def qd_guarantee(source: str = "qd_guarantee.txt") -> list[dict[str, Any]]:
    s = "As of December 31, 2019 and 2020 ... RMB 2,223 million and RMB 221 million (US$ 34 million)"
    rows = [
        _row(entity=QD, source=source, disclosure="guarantee", metric="max_exposure",
             period_end=date(2019, 12, 31), value=2223e6, scale=1_000_000, label=s),
        _row(entity=QD, source=source, disclosure="guarantee", metric="max_exposure",
             period_end=date(2020, 12, 31), value=221e6, scale=1_000_000, label=s),
        _row(entity=QD, source=source, disclosure="guarantee", metric="max_exposure",
             period_end=date(2020, 12, 31), value=34e6, scale=1_000_000, currency="USD",
             label=s),
    ]
    return rows


def qd_six_buckets(source: str = "qd_aging.txt") -> list[dict[str, Any]]:
    d = date(2021, 12, 31)
    rows = []
    for lo, hi, v in ((1, 30, 43935291), (31, 60, 33536939), (61, 90, 29620946),
                      (91, 120, 27904847), (121, 150, 29486766), (151, 180, 33625049)):
        rows.append(_row(entity=QD, source=source, disclosure="delinquency", metric="past_due",
                         days_from=lo, days_to=hi, period_end=d, value=float(v), scale=1,
                         label=f"{lo}-{hi} days"))
    for metric, v in (("past_due_total", 198109838), ("current", 2440895051),
                      ("total_loans", 2639004889)):
        rows.append(_row(entity=QD, source=source, disclosure="delinquency", metric=metric,
                         period_end=d, value=float(v), scale=1, label=metric))
    return rows


def tesla_guarantee(source: str = "tsla.html") -> list[dict[str, Any]]:
    return [
        _row(entity="Tesla, Inc.", source=source, disclosure="guarantee", metric="max_exposure",
             period_end=date(2023, 12, 31), value=166e6, currency="USD", scale=1_000_000,
             concept="us-gaap:GuaranteeObligationsMaximumExposure", label="resale guarantees"),
        _row(entity="Tesla, Inc.", source=source, disclosure="guarantee", metric="max_exposure",
             period_end=date(2024, 12, 31), value=1.45e9, currency="USD",
             scale=1_000_000_000, concept="us-gaap:GuaranteeObligationsMaximumExposure",
             label="resale guarantees"),
    ]


def frame(*groups: list[dict[str, Any]]) -> pd.DataFrame:
    return facts_frame([r for g in groups for r in g])


def all_facts() -> pd.DataFrame:
    return frame(fta_aging(), fta_allowance(), qfin_allowance(), qd_guarantee())
