"""A filer's credit-note pages from EDGAR into the library: the client from the library's
settings, the plan, the fetch and the ingest, with SEC's pause after refusals.

    from dashboard.library import Library
    from dashboard.edgar.into_library import edgar_client, fetch_into_library

    lib = Library.open()
    with edgar_client(lib, user_agent="Jane Analyst jane@example.com") as client:
        outcome = fetch_into_library(lib, client, ["JPM", "1838413"], forms=("10-K",), since=2020)
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashboard.edgar.client import (
    SEC_ARCHIVES,
    SEC_DATA,
    SEC_TICKERS,
    EdgarClient,
    EdgarConfig,
    check_user_agent,
)
from dashboard.edgar.errors import NoUserAgent
from dashboard.edgar.fetch import (
    FetchResult,
    Plan,
    Progress,
    ProgressFn,
    _quiet,
    fetch_plan,
    make_plan,
)
from dashboard.edgar.index import DEFAULT_FORMS
from dashboard.model.errors import FileIssue

USER_AGENT_KEY = "edgar_user_agent"
PAUSE_KEY = "edgar_paused_until"  # epoch seconds: no request to sec.gov before then
PAUSE_SECONDS = 600.0  # EDGAR blocks a machine that asked too fast for about ten minutes


class Paused(RuntimeError):
    """A fetch was stopped by sec.gov's refusals less than ten minutes ago: not yet again."""


def record_stop(lib: Any, client: EdgarClient) -> None:
    """After a hard stop, no fetch from this library for ten minutes (kept in its settings)."""
    if lib is not None and client.stopped:
        lib.settings_set(PAUSE_KEY, f"{time.time() + PAUSE_SECONDS:.0f}")


def _check_pause(lib: Any) -> None:
    raw = lib.settings_get(PAUSE_KEY) if lib is not None else None
    try:
        until = float(raw) if raw else 0.0
    except ValueError:
        return
    if until > time.time():
        at = datetime.fromtimestamp(until, UTC).strftime("%H:%M UTC")
        raise Paused(f"sec.gov refused this machine's requests again and again a few minutes "
                     f"ago, so nothing is asked of it before {at}, as EDGAR's fair-access rules "
                     "ask. Meanwhile --offline (or the app's Offline switch) works from the "
                     "library and the download cache.")
ENV = {"user_agent": "CREDIT_NOTES_EDGAR_USER_AGENT", "archives_url": "CREDIT_NOTES_EDGAR_ARCHIVES",
       "data_url": "CREDIT_NOTES_EDGAR_DATA", "tickers_url": "CREDIT_NOTES_EDGAR_TICKERS"}

__all__ = ["EdgarClient", "EdgarConfig", "FetchOutcome", "NoUserAgent", "Paused", "Plan",
           "USER_AGENT_KEY", "record_stop",
           "cache_dir", "check_user_agent", "edgar_client", "fetch_into_library", "ingest_result",
           "library_pages",
           "make_plan", "fetch_plan", "saved_user_agent", "DEFAULT_FORMS"]


def saved_user_agent(lib: Any) -> str:
    """The User-Agent kept in the library's settings (or the environment), '' when none."""
    return (lib.settings_get(USER_AGENT_KEY) if lib is not None else None) \
        or os.environ.get(ENV["user_agent"], "")


def cache_dir(lib: Any) -> Path | None:
    """The download cache, beside the library's files (None without a library)."""
    root = getattr(lib, "root", None)
    return Path(root) / "edgar-cache" if root is not None else None


def open_client(config: EdgarConfig, cancel: threading.Event | None = None) -> EdgarClient:
    """How `edgar_client` opens its client: on the network and the system clock. The one place
    the app and the command line make a client, so a test can swap in an in-process EDGAR."""
    return EdgarClient(config, cancel=cancel)


def edgar_client(lib: Any = None, *, user_agent: str | None = None, offline: bool = False,
                 cancel: threading.Event | None = None, **config: Any) -> EdgarClient:
    """A client for this library: its User-Agent (a new one given is checked, then kept in the
    library's settings), its download cache, and the base URLs of the environment
    (CREDIT_NOTES_EDGAR_ARCHIVES / _DATA / _TICKERS), else sec.gov's. `NoUserAgent` when
    none is known."""
    ua = (user_agent or "").strip() or saved_user_agent(lib)
    ua = check_user_agent(ua)
    if not offline:
        _check_pause(lib)
    if user_agent and lib is not None and lib.settings_get(USER_AGENT_KEY) != ua:
        lib.settings_set(USER_AGENT_KEY, ua)
    kw: dict[str, Any] = {
        "archives_url": os.environ.get(ENV["archives_url"]) or SEC_ARCHIVES,
        "data_url": os.environ.get(ENV["data_url"]) or SEC_DATA,
        "tickers_url": os.environ.get(ENV["tickers_url"]) or SEC_TICKERS,
        "cache_dir": cache_dir(lib),
    }
    kw.update(config)
    return open_client(EdgarConfig(user_agent=ua, offline=offline, **kw), cancel)


def library_pages(lib: Any) -> dict[str, list[str]]:
    """accession -> the URLs of its pages the library already holds (fetched before)."""
    try:
        units = lib.units()
    except Exception:  # an empty or older library: nothing known
        return {}
    out: dict[str, list[str]] = {}
    if "url" not in units or "accession" not in units:
        return out
    for url, acc in zip(units["url"].fillna(""), units["accession"].fillna(""), strict=True):
        if url and acc:
            out.setdefault(str(acc), []).append(str(url))
    return out


@dataclass(slots=True)
class FetchOutcome:
    plan: Plan
    result: FetchResult
    report: Any = None  # the library's IngestReport
    issues: list[FileIssue] = field(default_factory=list)  # the plan's and the fetch's, in order


def ingest_result(lib: Any, result: FetchResult) -> Any:
    """Hand the fetched pages to the library, with their URL and accession as provenance."""
    if not result.items:
        return None
    report = lib.ingest_bytes(result.items, origin=result.origin)
    containers = {name.split("#", 1)[0] for name, _ in result.items if "#" in name}
    if containers:  # the filing's cover page names the filer of its pages
        lib.share_container_filers(containers)
    return report


def fetch_into_library(lib: Any, client: EdgarClient, targets: Iterable[str], *,
                       forms: tuple[str, ...] = DEFAULT_FORMS, since: int | None = None,
                       until: int | None = None, add: Iterable[str] = (), drop: Iterable[str] = (),
                       limit: int | None = None, workers: int = 4, plan: Plan | None = None,
                       progress: ProgressFn = _quiet) -> FetchOutcome:
    """Plan (unless a plan is given), fetch what the library lacks, ingest it."""
    pages = library_pages(lib)
    if plan is None:
        plan = make_plan(client, targets, forms=forms, since=since, until=until, add=add,
                         drop=drop, limit=limit, workers=workers, known=pages, progress=progress)
    known = {u for urls in pages.values() for u in urls}
    result = fetch_plan(client, plan, in_library=known.__contains__, has_content=lib.has_content,
                        workers=workers, progress=progress)
    record_stop(lib, client)
    if result.items:
        progress(Progress("", "ingest", 0, len(result.items), "reading the pages into the library"))
    report = ingest_result(lib, result)
    if result.items:
        progress(Progress("", "ingested", len(result.items), len(result.items),
                          report.summary() if hasattr(report, "summary") else ""))
    return FetchOutcome(plan=plan, result=result, report=report,
                        issues=[*plan.issues, *result.issues])
