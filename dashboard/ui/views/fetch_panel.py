"""The Sources page's "Fetch from EDGAR" section: tickers or CIKs in, credit-note pages out.

Nothing is asked of sec.gov until the analyst presses a button. "Look up" reads EDGAR's
indexes and each filing's page list and shows the pages picked and why; the analyst can add or
drop pages; "Fetch" downloads them on a background thread (progress bar per filing, a cancel
button) into the filing library, with their URL and accession; the app shows them at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.edgar.fetch import choose_pages
from dashboard.edgar.into_library import (
    NoUserAgent,
    Paused,
    edgar_client,
    fetch_into_library,
    library_pages,
    make_plan,
    record_stop,
    saved_user_agent,
)
from dashboard.ui import state

FORMS = ["10-K", "10-Q", "20-F", "10-K/A", "10-Q/A", "20-F/A", "40-F"]


@dataclass
class _Job:
    """A fetch running on its own thread; the page polls it."""

    cancel: threading.Event = field(default_factory=threading.Event)
    bars: dict[str, tuple[int, int, str, str]] = field(default_factory=dict)
    outcome: Any = None
    error: str = ""
    done: bool = False
    collected: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def progress(self, ev: Any) -> None:
        with self.lock:
            label = ev.filing or ("The library" if ev.stage.startswith("ingest") else "EDGAR indexes")
            self.bars[label] = (ev.done, ev.total, ev.stage, ev.message)


def _lib() -> Any:
    """The app's filing library (opened once per server by ui.state)."""
    return state.library()


def _client(lib: Any, ua: str, offline: bool, cancel: threading.Event | None = None) -> Any:
    return edgar_client(lib, user_agent=ua, offline=offline, cancel=cancel)


def _look_up(targets: list[str], forms: tuple[str, ...], since: int, until: int, ua: str,
             offline: bool) -> None:
    lib = _lib()
    try:
        client = _client(lib, ua, offline)
    except (NoUserAgent, Paused) as exc:
        st.error(str(exc))
        return
    with client, st.spinner("Reading EDGAR's indexes and each filing's page list…"):
        plan = make_plan(client, targets, forms=forms, since=since, until=until,
                         known=library_pages(lib))
    record_stop(lib, client)
    st.session_state["edgar_plan"] = plan
    st.session_state["edgar_plan_args"] = (ua, offline)


def _run(job: _Job, lib: Any, plan: Any, ua: str, offline: bool) -> None:
    """The fetch, on its own thread: the page stays responsive and can cancel it."""
    try:
        with _client(lib, ua, offline, job.cancel) as client:
            job.outcome = fetch_into_library(lib, client, [], plan=plan, progress=job.progress)
    except Exception as exc:  # shown on the page; the app stays up
        job.error = f"{type(exc).__name__}: {exc}"
    finally:
        job.done = True


def _plan_editor(plan: Any) -> None:
    for i, fp in enumerate(plan.filings):
        with st.expander(f"{fp.label} — {fp.note}", expanded=i < 3 and bool(fp.pages)):
            if fp.choices:
                st.dataframe(pd.DataFrame([{
                    "Page": c.file, "Name": c.report.short_name,
                    "Picked": c.picked, "Why": c.reason} for c in fp.choices]),
                    hide_index=True, width="stretch", key=f"edgar_why_{fp.filing.accession}")
            if fp.reports:
                names = {r.file: f"{r.file} · {r.short_name}" for r in fp.reports}
                chosen = st.multiselect(
                    "Pages to fetch (add or drop)", list(names),
                    default=[p.file for p in fp.pages if p.file in names],
                    format_func=names.get, key=f"edgar_pages_{fp.filing.accession}")
                if chosen != [p.file for p in fp.pages]:
                    with _client(_lib(), *st.session_state["edgar_plan_args"]) as client:
                        choose_pages(client, fp, chosen)
            elif fp.pages:
                st.caption(", ".join(f"{p.file} ({p.reason})" for p in fp.pages))
    for issue in plan.issues:
        st.warning(issue.line())


