"""Sources: what is loaded, what was found in each file, and the filer labels."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.model import display as disp
from dashboard.ui import state
from dashboard.workspace import inputs as io

data, filters = state.current()
st.title("Sources")
st.caption("Every file in the filing library (and this session's scratch files), what was "
           "found in it, and what could not be read. A fresh library starts with the bundled "
           "samples in `data/`; add filings below.")

for kind, msg in st.session_state.pop("_flash", []):
    getattr(st, kind)(msg)
# files added on the last run: say how many were read, now that they have been (ui, issue 14)
if st.session_state.get("_just_added"):
    from dashboard.ui.banners import load_banner

    kind, msg = load_banner(st.session_state.pop("_just_added"), data.sources)
    getattr(st, kind)(msg)

# fragments recognised by their figures: one box listing them, with one Confirm for all and
# an Undo for any one of them
recognised = list(st.session_state.get("_recognised", []))
if recognised:
    with st.container(border=True):
        n = len(recognised)
        st.markdown(f"**{n} file(s)**: each names no filer and is shown under the filer "
                    "whose figures it repeats:\n" + "\n".join(
                        f"- **{r.source}** → **{r.filer}**, because {r.reason.rstrip('.')}"
                        for r in recognised))
        keys = [io.source_key(r.source, data.hashes) for r in recognised]
        ok_col, undo_pick, undo_col = st.columns([1, 3, 1], vertical_alignment="bottom")
        if ok_col.button("Confirm all", key="recog_ok_all", type="primary",
                         disabled=all(k is None for k in keys)):
            for rec, key in zip(recognised, keys, strict=True):
                if key is not None:
                    state.store().set_filer(key[0], rec.filer, part=key[1],
                                            source_name=rec.source)
            st.session_state["_flash"] = [("success", f"{n} file(s) filed under the filers "
                                                      "shown.")]
            st.rerun()
        which = undo_pick.selectbox("Keep one apart", range(n), index=None, key="recog_pick",
                                    format_func=lambda i: recognised[i].source,
                                    placeholder="Choose a file to keep apart")
        if undo_col.button("Undo", key="recog_undo", disabled=which is None
                           or keys[which] is None):
            rec, key = recognised[which], keys[which]
            state.store().set_filer(key[0], rec.reported, part=key[1], source_name=rec.source)
            st.session_state["_flash"] = [("info", disp.ending(
                f"{rec.source} is kept apart, under {rec.reported}"))]
            st.rerun()

src = data.sources
n_ok = int((src["status"] == "ok").sum()) if not src.empty else 0
c1, c2, c3, c4 = st.columns(4)
c1.metric("Sources", len(src))
c2.metric("Read with figures", int((src["facts"].astype(int) > 0).sum()) if not src.empty else 0)
c3.metric("Facts", len(data.facts))
c4.metric("Filers", data.facts["entity"].nunique() if not data.facts.empty else 0)

if src.empty:
    st.info("Nothing is loaded. Upload filings or give a folder below.")
else:
    kinds = {"rpage_html": "EDGAR R page", "text_extract": "text extract",
             "ixbrl": "inline XBRL", "xbrl_instance": "XBRL instance",
             "filing_summary": "filing index", "html_other": "other HTML", "json": "JSON",
             "xml_other": "other XML", "binary": "binary", "error": "unreadable"}
    found_words = (("n_delinquency", "aging"), ("n_allowance", "rollforward"),
                   ("n_guarantee", "guarantee"), ("n_other", "other"))
    found = [" · ".join(f"{int(r[c])} {w}" for c, w in found_words if int(r[c])) or "none"
             for _, r in src.iterrows()]
    # few, narrow columns, so that the last one is on screen at 1400 px beside the sidebar
    view = pd.DataFrame({
        "Filer": src["filer"],
        "Form": src["form"].fillna(""),
        "Period": src["period"].fillna(""),
        "Source": src["source"],
        "Figures found": found,
        "Scale": src["scale_basis"].fillna(""),
        "Status": [s if not str(m or "").strip() else f"{s}: {m}"
                   for s, m in zip(src["status"], src["message"].fillna(""), strict=True)],
        "Read as": [f"{kinds.get(str(k), str(k).replace('_', ' '))} · {o}"
                    for k, o in zip(src["kind"], src["origin"], strict=True)],
    })
    st.dataframe(view, hide_index=True, width="stretch", key="sources_table",
                 column_config={
                     "Figures found": st.column_config.TextColumn(
                         help="facts found: aging, allowance rollforward, guarantee, other"),
                     "Scale": st.column_config.TextColumn(
                         help="stated: the page says 'in thousands'; inferred: from evidence "
                              "(see the facts' notes); assumed: nothing said"),
                     "Status": st.column_config.TextColumn(help="what happened to the file"),
                 })
    bad = src[src["status"] != "ok"]
    if not bad.empty:
        with st.expander(f"{len(bad)} source(s) not fully read", expanded=n_ok == 0):
            for _, r in bad.iterrows():
                st.markdown(f"- **{r['source']}** ({r['status']}): {r['message'] or 'no reason given'}")

st.subheader("Add filings")
# ── library ingest (dashboard.library): uploads and folders go into the filing library,
#    with a progress bar, unless this is a scratch session ──
scratch = st.checkbox("Scratch session (do not save)", key="scratch",
                      help="Read the files for this session only; the library is not changed.")


def _bar(what: str):
    bar = st.progress(0.0, text=f"Reading {what}…")

    def update(done: int, total: int, facts: int, issues: int) -> None:
        bar.progress(done / total if total else 1.0,
                     text=f"Reading {what}: {done}/{total} files · {facts:,} facts · "
                          f"{issues} issue(s)")
    return update


left, right = st.columns(2)
with left:
    files = st.file_uploader(
        "Upload files (R pages, full-submission .txt, inline XBRL, text extracts, zips)",
        accept_multiple_files=True, key="uploader")
    seen: set[str] = st.session_state.setdefault("seen_uploads", set())
    fresh = [f for f in (files or []) if f.file_id not in seen]
    if fresh:
        items = [(f.name, f.getvalue()) for f in fresh]
        seen.update(f.file_id for f in fresh)
        flash = []
        if scratch:
            added, skipped = state.add_files(items)
        else:
            skipped = state.already_in_library(items)
            state.ingest_files(items, progress=_bar(f"{len(items)} upload(s)"))
            added = [n for n, _ in items if n not in skipped]
        if added:
            # the banner counts what was read once it has been (ui, issue 14)
            st.session_state["_just_added"] = list(added)
        if skipped:
            flash.append(("info", f"Already loaded: {', '.join(skipped)}"))
        st.session_state["_flash"] = flash
        st.rerun()
with right:
    folder = st.text_input("Or read a folder on this machine", key="folder_path",
                           placeholder="/path/to/filings")
    if st.button("Load folder", key="load_folder", disabled=not folder.strip()):
        try:
            kind = "info"
            if scratch:
                got = state.add_folder(folder.strip())
                msg = (f"Added the folder {got.path} ({len(got.files)} files) for this "
                       "session; the table says what was read.")
            else:
                report = state.ingest_folder(folder.strip(), progress=_bar("the folder"))
                msg = (f"{report.parsed + report.unchanged} of {report.files} file(s) in "
                       f"{folder.strip()} read ({report.unchanged} already in the library)")
                if report.issues:
                    kind = "warning" if report.parsed + report.unchanged else "error"
                    msg += ". Not read: " + "; ".join(report.issues[:5])
                else:
                    kind = "success"
                msg += "."
            st.session_state["_flash"] = [(kind, msg)]
            st.rerun()
        except ValueError as exc:
            st.error(str(exc))
    with st.popover("Remove or reset", width="stretch"):
        names = [i.name for i in data.inputs]
        drop = st.multiselect("Remove these inputs", names, key="remove_names")
        if st.button("Remove", key="remove_btn", disabled=not drop):
            state.remove_inputs(drop)
            st.rerun()
        if st.button("Clear the scratch session", key="reset_btn"):
            state.reset_inputs()
            st.rerun()

from dashboard.ui.views import fetch_panel  # noqa: E402  (the "Fetch from EDGAR" section)

fetch_panel.render()

st.subheader("Filer names")
st.caption("Labels are kept on this machine across restarts, keyed by each file's content, "
           f"in the library's catalog `{state.store().path}`.")
name_col, merge_col = st.columns(2)
with name_col:
    st.markdown("**Name the filer of a source**")
    choices = list(src["source"]) if not src.empty else []
    pick = st.selectbox("Source", choices, key="label_source", index=None,
                        placeholder="Choose a source")
    known = sorted(set(data.facts["entity"].astype(str))) if not data.facts.empty else []
    new_name = st.text_input("Filer name", key="label_name",
                             placeholder=known[0] if known else "e.g. Full Truck Alliance Co. Ltd.")
    if st.button("Save name", key="label_save", disabled=not (pick and new_name.strip())):
        key = io.source_key(str(pick), data.hashes)
        if key is None:
            st.error("This source's file is not known by content, so it cannot be labelled.")
        else:
            state.store().set_filer(key[0], new_name.strip(), part=key[1],
                                    source_name=str(pick))
            st.session_state["_flash"] = [("success", disp.ending(
                f"{pick} is now filed under {new_name.strip()}"))]
            st.rerun()
with merge_col:
    st.markdown("**Merge filers** (one lender's notes from several filings)")
    merge = st.multiselect("Filers to merge", known, key="merge_names",
                           placeholder="Choose two or more")
    into = st.text_input("Merged name", key="merge_into",
                         placeholder=max(merge, key=len) if merge else "the filer's name")
    target = into.strip() or (max(merge, key=len) if merge else "")
    if st.button("Merge", key="merge_btn", disabled=len(merge) < 2 and not (merge and into)):
        state.store().merge(merge, target)
        st.session_state["_flash"] = [("success", disp.ending(
            f"Merged {', '.join(merge)} into {target}"))]
        st.rerun()

aliases = state.store().aliases()
labels = state.store().filers(set(data.hashes.values()))
if aliases or labels:
    with st.expander(f"Saved labels ({len(labels)}) and merges ({len(aliases)})"):
        by_hash = {d: n for n, d in data.hashes.items()}
        if labels:
            st.dataframe(pd.DataFrame(
                [{"Source": by_hash.get(h, h[:12]) + (f"#{p}" if p else ""), "Filer": f}
                 for (h, p), f in labels.items()]), hide_index=True, width="stretch")
        if aliases:
            st.dataframe(pd.DataFrame([{"Name": a, "Merged into": c} for a, c in aliases.items()]),
                         hide_index=True, width="stretch")
            undo = st.selectbox("Undo a merge", list(aliases), key="unmerge_pick", index=None)
            if st.button("Undo merge", key="unmerge_btn", disabled=undo is None):
                state.store().unmerge(str(undo))
                st.rerun()

# ── the scale a filing never states (issue 13): one self-contained block ──
_SCALE_WORDS = {"": "as printed (assumed)", "units": "units", "thousands": "thousands",
                "millions": "millions"}
given = state.store().filer_scales()
unstated = (sorted(set(data.facts.loc[data.facts["scale_basis"].isin(["assumed", "given"]), "entity"]
                       .astype(str)) | set(given)) if not data.facts.empty else sorted(given))
if unstated:
    st.subheader("Scale a filing never states")
    st.caption("Figures whose filing states no scale and where nothing implies one are taken as "
               "printed. If you know a filer prints in thousands or millions, say so: only those "
               "figures change (marked 'given'); stated and inferred scales are never overridden.")
    sc_filer, sc_word, sc_btn = st.columns([3, 2, 1], vertical_alignment="bottom")
    with sc_filer:
        scale_filer = st.selectbox("Filer", unstated, key="scale_filer")
    with sc_word:
        current = given.get(str(scale_filer), "")
        scale_word = st.selectbox("Its unstated figures are in", list(_SCALE_WORDS),
                                  index=list(_SCALE_WORDS).index(current),
                                  format_func=_SCALE_WORDS.get, key=f"scale_word_{scale_filer}")
    with sc_btn:
        if st.button("Save scale", key="scale_save", disabled=scale_word == current):
            state.store().set_filer_scale(str(scale_filer), scale_word)
            st.session_state["_flash"] = [("success", f"{scale_filer}: unstated figures are now read as "
                                                      f"{_SCALE_WORDS[scale_word]}.")]
            st.rerun()
    if given:
        st.dataframe(pd.DataFrame([{"Filer": f, "Scale given": w} for f, w in given.items()]),
                     hide_index=True, width="stretch")
