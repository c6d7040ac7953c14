"""Fiscal periods: how a filer names the period of a figure, and its fiscal calendar.

Pure functions over the tidy facts (`dashboard.model.schema`); no streamlit.

- `fiscal_period(start, end, year_end_month)`: the filer's fiscal year and quarter a period
  ends in, and what kind of period it is (year, quarter, year to date, balance, other);
  `fiscal_label` writes it the way an analyst reads it: "FY2024 Q3", "FY2024", "FY2024 9M".
  A fiscal year is named by the calendar year it ends in, unless the filer's own
  dei:DocumentFiscalYearFocus says otherwise (a retailer's year ending 1 February 2025 is
  often its "fiscal 2024").
- `calendars(facts, focus)`: per filer, the month its year closes and how it numbers its
  years; `focus` is the filings' dei fiscal focus, per source (`focus_from_sources` reads it
  from a sources frame: the extraction's, or the library's).
- `label_periods(facts, focus)`: the facts with their fiscal year, quarter, months and label.
- `span_word`, `columns_note`: how a table of such periods names them in its lines and notes
  ("Balance at beginning of quarter"), the same words on the page, the deck and the workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.model.durations import (
    as_date,
    closing_month,
    duration_months,
    opening_month,
)

YEAR, QUARTER, YEAR_TO_DATE, BALANCE, OTHER = "year", "quarter", "year to date", "balance", "other"

_YTD_NAMES = {6: "H1", 9: "9M"}


# ─── one period ──────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class FiscalPeriod:
    """Where a fact's period sits in the filer's fiscal calendar."""

    fiscal_year: int | None
    quarter: int | None  # the fiscal quarter the period ends in, 1-4
    months: int | None  # None for a balance
    kind: str  # year | quarter | year to date | balance | other
    label: str


def fiscal_label(fiscal_year: int | None, quarter: int | None = None,
                 months: int | None = None, kind: str | None = None, end: object = None) -> str:
    """'FY2024 Q3' (a quarter), 'FY2024' (a year), 'FY2024 9M' / 'FY2024 H1' (year to date),
    'FY2024 Q3 end' / 'FY2024 end' (a balance); a period that is none of those says its months and end date."""
    if fiscal_year is None:
        e = as_date(end)
        return e.isoformat() if e else "?"
    fy = f"FY{fiscal_year}"
    kind = kind or (YEAR if months == 12 else QUARTER if months == 3 else
                    BALANCE if months is None else YEAR_TO_DATE)
    if kind == YEAR:
        return fy
    if kind == QUARTER:
        return f"{fy} Q{quarter}"
    if kind == YEAR_TO_DATE:
        return f"{fy} {_YTD_NAMES.get(int(months or 0), f'{months}M')}"
    if kind == BALANCE:
        return f"{fy} end" if quarter == 4 else f"{fy} Q{quarter} end" if quarter else fy
    e = as_date(end)
    return f"{months}M to {e.isoformat() if e else '?'}"


def fiscal_period(start: object, end: object, year_end_month: int = 12,
                  year_offset: int = 0) -> FiscalPeriod:
    """The filer's fiscal year and quarter for a period (or a balance at `end`).

    `year_end_month`: the month the filer's fiscal year closes in (12 for a calendar year, 1
    for a year ending on or near January 31). `year_offset`: added to the calendar year the
    fiscal year ends in (−1 for a filer that names a year ending in January 2025 "fiscal
    2024", as its dei:DocumentFiscalYearFocus says)."""
    closed = closing_month(end)
    months = duration_months(start, end)
    if closed is None:
        return FiscalPeriod(None, None, months, OTHER, "?")
    y, mth = closed
    fy = (y if mth <= year_end_month else y + 1) + year_offset
    quarter = (mth - year_end_month - 1) % 12 // 3 + 1
    on_quarter = (mth - year_end_month) % 3 == 0
    if months is None:
        kind = BALANCE if on_quarter else OTHER
        label = fiscal_label(fy, quarter, None, BALANCE) if on_quarter else \
            fiscal_label(None, end=end)
        return FiscalPeriod(fy, quarter if on_quarter else None, None, kind, label)
    opened = opening_month(start)
    from_year_start = opened is not None and opened[1] == year_end_month
    if not on_quarter or months % 3:
        kind = OTHER
    elif months == 12 and quarter == 4:
        kind = YEAR
    elif months == 3:
        kind = QUARTER
    elif from_year_start and months == 3 * quarter:
        kind = YEAR_TO_DATE
    else:
        kind = OTHER
    return FiscalPeriod(fy, quarter, months, kind, fiscal_label(fy, quarter, months, kind, end))


def annualisation(months: int | None) -> tuple[float, str]:
    """The factor that puts a flow ratio of `months` months on a yearly basis (× 4 for a
    quarter, × 4/3 for nine months), and how to say so; (1, '') for a year or a balance."""
    if not months or months >= 12:
        return 1.0, ""
    factor = 12 / months
    shown = {4.0: "4", 2.0: "2"}.get(factor, "4/3" if months == 9 else f"{factor:g}")
    return factor, f"annualised: {months} months × {shown}"


def span_word(kinds: Iterable[str], frequency: str = "") -> str:
    """One word for what a table's columns are, for its balance lines and notes ("Balance at
    beginning of quarter"): 'year' when every duration is a fiscal year, 'quarter' when every
    one is a quarter, else 'period' (a year to date is neither); a table of balances alone
    takes its frequency's word."""
    spans = {str(k) for k in kinds} - {BALANCE, ""}
    if not spans:
        return "quarter" if frequency == "quarterly" else "year"
    if spans == {YEAR}:
        return "year"
    if spans == {QUARTER}:
        return "quarter"
    return "period"


def columns_note(kinds: Iterable[str], frequency: str = "",
                 labels: Iterable[str] = ()) -> str:
    """What the periods of a rollforward are and how they are named, for a table's notes;
    `labels` (the table's own period labels, beside `kinds`) give the examples."""
    kinds, labels = [str(k) for k in kinds], [str(v) for v in labels]
    word = span_word(kinds, frequency)
    own = dict(zip(kinds, labels, strict=False)) if len(labels) == len(kinds) else {}
    if word == "year":
        return f"fiscal years, named by the filer's fiscal year ({own.get(YEAR, 'FY2024')})"
    if word == "quarter":
        return ("fiscal quarters, named by the filer's fiscal year and quarter "
                f"({own.get(QUARTER, 'FY2024 Q3')})")
    if set(kinds) - {BALANCE, ""} == {YEAR_TO_DATE}:
        return ("fiscal years to date, named by the filer's fiscal year and months "
                f"({own.get(YEAR_TO_DATE, 'FY2024 9M')}: not a full year)")
    part = next((lab for k, lab in own.items() if k in (YEAR_TO_DATE, QUARTER)), "FY2024 9M")
    return ("fiscal years, and a year to date where the year is not filed whole "
            f"({part}: not a full year)")


# ─── a filer's calendar ─────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Calendar:
    """A filer's fiscal calendar: the month its year closes and how it numbers its years."""

    year_end_month: int = 12
    year_offset: int = 0
    basis: str = "assumed"  # dei | years | year to date | balance dates | assumed


def _focus_month(end: date, period_focus: str) -> int | None:
    """The year-end month a document's DocumentFiscalPeriodFocus implies ('Q2' ending March
    → September)."""
    closed = closing_month(end)
    p = str(period_focus or "").strip().upper()
    if closed is None:
        return None
    if p == "FY":
        return closed[1]
    if len(p) == 2 and p[0] == "Q" and p[1] in "123":
        return (closed[1] + (4 - int(p[1])) * 3 - 1) % 12 + 1
    return None


@dataclass(frozen=True)
class Focus:
    """A filing's dei fiscal focus (DocumentFiscalYearFocus, DocumentFiscalPeriodFocus): the
    fiscal year and period the filer names its period of report by; `end` that period's end
    (DocumentPeriodEndDate; else the latest period of the source's facts) and `entity` the
    filer the sources row names (for a cover page, which carries no facts of its own)."""

    year: int
    period: str
    end: date | None = None
    entity: str = ""


# source → its filing's focus; a (year, period) pair stands for a Focus without end or filer
FocusMap = Mapping[str, "Focus | tuple[int, str]"]


def _as_focus(f: Focus | tuple[int, str]) -> Focus:
    return f if isinstance(f, Focus) else Focus(int(f[0]), str(f[1] or ""))


def calendars(facts: pd.DataFrame, focus: FocusMap | None = None) -> dict[str, Calendar]:
    """Per filer, its fiscal calendar. Evidence, strongest first: the dei focus of its
    filings (`focus`, per source: the facts' filer, else the one the focus names); the months
    its 12-month periods close; the month before its year-to-date periods open; the month its
    balances are most often dated (a filer that reports balances only); else a calendar year
    (assumed)."""
    out: dict[str, Calendar] = {}
    if facts.empty:
        return out
    evidence: dict[str, dict[str, list[int]]] = {}

    def ev_of(ent: str) -> dict[str, list[int]]:
        return evidence.setdefault(ent, {"dei": [], "offset": [], "years": [], "ytd": [],
                                         "balances": []})

    if focus:
        latest = pd.to_datetime(facts["period_end"], errors="coerce") \
            .groupby(facts["source"].astype(str)).max()
        filer_of = dict(zip(facts["source"].astype(str), facts["entity"].astype(str),
                            strict=True))
        present = set(facts["entity"].astype(str))
        for src, given in focus.items():
            f = _as_focus(given)
            ent = filer_of.get(str(src)) or f.entity
            end = f.end or (latest[src].date() if pd.notna(latest.get(src)) else None)
            if ent not in present or end is None:
                continue  # a filing of a filer not among these facts says nothing here
            m = _focus_month(end, f.period)
            if not m:
                continue
            ev_of(ent)["dei"].append(m)
            fy = fiscal_period(None, end, m).fiscal_year
            if fy is not None and f.year:
                ev_of(ent)["offset"].append(int(f.year) - fy)
    # one row per filer, source and period: a library repeats them once per metric
    spans = facts[["entity", "period_start", "period_end"]].astype(str).drop_duplicates()
    for ent, s_, e_ in zip(spans["entity"], spans["period_start"], spans["period_end"],
                           strict=True):
        ev = ev_of(ent)
        months = duration_months(s_, e_) if s_ not in ("None", "NaT", "nan", "") else None
        if months == 12:
            ev["years"].append(closing_month(e_)[1])
        elif months in (6, 9):
            ev["ytd"].append(opening_month(s_)[1])
        elif months is None and closing_month(e_):
            ev["balances"].append(closing_month(e_)[1])
    for ent, ev in evidence.items():
        basis, seen = "assumed", []
        for name, b in (("dei", "dei"), ("years", "years"), ("ytd", "year to date"),
                        ("balances", "balance dates")):
            if ev[name]:
                basis, seen = b, ev[name]
                break
        month = _most_common(seen) if seen else 12
        offset = int(pd.Series(ev["offset"]).value_counts().index[0]) if ev["offset"] else 0
        out[ent] = Calendar(month, offset, basis)
    return out


def _most_common(months: list[int]) -> int:
    """The month seen most; on a tie December (a 10-Q's balance sheet gives its quarter end
    and the prior year end once each), else the earliest month."""
    counts = pd.Series(months).value_counts()
    top = sorted(int(m) for m in counts.index[counts == counts.max()])
    return 12 if 12 in top else top[0]


FOCUS_COLUMNS = ("fiscal_year_focus", "fiscal_period_focus")


def focus_from_sources(sources: pd.DataFrame | None) -> dict[str, Focus]:
    """source → its filing's Focus, from a sources frame that carries the filing's dei fiscal
    focus (FOCUS_COLUMNS), with the document's period end (`period`) and filer (`filer`, the
    analyst's name, else `entity`) where it has them; empty when it carries none."""
    if sources is None or sources.empty or not all(c in sources.columns for c in FOCUS_COLUMNS):
        return {}
    rows = sources[pd.to_numeric(sources[FOCUS_COLUMNS[0]], errors="coerce").notna()]
    if rows.empty:
        return {}
    n = len(rows)
    ends = rows["period"] if "period" in rows.columns else [None] * n
    who = rows["filer"] if "filer" in rows.columns else \
        rows["entity"] if "entity" in rows.columns else [""] * n
    out: dict[str, Focus] = {}
    for src, fy, fp, end, ent in zip(rows["source"], rows[FOCUS_COLUMNS[0]],
                                     rows[FOCUS_COLUMNS[1]], ends, who, strict=True):
        fp = "" if fp is None or pd.isna(fp) else str(fp)
        out[str(src)] = Focus(int(float(fy)), fp, as_date(end or None),
                              "" if ent is None or pd.isna(ent) else str(ent))
    return out


def label_periods(facts: pd.DataFrame, focus: FocusMap | None = None,
                  cals: Mapping[str, Calendar] | None = None) -> pd.DataFrame:
    """`facts` with the filer's fiscal year, quarter, months, kind and label of each period."""
    out = facts.copy()
    cals = cals if cals is not None else calendars(facts, focus)
    periods = [fiscal_period(s, e, cals.get(str(ent), Calendar()).year_end_month,
                             cals.get(str(ent), Calendar()).year_offset)
               for ent, s, e in zip(out["entity"], out["period_start"], out["period_end"],
                                    strict=True)]
    out["fiscal_year"] = pd.array([p.fiscal_year for p in periods], dtype="Int64")
    out["fiscal_quarter"] = pd.array([p.quarter for p in periods], dtype="Int64")
    out["months"] = pd.array([p.months for p in periods], dtype="Int64")
    out["period_kind"] = [p.kind for p in periods]
    out["period_label"] = [p.label for p in periods]
    for col, default in (("derived", False), ("derivation", ""), ("derived_from", "")):
        if col not in out.columns:
            out[col] = default
    return out