def _bars(job: _Job) -> None:
    with job.lock:
        bars = dict(job.bars)
    for label, (done, total, stage, message) in bars.items():
        frac = 1.0 if total == 0 else min(1.0, done / total)
        if stage.startswith("ingest") or (total == 0 and message):
            text = f"{label}: {message}"
        else:
            text = f"{label}: {done} of {total} page(s)" + (
                f" — {message}" if stage in ("error", "stopped") else "")
        st.progress(frac, text=text)


@st.fragment(run_every=0.5)
def _progress() -> None:
    """Redrawn every half second while the fetch runs; the whole page reruns when it ends."""
    job: _Job | None = st.session_state.get("edgar_job")
    if job is None or job.collected:
        return
    _bars(job)
    if not job.done:
        if st.button("Cancel", key="edgar_cancel"):
            job.cancel.set()
        return
    job.collected = True
    _collect(job)
    st.rerun(scope="app")


def _collect(job: _Job) -> None:
    """What the fetch did, as messages at the top of the Sources page."""
    flash = []
    if job.error:
        flash.append(("error", f"The fetch failed: {job.error}"))
    out = job.outcome
    if out is not None:
        r = out.result
        if r.items:
            names = [n for n, _ in r.items]
            flash.append(("success", f"Fetched {len(names)} page(s) from EDGAR into the library: "
                                     f"{', '.join(names[:8])}" + ("…" if len(names) > 8 else "")))
        if r.in_library:
            flash.append(("info", f"{len(r.in_library)} page(s) were already in the library; "
                                  "not asked for again."))
        if r.cancelled:
            flash.append(("warning", "Cancelled: the pages fetched before the cancel are kept."))
        for issue in out.issues:
            flash.append(("warning", issue.line()))
        for line in getattr(out.report, "issues", None) or []:
            flash.append(("warning", str(line)))
    st.session_state["_flash"] = st.session_state.get("_flash", []) + flash


def render() -> None:
    """The whole section; sources.py calls this once."""
    st.subheader("Fetch from EDGAR")
    st.caption("Only the credit-note pages of each filing (loans, allowance, past due, "
               "guarantees, credit quality), at most 10 requests a second, with your name "
               "and e-mail as EDGAR asks. Nothing is asked of sec.gov until you press a button.")
    lib = _lib()
    this_year = date.today().year
    c1, c2, c3, c4 = st.columns([3, 3, 1, 1])
    targets = c1.text_input("Tickers or CIKs", key="edgar_targets", placeholder="JPM, 1838413")
    forms = c2.multiselect("Forms", FORMS, default=["10-K", "10-Q", "20-F"], key="edgar_forms")
    since = c3.number_input("From year", 1994, this_year, this_year - 3, key="edgar_since")
    until = c4.number_input("To year", 1994, this_year, this_year, key="edgar_until")
    u1, u2 = st.columns([3, 1])
    ua = u1.text_input("Your name and e-mail (EDGAR's User-Agent)", value=saved_user_agent(lib),
                       key="edgar_ua", placeholder="Jane Analyst jane.analyst@example.com",
                       help="EDGAR asks every automated tool to say who is asking. Kept in the "
                            "library's settings.")
    offline = u2.toggle("Offline (cache only)", key="edgar_offline")
    wanted = [t for t in targets.replace(",", " ").split() if t]
    job: _Job | None = st.session_state.get("edgar_job")
    running = job is not None and not job.done
    b1, b2, _ = st.columns([1, 1, 3])
    if b1.button("Look up filings", key="edgar_lookup", disabled=not wanted or not forms or running):
        st.session_state.pop("edgar_job", None)
        _look_up(wanted, tuple(forms), int(since), int(until), ua, offline)
    plan = st.session_state.get("edgar_plan")
    if plan is None:
        return
    progress_box, editor_box = st.container(), st.container()
    with editor_box:  # first, so the button below counts the pages as the analyst left them
        _plan_editor(plan)
    n = len(plan.pages)
    if b2.button(f"Fetch {n} page(s)", key="edgar_fetch", type="primary",
                 disabled=n == 0 or running):
        job = _Job()
        st.session_state["edgar_job"] = job
        threading.Thread(target=_run, args=(job, _lib(), plan, *st.session_state["edgar_plan_args"]),
                         daemon=True, name="edgar-fetch").start()
    job = st.session_state.get("edgar_job")
    with progress_box:
        if job is not None and job.collected:
            _bars(job)
        elif job is not None:
            _progress()
