"""Durations and fiscal periods: how long a figure's period is, how the filer names it, and one
series per frequency (annual or quarterly) in which no two durations are ever added together.

Pure functions over the tidy facts (`dashboard.model.schema`); no streamlit.

- `duration_months(start, end)`: 3 for a quarter, 9 for nine months, 12 for a year, also for
  52/53-week calendars (a 13-week quarter, a 53-week year); None for a balance (an instant).
- `fiscal_period(start, end, year_end_month)`: the filer's fiscal year and quarter a period
  ends in, and what kind of period it is (year, quarter, year to date, balance, other);
  `fiscal_label` writes it the way an analyst reads it: "FY2024 Q3", "FY2024", "FY2024 9M".
  A fiscal year is named by the calendar year it ends in, unless the filer's own
  dei:DocumentFiscalYearFocus says otherwise (a retailer's year ending 1 February 2025 is
  often its "fiscal 2024"): `focus` carries that, per source.
- `series(facts, frequency)`: the facts of one frequency. Balances (no period start) stay as
  they are. Durations: for "annual" the 10-K/20-F years, a year missing but covered by the
  filer's quarters (or its nine months and fourth quarter) derived as their sum, and, for a
  fiscal year with neither, its longest year-to-date figure, labelled as such; for "quarterly"
  the three-month columns, and a quarter printed only as year to date derived as the
  difference of two year-to-dates of the same fiscal year (Q2 = H1 − Q1, Q4 = FY − 9M).
  Every derived fact is marked (`derived`, `derivation`, `derived_from`) and names both sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard.facts.selection import pick_facts
from dashboard.model.durations import (
    ANNUAL,
    FREQUENCIES,
    QUARTERLY,
    as_date,
    closing_month,
    duration_months,
    opening_month,
)

YEAR, QUARTER, YEAR_TO_DATE, BALANCE, OTHER = "year", "quarter", "year to date", "balance", "other"

# the columns `series` and `label_periods` add to a facts frame
PERIOD_COLUMNS = ("fiscal_year", "fiscal_quarter", "months", "period_kind", "period_label",
                  "derived", "derivation", "derived_from", "frequency")

# a rollforward column: one table column of one filer's population, segment and currency
SERIES_KEY = ["entity", "disclosure", "population", "segment", "currency"]
COLUMN_KEY = [*SERIES_KEY, "period_start", "period_end"]

_YTD_NAMES = {6: "H1", 9: "9M"}
_SCALE_BASIS_RANK = {"stated": 0, "given": 1, "inferred": 2, "assumed": 3}


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


def calendars(facts: pd.DataFrame,
              focus: Mapping[str, tuple[int, str]] | None = None) -> dict[str, Calendar]:
    """Per filer, its fiscal calendar. Evidence, strongest first: the dei fiscal focus of its
    filings (`focus`: source → (DocumentFiscalYearFocus, DocumentFiscalPeriodFocus), the
    document period being the source's latest period end); the months its 12-month periods
    close; the month before its year-to-date periods open; the month its balances are most
    often dated (a filer that reports balances only); else a calendar year (assumed)."""
    out: dict[str, Calendar] = {}
    if facts.empty:
        return out
    focus = focus or {}
    latest = pd.to_datetime(facts["period_end"], errors="coerce").groupby(facts["source"]).max()
    # one row per filer, source and period: a library repeats them once per metric
    spans = facts[["entity", "source", "period_start", "period_end"]].astype(str) \
        .drop_duplicates()
    evidence: dict[str, dict[str, list[int]]] = {}
    counted: set[str] = set()  # a source's dei focus counts once
    for ent, src, s_, e_ in zip(spans["entity"], spans["source"], spans["period_start"],
                                spans["period_end"], strict=True):
        ev = evidence.setdefault(ent, {"dei": [], "offset": [], "years": [], "ytd": [],
                                       "balances": []})
        if src in focus and pd.notna(latest.get(src)) and src not in counted:
            counted.add(src)
            end = latest[src].date()
            m = _focus_month(end, focus[src][1])
            if m:
                ev["dei"].append(m)
                fy = fiscal_period(None, end, m).fiscal_year
                if fy is not None and focus[src][0]:
                    ev["offset"].append(int(focus[src][0]) - fy)
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


def focus_from_sources(sources: pd.DataFrame | None) -> dict[str, tuple[int, str]]:
    """source → (fiscal year focus, fiscal period focus) from a sources frame that carries the
    filing's dei:DocumentFiscalYearFocus / DocumentFiscalPeriodFocus (columns
    `fiscal_year_focus`, `fiscal_period_focus`); empty when it does not."""
    cols = ("fiscal_year_focus", "fiscal_period_focus")
    if sources is None or sources.empty or not all(c in sources.columns for c in cols):
        return {}
    out: dict[str, tuple[int, str]] = {}
    for src, fy, fp in zip(sources["source"], sources[cols[0]], sources[cols[1]], strict=True):
        try:
            out[str(src)] = (int(fy), str(fp or ""))
        except (TypeError, ValueError):
            continue
    return out


def label_periods(facts: pd.DataFrame, focus: Mapping[str, tuple[int, str]] | None = None,
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


# ─── one series per frequency ───────────────────────────────────────────────────────────────

def _opening(metric: str) -> bool:
    return metric.endswith("_begin") or metric.endswith("_before_adoption")


def _closing(metric: str) -> bool:
    return metric.endswith("_end")


def _at_year_start(metric: str) -> bool:
    """An accounting change's adjustment is booked on the first day of the fiscal year."""
    return "adoption" in metric


