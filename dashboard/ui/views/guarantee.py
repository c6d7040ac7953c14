"""Guarantee exposure: maximum potential undiscounted future payment across years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.model import display as disp
from dashboard.ui import page_data, state

filters = state.current_filters()
data = state.chosen(filters)  # the filers chosen in the sidebar, or everything
st.title("Guarantee exposure")
st.caption("Maximum potential undiscounted future payment under guarantees, per filer and "
           "segment, in the currency reported; the US$ translation where the filing gives one.")


# computed once per loaded data and filters (page_data: the server computes the default
# view's as it starts)
facts, table, fig = page_data.guarantee_tables(data, *page_data.filter_key(filters))
if table.empty:
    state.explain_empty("guarantee", data.facts, facts, filters,
                        "maximum guarantee exposures")
    other = facts[(facts["disclosure"] == "guarantee")]
    if not other.empty:
        st.caption("Other guarantee figures loaded: " +
                   ", ".join(sorted(set(other["metric"].astype(str)))) + " (see Facts & checks).")
    state.stop()

st.plotly_chart(fig, width="stretch", config=state.PLOTLY_CONFIG, key="guarantee_chart")

st.subheader("By year")
shown = pd.DataFrame({
    "Filer": table["entity"], "Segment": table["segment"].replace("", state.WHOLE),
    "As of": table["period_end"].map(state.fmt_date),
    "Currency": table["currency"].map(disp.currency_name),
    "Maximum exposure": table["value"],
    "Change": table["yoy_change"], "Change %": table["yoy_pct"],
    "Source": table["source"],
})
shown, heads = disp.amount_columns(shown, ["Maximum exposure", "Change"],
                                   currencies=list(table["currency"]))
usd_div, usd_unit = disp.table_unit(["USD"], table["usd_translation"])
usd_head = f"{usd_unit} (filing's translation)" if usd_unit else "US$ (filing's translation)"
shown.insert(7, usd_head, table["usd_translation"] / usd_div)
formats = {h: "{:,.1f}" if disp.number_format(h) == "%,.1f" else "{:,.0f}"
           for h in [*heads.values(), usd_head]}
formats["Change %"] = "{:+.1%}"
st.caption(f"The unit is in each amount column's header ({disp.UNIT_NOTE}). A dash: the "
           "filing gives no US$ "
           "translation, or there is no prior year to compare with.")
state.committee_table(shown, formats, key="guarantee_table")
st.caption("The filer's own words for each figure are in the chart's hover and on "
           "Facts & checks.")
if len(set(table["currency"])) > 1:
    st.caption("Each currency has its own panel: figures in RMB and US$ are never added or "
               "drawn on one axis.")
