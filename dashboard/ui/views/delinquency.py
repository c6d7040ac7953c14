"""Delinquency: aging buckets per balance-sheet date, absolute and as % of total loans."""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard import metrics as m
from dashboard.ui import state

data, filters = state.current()
st.title("Delinquency")
st.caption("Loans past due by aging bucket at each balance-sheet date, as each filing cut them, "
           "with the 90+ days ratio.")

facts = state.apply(data.facts, filters)
d = facts[facts["disclosure"] == "delinquency"]
buckets = m.delinquency_buckets(d)
if buckets.empty:
    state.explain_empty("delinquency", data.facts, facts, filters, "past-due aging tables")
    st.stop()

pct = st.toggle("Show as % of total loans", key="d_pct")
st.session_state["_page_qp"] = {"view": "pct"} if pct else {}
state.write_query_params(filters)

currencies = sorted(set(buckets["currency"]))
if not pct and len(currencies) > 1:
    st.caption("Figures in different currencies are drawn in separate panels; switch to % of "
               "total loans to compare them on one axis.")
fig = charts.delinquency_chart(d, percent=pct, sources=data.sources)
st.plotly_chart(fig, width="stretch", config=state.PLOTLY_CONFIG, key="delinquency_chart")

summary = m.delinquency_summary(d)
derived = summary[summary["over_90_status"] == "derived"]
if not derived.empty:
    for _, r in derived.iterrows():
        st.info(f"**{r['entity']}, {state.fmt_date(r['period_end'])}:** the filer reports "
                f"{r['n_buckets']} buckets; the 90+ days figure is **derived** as "
                f"{r['over_90_formula']} = {m.money(r['over_90'], r['currency'])}.")
undone = summary[summary["over_90_status"] == "not derivable"]
for _, r in undone.iterrows():
    st.warning(f"**{r['entity']}, {state.fmt_date(r['period_end'])}:** no 90+ days figure: "
               f"{r['over_90_formula']}. Its buckets are drawn as reported, not forced into "
               "another scheme.")

st.subheader("Aging table")
st.caption("Whole currency units, buckets as each filing reports them.")
wide = m.delinquency_wide(d)
shown = wide.copy()
shown["period_end"] = shown["period_end"].map(state.fmt_date)
shown["currency"] = shown["currency"].map(m.currency_name)
shown["segment"] = shown["segment"].replace("", state.WHOLE)
shown = shown.rename(columns={
    "entity": "Filer", "segment": "Segment", "currency": "Currency", "period_end": "Date",
    "past_due_total": "Total past due", "current": "Current", "total_loans": "Total loans",
    "over 90 days (roll-up)": "90+ days (roll-up)", "over_90_ratio": "90+ / total loans",
    "over_90_formula": "90+ basis"})
text_cols = {"Filer", "Segment", "Currency", "Date", "90+ days (roll-up)", "90+ / total loans",
             "90+ basis"}
cfg = {c: st.column_config.NumberColumn(c, format="%,.0f") for c in shown.columns
       if c not in text_cols}
cfg["90+ / total loans"] = st.column_config.NumberColumn(format="percent")
cfg["90+ days (roll-up)"] = st.column_config.TextColumn(
    help="the filer's open-ended bucket, or derived from the buckets beyond 90 days")
st.dataframe(shown, hide_index=True, width="stretch", column_config=cfg, key="aging_table")
