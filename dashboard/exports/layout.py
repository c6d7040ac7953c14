"""The key tables as an analyst lays out a note: rows are the note's lines, columns its periods.

Built from the app's own table functions (`metrics.delinquency_wide`, `delinquency_summary`,
`allowance_table`, `guarantee_table`), one `NoteTable` per filer, segment and currency, in the
unit the filer reported (the finest scale among the figures shown, so nothing is rounded away).
The deck and the workbook both draw these; only the number formatting differs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps

import pandas as pd

from dashboard import analysis as m
from dashboard.analysis import periods
from dashboard.charts.words import convenience_translations
from dashboard.model.display import MISSING, NIL

MONEY, PCT, TIMES = "money", "pct", "times"

DISCLOSURE_TITLES = {
    "delinquency": "Loan aging: past due by bucket",
    "allowance": "Allowance for credit losses: rollforward",
    "guarantee": "Maximum guarantee exposure (undiscounted)",
}

OTHER_LINE_NAMES = {
    "nonaccrual": "Nonaccrual loans",
    "nonaccrual_net": "Nonaccrual loans, net of allowance",
    "past_due_and_nonaccrual": "Past-due and nonaccrual loans",
    "guarantee_liability": "Guarantee liability",
    "guarantee_liability_end": "Guarantee liability, end of year",
    "net_payout": "Net payouts",
}


@dataclass
class NoteRow:
    label: str
    values: list[float | None]
    kind: str = MONEY  # money | pct | times
    total: bool = False  # a subtotal or balance line, set in bold
    currency: str | None = None  # when it differs from the table's (a US$ translation)
    derived: bool = False  # computed here rather than read from the filing
    segment: str | None = None  # when the table holds several segments' lines

    def display_label(self, table: NoteTable) -> str:
        """The label with its unit when that is not the table's money unit."""
        if self.kind != MONEY or (self.currency and self.currency != table.currency):
            return f"{self.label} ({self.unit(table)})"
        return self.label

    def unit(self, table: NoteTable) -> str:
        if self.kind == PCT:
            return "%"
        if self.kind == TIMES:
            return "×"
        return m.unit_label(self.currency or table.currency, table.divisor)


@dataclass
class NoteTable:
    disclosure: str
    entity: str
    segment: str
    currency: str
    divisor: int
    periods: list[str]  # column headings: '2023-12-31' or 'FY2023'
    period_ends: list[date | None]
    rows: list[NoteRow] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        """'RMB thousands': the unit of the money lines."""
        return m.unit_label(self.currency, self.divisor)

    what: str = ""  # what the table shows, when not the disclosure's usual title
    kinds: list[str] = field(default_factory=list)  # per column, its period kind (periods.YEAR …)
    frequency: str = ""  # the series a rollforward's columns are (annual, quarterly)
    # per column of a rollforward, its (start, end): the durations its figures are of
    spans: list[tuple[date | None, date | None]] = field(default_factory=list)

    @property
    def columns_note(self) -> str:
        """What a rollforward's column heads are (fiscal years, quarters, or both kinds)."""
        return periods.columns_note(self.kinds, self.frequency, self.periods)

    @property
    def title(self) -> str:
        seg = f" ({self.segment})" if self.segment else ""
        what = self.what or DISCLOSURE_TITLES.get(self.disclosure, self.disclosure)
        return f"{what} — {self.entity}{seg}"

    @property
    def decimals(self) -> int:
        """0, or 1 when a money figure is not whole in the table's unit."""
        for r in self.rows:
            if r.kind != MONEY:
                continue
            for v in r.values:
                if v is not None and abs(v / self.divisor - round(v / self.divisor)) > 1e-6:
                    return 1
        return 0


# ─── formatting shared by deck and workbook ─────────────────────────────────────────────────

def fmt_value(v: float | None, kind: str, divisor: int = 1, decimals: int = 0) -> str:
    """'234,599', '(6,067)' for a negative, '2.22%', '1.29×'; an en dash only when there is no
    figure (a nil the filing gives is 0)."""
    if v is None or pd.isna(v):
        return MISSING
    if kind == PCT:
        x = v * 100
        return f"({abs(x):.2f}%)" if x < 0 else f"{x:.2f}%"
    if kind == TIMES:
        return f"({abs(v):.2f}×)" if v < 0 else f"{v:.2f}×"
    x = v / divisor
    text = f"{abs(x):,.{decimals}f}"
    if text.strip("0.,") == "":
        return NIL if x == 0 else text
    return f"({text})" if x < 0 else text


