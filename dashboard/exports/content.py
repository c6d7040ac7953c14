"""What a report of the current selection holds, in order: the charts (from `dashboard.charts`,
as the app draws them), the key tables, what the title slide says and what the closing slide
lists (every check that failed, every scale that was inferred or assumed, every file not read).

The deck, the workbook, the HTML report and the app's presentation view all read from here, so
they show the same things in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import analysis as m
from dashboard.charts.allowance import allowance_chart
from dashboard.charts.delinquency import delinquency_chart
from dashboard.charts.guarantee import guarantee_chart
from dashboard.charts.sources import chart_footnote
from dashboard.charts.words import convenience_translations
from dashboard.exports import images
from dashboard.exports.layout import Analysed, NoteTable, analyse, note_tables
from dashboard.facts.checks import run_checks

DISCLOSURE_ORDER = ("delinquency", "allowance", "guarantee")
OK_STATUSES = frozenset({"ok", "agrees"})


@dataclass
class ChartItem:
    key: str  # file stem: 'delinquency', 'delinquency_pct', 'allowance', 'guarantee'
    disclosure: str
    figure: go.Figure

    @property
    def title(self) -> str:
        return images.title_text(self.figure)

    @property
    def subtitle(self) -> str:
        return images.subtitle_text(self.figure)

    @property
    def footnote(self) -> str:
        return images.footnote_text(self.figure)


@dataclass
class Report:
    """The selection, with everything the exports show, in the deck's order."""

    facts: pd.DataFrame
    sources: pd.DataFrame
    checks: pd.DataFrame
    charts: list[ChartItem]
    tables: dict[str, list[NoteTable]]
    issues: list[str] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, list[ChartItem], list[NoteTable]]]:
        """(disclosure, its charts, its tables) in the deck's order, empty ones left out."""
        out = []
        for d in DISCLOSURE_ORDER:
            cs = [c for c in self.charts if c.disclosure == d]
            ts = self.tables.get(d, [])
            if cs or ts:
                out.append((d, cs, ts))
        return out


def build(facts: pd.DataFrame, sources: pd.DataFrame | None = None,
          checks: pd.DataFrame | None = None, issues: Iterable[str] = (), *,
          done: Analysed | None = None, charts: list[ChartItem] | None = None,
          context: pd.DataFrame | None = None) -> Report:
    """The report; `done` and `charts`: the selection's tables and charts when the caller
    has them already (the app's presentation page draws the same charts); `context`: the
    facts before the page's filters, which the ratios may read."""
    facts = m.ensure_contract(facts)
    sources = sources if sources is not None else pd.DataFrame(columns=["source"])
    checks = checks if checks is not None else run_checks(facts)
    done = done or analyse(facts, context)  # each table once, for the charts and tables
    return Report(facts=facts, sources=sources, checks=checks,
                  charts=charts if charts is not None else chart_items(facts, sources, done),
                  tables=note_tables(facts, done), issues=list(issues))


def chart_items(facts: pd.DataFrame, sources: pd.DataFrame | None = None,
                done: Analysed | None = None) -> list[ChartItem]:
    """The app's charts for the selection, in the deck's order; a chart with nothing to draw
    is left out rather than shown empty. `done`: the selection's tables, when computed."""
    return list(each_chart_item(facts, sources, done))


# each chart's file stem and its short name (the Presentation page's tab), in the deck's order
CHART_NAMES = {"delinquency": "Delinquency", "delinquency_pct": "Delinquency, % of loans",
               "allowance": "Provision vs write-off", "guarantee": "Guarantee exposure"}


def chart_keys(done: Analysed) -> list[str]:
    """Which charts the selection has (their keys, in the deck's order), from its tables,
    without drawing any."""
    return _aging_keys(done) + _other_keys(done)


def _aging_keys(done: Analysed) -> list[str]:
    # the aging's two views, the second only where several filers or currencies share the
    # chart and a share of loans is known; read from the aging tables alone
    b = done.buckets
    if b.empty:
        return []
    several = b["entity"].nunique() > 1 or b["currency"].nunique() > 1
    return ["delinquency"] + (["delinquency_pct"] if several and b["pct_of_loans"].notna().any()
                              else [])


def _other_keys(done: Analysed) -> list[str]:
    return ((["allowance"] if done.has_allowance else [])
            + (["guarantee"] if not done.guarantee.empty else []))


