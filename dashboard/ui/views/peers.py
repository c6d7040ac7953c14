"""Peers: standard credit ratios of a group of filers side by side.

Pick filers (the box searches as you type), save the group under a name, reopen it from the
URL (`?group=NAME`, or `?peer=A&peer=B`, with `&highlight=A`). A ranking table at the latest
period most of the group reports, with the change on each filer's prior period; small
multiples (one panel per ratio, one line per filer); and for every ratio not computed, why.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.analysis import peers
from dashboard.analysis.ratios import AMOUNT
from dashboard.charts import peers as peer_charts
from dashboard.exports.pack import Pack, build_pack
from dashboard.exports.pack_html import build_html
from dashboard.model import display as disp
from dashboard.ui import page_data, state

NONE = disp.MISSING


def store() -> peers.GroupStore:
    """Peer groups in the app's filing library."""
    return peers.LibraryGroups(state.library())


data, sidebar = state.current()
st.title("Peers")
st.caption("Standard credit ratios computed from each filer's reported figures, side by side. "
           "Every filer in the filing library (and this session's files) can be picked; the "
           "sidebar filters do not apply here. "
           "Amounts in different currencies are compared only in US$, as reported or at the "
           "filing's own convenience-translation rate.")

filers = page_data.peer_filers(data)
groups = store().groups()
ss = st.session_state

if not ss.get("_peers_qp_read"):
    ss["_peers_qp_read"] = True
    want_group = (state.first_query("group") or [""])[0]
    if want_group in groups:
        ss["p_group"] = want_group
        ss["p_filers"] = [f for f in groups[want_group] if f in filers]
        missing = [f for f in groups[want_group] if f not in filers]
        if missing:
            ss["_peers_missing"] = missing
    elif want_group:
        ss["_peers_missing_group"] = want_group
    want = [f for f in state.first_query("peer") if f in filers]
    if want and not ss.get("p_filers"):
        ss["p_filers"] = want
    hl = (state.first_query("highlight") or [""])[0]
    if hl:
        ss["p_highlight"] = hl
if ss.get("_p_group_pending"):  # a group just saved (or deleted) is (no longer) open
    ss["p_group"] = ss.pop("_p_group_pending")
if "p_filers" not in ss:
    # the sidebar's filers, else every filer of a small library, else the analyst picks
    ss["p_filers"] = list(sidebar.entities) or (
        filers if len(filers) <= page_data.PEERS_ALL_UP_TO else [])
ss["p_filers"] = [f for f in ss["p_filers"] if f in filers]


def _open_group() -> None:
    name = ss.get("p_group", NONE)
    if name in groups:
        ss["p_filers"] = [f for f in groups[name] if f in filers]
        ss["p_name"] = name


# the group's widgets sit in a popover, as the sidebar's filters do: the browser loads a
# widget kind's code when it first shows one, and closed they do not delay the chart
with st.popover("Change the comparison", width="content",
                help="Pick filers, open or save a named peer group, highlight one filer; "
                     "the URL keeps the choice so the view can be shared."):
    left, right = st.columns([3, 2])
    with left:
        st.selectbox("Open a saved peer group", [NONE, *sorted(groups)], key="p_group",
                     on_change=_open_group)
        chosen = st.multiselect("Filers in the comparison", filers, key="p_filers",
                                placeholder="Type to search the filers in the library")
    with right:
        name = st.text_input("Group name", key="p_name", placeholder="e.g. China consumer lenders")
        b1, b2 = st.columns(2)
        if b1.button("Save group", key="p_save", disabled=not chosen):
            try:
                store().save_group(name, list(chosen))
                st.toast(f"Saved peer group '{peers.clean_name(name)}'")
                ss["_peers_saved"] = ss["_p_group_pending"] = peers.clean_name(name)
                st.rerun()
            except peers.GroupNameError as exc:
                st.error(str(exc).capitalize() + ".")
        current_group = ss.get("p_group", NONE)
        if b2.button("Delete group", key="p_delete", disabled=current_group == NONE):
            store().delete_group(current_group)
            ss["_p_group_pending"] = NONE  # set before the select box is drawn, on the rerun
            ss.pop("_peers_saved", None)
            st.rerun()
    hl_options = [NONE, *chosen]
    if ss.get("p_highlight") not in hl_options:
        ss["p_highlight"] = NONE
    highlight = st.selectbox("Highlighted filer", hl_options, key="p_highlight")
    highlight = None if highlight == NONE else highlight
st.caption(disp.markdown_text(peers.comparison_summary(
    chosen, None if ss.get("p_group", NONE) == NONE else ss["p_group"], highlight)))
if ss.get("_peers_saved"):
    st.caption(f"Saved as '{ss['_peers_saved']}'. Link: ?group={ss['_peers_saved']}")
if ss.get("_peers_missing"):
    st.caption("In the group but not loaded: " + ", ".join(ss["_peers_missing"]))
if ss.get("_peers_missing_group"):
    st.warning(f"No saved peer group named '{ss['_peers_missing_group']}'.")

qp: dict[str, str | list[str]] = {}
group_open = ss.get("p_group", NONE)
if group_open != NONE and list(chosen) == [f for f in groups.get(group_open, []) if f in filers]:
    qp["group"] = group_open
elif chosen:
    qp["peer"] = list(chosen)
if highlight:
    qp["highlight"] = highlight
ss["_page_qp"] = qp
state.write_query_params(st.session_state["_filters"])

if not chosen:
    st.info("Pick two or more filers to compare under **Change the comparison** (or open a "
            "saved group there).")
    state.stop()

