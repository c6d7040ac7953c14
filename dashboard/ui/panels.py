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


def overview(data: state.Loaded, entity: str, years: tuple[int, int] | None = None,
             currency: str | None = None, segment: str | None = None
             ) -> tuple[list[Panel], list[tuple[str, str]], list[str]]:
    """(the filer's panels with something to show, (title, what would fill it) for the others,
    the currencies of its figures), once per stamp, filer and filters."""
    return state.derived(data, "overview.panels", _overview, entity, years, currency, segment)


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


def _overview(data: state.Loaded, entity: str, years: tuple[int, int] | None,
              currency: str | None, segment: str | None
              ) -> tuple[list[Panel], list[tuple[str, str]], list[str]]:
    facts = m.filter_facts(data.facts, entities=[entity], years=years, currency=currency,
                           segment=segment)
    # only the filer's sources: a footnote reads its sources row by row
    sources = state.noted_sources(data, facts=facts)
    d = facts[facts["disclosure"] == "delinquency"]
    a = facts[facts["disclosure"] == "allowance"]
    g = facts[(facts["disclosure"] == "guarantee") & (facts["metric"] == "max_exposure")]
    # each chart in the currency the filer reports in, unless the sidebar picks one: a US$
    # convenience column beside the RMB ones would put a translated year among reported ones
    if not currency:
        d, a, g = (ov.in_reported_currency(x) for x in (d, a, g))
    # each analyst table once, read by both the headline and the chart
    d_buckets = m.delinquency_buckets(d)
    d_summary = m.delinquency_summary(d, buckets=d_buckets)
    # the rollforward's ratios read the filer's loans and 90+ figures, as on its own page
    # ... and every balance they need, whatever the years shown (dashboard.ratios)
    a_table = m.allowance_table(a, summary=d_summary, context=data.facts[
        data.facts["entity"] == entity], focus=periods.focus_from_sources(data.sources))
    g_table = m.guarantee_table(g)
    panels = [
        ("delinquency", "Delinquency", ov.delinquency_headline(d, summary=d_summary), d,
         lambda: delinquency_chart(d, sources=sources, buckets=d_buckets,
                                          summary=d_summary), "Loans past due by bucket",
         "views/delinquency.py", "Delinquency details →",
         "no past-due aging table loaded for this filer; a loan-aging table (days past due by bucket) from its notes "
         "would fill this chart."),
        ("allowance", "Provision vs write-off", ov.allowance_headline(a, table=a_table), a,
         lambda: allowance_chart(a, sources=sources, table=a_table),
         "Provision vs write-off",
         "views/allowance.py", "Provision vs write-off details →",
         "no allowance rollforward loaded for this filer; the movement of its allowance for loan losses (provisions, "
         "write-offs) would fill this chart."),
        ("guarantee", "Guarantee exposure", ov.guarantee_headline(g, table=g_table), g,
         lambda: guarantee_chart(g, sources=sources, table=g_table),
         "Maximum guarantee exposure",
         "views/guarantee.py", "Guarantee exposure details →",
         "no guarantee exposure loaded for this filer; the maximum potential undiscounted future payment under its "
         "guarantees would fill this chart."),
    ]
    # the charts the filer has: the rule the filer picker reads too (overview.chart_figures)
    has = ov.charts_of(pd.concat([d, a, g]))
    drawn = [p for p in panels if p[0] in has and p[2] is not None]
    full = []
    for key, _, head, sub, make, title, page, label, _ in drawn:
        fig = compact(make(), title=title)
        if len(drawn) == 3:
            # a third of the page is too narrow for many years side by side
            _year_end_ticks(fig)
        full.append(Panel(key, head, fig, _footnote(sub, sources), page, label))
    empty = [(title, why) for key, title, head, *_, why in panels
             if key not in has or head is None]
    # the currencies the charts are drawn in (not those of a convenience column left out)
    subs = [sub for key, _, head, sub, *_ in panels if key in has and head is not None]
    return full, empty, (sorted(set(pd.concat(subs)["currency"].astype(str)) - {""})
                         if subs else [])
