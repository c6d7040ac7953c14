"""Provision versus write-off: the allowance rollforward per year, with analysts' ratios."""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard import display as disp
from dashboard import metrics as m
from dashboard.ui import state

data, filters = state.current()
st.title("Provision vs write-off")
st.caption("Per year: provisions and write-offs side by side, the net reserve build (+) or "
           "release (−), and the ending allowance.")

facts = state.apply(data.facts, filters)
table = m.allowance_table(facts)
if table.empty:
    state.explain_empty("allowance", data.facts, facts, filters, "allowance rollforwards")
    st.stop()

fig = charts.allowance_chart(facts, sources=data.sources)
st.plotly_chart(fig, width="stretch", config=state.PLOTLY_CONFIG, key="allowance_chart")

st.subheader("Rollforward and ratios")
st.caption("The unit is in each amount column's header. A dash: the figures a ratio needs are "
           "not loaded.")
shown = table.drop(columns=["period_start", "labels"]).copy()
shown["period_end"] = shown["period_end"].map(state.fmt_date)
cur_codes = list(shown["currency"])
shown["currency"] = shown["currency"].map(disp.currency_name)
shown["segment"] = shown["segment"].replace("", state.WHOLE)
shown["net_build_derived"] = shown["net_build_derived"].map({True: "from flows", False: ""})
names = {"entity": "Filer", "segment": "Segment", "currency": "Currency", "year": "Year",
         "period_end": "Year end", "allowance_begin": "Beginning allowance",
         "provision": "Provision", "write_off": "Write-off", "recovery": "Recoveries",
         "allowance_other": "Other", "allowance_end": "Ending allowance",
         "net_build": "Net build (+) / release (−)", "net_build_derived": "Net build basis",
         "rollforward_difference": "Rollforward difference",
         "provision_to_write_off": "Provision / write-off", "net_write_off": "Net write-off",
         "average_loans": "Average loans", "write_off_to_avg_loans": "Write-off / avg loans",
         "over_90": "90+ past due", "allowance_to_over_90": "Allowance / 90+",
         "sources": "Sources"}
shown = shown.rename(columns=names)
money_cols = [names[c] for c in ("allowance_begin", "provision", "write_off", "recovery",
                                 "allowance_other", "allowance_end", "net_build",
                                 "rollforward_difference", "net_write_off", "average_loans",
                                 "over_90")]
# columns with no figure at all are left out rather than shown as a column of dashes
shown = shown[[c for c in shown.columns if not (c in money_cols and shown[c].isna().all())]]
shown, heads = disp.amount_columns(shown, money_cols, currencies=cur_codes)
formats = {h: "{:,.1f}" if disp.number_format(h) == "%,.1f" else "{:,.0f}"
           for h in heads.values()}
formats.update({"Year": "{:d}", "Provision / write-off": "{:.2f}×",
                "Write-off / avg loans": "{:.2%}", "Allowance / 90+": "{:.2f}×"})
first = ["Filer", "Year", *heads.values()]
shown = shown[[c for c in first if c in shown.columns] +
              [c for c in shown.columns if c not in first]]
st.dataframe(disp.styled(shown, formats), hide_index=True, width="stretch",
             key="allowance_table", column_config={
                 "Write-off / avg loans": st.column_config.TextColumn(
                     help="needs total loans at both the start and the end of the year"),
                 "Allowance / 90+": st.column_config.TextColumn(
                     help="allowance at year end / 90+ days past due at year end"),
                 "Sources": st.column_config.TextColumn(width="medium")})

missing = []
if table["write_off_to_avg_loans"].isna().all():
    missing.append("write-offs / average loans needs total loans at both year ends (an aging "
                   "table for the same filer)")
if table["allowance_to_over_90"].isna().all():
    missing.append("allowance / 90+ past due needs the 90+ days figure at the year end")
if missing:
    st.caption("Not computed: " + "; ".join(missing) + ".")
ties = table.dropna(subset=["rollforward_difference"])
bad = ties[ties["rollforward_difference"].abs() > 500]
if not bad.empty:
    st.warning("The rollforward does not tie for " + ", ".join(
        f"{e} {y} (off by {m.money(v, c)})" for e, y, v, c in
        zip(bad["entity"], bad["year"], bad["rollforward_difference"], bad["currency"],
            strict=True)) + ". See Facts & checks.")
