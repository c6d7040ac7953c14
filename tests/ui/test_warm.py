"""The server's later warm-up (warm.warm_later) waits for a quiet moment: no visitor's page
being computed, and none for a while, so it never takes the cores from a first visitor."""

from __future__ import annotations

import threading
import time

from dashboard.ui.warm import ScriptRuns


def test_the_later_warm_up_waits_while_a_page_is_computed_and_a_while_after() -> None:
    runs = ScriptRuns()
    done: list[float] = []
    waiter = threading.Thread(target=lambda: (runs.wait_quiet(0.2), done.append(time.monotonic())))
    with runs.running():
        waiter.start()
        time.sleep(0.3)
        assert not done  # a page is being computed
        ended = time.monotonic()
    waiter.join(timeout=5)
    assert done and done[0] - ended >= 0.2


def test_a_server_nobody_visits_is_quiet_at_once() -> None:
    runs = ScriptRuns()
    time.sleep(0.05)
    t = time.monotonic()
    runs.wait_quiet(0.05)
    assert time.monotonic() - t < 0.05


def test_a_page_that_fails_or_stops_still_ends_its_run() -> None:
    runs = ScriptRuns()
    try:
        with runs.running():
            raise RuntimeError("a page's error")
    except RuntimeError:
        pass
    assert runs.active == 0