EXCEL_FORMATS = {
    # the zero section prints 0: a nil is a figure, the dash is for no figure (an empty cell)
    MONEY: '#,##0;(#,##0);0',
    MONEY + "1": '#,##0.0;(#,##0.0);0',
    PCT: '0.00%;(0.00%);0.00%',
    TIMES: '0.00"×";(0.00"×");0.00"×"',
}


def excel_value(v: float | None, kind: str, divisor: int) -> float | None:
    if v is None or pd.isna(v):
        return None
    return float(v) / divisor if kind == MONEY else float(v)


# ─── building the tables ────────────────────────────────────────────────────────────────────

def _num(v: object) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(f) else f


def _date(v: object) -> date | None:
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def _divisor(facts: pd.DataFrame) -> int:
    """The finest scale among the figures (thousands for a table in thousands); whole units
    when a figure is not a whole number of it."""
    scales = pd.to_numeric(facts["scale"], errors="coerce").dropna()
    div = int(scales.min()) if not scales.empty else 1
    while div > 1 and any(abs(v / div - round(v / div)) > 1e-6 for v in facts["value"].dropna()):
        div //= 1000
    return max(div, 1)


def _subset(facts: pd.DataFrame, disclosure: str, ent: str, seg: str, cur: str) -> pd.DataFrame:
    return facts[(facts["disclosure"] == disclosure) & (facts["entity"] == ent)
                 & (facts["segment"] == seg) & (facts["currency"] == cur)]


def _keep(rows: Iterable[NoteRow]) -> list[NoteRow]:
    return [r for r in rows if any(v is not None for v in r.values)]


def _other_lines(sub: pd.DataFrame, canonical: Iterable[str], periods: list[date | None],
                 ) -> list[NoteRow]:
    """Lines of the note outside the canonical ones (nonaccrual loans …), one per metric."""
    rest = sub[~sub["metric"].isin(list(canonical))]
    if rest.empty:
        return []
    picked = m.pick_facts(rest)
    out = []
    for metric, g in picked.groupby("metric", sort=True):
        by_end = {_date(d): float(v) for d, v in zip(g["period_end"], g["value"], strict=True)}
        name = OTHER_LINE_NAMES.get(str(metric), str(metric).replace("_", " ").capitalize())
        out.append(NoteRow(name, [by_end.get(p) for p in periods]))
    return _keep(out)


def _kept(compute: Callable[[Analysed], pd.DataFrame]) -> property:
    """A table of `Analysed` computed on first read and kept, under the object's own lock
    (functools.cached_property's lock is the class's in Python 3.11: one session's allowance
    table would hold up every other session's)."""
    name = compute.__name__

    @wraps(compute)
    def read(self: Analysed) -> pd.DataFrame:
        if name not in self._tables:
            with self._lock:
                if name not in self._tables:
                    self._tables[name] = compute(self)
        return self._tables[name]

    return property(read)


class Analysed:
    """The analyst tables of a selection, each computed when first read and then kept, read by
    every chart and table of a report: a page drawing its charts one by one waits, for the
    first, only for the tables that chart reads. `own`: the facts without the filings' US$
    convenience translations of their own figures (the delinquency and allowance tables and
    charts read these).

    `context`: the facts before the page's filters, which the ratios may read (a 2019
    write-off / average loans needs the 2018 balance a 2019-2021 filter leaves out).
    `frequency`: the rollforward's periods, fiscal years or quarters (else those `facts` were
    picked for, else years), named by the filings' dei `focus` where given."""

    def __init__(self, facts: pd.DataFrame, context: pd.DataFrame | None = None,
                 frequency: str | None = None, focus: periods.FocusMap | None = None) -> None:
        self.facts = m.ensure_contract(facts)
        self.own = self.facts[~convenience_translations(self.facts)]
        self._context, self._frequency, self._focus = context, frequency, focus
        self._tables: dict[str, pd.DataFrame] = {}
        self._lock = threading.RLock()  # a table may read another (the summary its buckets)

    @_kept
    def _delinquency(self) -> pd.DataFrame:
        return self.own[self.own["disclosure"] == "delinquency"]

    @_kept
    def buckets(self) -> pd.DataFrame:
        return m.delinquency_buckets(self._delinquency)

    @_kept
    def summary(self) -> pd.DataFrame:
        return m.delinquency_summary(self._delinquency, buckets=self.buckets)

    @_kept
    def wide(self) -> pd.DataFrame:
        return m.delinquency_wide(self._delinquency, buckets=self.buckets, summary=self.summary)

    @_kept
    def allowance(self) -> pd.DataFrame:
        return m.allowance_table(self.own, summary=self.summary, context=self._context,
                                 frequency=self._frequency, focus=self._focus)

    @property
    def has_allowance(self) -> bool:
        """Whether `allowance` has a row, without computing its ratios if not yet computed."""
        if "allowance" in self._tables:
            return not self._tables["allowance"].empty
        return not m.allowance_facts(self.own, self._frequency, focus=self._focus).empty

    @_kept
    def guarantee(self) -> pd.DataFrame:
        return m.guarantee_table(self.facts[self.facts["disclosure"] == "guarantee"])