@dataclass
class _Column:
    """One duration of one series: its facts (plain records), one picked figure per metric."""

    start: date
    end: date
    kind: str
    quarter: int
    months: int
    fiscal_year: int | None
    label: str
    rows: list[dict]

    def values(self) -> dict[str, dict]:
        """Metric → its fact (the first, when a column repeats a metric)."""
        out: dict[str, dict] = {}
        for r in self.rows:
            out.setdefault(str(r["metric"]), r)
        return out

    @property
    def sources(self) -> list[str]:
        return sorted({str(r["source"]) for r in self.rows})


def _combine(pieces: list[tuple[_Column, int]], opening: dict[str, float],
             last: _Column) -> dict[str, float]:
    """Values of a period made of other periods, each piece with a sign (+1 added, −1 taken
    away): the opening balances given, the closing ones of `last`, and each flow the signed
    sum over the pieces. A flow is derived only when every piece has it, except an accounting
    change's adjustment, booked on the fiscal year's first day: it counts in the pieces that
    open the year (and cancels out of a difference of two year-to-dates)."""
    vals = dict(opening)
    per = [(c, c.values(), sign) for c, sign in pieces]
    year_start = min(c.start for c, _ in pieces)
    for metric, r in last.values().items():
        if _closing(metric):
            vals[metric] = float(r["value"])
    flows = dict.fromkeys(m for _, v, _ in per for m in v if not (_opening(m) or _closing(m)))
    for metric in flows:
        if _at_year_start(metric):
            total = sum(s * float(v[metric]["value"]) for c, v, s in per
                        if metric in v and c.start == year_start)
            if abs(total) > 0:
                vals[metric] = total
            continue
        if all(metric in v for _, v, _ in per):
            vals[metric] = sum(s * float(v[metric]["value"]) for _, v, s in per)
    return vals


def _openings(c: _Column) -> dict[str, float]:
    """The opening balances of a period: those the column prints (after any adoption)."""
    return {m: float(r["value"]) for m, r in c.values().items()
            if _opening(m) and "before_adoption" not in m}


def _closings_as_openings(c: _Column) -> dict[str, float]:
    """A period's closing balances as the opening balances of the period after it."""
    return {m[: -len("_end")] + "_begin": float(r["value"]) for m, r in c.values().items()
            if _closing(m)}


def _derived_rows(template: list[dict], vals: dict[str, float], start: date, end: date,
                  how: str, sources: list[str]) -> list[dict]:
    """Facts for a derived period, shaped like the facts they come from."""
    if not vals:
        return []
    base: dict[str, dict] = {}
    for r in template:
        base.setdefault(str(r["metric"]), r)
    scales = [float(r["scale"]) for r in template if not pd.isna(r["scale"])]
    bases = [str(r["scale_basis"]) for r in template if r["scale_basis"]]
    basis = max(bases, key=lambda b: _SCALE_BASIS_RANK.get(b, 9)) if bases else "assumed"
    rows = []
    for metric, value in vals.items():
        r = dict(base.get(metric, template[0]))
        r.update({"metric": metric, "value": value, "period_start": start, "period_end": end,
                  "scale": max(scales) if scales else 1, "scale_basis": basis,
                  "source": sources[-1], "label": f"{metric.replace('_', ' ')} (derived)",
                  "concept": "", "locator": "derived: " + how, "note": "derived: " + how,
                  "derived": True, "derivation": how, "derived_from": "; ".join(sources)})
        if "verified_by" in r:
            r["verified_by"] = "derived"
        rows.append(r)
    return rows


