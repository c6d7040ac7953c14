"""Each chart page's frames and figures, computed once per loaded data and filters
(state.derived) and importable, so that the server computes the pages' default views as it
starts (the Delinquency page's right after the landing page, the others once no visitor's
page is being computed: warm.py) and a visitor finds them ready. The pages themselves
(views/) only draw them."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import analysis as m
from dashboard import exports
from dashboard.analysis import peers as peer_analysis
from dashboard.analysis import periods
from dashboard.analysis.ratios import credit_ratios
from dashboard.charts import peers as peer_charts
from dashboard.charts.allowance import allowance_chart
from dashboard.charts.delinquency import delinquency_chart
from dashboard.charts.guarantee import guarantee_chart
from dashboard.exports import images
from dashboard.ui import state

# the Presentation page: footnote lines sized to the page's width beside the sidebar (about
# 930 px at 1400) and one chart per screen on a 1080p display
PRESENTATION_HEIGHT = 800
PRESENTATION_WIDTH_CHARS = 105
# a small library's every filer is compared on the Peers page until the analyst picks
PEERS_ALL_UP_TO = 6


def filter_key(f: state.Filters) -> tuple:
    """What the pages' frames depend on among the sidebar's filters."""
    return (tuple(f.entities), f.years, f.currency, f.segment, f.population)


# a new session's filters: every filer, every year, each filer's currency, segment and main
# population (the sidebar's defaults), each year's rollforward
DEFAULT_KEY: tuple = ((), None, None, None, None)
DEFAULT_FREQUENCY = state.Filters([], None, None, None).frequency


def _filtered(data: state.Loaded, key: tuple, frequency: str | None = None) -> pd.DataFrame:
    ents, years, currency, segment, population = key
    more = {} if frequency is None else {"frequency": frequency}
    return state.apply(data.facts, state.Filters(list(ents), years, currency, segment,
                                                 population, **more))


# ─── Delinquency ────────────────────────────────────────────────────────────────────────────

def delinquency_tables(data: state.Loaded, *key: object) -> tuple:
    """The page's facts and tables for these filters (`key`: entities, years, currency,
    segment, population), computed once per loaded data and filters (state.derived): a rerun
    or a second visit recomputes none of them."""
    return state.derived(data, "delinquency.tables", _delinquency_tables, *key)


def _delinquency_tables(data: state.Loaded, *key: object) -> tuple:
    facts = _filtered(data, key)
    d = facts[facts["disclosure"] == "delinquency"]
    buckets = m.delinquency_buckets(d)
    summary = m.delinquency_summary(d, buckets=buckets)
    return facts, d, buckets, summary, m.delinquency_wide(d, buckets=buckets, summary=summary)


def delinquency_figure(data: state.Loaded, pct: bool, *key: object) -> go.Figure:
    """The page's chart (amounts, or % of total loans), once per loaded data and filters."""
    return state.derived(data, "delinquency.figure", _delinquency_figure, pct, *key)


def _delinquency_figure(data: state.Loaded, pct: bool, *key: object) -> go.Figure:
    _, d, buckets, summary, _ = delinquency_tables(data, *key)
    return delinquency_chart(d, percent=pct, sources=state.noted_sources(data, facts=d),
                             buckets=buckets, summary=summary)


# ─── Provision vs write-off ─────────────────────────────────────────────────────────────────

def allowance_tables(data: state.Loaded, frequency: str, *key: object) -> tuple:
    """The page's facts, rollforward table, chart and the periods this frequency leaves out,
    for this frequency and these filters, once per loaded data and filters."""
    return state.derived(data, "allowance.tables", _allowance_tables, frequency, *key)


def _allowance_tables(data: state.Loaded, frequency: str, *key: object) -> tuple:
    facts = _filtered(data, key, frequency)
    # the filters choose the rows shown; the ratios read the balances they need (the year
    # end before the first year shown), from the chosen filers' facts; the filings' own
    # fiscal year and quarter (dei) where the sources carry them
    focus = periods.focus_from_sources(data.sources)
    table = m.allowance_table(facts, context=data.facts, frequency=frequency, focus=focus)
    if table.empty:
        return facts, table, None, {}
    others = periods.left_out(facts[facts["disclosure"] == "allowance"], frequency, focus)
    # the chart's hover reads the table's ratios, computed with the loans and 90+ figures
    fig = allowance_chart(facts, sources=state.noted_sources(data, facts=facts), table=table,
                          frequency=frequency)
    return facts, table, fig, others


# ─── Guarantee exposure ─────────────────────────────────────────────────────────────────────

def guarantee_tables(data: state.Loaded, *key: object) -> tuple:
    """The page's facts, exposure table and chart for these filters, once per loaded data
    and filters."""
    return state.derived(data, "guarantee.tables", _guarantee_tables, *key)


def _guarantee_tables(data: state.Loaded, *key: object) -> tuple:
    facts = _filtered(data, key)
    table = m.guarantee_table(facts)
    fig = None if table.empty else guarantee_chart(
        facts, sources=state.noted_sources(data, facts=facts), table=table)
    return facts, table, fig


