"""Presentation: the deck's charts for the current selection, in the deck's order, full width,
larger type, one per screen and no widgets beside them. The exports (deck, workbook, HTML
report, and each chart as PNG, SVG or interactive HTML) are in the sidebar; collapse it to
present."""

from __future__ import annotations

import textwrap

import streamlit as st

from dashboard import exports
from dashboard.exports import images
from dashboard.ui import page_data, state

WARM_EXPORTS_AFTER = 10.0  # seconds after the page is sent: its charts are long drawn by then

data, filters = state.current()
FKEY = (filters.frequency, *page_data.filter_key(filters))


def report() -> exports.Report:
    return page_data.presentation_report(data, *FKEY)


# computed once per loaded data and filters (page_data: the server computes the default
# view's as it starts)
facts, sources, _, charts = page_data.presentation_selection(data, *FKEY)

st.title("Presentation")
st.caption(f"The deck's charts for {filters.describe()}, one per screen, "
           + ("per fiscal quarter" if filters.frequency == "quarterly" else "per fiscal year")
           + " (Frequency, under Change filters); exports are in the sidebar. Collapse the sidebar "
           "to present.")

st.markdown("""<style>
div[data-testid="stPlotlyChart"] { margin-bottom: 12vh; }
</style>""", unsafe_allow_html=True)

items: list[exports.ChartItem] = []
for item, fig in charts:  # each drawn as soon as it is computed
    items.append(item)
    st.plotly_chart(fig, width="stretch", key=f"present_{item.key}",
                    config={"displaylogo": False, "displayModeBar": False})
if not items:
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
    for item in items:
        with st.expander("Chart: " + textwrap.shorten(item.title, 60, placeholder=" …")):
            for d in images.figure_downloads(item.figure, f"{stem}-{item.key}", static=static):
                st.download_button(d.label, data=d.make, file_name=d.file_name, mime=d.mime,
                                   key=f"dl_{item.key}_{d.file_name.rsplit('.', 1)[-1]}",
                                   on_click="ignore")

if static and items:
    # Chromium starts while the analyst reads, not on the first download; and not at once:
    # its start (several processes) would take the cores from the browser drawing the charts
    images.warm_session(after=WARM_EXPORTS_AFTER)
