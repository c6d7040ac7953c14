"""Facts & checks: the tidy table with provenance, the cross-checks, and downloads."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard import analysis as m
from dashboard.analysis.verification import verification_note
from dashboard.model import display as disp
from dashboard.model.schema import VERIFICATIONS
from dashboard.ui import state

data, filters = state.current()
st.title("Facts & checks")
st.caption("Every figure found, one row each, with where it came from; and the checks run on "
           "them. Filters in the sidebar apply here too.")

facts = state.apply(data.facts, filters)
if data.facts.empty:
    st.info("No facts yet: nothing loaded contains a delinquency, allowance or guarantee "
            "figure. The Sources page says what was found in each file.")
    state.stop()

c1, c2, c4, c3 = st.columns([1, 1, 1, 2])
disclosures = sorted(set(facts["disclosure"].astype(str)))
pick_d = c1.multiselect("Disclosure", disclosures, key="facts_disclosure", placeholder="All")
metrics_ = sorted(set(facts.loc[facts["disclosure"].isin(pick_d or disclosures),
                                "metric"].astype(str)))
pick_m = c2.multiselect("Metric", metrics_, key="facts_metric", placeholder="All")
pick_v = c4.multiselect("Verified by", list(VERIFICATIONS), key="facts_verified",
                        placeholder="All",
                        help="how the page's own arithmetic confirms the figure: its rollforward "
                             "ties, its buckets or classes foot, it is derived from parts that "
                             "foot, or nothing on the page checks it (none)")
text = c3.text_input("Search labels, sources and notes", key="facts_search")

view = facts
if pick_d:
    view = view[view["disclosure"].isin(pick_d)]
if pick_m:
    view = view[view["metric"].isin(pick_m)]
if pick_v:
    view = view[view["verified_by"].isin(pick_v)]
if text.strip():
    needle = text.strip().lower()
    hay = (view["label"].astype(str) + " " + view["source"].astype(str) + " " +
           view["note"].astype(str) + " " + view["locator"].astype(str)).str.lower()
    view = view[hay.str.contains(needle, regex=False)]

st.markdown(f"**{len(view)}** of {len(data.facts)} facts")
st.caption(verification_note(view).replace("$", "\\$"))  # '$' pairs would read as a formula
shown = view.copy()
for col in ("period_start", "period_end"):
    shown[col] = shown[col].map(state.fmt_date)
order = ["entity", "disclosure", "metric", "segment", "days_from", "days_to", "period_start",
         "period_end", "value", "currency", "verified_by", "source", "locator", "label", "scale", "scale_basis",
         "concept", "note", "entity_reported"]
shown = shown[[c for c in order if c in shown.columns]]
shown["currency"] = shown["currency"].map(disp.currency_name)  # ISO code stays in the CSV
for col in ("days_from", "days_to"):  # a bucket bound that is not there is blank, not None
    if col in shown.columns:
        shown[col] = [("" if pd.isna(v) else str(int(v))) for v in shown[col]]
shown = disp.text_cells(shown)
st.dataframe(shown, hide_index=True, width="stretch", key="facts_table", column_config={
    "value": st.column_config.NumberColumn("value", format="%,.0f",
                                           help="whole currency units, scale applied"),
    "label": st.column_config.TextColumn("filer's label or sentence", width="large"),
    "entity_reported": st.column_config.TextColumn("filer as the file names it"),
    "locator": st.column_config.TextColumn("where in the part"),
    "verified_by": st.column_config.TextColumn(
        "verified by", help="rollforward, footing, derived or none (DESIGN.md)"),
})

st.subheader("Checks")
checks: pd.DataFrame | None = None
try:
    from dashboard.facts.checks import run_checks
except ImportError:
    st.info("Checks unavailable: the checks module is not installed in this build. The "
            "rollforward difference is still shown on the Provision vs write-off page.")
else:
    try:
        checks = run_checks(m.ensure_contract(facts))
    except Exception as exc:  # a failing check must not hide the facts
        st.error(f"The checks could not run: {type(exc).__name__}: {exc}")
if checks is not None:
    if checks.empty:
        st.caption("No check applies to the figures shown.")
    else:
        counts = checks["status"].value_counts()
        cols = st.columns(4)
        for col, status, label in zip(cols, ("ok", "agrees", "restated", "fail"),
                                      ("Tie", "Agree across filings", "Restated", "Fail"),
                                      strict=True):
            col.metric(label, int(counts.get(status, 0)))
        shown_checks = disp.text_cells(checks)
        # a number column with gaps (a check's months where the period has none) shows the
        # dash there, not 'None'
        for c in shown_checks.columns:
            col = shown_checks[c]
            if pd.api.types.is_float_dtype(col) and col.isna().any():
                shown_checks[c] = [disp.MISSING if pd.isna(v) else
                                   f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
                                   for v in col]
        if "currency" in shown_checks.columns:
            shown_checks["currency"] = shown_checks["currency"].map(disp.currency_name)
        st.dataframe(shown_checks, hide_index=True, width="stretch", key="checks_table",
                     column_config={
                         "expected": st.column_config.NumberColumn(format="%,.0f"),
                         "actual": st.column_config.NumberColumn(format="%,.0f"),
                         "difference": st.column_config.NumberColumn(format="%,.0f"),
                         "detail": st.column_config.TextColumn(width="large"),
                     })

st.subheader("Download")
export = m.ensure_contract(view)
csv_bytes = export.to_csv(index=False).encode("utf-8")
buf = io.BytesIO()
with pd.ExcelWriter(buf, engine="openpyxl") as xl:
    export.to_excel(xl, sheet_name="facts", index=False)
    if checks is not None and not checks.empty:
        checks.to_excel(xl, sheet_name="checks", index=False)
    data.sources.to_excel(xl, sheet_name="sources", index=False)
d1, d2 = st.columns(2)
d1.download_button("Facts as CSV", csv_bytes, file_name="credit-facts.csv", mime="text/csv",
                   key="dl_csv", icon=":material/download:")
d2.download_button("Facts, checks and sources as Excel", buf.getvalue(),
                   file_name="credit-facts.xlsx", key="dl_xlsx", icon=":material/download:",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