def chart_item(key: str, done: Analysed, sources: pd.DataFrame | None = None) -> ChartItem:
    """One of the selection's charts (`key` from `chart_keys`), computed when asked for."""
    if key in ("delinquency", "delinquency_pct"):
        buckets = done.buckets
        d = done.own[done.own["disclosure"] == "delinquency"]
        # a filer with no aging table (only nonaccrual figures, say) is not drawn, so its
        # notes and sources stay off this chart's subtitle and footnote
        d = d[d["entity"].isin(set(buckets["entity"]))]
        return ChartItem(key, "delinquency",
                         delinquency_chart(d, percent=key == "delinquency_pct", sources=sources,
                                           buckets=buckets, summary=done.summary))
    if key == "allowance":
        return ChartItem(key, "allowance",
                         allowance_chart(done.own, sources=sources, table=done.allowance))
    if key == "guarantee":
        return ChartItem(key, "guarantee",
                         guarantee_chart(done.facts, sources=sources, table=done.guarantee))
    raise KeyError(f"no chart called {key!r}; the charts are {', '.join(CHART_NAMES)}")


def each_chart_item(facts: pd.DataFrame, sources: pd.DataFrame | None = None,
                    done: Analysed | None = None) -> Iterator[ChartItem]:
    """`chart_items` one by one, each computed (with the tables it reads) when asked for: a
    page draws the first before the others' tables are computed."""
    done = done or analyse(facts)
    for key in _aging_keys(done):  # drawn before the rollforward's table is computed
        yield chart_item(key, done, sources)
    for key in _other_keys(done):
        yield chart_item(key, done, sources)


# ─── title slide ────────────────────────────────────────────────────────────────────────────

def filers(facts: pd.DataFrame) -> list[str]:
    return sorted({str(e) for e in facts["entity"] if str(e)})


def _dates(values: Iterable[object]) -> list[date]:
    out = []
    for v in values:
        if v is None or (not isinstance(v, date) and pd.isna(v)):
            continue
        out.append(pd.Timestamp(v).date())
    return sorted(set(out))


def periods_text(facts: pd.DataFrame) -> str:
    """'balance-sheet dates 2022-12-31 to 2024-12-31; fiscal years 2020–2024'."""
    inst = facts[facts["period_start"].isna()]
    dur = facts[facts["period_start"].notna()]
    bits = []
    ends = _dates(inst["period_end"])
    if ends:
        bits.append("balance-sheet dates " + (ends[0].isoformat() if len(ends) == 1 else
                                               f"{ends[0].isoformat()} to {ends[-1].isoformat()}"))
    years = sorted({d.year for d in _dates(dur["period_end"])})
    if years:
        bits.append("fiscal year " + str(years[0]) if len(years) == 1 else
                    f"fiscal years {years[0]}–{years[-1]}")
    return "; ".join(bits) or "no dated figures"


def filings_text(sources: pd.DataFrame, facts: pd.DataFrame) -> str:
    """'20-F 2023-12-31, 20-F 2024-12-31' from the sources that gave figures, when known."""
    used = set(facts["source"].astype(str))
    out = []
    for _, r in sources.iterrows():
        if str(r.get("source", "")) not in used:
            continue
        form = str(r.get("form", "") or "").strip()
        period = str(r.get("period", "") or "").strip()
        text = " ".join(x for x in (form, period) if x and x not in ("nan", "<NA>", "None"))
        if text:
            out.append(text)
    return ", ".join(dict.fromkeys(out))


# ─── closing slide ──────────────────────────────────────────────────────────────────────────

def failed_checks(checks: pd.DataFrame) -> pd.DataFrame:
    if checks is None or checks.empty or "status" not in checks.columns:
        return pd.DataFrame(columns=list(checks.columns) if checks is not None else [])
    return checks[~checks["status"].isin(OK_STATUSES)]


def check_lines(checks: pd.DataFrame) -> list[str]:
    out = []
    for _, r in failed_checks(checks).iterrows():
        when = _fmt_date(r.get("period_end"))
        seg = f" ({r['segment']})" if r.get("segment") else ""
        out.append(f"{r['status'].upper()}: {r['check']} — {r['entity']}{seg}, {when}: "
                   f"{r['detail']} [{r['sources']}]")
    return out


