"""The Overview's frames and figures, computed once per library stamp (state.derived) and
importable, so that the server can compute the landing page's before the first visitor asks
(state.warm). The page itself (views/overview.py) only draws them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import analysis as m
from dashboard.analysis import overview as ov
from dashboard.analysis import periods
from dashboard.analysis.verification import verification_note
from dashboard.charts.allowance import allowance_chart
from dashboard.charts.delinquency import delinquency_chart
from dashboard.charts.guarantee import guarantee_chart
from dashboard.charts.layout import compact
from dashboard.charts.sources import chart_facts, chart_footnote
from dashboard.ui import state


@dataclass(frozen=True)
class Panel:
    """One chart of the first screen, ready to draw."""

    key: str
    headline: ov.Headline
    figure: go.Figure
    footnote: str
    page: str
    page_label: str


def filers(data: state.Loaded) -> tuple[pd.DataFrame, dict[str, str]]:
    """The filer table (largest first) and each filer's picker label, once per stamp."""
    return state.derived(data, "overview.filers", _filers)


def _filers(data: state.Loaded) -> tuple[pd.DataFrame, dict[str, str]]:
    return _labelled(ov.filer_table(data.facts))


def _labelled(t: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    return t, {str(r["entity"]): ov.describe_filer(r) for _, r in t.iterrows()}


def landing_filers() -> tuple[pd.DataFrame, dict[str, str]]:
    """`filers` for the Overview: from the library's directory (counts, not facts) when the
    library is all that is shown, else from the session's data."""
    if not state.library_only():
        return filers(state.current()[0])
    d = state.directory()
    return directory_filers(d.key, d)


@st.cache_resource(show_spinner=False, max_entries=4)
def directory_filers(key: str, _d: state.Directory) -> tuple[pd.DataFrame, dict[str, str]]:
    """The filer table of a library's directory, once per directory (`key`)."""
    return _labelled(ov.filer_table(_d.groups, weight="n"))


# the first screen's charts in drawing order: (key, title, the chart's title, the page it
# links to, the link's label, what would fill it when empty)
PANELS = (
    ("delinquency", "Delinquency", "Loans past due by bucket", "views/delinquency.py",
     "Delinquency details →",
     "no past-due aging table loaded for this filer; a loan-aging table (days past due by "
     "bucket) from its notes would fill this chart."),
    ("allowance", "Provision vs write-off", "Provision vs write-off", "views/allowance.py",
     "Provision vs write-off details →",
     "no allowance rollforward loaded for this filer; the movement of its allowance for loan "
     "losses (provisions, write-offs) would fill this chart."),
    ("guarantee", "Guarantee exposure", "Maximum guarantee exposure", "views/guarantee.py",
     "Guarantee exposure details →",
     "no guarantee exposure loaded for this filer; the maximum potential undiscounted future "
     "payment under its guarantees would fill this chart."),
)


@dataclass(frozen=True)
class Context:
    """What the Overview's panels share for one filer and filters: its figures of each chart
    (in the currency it reports in unless the sidebar picks one), the sources they come from
    and the delinquency tables (the aging chart's and the rollforward ratios')."""

    subs: dict[str, pd.DataFrame]  # delinquency, allowance, guarantee
    sources: pd.DataFrame
    d_buckets: pd.DataFrame
    d_summary: pd.DataFrame
    has: frozenset[str]  # the charts the figures fill (ov.charts_of)


# The Overview computes its panels one by one, in drawing order (planned, then panel), each
# cached once per library stamp, filer and filters (state.derived): the page draws the first
# as soon as its own figures are ready, and the server's warm-up (warm.warm) computes them in
# the same order, so a first visitor waits for the first panel only.

def planned(data: state.Loaded, entity: str, years: tuple[int, int] | None = None,
            currency: str | None = None, segment: str | None = None) -> tuple[str, ...]:
    """The panels the filer's figures fill, in drawing order (each is drawn unless its
    headline finds nothing to say: `panel` returns None)."""
    ctx = context(data, entity, years, currency, segment)
    return tuple(key for key, *_ in PANELS if key in ctx.has)


def context(data: state.Loaded, entity: str, years: tuple[int, int] | None = None,
            currency: str | None = None, segment: str | None = None) -> Context:
    """The panels' shared `Context`, once per stamp, filer and filters."""
    return state.derived(data, "overview.context", _context, entity, years, currency, segment)


def panel(data: state.Loaded, key: str, side_by_side: int, entity: str,
          years: tuple[int, int] | None = None, currency: str | None = None,
          segment: str | None = None) -> Panel | None:
    """One panel ('delinquency', 'allowance', 'guarantee') drawn `side_by_side` with others
    (three: a third of the page, fewer year labels), or None when its headline finds nothing;
    once per stamp, filer, filters and width."""
    return state.derived(data, "overview.panel", _panel, key, side_by_side, entity, years,
                         currency, segment)


def empty(shown: list[Panel]) -> list[tuple[str, str]]:
    """(title, what would fill it) for the panels not shown, in drawing order."""
    drawn = {p.key for p in shown}
    return [(title, why) for key, title, *_, why in PANELS if key not in drawn]


def currencies(data: state.Loaded, shown: list[Panel], entity: str,
               years: tuple[int, int] | None = None, currency: str | None = None,
               segment: str | None = None) -> list[str]:
    """The currencies the shown panels are drawn in (not those of a convenience column left
    out)."""
    ctx = context(data, entity, years, currency, segment)
    subs = [ctx.subs[p.key] for p in shown]
    return sorted(set(pd.concat(subs)["currency"].astype(str)) - {""}) if subs else []


def overview(data: state.Loaded, entity: str, years: tuple[int, int] | None = None,
             currency: str | None = None, segment: str | None = None
             ) -> tuple[list[Panel], list[tuple[str, str]], list[str]]:
    """(the filer's panels with something to show, (title, what would fill it) for the others,
    the currencies of its figures): what the Overview draws, computed in its order."""
    args = (entity, years, currency, segment)
    keys = planned(data, *args)
    shown = [p for k in keys if (p := panel(data, k, len(keys), *args)) is not None]
    if len(shown) < len(keys):
        shown = relaid(data, shown, *args)
    return shown, empty(shown), currencies(data, shown, *args)


def relaid(data: state.Loaded, shown: list[Panel], entity: str,
           years: tuple[int, int] | None = None, currency: str | None = None,
           segment: str | None = None) -> list[Panel]:
    """When a planned panel had no headline: the others, drawn as many side by side as there
    are of them."""
    args = (entity, years, currency, segment)
    return [p for p in (panel(data, q.key, len(shown), *args) for q in shown) if p]


def _footnote(sub: pd.DataFrame, sources: pd.DataFrame) -> str:
    """How many of the figures the page's arithmetic confirms, on its own line; then unit and
    scale basis, the filings and notes the figures come from."""
    # '$' escaped: two of them in one caption would read as a formula
    drawn = chart_facts(sub, str(sub["disclosure"].iloc[0])) if len(sub) else sub
    count = verification_note(drawn).replace("$", "\\$")
    source = chart_footnote(sub, sources, count=False).replace("<br>", " ")
    return f"{count}  \n{source}" if count else source


def _year_end_ticks(fig: go.Figure, most: int = 6) -> None:
    """Year ends and fiscal years ('FY2021', the chart's title says per fiscal year) go by
    their year, which fits a third of the page; past `most` of them, every second (third…)
    year is written, counted back from the latest, so the labels do not run into each
    other."""
    dates = sorted({str(x) for t in fig.data for x in (getattr(t, "x", None) or [])})
    years = [re.fullmatch(r"(?:FY)?(\d{4})(?:-12-31)?", d) for d in dates]
    if not dates or not all(years):
        return
    step = -(-len(dates) // most) if len(dates) > most else 1
    shown = dates[::-1][::step][::-1]
    year = {d: y.group(1) for d, y in zip(dates, years, strict=True) if y}
    fig.update_xaxes(tickmode="array", tickvals=shown, ticktext=[year[d] for d in shown])


def _context(data: state.Loaded, entity: str, years: tuple[int, int] | None,
             currency: str | None, segment: str | None) -> Context:
    facts = m.filter_facts(data.facts, entities=[entity], years=years, currency=currency,
                           segment=segment)
    d = facts[facts["disclosure"] == "delinquency"]
    a = facts[facts["disclosure"] == "allowance"]
    g = facts[(facts["disclosure"] == "guarantee") & (facts["metric"] == "max_exposure")]
    # each chart in the currency the filer reports in, unless the sidebar picks one: a US$
    # convenience column beside the RMB ones would put a translated year among reported ones
    if not currency:
        d, a, g = (ov.in_reported_currency(x) for x in (d, a, g))
    # each analyst table once, read by both the headline and the chart (and the aging
    # summary by the rollforward's ratios)
    d_buckets = m.delinquency_buckets(d)
    return Context(
        subs={"delinquency": d, "allowance": a, "guarantee": g},
        # only the filer's sources: a footnote reads its sources row by row
        sources=state.noted_sources(data, facts=facts),
        d_buckets=d_buckets, d_summary=m.delinquency_summary(d, buckets=d_buckets),
        # the charts the filer has: the rule the filer picker reads too (ov.chart_figures)
        has=frozenset(ov.charts_of(pd.concat([d, a, g]))))


def _panel(data: state.Loaded, key: str, side_by_side: int, entity: str,
           years: tuple[int, int] | None, currency: str | None, segment: str | None
           ) -> Panel | None:
    ctx = context(data, entity, years, currency, segment)
    if key not in ctx.has:
        return None
    sub, sources = ctx.subs[key], ctx.sources
    head: ov.Headline | None
    fig: go.Figure | None = None
    if key == "delinquency":
        head = ov.delinquency_headline(sub, summary=ctx.d_summary)
        if head:
            fig = delinquency_chart(sub, sources=sources, buckets=ctx.d_buckets,
                                    summary=ctx.d_summary)
    elif key == "allowance":
        # the rollforward's ratios read the filer's loans and 90+ figures, as on its own
        # page, and every balance they need, whatever the years shown (dashboard.ratios)
        table = m.allowance_table(sub, summary=ctx.d_summary, context=data.facts[
            data.facts["entity"] == entity], focus=periods.focus_from_sources(data.sources))
        head = ov.allowance_headline(sub, table=table)
        if head:
            fig = allowance_chart(sub, sources=sources, table=table)
    else:
        table = m.guarantee_table(sub)
        head = ov.guarantee_headline(sub, table=table)
        if head:
            fig = guarantee_chart(sub, sources=sources, table=table)
    if head is None or fig is None:
        return None
    _, _, title, page, label, _ = next(p for p in PANELS if p[0] == key)
    fig = compact(fig, title=title)
    if side_by_side == 3:
        # a third of the page is too narrow for many years side by side
        _year_end_ticks(fig)
    return Panel(key, head, fig, _footnote(sub, sources), page, label)
