"""Provision versus write-off: the allowance rollforward per fiscal year or quarter (the
sidebar's frequency), with analysts' ratios. Each row is one period of one duration."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import analysis as m
from dashboard.analysis import periods
from dashboard.model import display as disp
from dashboard.ui import page_data, state

filters = state.current_filters()
data = state.chosen(filters)  # the filers chosen in the sidebar, or everything
st.title("Provision vs write-off")
quarterly = filters.frequency == "quarterly"
st.caption(("Per fiscal quarter" if quarterly else "Per fiscal year") + ": provisions and "
           "write-offs side by side, the net reserve build (+) or release (−), and the ending "
           "allowance. " + ("A quarter filed only as year to date is the difference of two "
                            "year-to-dates (Q4 = FY − 9M), marked derived." if quarterly else
                            "A fiscal year not yet filed whole shows its year to date, labelled "
                            "(FY2024 9M). Quarterly figures: Frequency, under Change filters in the "
                            "sidebar."))



# computed once per loaded data and filters (page_data: the server computes the default
# view's as it starts)
facts, table, fig, others = page_data.allowance_tables(data, filters.frequency,
                                                      *page_data.filter_key(filters))
if table.empty:
    state.explain_empty("allowance", data.facts, facts, filters, "allowance rollforwards")
    state.stop()

# what else the chosen filers reported, in periods this frequency does not show
if others:
    st.caption(("Not shown per fiscal quarter: " if quarterly else "Not shown per fiscal year: ")
               + "; ".join(f"**{e}** " + ", ".join(v[:6]) + (" …" if len(v) > 6 else "")
                           for e, v in others.items()) + ".")
st.plotly_chart(fig, width="stretch", config=state.PLOTLY_CONFIG, key="allowance_chart")

st.subheader("Rollforward and ratios")
st.caption(f"The unit is in each amount column's header ({disp.UNIT_NOTE}). A dash: no "
           "figure — the figures a ratio needs are not loaded, or the ratio is not meaningful "
           "(a release's provision / net write-off); the Ratio notes column says which.")
shown = table.drop(columns=["period_start", "period_end", "labels", "year", "fiscal_quarter",
                            "period_kind", "frequency"]).copy()
cur_codes = list(shown["currency"])
shown["currency"] = shown["currency"].map(disp.currency_name)
shown["segment"] = shown["segment"].replace("", state.WHOLE)
shown["net_build_derived"] = shown["net_build_derived"].map({True: "from flows", False: ""})
shown["derived"] = shown["derived"].map({True: "derived", False: "filed"})
shown["months"] = [f"{int(v)}" if pd.notna(v) else "balance" for v in shown["months"]]
names = {"entity": "Filer", "segment": "Segment", "currency": "Currency",
         "period_label": "Period", "months": "Months", "derived": "Basis",
         "derivation": "Derived from",
         "period_end": "Year end", "allowance_begin": "Beginning",
         "provision": "Provision", "write_off": "Write-off", "recovery": "Recoveries",
         "allowance_other": "Other", "allowance_end": "Ending",
         "adoption": "Accounting change",
         "net_build": "Net build (+) / release (−)", "net_build_derived": "Net build basis",
         "rollforward_difference": "Rollforward difference",
         "provision_to_write_off": "Provision / net write-off", "net_write_off": "Net write-off",
         "average_loans": "Average loans", "write_off_to_avg_loans": "Net write-off / avg loans",
         "provision_to_avg_loans": "Provision / avg loans",
         "over_90": "90+ past due", "allowance_to_over_90": "Allowance / 90+",
         "ratio_notes": "Ratio notes", "sources": "Sources"}
shown = shown.rename(columns=names)
money_cols = [names[c] for c in ("allowance_begin", "adoption", "provision", "write_off",
                                 "recovery", "allowance_other", "allowance_end", "net_build",
                                 "rollforward_difference", "net_write_off", "average_loans",
                                 "over_90")]
# columns with no figure at all are left out rather than shown as a column of dashes
shown = shown[[c for c in shown.columns if not (c in money_cols and shown[c].isna().all())]]
shown, heads = disp.amount_columns(shown, money_cols, currencies=cur_codes)
formats = {h: "{:,.1f}" if disp.number_format(h) == "%,.1f" else "{:,.0f}"
           for h in heads.values()}
formats.update({"Provision / net write-off": "{:.2f}×",
                "Net write-off / avg loans": "{:.2%}", "Provision / avg loans": "{:.2%}",
                "Allowance / 90+": "{:.2f}×"})
# the figures a committee reads first, then the ratios, then the rest
order = ["allowance_begin", "adoption", "provision", "write_off", "recovery", "allowance_end"]
ratio_cols = ["Provision / net write-off", "Net write-off / avg loans", "Provision / avg loans",
              "Allowance / 90+"]
first = ["Filer", "Period", "Months", "Basis",
         *[heads[names[c]] for c in order if names[c] in heads], *ratio_cols]
shown = shown[[c for c in first if c in shown.columns] +
              [c for c in shown.columns if c not in first]]
# two tables, so that every column fits the page: the rollforward, then ratios and the rest
keys = [c for c in ("Filer", "Segment", "Currency", "Period") if c in shown.columns]
# how long each period is and whether it was filed or derived, beside its figures
roll = keys + ["Months", "Basis"] + [heads[names[c]] for c in order if names[c] in heads]
rest = keys + [c for c in ratio_cols if c in shown.columns]
net = heads.get(names["net_build"])
rest += [c for c in (net, "Sources") if c in shown.columns]
rest += [c for c in shown.columns if c not in roll and c not in rest]
# a column with nothing in it (no recoveries line, a rollforward that ties to the unit) goes
diff_col = heads.get(names["rollforward_difference"])


def _empty(col: str) -> bool:
    v = shown[col]
    if col == diff_col:
        return bool((pd.to_numeric(v, errors="coerce").fillna(0).abs() < 0.001).all())
    return bool((v.isna() | (v.astype(str) == "")).all())


rest = [c for c in rest if c in keys or not _empty(c)]
st.markdown("**Allowance rollforward** (balances at the start and end of each "
            + periods.span_word(table["period_kind"], filters.frequency) + "; "
            + periods.columns_note(table["period_kind"], filters.frequency,
                                   table["period_label"]) + ")")
state.committee_table(shown[roll], formats, key="allowance_table")
st.markdown("**Ratios, net build and sources**")
state.committee_table(shown[rest], formats, key="allowance_ratios", config={
    "Net write-off / avg loans": st.column_config.TextColumn(
        alignment="right", help="(write-offs − recoveries) / total loans averaged over the "
                                "balance dates before and at the period's end; a quarter "
                                "× 4, nine months × 4/3 (annualised)"),
    "Allowance / 90+": st.column_config.TextColumn(
        alignment="right", help="allowance at the period end / 90+ days past due then")})

missing = []
if table["write_off_to_avg_loans"].isna().all():
    missing.append("write-offs / average loans needs total loans at the day before each "
                   "period and at its end (an aging table for the same filer)")
if table["allowance_to_over_90"].isna().all():
    missing.append("allowance / 90+ past due needs the 90+ days figure at the period's end")
if missing:
    st.caption("Not computed: " + "; ".join(missing) + ".")
ties = table.dropna(subset=["rollforward_difference"])
bad = ties[ties["rollforward_difference"].abs() > 500]
if not bad.empty:
    st.warning("The rollforward does not tie for " + ", ".join(
        f"{e} {y} (off by {m.money(v, c)})" for e, y, v, c in
        zip(bad["entity"], bad["period_label"], bad["rollforward_difference"], bad["currency"],
            strict=True)) + ". See Facts & checks.")
