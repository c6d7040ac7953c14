"""Overview, the first screen: for one filer, the three charts at a glance across years, each
with its headline figure and change on the prior period, its unit and scale basis, its source
note, and a link to the detailed page."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard import display as disp
from dashboard import metrics as m
from dashboard import overview as ov
from dashboard.ui import state

data, filters = state.current()
sources = state.noted_sources(data)

st.title("Overview")

table = ov.filer_table(data.facts)
if table.empty:
    st.info("No loan aging, allowance rollforward or guarantee exposure is loaded yet. Add "
            "filings on the **Sources** page; the three charts appear here for the filer "
            "you pick.")
    st.page_link("views/sources.py", label="Go to Sources")
    st.stop()

names = list(table["entity"].astype(str))
labels = {str(r["entity"]): ov.describe_filer(r) for _, r in table.iterrows()}
# the filer: the sidebar's (from the URL) when it names one, else the first of filer_table
chosen = next((e for e in filters.entities if e in names), None)
if st.session_state.get("ov_filer") not in names or (
        chosen and st.session_state.get("ov_filer") != chosen):
    st.session_state["ov_filer"] = chosen or names[0]


def _pick() -> None:
    # the picker drives the sidebar's filer filter, which the URL mirrors (?filer=…)
    st.session_state["f_filer"] = [st.session_state["ov_filer"]]


top = st.columns([3, 2])
entity = top[0].selectbox(
    f"Filer ({len(names)} loaded, type to search)", names, key="ov_filer",
    format_func=lambda e: labels.get(e, e), on_change=_pick,
    help="The filer with the most of the three charts filled (then the most credit "
         "figures loaded) is shown first.")
if filters.years:
    top[1].caption(f"Years {filters.years[0]}–{filters.years[1]} (sidebar). Currency, segment "
                   "and years are in the sidebar.")
else:
    top[1].caption("All years loaded. Narrow the years, currency or segment in the sidebar.")

facts = m.filter_facts(data.facts, entities=[entity], years=filters.years,
                       currency=filters.currency, segment=filters.segment)


def _footnote(sub: pd.DataFrame) -> str:
    """Unit and scale basis, then the filings and notes the figures come from."""
    return charts.chart_footnote(sub, sources).replace("<br>", " ")


def _draw(key: str, headline: ov.Headline, fig: object, sub: pd.DataFrame, page: str,
          page_label: str) -> None:
    with st.container(border=True):
        # st.metric reads the direction from an ASCII sign; the text keeps its true minus
        delta = headline.delta.replace("−", "-") or None
        st.metric(headline.label, headline.value, delta=delta,
                  delta_color=headline.delta_color, border=False)
        st.caption(f"{headline.as_of}" + (f" · {headline.detail}" if headline.detail else ""))
        st.plotly_chart(fig, width="stretch", config=state.PLOTLY_CONFIG, key=f"ov_{key}_chart")
        st.caption(_footnote(sub))
        st.page_link(page, label=page_label)


# each chart in the currency the filer reports in, unless the sidebar picks one: a US$
# convenience column beside the RMB ones would put a translated year among reported ones
def _year_end_ticks(fig: object) -> None:
    dates = sorted({str(x) for t in fig.data for x in (getattr(t, "x", None) or [])})  # type: ignore[attr-defined]
    if len(dates) > 3 and all(re.fullmatch(r"\d{4}-12-31", d) for d in dates):
        fig.update_xaxes(tickmode="array", tickvals=dates, ticktext=[d[:4] for d in dates])  # type: ignore[attr-defined]


d = facts[facts["disclosure"] == "delinquency"]
a = facts[facts["disclosure"] == "allowance"]
g = facts[(facts["disclosure"] == "guarantee") & (facts["metric"] == "max_exposure")]
if not filters.currency:
    d, a, g = (ov.in_reported_currency(x) for x in (d, a, g))
panels = [
    ("delinquency", "Delinquency", ov.delinquency_headline(d), d,
     lambda: charts.delinquency_chart(d, sources=sources), "Loans past due by bucket",
     "views/delinquency.py", "Delinquency details →",
     "no past-due aging table loaded for this filer; a loan-aging table (days past due by bucket) from its notes "
     "would fill this chart."),
    ("allowance", "Provision vs write-off", ov.allowance_headline(a), a,
     lambda: charts.allowance_chart(a, sources=sources), "Provision vs write-off",
     "views/allowance.py", "Provision vs write-off details →",
     "no allowance rollforward loaded for this filer; the movement of its allowance for loan losses (provisions, "
     "write-offs) would fill this chart."),
    ("guarantee", "Guarantee exposure", ov.guarantee_headline(g), g,
     lambda: charts.guarantee_chart(g, sources=sources), "Maximum guarantee exposure",
     "views/guarantee.py", "Guarantee exposure details →",
     "no guarantee exposure loaded for this filer; the maximum potential undiscounted future payment under its "
     "guarantees would fill this chart."),
]
full = [p for p in panels if p[2] is not None]
empty = [p for p in panels if p[2] is None]
if full:
    cols = st.columns(len(full), gap="medium")
    for col, (key, _, head, sub, make, title, page, label, _) in zip(cols, full, strict=True):
        fig = charts.compact(make(), title=title)
        if key == "delinquency" and len(full) == 3:
            # a third of the page is too narrow for four dates written out side by side: year
            # ends go by their year (the hover keeps the date), as on the other two charts
            _year_end_ticks(fig)
        with col:
            _draw(key, head, fig, sub, page, label)
for _key, title, _h, _s, _m, _t, _p, _l, why in empty:
    st.caption(f"**{title}:** {why}")

currencies = sorted(set(facts["currency"].astype(str)) - {""})
st.caption(
    "Figures as the filer reported them, in "
    + ", ".join(disp.currency_name(c) for c in currencies)
    + "; each chart's unit is on its axis and its scale basis in its source line. "
    "Every file read, and what was found in it, is on the **Sources** page.")
st.page_link("views/sources.py", label="Sources →")