def analyse(facts: pd.DataFrame, context: pd.DataFrame | None = None,
            frequency: str | None = None, focus: periods.FocusMap | None = None) -> Analysed:
    """The selection's analyst tables (`Analysed`), each computed when first read."""
    return Analysed(facts, context, frequency, focus)


def delinquency_tables(facts: pd.DataFrame, done: Analysed | None = None) -> list[NoteTable]:
    done = done or analyse(facts)
    d = done.own[done.own["disclosure"] == "delinquency"]
    wide, summary, buckets = done.wide, done.summary, done.buckets
    if wide.empty:
        return []
    bucket_cols = buckets.drop_duplicates("bucket").sort_values("order")["bucket"].tolist() \
        if not buckets.empty else []
    out = []
    for (ent, seg, cur), w in wide.groupby(["entity", "segment", "currency"], sort=True):
        w = w.sort_values("period_end")
        ends = [_date(p) for p in w["period_end"]]
        s = summary[(summary["entity"] == ent) & (summary["segment"] == seg)
                    & (summary["currency"] == cur)].set_index("period_end")
        srow = [s.loc[p] if p in s.index else None for p in w["period_end"]]

        def col(name: str, w: pd.DataFrame = w) -> list[float | None]:
            return [_num(v) for v in w[name]]

        rows = [NoteRow(f"{b} past due", col(b)) for b in bucket_cols if b in w.columns]
        rows.append(NoteRow("Total past due", col("past_due_total"), total=True))
        rows.append(NoteRow("Current", col("current")))
        rows.append(NoteRow("Total loans", col("total_loans"), total=True))
        status = [r["over_90_status"] if r is not None else "" for r in srow]
        if "derived" in status:
            rows.append(NoteRow("90+ days past due (derived: sum of buckets beyond 90 days)",
                                [_num(r["over_90"]) if r is not None else None for r in srow],
                                derived=True))
        rows.append(NoteRow("Past due, % of total loans",
                            [_num(r["past_due_ratio"]) if r is not None else None
                             for r in srow], kind=PCT, derived=True))
        rows.append(NoteRow("90+ days past due, % of total loans",
                            [_num(r["over_90_ratio"]) if r is not None else None for r in srow],
                            kind=PCT, derived=True))
        sub = _subset(d, "delinquency", ent, seg, cur)
        canonical = ("past_due", "past_due_total", "current", "total_loans")
        rows += _other_lines(sub, canonical, ends)
        rows = _keep(rows)
        if not [r for r in rows if r.kind == MONEY]:
            continue
        notes = [f"{_label(p)}: {r['over_90_formula']}" for p, r in zip(ends, srow, strict=True)
                 if r is not None and r["over_90_status"] == "not derivable"]
        has_buckets = any(r.label.endswith("past due") for r in rows if r.kind == MONEY)
        out.append(NoteTable("delinquency", str(ent), str(seg), str(cur), _divisor(sub),
                             [_label(p) for p in ends], ends, rows,
                             sorted(set(sub["source"])), notes,
                             "" if has_buckets else "Delinquency: loans past due and nonaccrual"))
    return out


# the balance lines name the table's span ("Balance at beginning of quarter"): `span_word`
ALLOWANCE_LINES = (
    ("allowance_begin", "Balance at beginning of {span}", 1, True),
    ("adoption", "Accounting change on adoption (opening adjustment)", 1, False),
    ("provision", "Provision for credit losses (reversal)", 1, False),
    ("write_off", "Write-offs", -1, False),
    ("recovery", "Recoveries", 1, False),
    ("allowance_other", "Other movements", 1, False),
    ("allowance_end", "Balance at end of {span}", 1, True),
)


