"""EDGAR's pace: at most N requests a second, timed by a clock the caller can replace.

`Clock` is time as the EDGAR client sees it; `SYSTEM_CLOCK` (the machine's) unless the caller
gives another. Everything that waits (the pace below, the back-off between retries) waits on
it, so a clock whose waits return at once makes every pause exact and instant.

`Pacer` keeps the sliding window of the last second's requests in a `pyrate_limiter` bucket: in
memory, or with a cache folder a SQLite table beside it under a file lock, so that every process
using that folder (the app and a command-line fetch at once) keeps to the one limit. When the
window is full, a request waits on the clock until the oldest one in it is a second old.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from pyrate_limiter import AbstractBucket, Duration, InMemoryBucket, Rate, RateItem, SQLiteBucket

# Added to every wait for the window: a request that leaves exactly as the window opens could
# reach sec.gov a little early after network jitter, and be the eleventh in its second there.
MARGIN_MS = 50


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for waits)."""

    def time(self) -> float:
        """Seconds since the epoch (for what other processes and servers compare)."""

    def sleep_until(self, deadline: float, cancel: threading.Event | None = None) -> bool:
        """Return once `monotonic()` has reached `deadline`, or sooner when `cancel` is set;
        True when cancelled."""


class SystemClock:
    """The machine's clock: `time.monotonic`, `time.time`, and real waits."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep_until(self, deadline: float, cancel: threading.Event | None = None) -> bool:
        remaining = max(0.0, deadline - time.monotonic())
        if cancel is None:
            time.sleep(remaining)
            return False
        return cancel.wait(remaining)


SYSTEM_CLOCK = SystemClock()


class Pacer:
    """At most `per_second` requests in any second, across the threads sharing this pacer."""

    def __init__(self, per_second: int, clock: Clock, folder: Path | None = None) -> None:
        self.clock = clock
        rates = [Rate(per_second, Duration.SECOND)]
        self._lock = threading.Lock()
        self.bucket: AbstractBucket
        self._now: Callable[[], float]
        if folder is None:
            self.bucket = InMemoryBucket(rates)
            self._now = clock.monotonic
        else:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.bucket = SQLiteBucket.init_from_file(
                rates, table=f"edgar_requests_{per_second}",
                db_path=str(Path(folder) / "edgar-rate.sqlite"), use_file_lock=True)
            self._now = clock.time  # other processes read these stamps: the epoch, not monotonic

    def acquire(self) -> None:
        """Return when one more request may go now (it is counted in the window)."""
        while True:
            with self._lock:
                now = self._now()
                offset = self.clock.monotonic() - now  # the window's clock to the wait's
                item = RateItem("edgar", round(now * 1000))
                if self.bucket.put(item):
                    self.bucket.leak(item.timestamp)  # what is a second old counts no more
                    return
                wait_ms = self.bucket.waiting(item)
            self.clock.sleep_until((item.timestamp + max(0, wait_ms) + MARGIN_MS) / 1000 + offset)


# One pacer per rate, cache folder and clock for the whole process: every client on the same
# clock, in every thread, shares it.
_PACERS: dict[tuple[int, str, Clock], Pacer] = {}
_PACERS_LOCK = threading.Lock()


def shared_pacer(per_second: int, folder: Path | None, clock: Clock) -> Pacer:
    key = (per_second, str(folder or ""), clock)
    with _PACERS_LOCK:
        pacer = _PACERS.get(key)
        if pacer is None:
            pacer = _PACERS[key] = Pacer(per_second, clock, folder)
        return pacer