def _columns(records: list[dict]) -> list[_Column]:
    """The columns of one series, in order of their dates."""
    by: dict[tuple[date, date], list[dict]] = {}
    for r in records:
        by.setdefault((r["_start"], r["_end"]), []).append(r)
    cols = []
    for (start, end), rows in sorted(by.items()):
        first = rows[0]
        fq, months, fy = first["fiscal_quarter"], first["months"], first["fiscal_year"]
        cols.append(_Column(start, end, str(first["period_kind"]),
                            0 if pd.isna(fq) else int(fq), 0 if pd.isna(months) else int(months),
                            None if pd.isna(fy) else int(fy), str(first["period_label"]), rows))
    return cols


def _name(c: _Column) -> str:
    return f"{c.label} ({', '.join(c.sources)})"


def _quarterly(cols: list[_Column]) -> tuple[list[_Column], list[dict]]:
    """Reported quarters, and each quarter printed only as year to date derived from two
    year-to-dates of one fiscal year: Q2 = H1 − Q1, Q3 = 9M − H1, Q4 = FY − 9M."""
    keep = [c for c in cols if c.kind == QUARTER]
    have = {c.end for c in keep}
    # cumulative figures from the fiscal year's first day, by the quarter they end in
    ytd: dict[tuple[date, int], _Column] = {}
    for c in cols:
        if c.kind in (YEAR_TO_DATE, YEAR) or (c.kind == QUARTER and c.quarter == 1):
            ytd.setdefault((c.start, c.quarter), c)
    derived = []
    for (start, q), b in sorted(ytd.items()):
        a = ytd.get((start, q - 1))
        if q < 2 or a is None or b.end in have:
            continue
        how = f"{_name(b)} − {_name(a)}"
        sources = list(dict.fromkeys([*a.sources, *b.sources]))
        rows = _derived_rows(b.rows, _combine([(b, 1), (a, -1)], _closings_as_openings(a), b),
                             a.end + timedelta(days=1), b.end, how, sources)
        derived.extend(rows)
    return keep, derived


def _year_chain(cs: list[_Column]) -> list[_Column] | None:
    """Periods of one fiscal year that together make the year, end to end: the longest
    year-to-date and the quarters after it, or the four quarters."""
    quarters = {c.quarter: c for c in cs if c.kind == QUARTER}
    ytd = {c.quarter: c for c in cs if c.kind == YEAR_TO_DATE}
    if 1 in quarters:
        ytd.setdefault(1, quarters[1])
    for k in sorted(ytd, reverse=True):
        parts = [ytd[k], *[quarters.get(q) for q in range(k + 1, 5)]]
        if all(p is not None for p in parts) and all(
                parts[i + 1].start == parts[i].end + timedelta(days=1)  # type: ignore[union-attr]
                for i in range(len(parts) - 1)):
            return parts  # type: ignore[return-value]
    return None


def _annual(cols: list[_Column], year_to_date: bool) -> tuple[list[_Column], list[dict]]:
    """Reported years; a year not reported but covered by the filer's quarters (or its
    year-to-date and the quarters after it) as their sum; else, if asked, the fiscal year's
    longest year-to-date, labelled as such (never a bare 'FY')."""
    keep = [c for c in cols if c.kind == YEAR]
    years = {c.fiscal_year for c in keep}
    by_year: dict[int, list[_Column]] = {}
    for c in cols:
        if c.fiscal_year is not None and c.fiscal_year not in years:
            by_year.setdefault(c.fiscal_year, []).append(c)
    derived = []
    for _, cs in sorted(by_year.items()):
        chain = _year_chain(cs)
        if chain and len(chain) > 1:
            how = " + ".join(_name(c) for c in chain)
            sources = list(dict.fromkeys(s for c in chain for s in c.sources))
            rows = _derived_rows(chain[-1].rows,
                                 _combine([(c, 1) for c in chain], _openings(chain[0]),
                                          chain[-1]),
                                 chain[0].start, chain[-1].end, how, sources)
            if rows:
                derived.extend(rows)
                continue
        # the first quarter is the year to date too (a Q1 10-Q filer's latest year)
        ytd = [c for c in cs if c.kind == YEAR_TO_DATE or (c.kind == QUARTER and c.quarter == 1)]
        if year_to_date and ytd:
            keep.append(max(ytd, key=lambda c: c.months))
    return keep, derived


