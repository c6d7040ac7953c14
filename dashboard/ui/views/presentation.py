"""Presentation: the deck's charts for the current selection, in the deck's order, one per tab,
full width, larger type and no widgets beside them. Only the open tab's chart is computed and
drawn (a tab switch reruns the page), so the first is on screen as soon as it is ready; the
open tab is in the URL (?chart=allowance). The exports (deck, workbook, HTML report, and the
open chart as PNG, SVG or interactive HTML) are in the sidebar; collapse it to present."""

from __future__ import annotations

import textwrap

import streamlit as st

from dashboard import exports
from dashboard.exports import images
from dashboard.ui import page_data, state

WARM_EXPORTS_AFTER = 10.0  # seconds after the page is sent: its chart is long drawn by then
TABS_KEY = "p_chart"

data, filters = state.current()
KEY = page_data.filter_key(filters)
FKEY = (filters.frequency, *KEY)


def report() -> exports.Report:
    return page_data.presentation_report(data, *FKEY)


# computed once per loaded data and filters (page_data: the server computes the default
# view's once the landing page is served); which charts there are, none of them drawn yet
facts, sources, done, _ = page_data.presentation_selection(data, *FKEY)
names = exports.chart_keys(done)

st.title("Presentation")
st.caption(f"The deck's charts for {filters.describe()}, one per tab, "
           + ("per fiscal quarter" if filters.frequency == "quarterly" else "per fiscal year")
           + " (Frequency, under Change filters); exports are in the sidebar. Collapse the sidebar "
           "to present.")

item: exports.ChartItem | None = None
if names:
    labels = [exports.CHART_NAMES[n] for n in names]
    asked = [n for n in state.first_query("chart") if n in names]
    tabs = st.tabs(labels, key=TABS_KEY, on_change="rerun",
                   default=labels[names.index(asked[0])] if asked else None)
    for name, tab in zip(names, tabs, strict=True):
        if tab.open:
            item, fig = page_data.presentation_chart(data, filters.frequency, name, *KEY)
            with tab:
                st.plotly_chart(fig, width="stretch", key=f"present_{name}",
                                config={"displaylogo": False, "displayModeBar": False})
    # a shared link opens the same tab; the first needs no parameter
    st.session_state["_page_qp"] = {"chart": item.key} if item and item.key != names[0] else {}
    state.write_query_params(filters)
else:
    st.info(f"Nothing to present for the current filters ({filters.describe()}): no aging "
            "table, allowance rollforward or guarantee exposure among the loaded figures.")

# ─── exports, in the sidebar so the charts stay alone on screen ─────────────────────────────

stem = "credit-notes"
if filters.entities:
    stem += "-" + "-".join("".join(ch for ch in e if ch.isalnum())[:20] for e in filters.entities)
static = images.browser_available()

with st.sidebar:
    st.markdown("**Export this selection**")
    st.caption(filters.describe())
    if not static:
        st.caption(images.SETUP_HINT)
    st.download_button(
        "Deck (.pptx)" if static else "Deck (.pptx), charts not drawn",
        data=lambda: exports.deck_bytes(report=report()),
        file_name=f"{stem}.pptx", key="dl_deck", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        disabled=facts.empty)
    st.download_button(
        "Workbook (.xlsx)",
        data=lambda: exports.workbook_bytes(report=report()),
        file_name=f"{stem}.xlsx", key="dl_workbook", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=facts.empty)
    st.download_button(
        "Report (.html, interactive)",
        data=lambda: exports.html_bytes(report=report()),
        file_name=f"{stem}.html", key="dl_html", on_click="ignore",
        mime="text/html", disabled=facts.empty)
    if item is not None:
        st.markdown("**This chart**")
        st.caption(textwrap.shorten(item.title, 80, placeholder=" …"))
        for d in images.figure_downloads(item.figure, f"{stem}-{item.key}", static=static):
            st.download_button(d.label, data=d.make, file_name=d.file_name, mime=d.mime,
                               key=f"dl_{item.key}_{d.file_name.rsplit('.', 1)[-1]}",
                               on_click="ignore")

if static and item is not None:
    # Chromium starts while the analyst reads, not on the first download; and not at once:
    # its start (several processes) would take the cores from the browser drawing the charts
    images.warm_session(after=WARM_EXPORTS_AFTER)
