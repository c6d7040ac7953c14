"""What the server computes as it starts, before a first visitor asks: the landing page's data
and charts (`warm`), then, on a small library, every fact and the Delinquency page's default
view (`warm_rest`), then the other chart pages' default views, each while no visitor's page is
being computed (`warm_later`). Run by `python -m dashboard.ui.launch`."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from dashboard.ui import loaded, page_data, panels, store

# above this many facts, reading them all at a server's start would compete with a first
# visitor's browser for the CPU (on 2 cores, the 10,000-fragment library's Overview drew
# later); the other pages then read them when first visited
WARM_REST_MAX_FACTS = 25_000
# the later pages wait until no page has been computed for this long: a visitor's browser
# draws a page for a second or two after the server sent it, on the same cores, and a second
# visit that starts meanwhile loads its scripts before its page runs (2 s drew a second visit
# of /delinquency later than 5 s did, 2.35 against 2.20 s, median of 3)
QUIET_SECONDS = 5.0


class ScriptRuns:
    """The visitors' script runs under way in this server, and when the last one ended."""

    def __init__(self) -> None:
        self._gate = threading.Condition()
        self.active = 0
        self.last_end = time.monotonic()

    @contextmanager
    def running(self) -> Iterator[None]:
        with self._gate:
            self.active += 1
        try:
            yield
        finally:
            with self._gate:
                self.active -= 1
                self.last_end = time.monotonic()
                self._gate.notify_all()

    def wait_quiet(self, quiet: float) -> None:
        """Until no run is under way and none ended in the last `quiet` seconds."""
        with self._gate:
            while True:
                left = self.last_end + quiet - time.monotonic()
                if self.active == 0 and left <= 0:
                    return
                self._gate.wait(timeout=max(left, 0.05) if self.active == 0 else None)


RUNS = ScriptRuns()  # app.py runs each visitor's page inside RUNS.running()


def warm() -> None:
    """Compute what a new session without scratch files shows first — the library read, the
    sidebar's choices, the sources' notes, the Overview's filer table and its default filer's
    charts, panel by panel in the page's order (a first visitor who asks meanwhile waits for
    the first panel only) — into the caches every session reads."""
    d = loaded.directory_cached(store.stamp())
    table, _ = panels.directory_filers(d.key, d)
    if not table.empty:  # the Overview's default: the first of the filer table, no filter
        entity = str(table.iloc[0]["entity"])
        panels.overview(loaded.filer_of(d, entity), entity)


def warm_rest() -> bool:
    """After the landing page (`warm`), on a library of at most WARM_REST_MAX_FACTS facts:
    every fact, recognised, with the sidebar's choices and the sources' notes, which the
    other pages read, and the Delinquency page's default view (a visitor to /delinquency or
    Sources then waits for nothing). Whether it was done."""
    if loaded.directory_cached(store.stamp()).n_facts > WARM_REST_MAX_FACTS:
        return False
    data, _ = loaded.everything([])
    loaded.facets(data)
    loaded.noted_sources(data)
    page_data.warm(data)
    return True


def warm_later(quiet: float = QUIET_SECONDS) -> None:
    """After `warm_rest`: the other chart pages' default views (page_data.warm_later), each
    computed once no visitor's page has been computed for `quiet` seconds, so that the
    server never takes the cores from a first visitor's page or browser; a visitor who opens
    one of those pages meanwhile computes it (once: the same cache)."""
    data, _ = loaded.everything([])
    for step in page_data.warm_later(data):
        RUNS.wait_quiet(quiet)
        step()