# ─── Presentation ───────────────────────────────────────────────────────────────────────────

def presentation_selection(data: state.Loaded, frequency: str, *key: object) -> tuple:
    """The selection's facts, sources, tables (each computed when first read) and charts with
    their on-screen versions (`state.InOrder` of `presentation_chart`: each computed when
    first read), once per loaded data, frequency and filters: a rerun or a download
    recomputes none of them."""
    return state.derived(data, "presentation.selection", _presentation_selection, frequency,
                         *key)


def _presentation_selection(data: state.Loaded, frequency: str, *key: object) -> tuple:
    facts = _filtered(data, key, frequency)
    sources = state.noted_sources(data)
    # the ratios may read beyond the filters; the rollforward's periods are the sidebar's
    # frequency, named by the filings' own fiscal focus, as on the Provision page
    done = exports.analyse(facts, data.facts, frequency=frequency,
                           focus=periods.focus_from_sources(data.sources))
    charts = state.InOrder(lambda: (presentation_chart(data, frequency, name, *key)
                                    for name in exports.chart_keys(done)))
    return facts, sources, done, charts


def presentation_chart(data: state.Loaded, frequency: str, name: str, *key: object) -> tuple:
    """One of the selection's charts (`name`: exports.chart_keys) and its on-screen version,
    once per loaded data, frequency and filters: the page computes only the chart shown."""
    return state.derived(data, "presentation.chart", _presentation_chart, frequency, name, *key)


def _presentation_chart(data: state.Loaded, frequency: str, name: str, *key: object) -> tuple:
    _, sources, done, _ = presentation_selection(data, frequency, *key)
    item = exports.chart_item(name, done, sources)
    return item, images.presentation_style(item.figure, height=PRESENTATION_HEIGHT,
                                           width_chars=PRESENTATION_WIDTH_CHARS, grow=True)


def presentation_report(data: state.Loaded, frequency: str, *key: object) -> exports.Report:
    """The deck's, workbook's and page's content, built on the first download."""
    return state.derived(data, "presentation.report", _presentation_report, frequency, *key)


def _presentation_report(data: state.Loaded, frequency: str, *key: object) -> exports.Report:
    facts, sources, done, charts = presentation_selection(data, frequency, *key)
    unread = [f"{r['source']}: {r['message']}" for _, r in sources.iterrows()
              if r.get("status") == "error"]
    return exports.build(facts, sources, issues=unread, done=done,
                         charts=[item for item, _ in charts.all()])


# ─── Peers ──────────────────────────────────────────────────────────────────────────────────

def peer_filers(data: state.Loaded) -> list[str]:
    """Every filer that can be picked, in the picker's order."""
    return sorted(set(data.facts["entity"].astype(str))) if not data.facts.empty else []


def peer_ratios(data: state.Loaded, chosen: tuple[str, ...]) -> pd.DataFrame:
    """The chosen filers' ratios, once per loaded data and choice (keyed by the library's
    stamp, so a rerun does not hash every fact as st.cache_data would)."""
    return state.derived(data, "peers.ratios", _peer_ratios, chosen)


def _peer_ratios(data: state.Loaded, chosen: tuple[str, ...]) -> pd.DataFrame:
    return credit_ratios(data.facts[data.facts["entity"].isin(list(chosen))])


def peer_views(data: state.Loaded, chosen: tuple[str, ...], highlight: str | None) -> tuple:
    """The ranking, the small multiples and the ratios not computed, once per choice."""
    return state.derived(data, "peers.views", _peer_views, chosen, highlight)


def _peer_views(data: state.Loaded, chosen: tuple[str, ...], highlight: str | None) -> tuple:
    r = peer_ratios(data, chosen)
    lines = peer_analysis.series(r, list(chosen))
    return (peer_analysis.ranking(r, list(chosen)),
            peer_charts.small_multiples(lines, highlight=highlight),
            peer_analysis.not_computed(r, list(chosen)))


# ─── the server's start ─────────────────────────────────────────────────────────────────────

def warm(data: state.Loaded) -> None:
    """The Delinquency page's default view (a new session's filters, amounts)."""
    if not delinquency_tables(data, *DEFAULT_KEY)[2].empty:
        delinquency_figure(data, False, *DEFAULT_KEY)


def warm_later(data: state.Loaded) -> list[Callable[[], object]]:
    """The other chart pages' default views, one step per page in the pages' order, for the
    server to compute while no visitor's page is being computed (warm.warm_later)."""
    def presentation() -> None:
        for _ in presentation_selection(data, DEFAULT_FREQUENCY, *DEFAULT_KEY)[3]:
            pass  # each chart, as the page draws them

    def peers() -> None:
        filers = peer_filers(data)
        if len(filers) <= PEERS_ALL_UP_TO:
            peer_views(data, tuple(filers), None)

    return [lambda: allowance_tables(data, DEFAULT_FREQUENCY, *DEFAULT_KEY),
            lambda: guarantee_tables(data, *DEFAULT_KEY), presentation, peers]