# only the chosen filers' ratios are computed, once per loaded data and choice (page_data:
# the server computes a small library's default comparison as it starts)
sources = data.sources
ratios = page_data.peer_ratios(data, tuple(chosen))
rank, fig, missing = page_data.peer_views(data, tuple(chosen), highlight)
for note in peers.calendar_notes(ratios, chosen):
    st.info(note)


def _fmt(v: object, kind: str, currency: str = "") -> str:
    return peer_charts.fmt_ratio(v, kind, currency)  # type: ignore[arg-type]


def ratio_detail(detail: pd.DataFrame) -> pd.DataFrame:
    """Every ratio as the analyst reads it: named columns, the value formatted in its kind
    (2.19%, 1.70×, RMB 37 million), and a dash where there is no figure or nothing to say."""
    def text(col: str) -> list[str]:
        return [str(v) if v is not None and not (isinstance(v, float) and pd.isna(v))
                and str(v).strip() else NONE for v in detail[col]]

    return pd.DataFrame({
        "Filer": text("entity"), "Population": text("population"), "Ratio": text("name"),
        "Period": text("period_label"),
        "Value": [_fmt(v, k, c) if pd.notna(v) else NONE for v, k, c in
                  zip(detail["value"], detail["kind"], detail["currency"], strict=True)],
        "Status": text("status"), "Why not": text("reason"), "Formula": text("formula"),
        "Numerator": text("numerator_label"), "Denominator": text("denominator_label"),
        "Annualisation": text("annualisation"), "Basis": text("basis_note"),
        "Inputs": text("inputs"),
    })


st.subheader("Trends")
st.plotly_chart(fig, width="stretch", config=state.PLOTLY_CONFIG, key="peers_chart")

st.subheader("Ranking at the latest common period")
if rank.empty:
    st.info("No ratio could be computed for these filers; the reasons are below.")
else:
    shown = pd.DataFrame({
        "Ratio": rank["name"],
        "Rank": [str(int(x)) if pd.notna(x) else "–" for x in rank["rank"]],
        "Filer": [("▶ " if e == highlight else "") + e for e in rank["entity"]],
        "Period": [p if isinstance(p, str) else "" for p in rank["period_label"]],
        "Value": [_fmt(v, k, c) for v, k, c in zip(rank["value"], rank["kind"],
                                                    rank["currency"], strict=True)],
        "Prior": [_fmt(v, k, c) if pd.notna(v) else "" for v, k, c in
                  zip(rank["prior_value"], rank["kind"], rank["currency"], strict=True)],
        "Change": [peer_charts.fmt_delta(v, k) for v, k in
                   zip(rank["delta"], rank["kind"], strict=True)],
        "Notes": ["; ".join(x for x in (n, b, vb if k == AMOUNT else "") if x) for n, b, vb, k in
                  zip(rank["period_note"], rank["basis_note"], rank["value_basis"],
                      rank["kind"], strict=True)],
        "Sources": rank["sources"],
    })
    state.page_table(shown, key="peers_rank", right=["Rank", "Value", "Prior", "Change"], config={
        "Notes": st.column_config.TextColumn(width="large"),
        "Period": st.column_config.TextColumn(width="medium"),
        # text, not a number column: Streamlit draws a missing number as 'None'
        "Rank": st.column_config.TextColumn(help="1 = best: lowest for losses and past due, "
                                                  "highest for allowance cover; – not ranked"),
    })

# the two long tables are sent only once their box is opened (a rerun): closed, they would
# still be drawn, hidden, by the browser before the chart
missing_box = st.expander(f"Ratios not computed ({len(missing)})", key="peers_missing_open",
                          on_change="rerun")
if missing_box.open:
    with missing_box:
        if missing.empty:
            st.caption("Every ratio was computed for every filer at some period.")
        else:
            state.page_table(missing.rename(columns={"entity": "Filer", "name": "Ratio",
                                                     "reason": "Why not"}).drop(columns="ratio")
                             .fillna(NONE), key="peers_missing")

detail_box = st.expander("Every ratio with its formula and inputs", key="peers_detail_open",
                         on_change="rerun")
if detail_box.open:
    with detail_box:
        state.page_table(ratio_detail(ratios[ratios["entity"].isin(chosen)]),
                         key="peers_detail",
                         config={"Period": st.column_config.TextColumn(width="medium"),
                                 "Inputs": st.column_config.TextColumn(width="large")})

st.subheader("Committee pack")
pack_name = group_open if group_open != NONE else "selected filers"
st.caption(f"The pack of '{pack_name}': a title slide, one slide per ratio with its ranking, "
           "the ranking matrix and the ratios not computed; each slide's footnote names the "
           "filings and pages and notes derived or inferred figures."
           + (f" From the command line: python -m dashboard report --peers \"{pack_name}\" "
              "-o pack.pptx" if group_open != NONE else
              " Save the group to build its pack from the command line too."))


def _pack() -> Pack:
    return build_pack(ratios, sources, list(chosen), pack_name, highlight=highlight)


def _deck() -> bytes:
    from dashboard.exports.pack_deck import build_deck

    return build_deck(_pack())


def _book() -> bytes:
    from dashboard.exports.pack_workbook import build_workbook

    return build_workbook(_pack())


def _page() -> bytes:
    return build_html(_pack())


stem = "peer-pack-" + "".join(ch for ch in pack_name if ch.isalnum())[:40]
c1, c2, c3 = st.columns(3)
c1.download_button("Deck (.pptx)", data=_deck, file_name=f"{stem}.pptx", key="p_dl_deck",
                   on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.presentationml"
                        ".presentation")
c2.download_button("Workbook (.xlsx)", data=_book, file_name=f"{stem}.xlsx", key="p_dl_xlsx",
                   on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
c3.download_button("Page (.html)", data=_page, file_name=f"{stem}.html", key="p_dl_html",
                   on_click="ignore", mime="text/html")
