"""The Delinquency page's frames and figure, computed once per loaded data and filters
(state.derived) and importable, so that the server can compute the page's default view as it
starts (state.warm, after the landing page) and a first visitor to /delinquency finds them
ready. The page itself (views/delinquency.py) only draws them."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import analysis as m
from dashboard.charts.delinquency import delinquency_chart
from dashboard.ui import state


def filter_key(f: state.Filters) -> tuple:
    """What the page's frames depend on among the sidebar's filters."""
    return (tuple(f.entities), f.years, f.currency, f.segment, f.population)


# a new session's filters: every filer, every year, each filer's currency, segment and main
# population (the sidebar's defaults)
DEFAULT_KEY: tuple = ((), None, None, None, None)


def delinquency_tables(data: state.Loaded, *key: object) -> tuple:
    """The page's facts and tables for these filters (`key`: entities, years, currency,
    segment, population), computed once per loaded data and filters (state.derived): a rerun
    or a second visit recomputes none of them."""
    return state.derived(data, "delinquency.tables", _tables, *key)


def _tables(data: state.Loaded, *key: object) -> tuple:
    ents, years, currency, segment, population = key
    facts = state.apply(data.facts, state.Filters(list(ents), years, currency, segment,
                                                  population))
    d = facts[facts["disclosure"] == "delinquency"]
    buckets = m.delinquency_buckets(d)
    summary = m.delinquency_summary(d, buckets=buckets)
    return facts, d, buckets, summary, m.delinquency_wide(d, buckets=buckets, summary=summary)


def delinquency_figure(data: state.Loaded, pct: bool, *key: object) -> go.Figure:
    """The page's chart (amounts, or % of total loans), once per loaded data and filters."""
    return state.derived(data, "delinquency.figure", _figure, pct, *key)


def _figure(data: state.Loaded, pct: bool, *key: object) -> go.Figure:
    _, d, buckets, summary, _ = delinquency_tables(data, *key)
    return delinquency_chart(d, percent=pct, sources=state.noted_sources(data, facts=d),
                             buckets=buckets, summary=summary)


def warm(data: state.Loaded) -> None:
    """The default view of the Delinquency page (a new session's filters, amounts)."""
    if not delinquency_tables(data, *DEFAULT_KEY)[2].empty:
        delinquency_figure(data, False, *DEFAULT_KEY)