def series(facts: pd.DataFrame, frequency: str = ANNUAL, *,
           focus: Mapping[str, tuple[int, str]] | None = None,
           year_to_date: bool = True) -> pd.DataFrame:
    """The facts of one frequency, each period labelled in the filer's fiscal calendar.

    Balances (facts with no period start) are kept; for "annual", an allowance balance only
    at a fiscal year end. Durations: see the module docstring; a period of any other length
    or position (a trailing twelve months ending mid-year, a two-month stub) is left out rather
    than shown beside years or quarters. Every row carries PERIOD_COLUMNS; `frequency` says
    which series the facts are, so that tables built on them do not pick again."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency must be one of {', '.join(FREQUENCIES)}, not {frequency!r}")
    cals = calendars(facts, focus)
    df = label_periods(facts, focus, cals)
    df["derived"] = df["derived"].fillna(False).astype(bool)
    if df.empty:
        df["frequency"] = frequency
        return df
    is_dur = df["period_start"].notna().to_numpy()
    bal = df[~is_dur]
    if frequency == ANNUAL:
        bal = bal[(bal["disclosure"] != "allowance") | (bal["period_kind"] != BALANCE)
                  | (bal["fiscal_quarter"] == 4).fillna(False).to_numpy(dtype=bool)]
    dur = df[is_dur]
    key = [c for c in SERIES_KEY if c in dur.columns]
    wanted: set[int] = set()
    derived: list[dict] = []
    if not dur.empty:
        picked = pick_facts(dur.drop(columns=[c for c in ("note_pick",) if c in dur.columns]))
        # plain records grouped in Python: a library holds thousands of short series
        recs = picked.assign(_start=[as_date(v) for v in picked["period_start"]],
                             _end=[as_date(v) for v in picked["period_end"]],
                             _row=picked.index).to_dict("records")
        by_series: dict[tuple, list[dict]] = {}
        for r in recs:
            by_series.setdefault(tuple(str(r[c]) for c in key), []).append(r)
        wanted_cols: set[tuple] = set()
        for k, rs in by_series.items():
            cols = _columns(rs)
            kept, made = _quarterly(cols) if frequency == QUARTERLY else \
                _annual(cols, year_to_date)
            wanted_cols.update((k, c.start, c.end) for c in kept)
            derived.extend(made)
        # every source's figures for a kept column, not only the one picked
        dkeys = zip(*(dur[c].astype(str) for c in key), strict=True)
        wanted = {i for i, kk, s_, e_ in zip(dur.index, dkeys, dur["period_start"],
                                             dur["period_end"], strict=True)
                  if (kk, as_date(s_), as_date(e_)) in wanted_cols}
    parts = [bal, dur.loc[[i for i in dur.index if i in wanted]]]
    if derived:
        made = pd.DataFrame(derived).drop(columns=["_start", "_end", "_row", "note_pick"],
                                          errors="ignore")
        made = label_periods(made, focus, cals)
        made["derived"] = True
        parts.append(made)
    out = pd.concat([p for p in parts if not p.empty] or [df.iloc[0:0]], ignore_index=True)
    out["derived"] = out["derived"].fillna(False).astype(bool)
    out["frequency"] = frequency
    return out


def left_out(facts: pd.DataFrame, frequency: str,
             focus: Mapping[str, tuple[int, str]] | None = None) -> dict[str, list[str]]:
    """Per filer, the periods of its durations that the `frequency` series does not show, each
    with why: a year or a year to date in a quarterly series, a quarter in an annual one (when
    it does not make a derived year), a period that is neither (a twelve months ending
    mid-year, a stub). So a page can say what else the filer reported."""
    dur = facts[facts["period_start"].notna()]
    if dur.empty:
        return {}
    shown = series(dur, frequency, focus=focus)
    shown_keys = set(zip(shown["entity"].astype(str), shown["period_label"].astype(str),
                         strict=True))
    df = label_periods(dur, focus).drop_duplicates(["entity", "period_start", "period_end"])
    out: dict[str, list[str]] = {}
    for ent, label, kind in zip(df["entity"].astype(str), df["period_label"].astype(str),
                                df["period_kind"], strict=True):
        if (ent, label) in shown_keys:
            continue
        if kind == OTHER:
            why = "neither a fiscal year nor a fiscal quarter of the filer"
        elif frequency == QUARTERLY:
            why = "a year: Annual shows it" if kind == YEAR else "a year to date, not a quarter"
        else:
            why = "a quarter: Quarterly shows it" if kind == QUARTER else \
                "a year to date; the full year is shown"
        out.setdefault(ent, []).append(f"{label} ({why})")
    return out


def picked_frequency(facts: pd.DataFrame) -> str | None:
    """The frequency `series` picked these facts for, when it did."""
    if "frequency" not in facts.columns or facts.empty:
        return None
    vals = set(facts["frequency"].dropna().astype(str))
    return vals.pop() if len(vals) == 1 else None
