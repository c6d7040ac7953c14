"""One series per frequency (annual or quarterly), in which no two durations are ever added
together. Fiscal periods and calendars are `dashboard.analysis.fiscal`'s (their names are
also importable from here).

Pure functions over the tidy facts (`dashboard.model.schema`); no streamlit.

- `series(facts, frequency)`: the facts of one frequency. Balances (no period start) stay as
  they are. Durations: for "annual" the 10-K/20-F years, a year missing but covered by the
  filer's quarters (or its nine months and fourth quarter) derived as their sum, and, for a
  fiscal year with neither, its longest year-to-date figure, labelled as such; for "quarterly"
  the three-month columns, and a quarter printed only as year to date derived as the
  difference of two year-to-dates of the same fiscal year (Q2 = H1 − Q1, Q4 = FY − 9M).
  Every derived fact is marked (`derived`, `derivation`, `derived_from`) and names both sources.
- `left_out(facts, frequency)`: what a series does not show, and why.
- `facts_shown(facts, table)`: the facts behind a table of such periods (what its footnote
  counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard.analysis.fiscal import (
    BALANCE,
    OTHER,
    QUARTER,
    YEAR,
    YEAR_TO_DATE,
    Calendar,
    FiscalPeriod,
    Focus,
    FocusMap,
    annualisation,
    calendars,
    columns_note,
    fiscal_label,
    fiscal_period,
    focus_from_sources,
    label_periods,
    span_word,
)
from dashboard.facts.selection import pick_facts
from dashboard.model.durations import (
    ANNUAL,
    FREQUENCIES,
    QUARTERLY,
    as_date,
    duration_months,
)

__all__ = [
    "ANNUAL", "BALANCE", "COLUMN_KEY", "FREQUENCIES", "OTHER", "PERIOD_COLUMNS", "QUARTER",
    "QUARTERLY", "SERIES_KEY", "YEAR", "YEAR_TO_DATE", "Calendar", "FiscalPeriod", "Focus",
    "FocusMap", "annualisation", "calendars", "columns_note", "duration_months", "facts_shown",
    "fiscal_label", "fiscal_period", "focus_from_sources", "label_periods", "left_out", "picked_frequency",
    "series", "span_word",
]

# the columns `series` and `label_periods` add to a facts frame
PERIOD_COLUMNS = ("fiscal_year", "fiscal_quarter", "months", "period_kind", "period_label",
                  "derived", "derivation", "derived_from", "frequency")

# a rollforward column: one table column of one filer's population, segment and currency
SERIES_KEY = ["entity", "disclosure", "population", "segment", "currency"]
COLUMN_KEY = [*SERIES_KEY, "period_start", "period_end"]

_SCALE_BASIS_RANK = {"stated": 0, "given": 1, "inferred": 2, "assumed": 3}


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
           focus: FocusMap | None = None,
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
             focus: FocusMap | None = None) -> dict[str, list[str]]:
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


def facts_shown(facts: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The facts behind the rows of a table of periods (`tables.allowance_table`): per filer
    and currency, the durations of its rows' exact periods, the balances at their ends, and
    for a derived row the periods it was made of, from its sources (a quarter's table does not
    count the nine months to the same date, nor a 10-K's years it does not show)."""
    if facts.empty or table.empty:
        return facts
    exact: set[tuple] = set()
    ends: set[tuple] = set()
    derived: set[tuple] = set()  # (entity, currency, source, start or end it touches)
    for r in table.to_dict("records"):
        ent, cur = str(r["entity"]), str(r["currency"])
        s, e = as_date(r["period_start"]), as_date(r["period_end"])
        ends.add((ent, cur, e))
        if s is not None:
            exact.add((ent, cur, s, e))
        if r.get("derived") and s is not None:
            for src in str(r.get("sources") or "").split(", "):
                derived |= {(ent, cur, src, "s", s), (ent, cur, src, "e", e),
                            (ent, cur, src, "e", s - timedelta(days=1))}
    keep = []
    for ent, cur, src, s_, e_ in zip(facts["entity"].astype(str), facts["currency"].astype(str),
                                     facts["source"].astype(str), facts["period_start"],
                                     facts["period_end"], strict=True):
        s, e = as_date(s_), as_date(e_)
        keep.append((ent, cur, e) in ends if s is None else (
            (ent, cur, s, e) in exact or (ent, cur, src, "s", s) in derived
            or (ent, cur, src, "e", e) in derived))
    return facts[keep]


def picked_frequency(facts: pd.DataFrame) -> str | None:
    """The frequency `series` picked these facts for, when it did."""
    if "frequency" not in facts.columns or facts.empty:
        return None
    vals = set(facts["frequency"].dropna().astype(str))
    return vals.pop() if len(vals) == 1 else None