def allowance_tables(facts: pd.DataFrame, done: Analysed | None = None) -> list[NoteTable]:
    done = done or analyse(facts)
    facts, table = done.own, done.allowance
    if table.empty:
        return []
    out = []
    for (ent, seg, cur), t in table.groupby(["entity", "segment", "currency"], sort=True):
        t = t.sort_values(["year", "period_end"], kind="stable")
        ends = [_date(p) for p in t["period_end"]]
        kinds = [str(k) for k in t["period_kind"].fillna("")]
        freq = str(next(iter(t["frequency"].dropna()), "") or "")
        span = periods.span_word(kinds, freq)
        rows = []
        for metric, label, sign, total in ALLOWANCE_LINES:
            vals = [_num(v) for v in t[metric]]
            rows.append(NoteRow(label.format(span=span),
                                [sign * v if v is not None else None for v in vals],
                                total=total))
        derived = bool(t["net_build_derived"].any())
        rows.append(NoteRow("Net reserve build (release)" + (" (from flows)" if derived else ""),
                            [_num(v) for v in t["net_build"]], derived=True))
        diff = [_num(v) for v in t["rollforward_difference"]]
        if any(v is not None and abs(v) > 0.5 for v in diff):
            rows.append(NoteRow("Rollforward difference (does not tie)", diff, derived=True))
        rows.append(NoteRow("Provision / net write-offs", [_num(v) for v in
                                                       t["provision_to_write_off"]],
                            kind=TIMES, derived=True))
        rows.append(NoteRow("Net write-offs / average loans", [_num(v) for v in
                                                           t["write_off_to_avg_loans"]],
                            kind=PCT, derived=True))
        rows.append(NoteRow("Allowance / 90+ days past due", [_num(v) for v in
                                                              t["allowance_to_over_90"]],
                            kind=TIMES, derived=True))
        sub = _subset(facts, "allowance", ent, seg, cur)
        sub = sub[sub["metric"].isin([a for a, *_ in ALLOWANCE_LINES])]
        # the sources with a figure at a date the table shows, or behind a derived column (a
        # quarterly table leaves out a 10-K whose years it does not show)
        at = pd.Series([_date(v) in set(ends) for v in sub["period_end"]], index=sub.index,
                       dtype=bool)
        behind = {x.strip() for v in t["sources"].fillna("").astype(str) for x in v.split(",")}
        sub = sub[sub["source"].isin(set(sub.loc[at, "source"]) | behind)]
        out.append(NoteTable("allowance", str(ent), str(seg), str(cur), _divisor(sub),
                             list(t["period_label"]), ends, _keep(rows),
                             sorted(set(sub["source"])), kinds=kinds, frequency=freq,
                             spans=[(_date(a), _date(b)) for a, b in
                                    zip(t["period_start"], t["period_end"], strict=True)]))
    return out


def guarantee_tables(facts: pd.DataFrame, done: Analysed | None = None) -> list[NoteTable]:
    done = done or analyse(facts)
    g = done.facts[done.facts["disclosure"] == "guarantee"]
    table = done.guarantee
    if table.empty:
        return []
    out = []
    for (ent, cur), t in table.groupby(["entity", "currency"], sort=True):
        ends = sorted({_date(p) for p in t["period_end"]} - {None})
        rows: list[NoteRow] = []
        segments = list(dict.fromkeys(t["segment"]))
        for seg in segments:
            ts = t[t["segment"] == seg]
            by = {_date(p): r for p, (_, r) in zip(ts["period_end"], ts.iterrows(), strict=True)}
            name = "Maximum exposure" + (f", {seg}" if seg else "")
            rows.append(NoteRow(name, [_num(by[p]["value"]) if p in by else None for p in ends],
                                total=True, segment=seg))
            rows.append(NoteRow(f"  US$ translation given in the filing{', ' + seg if seg else ''}",
                                [_num(by[p]["usd_translation"]) if p in by else None
                                 for p in ends], currency="USD", segment=seg))
            rows.append(NoteRow(f"  Change on prior year{', ' + seg if seg else ''}",
                                [_num(by[p]["yoy_pct"]) if p in by else None for p in ends],
                                kind=PCT, derived=True, segment=seg))
        sub = g[(g["entity"] == ent) & ((g["currency"] == cur) | (g["currency"] == "USD"))]
        for seg in segments:
            for r in _other_lines(sub[(sub["segment"] == seg) & (sub["currency"] == cur)],
                                  ("max_exposure",), ends):
                r.label += f", {seg}" if seg else ""
                r.segment = seg
                rows.append(r)
        out.append(NoteTable("guarantee", str(ent), ", ".join(s for s in segments if s),
                             str(cur), _divisor(sub), [_label(p) for p in ends], list(ends),
                             _keep(rows), sorted(set(sub["source"]))))
    return out


def note_tables(facts: pd.DataFrame, done: Analysed | None = None,
                context: pd.DataFrame | None = None) -> dict[str, list[NoteTable]]:
    """Every key table of the selection, per disclosure, in the deck's order. A filing's US$
    convenience translation of its own figures gets no table of its own: the guarantee
    table carries it as a line, and the facts sheet has every figure. `context`: the facts
    before the page's filters, which the ratios may read."""
    done = done or analyse(facts, context)
    return {"delinquency": delinquency_tables(facts, done),
            "allowance": allowance_tables(facts, done),
            "guarantee": guarantee_tables(facts, done)}


def _label(d: date | None) -> str:
    return d.isoformat() if d else "?"
