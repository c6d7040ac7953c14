"""What `python -m dashboard fetch TICKER|CIK ...` does (its arguments: `edgar/cli.py`).

Live progress (one bar per filing) on standard error; then what was picked in each filing and
why, what was fetched, what the library already had, and one line per page that could not be
fetched (naming its URL). Exit 0 when every page asked for arrived, 1 when any did not,
2 for a usage error (no User-Agent, a bad year), 3 when sec.gov's refusals stopped the fetch.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from dashboard.edgar.into_library import (
    NoUserAgent,
    Paused,
    edgar_client,
    fetch_into_library,
    library_pages,
    make_plan,
    record_stop,
)


class _Bars:
    """One rich progress bar per filing, on standard error."""

    def __init__(self) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.fields[note]}"),
                                 console=Console(stderr=True), transient=False)
        self.tasks: dict[str, Any] = {}
        self.lock = threading.Lock()

    def __call__(self, ev: Any) -> None:
        label = ev.filing or ("library" if ev.stage.startswith("ingest") else "EDGAR indexes")
        with self.lock:
            task = self.tasks.get(label)
            if task is None:
                task = self.progress.add_task(label, total=max(ev.total, 1), note="")
                self.tasks[label] = task
            self.progress.update(task, completed=ev.done, total=max(ev.total, 1),
                                 note=ev.message[:60] if ev.stage in ("error", "stopped") else ev.stage)

    def __enter__(self) -> _Bars:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def run(args: argparse.Namespace) -> int:
    forms = tuple(f.strip().upper() for f in args.forms.split(",") if f.strip())
    if not forms:
        print("python -m dashboard fetch: error: --forms names no form", file=sys.stderr)
        return 2
    if args.since and args.until and args.since > args.until:
        print("python -m dashboard fetch: error: --since is after --until", file=sys.stderr)
        return 2
    from dashboard.library import Library

    lib = Library.open(args.library)
    try:
        client = edgar_client(lib, user_agent=args.user_agent, offline=args.offline,
                              refresh_indexes=args.refresh)
    except NoUserAgent as exc:
        print(f"python -m dashboard fetch: {exc}", file=sys.stderr)
        return 2
    except Paused as exc:
        print(f"python -m dashboard fetch: {exc}", file=sys.stderr)
        return 3
    out = sys.stdout
    with client, _Bars() as bars:
        plan = make_plan(client, args.targets, forms=forms, since=args.since, until=args.until,
                         add=args.add, drop=args.drop, limit=args.limit, workers=args.workers,
                         known=library_pages(lib), progress=bars)
        outcome = None
        record_stop(lib, client)
        if not args.plan and not client.stopped:
            outcome = fetch_into_library(lib, client, args.targets, plan=plan,
                                         workers=args.workers, progress=bars)
    for fp in plan.filings:
        print(f"{fp.label}: {fp.note}", file=out)
        for c in fp.choices:
            mark = "+" if c.picked else "-"
            print(f"  {mark} {c.file:<9} {c.report.short_name}  [{c.reason}]", file=out)
        if not fp.choices:
            for p in fp.pages:
                print(f"  + {p.file}  [{p.reason}]", file=out)
    issues = outcome.issues if outcome else plan.issues
    if outcome is not None:
        r = outcome.result
        stats = client.stats
        print(f"fetched {len(r.items)} page(s); {len(r.in_library)} already in the library; "
              f"{stats.sent} request(s) to EDGAR, {stats.from_cache} answered from the cache, "
              f"{stats.retries} retried", file=out)
        if outcome.report is not None:
            print(f"library {lib.root}: {outcome.report.summary()}", file=out)
            for line in outcome.report.issues:
                print(line, file=sys.stderr)
    for issue in issues:
        print(issue.line(), file=sys.stderr)
    if client.stopped:
        return 3
    return 1 if issues else 0