_SCALE_WORDS = ("scale", "unit", "translation", "face value")


def _scale_reason(note: str) -> str:
    parts = [p.strip() for p in str(note or "").split(";") if p.strip()]
    keep = [p for p in parts if any(w in p.lower() for w in _SCALE_WORDS)
            or p.endswith("agree")]
    return "; ".join(dict.fromkeys(keep))


def scale_lines(facts: pd.DataFrame) -> list[str]:
    """One line per source and scale that the filing did not state: inferred or assumed."""
    f = facts[facts["scale_basis"].isin(["inferred", "assumed"])]
    out = []
    for (src, cur, scale, basis), g in f.groupby(["source", "currency", "scale", "scale_basis"],
                                                 sort=True, dropna=False):
        s = int(scale) if pd.notna(scale) else 1
        unit = m.unit_label(str(cur), s) if s != 1 else f"whole {m.currency_name(str(cur))}"
        reasons = list(dict.fromkeys(r for r in (_scale_reason(n) for n in g["note"]) if r))
        ents = ", ".join(sorted(set(g["entity"].astype(str))))
        metrics = ", ".join(sorted(set(g["metric"].astype(str))))
        line = (f"{str(basis).upper()}: {ents} — {src}: {unit} ({len(g)} figure"
                f"{'s' if len(g) != 1 else ''}: {metrics})")
        if reasons:
            line += " — " + " | ".join(reasons)
        out.append(line)
    return out


def closing_sections(report: Report) -> list[tuple[str, list[str]]]:
    """(heading, lines) for the closing slide; a section that has nothing says so."""
    checks = report.checks
    n = 0 if checks is None else len(checks)
    failed = check_lines(checks)
    head = (f"Checks: {n - len(failed)} of {n} passed" if n else "Checks: none could be run")
    sections = [(head + (f", {len(failed)} failed" if failed else ""),
                 failed or ["No check failed."])]
    scales = scale_lines(report.facts)
    sections.append(("Scales not stated by the filing (inferred or assumed)",
                     scales or ["Every scale was stated by the filing."]))
    if report.issues:
        sections.append(("Files not read", list(report.issues)))
    return sections


def _fmt_date(v: object) -> str:
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return "?"
    return pd.Timestamp(v).strftime("%Y-%m-%d")


def table_facts(table: NoteTable, report: Report) -> pd.DataFrame:
    """The facts a table's figures come from."""
    f = report.facts
    return f[(f["disclosure"] == table.disclosure) & (f["entity"] == table.entity)
             & f["source"].isin(table.sources)]


def table_figures(table: NoteTable, report: Report) -> pd.DataFrame:
    """Of `table_facts`, those of the table's segments, currencies and dates: the figures
    whose page arithmetic its footnote counts."""
    f = table_facts(table, report)
    segments = {table.segment} | {r.segment for r in table.rows if r.segment is not None}
    currencies = {table.currency} | {r.currency for r in table.rows if r.currency}
    ends = {pd.Timestamp(p) for p in table.period_ends if p is not None}
    keep = f["segment"].isin(segments) & f["currency"].isin(currencies)
    if ends:
        keep &= pd.to_datetime(f["period_end"]).isin(ends)
    if table.spans:  # a rollforward's durations: only those of its columns (a quarter's
        # table does not count the nine months to the same date)
        spans = {(pd.Timestamp(a), pd.Timestamp(b)) for a, b in table.spans if a and b}
        starts = pd.to_datetime(f["period_start"])
        keep &= starts.isna().to_numpy() | pd.Series(
            list(zip(starts, pd.to_datetime(f["period_end"]), strict=True)),
            index=f.index).isin(spans).to_numpy()
    return f[keep]


def table_footnote(table: NoteTable, report: Report) -> str:
    """The chart footnote's wording for a table's figures."""
    sub = table_facts(table, report)
    if table.disclosure != "guarantee":  # its table has no convenience translations
        sub = sub[~convenience_translations(sub)]
    text = chart_footnote(sub, report.sources,
                                 checked=table_figures(table, report)).replace("<br>", " ")
    extra = "; ".join(table.notes)
    derived = any(r.derived for r in table.rows)
    if derived:
        extra = "; ".join(x for x in (extra, "Lines in italics are computed here from "
                                              "the reported figures") if x)
    return " ".join((text + (" " + extra + "." if extra else "")).split())
