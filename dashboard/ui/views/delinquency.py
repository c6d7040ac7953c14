"""Delinquency: aging buckets per balance-sheet date, absolute and as % of total loans."""

from __future__ import annotations

import streamlit as st

from dashboard import analysis as m
from dashboard.model import display as disp
from dashboard.ui import page_data, state

filters = state.current_filters()
data = state.chosen(filters)  # the filers chosen in the sidebar, or everything
st.title("Delinquency")
st.caption("Loans past due by aging bucket at each balance-sheet date, as each filing cut them, "
           "with the 90+ days ratio.")


# computed once per loaded data and filters (page_data: the server computes the default view's
# as it starts)
fkey = page_data.filter_key(filters)
facts, d, buckets, summary, wide = page_data.delinquency_tables(data, *fkey)
if buckets.empty:
    state.explain_empty("delinquency", data.facts, facts, filters, "past-due aging tables")
    state.stop()

pct = st.toggle("Show as % of total loans", key="d_pct")
st.session_state["_page_qp"] = {"view": "pct"} if pct else {}
state.write_query_params(filters)

currencies = sorted(set(buckets["currency"]))
if not pct and len(currencies) > 1:
    st.caption("Figures in different currencies are drawn in separate panels; switch to % of "
               "total loans to compare them on one axis.")
fig = page_data.delinquency_figure(data, pct, *fkey)
st.plotly_chart(fig, width="stretch", config=state.PLOTLY_CONFIG, key="delinquency_chart")

# one box per filer and basis, each date once (two sources or segments of one date repeat it)
derived = summary[summary["over_90_status"] == "derived"].drop_duplicates(
    ["entity", "period_end", "over_90_formula", "over_90"]).sort_values("period_end")
for (ent, formula), g in derived.groupby(["entity", "over_90_formula"], sort=False):
    figures = "; ".join(f"{state.fmt_date(p)}: {m.money(v, c)}" for p, v, c in
                        zip(g["period_end"], g["over_90"], g["currency"], strict=True))
    st.info(f"**{ent}:** the filer reports {'/'.join(map(str, dict.fromkeys(g['n_buckets'])))} "
            f"buckets; the 90+ days figure is **derived** as {formula} ({figures}).")
undone = summary[summary["over_90_status"] == "not derivable"]
for (ent, why), g in undone.groupby(["entity", "over_90_formula"], sort=False):
    when = ", ".join(state.fmt_date(p) for p in g["period_end"])
    st.warning(f"**{ent}, {when}:** no 90+ days figure: {why}. The buckets are drawn as "
               "reported, not forced into another scheme.")

st.subheader("Aging table")
src_of = {(e, sg, c, state.fmt_date(p)): s for e, sg, c, p, s in
          zip(summary["entity"], summary["segment"], summary["currency"],
              summary["period_end"], summary["source"], strict=True)}
shown = wide.copy()
shown["Source"] = [src_of.get((e, sg, c, state.fmt_date(p)), "") for e, sg, c, p in
                   zip(wide["entity"], wide["segment"], wide["currency"], wide["period_end"],
                       strict=True)]
shown["period_end"] = shown["period_end"].map(state.fmt_date)
shown["segment"] = shown["segment"].replace("", state.WHOLE)
shown = shown.rename(columns={
    "entity": "Filer", "segment": "Segment", "currency": "Currency", "period_end": "Date",
    "past_due_total": "Total past due", "current": "Current", "total_loans": "Total loans",
    "over 90 days (roll-up)": "90+ days (roll-up)", "over_90_ratio": "90+ / total loans",
    "over_90_formula": "90+ basis"})
shown = shown.rename(columns={c: disp.bucket_name(c) for c in shown.columns
                              if c.endswith(" days") or c.startswith("over ")})
text_cols = {"Filer", "Segment", "Currency", "Date", "90+ days (roll-up)", "90+ / total loans",
             "90+ basis", "Source"}
amounts = [c for c in shown.columns if c not in text_cols]
cur_codes = list(shown["Currency"])
shown["Currency"] = shown["Currency"].map(disp.currency_name)
shown, heads = disp.amount_columns(shown, amounts, currencies=cur_codes)
st.caption("Buckets as each filing reports them; the unit is in each amount column's header "
           f"({disp.UNIT_NOTE}). A dash: the filing gives no figure for that bucket at that date.")
formats = {h: "{:,.1f}" if disp.number_format(h) == "%,.1f" else "{:,.0f}"
           for h in heads.values()}
formats["90+ / total loans"] = "{:.2%}"
# two tables, so that every column fits the page: the buckets, then totals and the 90+ view
keys = [c for c in ("Filer", "Segment", "Currency", "Date") if c in shown.columns]
rest_cols = [heads.get(c, c) for c in ("Current", "Total loans")] + [
    "90+ / total loans", "Source", "90+ basis"]
buckets_tbl = keys + [c for c in shown.columns if c not in keys and c not in rest_cols
                      and c != "90+ days (roll-up)"]
totals_tbl = keys + [c for c in rest_cols if c in shown.columns]
state.committee_table(shown[buckets_tbl], formats, key="aging_table")
st.markdown("**Totals and the 90+ days view**")
state.committee_table(shown[totals_tbl], formats, key="aging_totals", config={
    "90+ days (roll-up)": st.column_config.TextColumn(
        help="the filer's open-ended bucket, or derived from the buckets beyond 90 days"),
    "Source": st.column_config.TextColumn(
        help="the file (and part) the date's figures come from; each figure's row and column "
             "are on Facts & checks")})
