"""Overview, the first screen: for one filer, the three charts at a glance across years, each
with its headline figure and change on the prior period, its unit and scale basis, its source
note, and a link to the detailed page."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis.overview import Headline, change_tone
from dashboard.model import display as disp
from dashboard.ui import panels, state

TONE_COLOUR = {"good": "green", "bad": "red", "neutral": "gray"}

filters = state.current_filters()

st.title("Overview")


# computed once per library stamp, from the library's directory (counts, not facts) when the
# library is all that is shown, so a rerun recomputes nothing and the first screen reads one
# filer's figures, not every filer's
table, labels = panels.landing_filers()
if table.empty:
    st.info("No loan aging, allowance rollforward or guarantee exposure is loaded yet. Add "
            "filings on the **Sources** page; the three charts appear here for the filer "
            "you pick.")
    st.page_link("views/sources.py", label="Go to Sources")
    state.stop()

names = list(table["entity"].astype(str))
# the filer: the sidebar's (from the URL) when it names one, else the first of filer_table
chosen = next((e for e in filters.entities if e in names), None)
if st.session_state.get("ov_filer") not in names or (
        chosen and st.session_state.get("ov_filer") != chosen):
    st.session_state["ov_filer"] = chosen or names[0]


def _pick() -> None:
    # the picker drives the sidebar's filer filter, which the URL mirrors (?filer=…)
    st.session_state["f_filer"] = [st.session_state["ov_filer"]]


top = st.columns([3, 2])
with top[0]:
    # the picker in a popover, as the sidebar's filters: closed, its widget's code does not
    # load before the charts; the line beside it says which filer is shown
    picked, change = st.columns([3, 1], vertical_alignment="center")
    with change.popover("Change filer", width="stretch"):
        st.selectbox(
            f"Filer ({len(names)} loaded, type to search)", names, key="ov_filer",
            format_func=lambda e: labels.get(e, e), on_change=_pick,
            help="The filer with the most of the three charts filled (then the most credit "
                 "figures loaded) is shown first.")
    entity = st.session_state["ov_filer"]
    picked.markdown(f"**{disp.markdown_text(labels.get(entity, entity))}**  \n"
                    f":gray[one of {len(names)} filers loaded]")
if filters.years:
    top[1].caption(f"Years {filters.years[0]}–{filters.years[1]}. Change the years, currency or "
                   "segment with **Change filters** in the sidebar.")
else:
    top[1].caption("All years loaded. Narrow the years, currency or segment with **Change "
                   "filters** in the sidebar.")


def _headline(h: Headline) -> None:
    """The headline figure and its change on the prior period, in text elements: the browser
    would load st.metric's code before drawing the chart below it."""
    st.caption(disp.markdown_text(h.label))
    st.subheader(disp.markdown_text(h.value), anchor=False)
    if h.delta:
        arrow, tone = change_tone(h)
        badge = f"{arrow} {disp.markdown_text(h.delta)}".strip()
        st.markdown(f":{TONE_COLOUR[tone]}-badge[{badge}]")


def _draw(p: panels.Panel, key: str) -> None:
    with st.container(border=True):
        _headline(p.headline)
        st.caption(disp.markdown_text(f"{p.headline.as_of}" + (
            f" · {p.headline.detail}" if p.headline.detail else "")))
        st.plotly_chart(p.figure, width="stretch", config=state.PLOTLY_CONFIG, key=key)
        st.caption(p.footnote)
        st.page_link(p.page, label=p.page_label)


# the charts, headlines and footnotes, each panel once per library stamp, filer and filters,
# computed and drawn one by one so that the first is on screen before the others are computed
# (the server computes the landing page's, in the same order, as it starts: warm.warm)
data = state.filer_loaded(entity)
args = (entity, filters.years, filters.currency, filters.segment)
keys = panels.planned(data, *args)
full: list[panels.Panel] = []
if keys:
    slot = st.empty()
    with slot.container():
        for col, key in zip(st.columns(len(keys), gap="medium"), keys, strict=True):
            panel = panels.panel(data, key, len(keys), *args)
            if panel is not None:
                full.append(panel)
                with col:
                    _draw(panel, f"ov_{key}_chart")
    if len(full) < len(keys):  # a panel without a headline: the others share the page
        full = panels.relaid(data, full, *args)
        slot.empty()  # the columns planned go; the panels shown are drawn anew below
        if full:
            for col, panel in zip(st.columns(len(full), gap="medium"), full, strict=True):
                with col:  # a chart's key is drawn once a run
                    _draw(panel, f"ov_{panel.key}_chart_{len(full)}")
empty = panels.empty(full)
currencies = panels.currencies(data, full, *args)
for title, why in empty:
    st.caption(f"**{title}:** {why}")

st.caption(
    "Figures as the filer reported them, in "
    + ", ".join(disp.currency_name(c) for c in currencies)
    + "; each chart's unit is on its axis and its scale basis in its source line. "
    "Every file read, and what was found in it, is on the **Sources** page.")
st.page_link("views/sources.py", label="Sources →")
