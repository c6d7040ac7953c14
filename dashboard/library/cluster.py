"""Parsing on a Dask cluster: a local one of forked worker processes, or any scheduler.

A task is a list of units (one large file, or several small ones) and comes back as one Arrow
table each of facts, sources and issues. A task whose worker fails, dies or runs out of time
is retried one unit at a time, and a unit that still fails becomes a typed issue of that file
("worker_failed"); the other units' figures are kept.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from typing import Protocol

from dashboard.library.version import EXTRACTOR_VERSION
from dashboard.library.worker import Parsed, Unit, failed_unit, parse_task

# small units travel to a worker in tasks of about this much (a few tenths of a second of
# parsing: each task costs the scheduler in this process messages, a graph update and a
# result to fetch, so fewer, larger tasks leave the cores to the workers)
TASK_BYTES = 4 * 1024 * 1024
TASK_BYTES_MIN = 256 * 1024  # the last tasks of a batch, smaller (see tasks_of)
TASK_UNITS = 256
TASK_TIMEOUT = float(os.environ.get("CREDIT_NOTES_TASK_TIMEOUT", "600"))

def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def tasks_of(units: list[Unit], workers: int = 2) -> list[list[Unit]]:
    """Units in tasks: a large file alone (those first, the largest first, so that none is
    left to run alone at the end), small ones together in the order given. A filer's filings
    usually sit side by side in a folder: kept in that order, results come back roughly filer
    by filer, so a commit touches fewer filers and writes fewer files (one per filer).

    Tasks of small units hold about TASK_BYTES, less towards the end (a share of what is
    left per worker, down to TASK_BYTES_MIN): the last tasks are short, so the workers finish
    together instead of one parsing a last full task alone."""
    return split_tasks(units, workers)[0]


def split_tasks(units: list[Unit], workers: int = 2, *, final: bool = True,
                more_bytes: int = 0) -> tuple[list[list[Unit]], list[Unit]]:
    """`tasks_of` for units that come in parts (`Feed`): `more_bytes` are still to come, so
    the tasks shrink only towards the end of the whole batch; unless `final`, the small
    units that do not fill a task yet are handed back, to go first in the next part."""
    large: list[list[Unit]] = []
    tasks: list[list[Unit]] = []
    batch: list[Unit] = []
    size = 0
    left = sum(u.size for u in units if u.size < TASK_BYTES) + more_bytes
    goal = _task_goal(left, workers)
    for u in units:
        if u.size >= TASK_BYTES:
            large.append([u])
            continue
        batch.append(u)
        size += u.size
        left -= u.size
        if size >= goal or len(batch) >= TASK_UNITS:
            tasks.append(batch)
            batch, size = [], 0
            goal = _task_goal(left, workers)
    carry: list[Unit] = []
    if batch:
        if final:
            tasks.append(batch)
        else:
            carry = batch
    return sorted(large, key=lambda t: -t[0].size) + tasks, carry


class Feed(Protocol):
    """Units to parse as they become known (the files of a folder as they are hashed)."""

    def take(self, block: bool) -> list[Unit] | None:
        """The next units ([] when none is ready and not `block`), None once all were given."""

    def bytes_left(self) -> int:
        """About how many bytes the units still to come hold."""


class AllAtOnce:
    """A feed of units known all at once."""

    def __init__(self, units: list[Unit]) -> None:
        self._units: list[Unit] | None = units

    def take(self, block: bool) -> list[Unit] | None:
        units, self._units = self._units, None
        return units

    def bytes_left(self) -> int:
        return 0


def _task_goal(left: int, workers: int) -> int:
    return max(TASK_BYTES_MIN, min(TASK_BYTES, left // (4 * max(1, workers))))


_warming: list[threading.Thread] = []


def warm_up() -> None:
    """Import Dask on a thread of its own, once: an ingest that will start a cluster calls
    this as soon as its listing says so, and the import overlaps the hashing of the files
    (which leaves the interpreter free while it reads and hashes)."""
    def load() -> None:
        import dask  # noqa: F401
        import distributed  # noqa: F401

    if not _warming:
        t = threading.Thread(target=load, name="dask-import", daemon=True)
        _warming.append(t)
        t.start()


def run_on_dask(feed: Feed, stamp: str, scheduler: str | None, workers: int | None,
                phases: dict[str, float] | None = None,
                stops: list[threading.Thread] | None = None) -> Iterator[Parsed]:
    """The rows of the units' tasks on a Dask cluster, a task at a time as they complete;
    the units are taken from `feed` as it gives them, while the first tasks run.
    `phases` gets the cluster's start-up time; with `stops`, the cluster is shut down on a
    thread put there (the caller joins it once it has committed), not before the last result
    is handed on."""
    t0 = time.perf_counter()
    # imported here: Dask costs a second of start-up that the app and small ingests never need
    for t in _warming:
        t.join()  # an import under way on another thread: wait for it, not a second one
    import dask
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    # one thread per worker: a worker that dies was killed by its own task, so the task fails
    # at once (allowed-failures 0) and the library retries its units one by one
    # (worker-saturation 1: a worker holds only the task it runs, so its death fails no other)
    method = "fork" if sys.platform.startswith("linux") and not scheduler else "spawn"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                          "distributed.worker.multiprocessing-method": method,
                          # the statistical profiler samples every worker's stack 100 times a
                          # second, holding the interpreter lock: a parse runs faster without
                          "distributed.worker.profile.enabled": False,
                          "distributed.scheduler.worker-saturation": 1.0,
                          # queued tasks go to the first worker free: nothing to steal, and
                          # the balancing pass would run every second for nothing
                          "distributed.scheduler.work-stealing": False,
                          # host and disk statistics (psutil, twice a second in the scheduler,
                          # each nanny and each worker) feed only the dashboard, which is off
                          "distributed.admin.system-monitor.interval": "5s",
                          "distributed.admin.system-monitor.disk": False,
                          "distributed.admin.tick.interval": "200ms",
                          "distributed.admin.tick.limit": "1h",
                          "logging.distributed": "error"}):
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            n = workers or usable_cores()
            # on Linux the workers are forked from this process, which has the parsers
            # imported already: no interpreter start-up and no imports per worker
            from dashboard.extract.parsers import html_tables, text_extract, xbrl  # noqa: F401

            # objects that exist at the fork are left out of the workers' garbage
            # collections, which would otherwise visit (and copy) this process's whole heap
            gc.freeze()
            try:
                # forked from a helper thread while others run (threads hashing files for
                # the feed wait between files at each fork: plan.py)
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR,
                                       memory_limit=0)
            finally:
                gc.unfreeze()
            client = Client(cluster)
        if phases is not None:
            phases["cluster start (imports, workers up)"] = time.perf_counter() - t0
        try:
            futures = {}
            tries: dict[str, int] = {}  # a unit alone: tried twice (a neighbour may have died)
            n_workers = len(client.scheduler_info(n_workers=-1).get("workers", {})) or 2
            pending = as_completed([], with_results=False)
            carry: list[Unit] = []  # small units waiting for the next part to fill a task
            exhausted = False

            def submit(units: list[Unit], final: bool) -> None:
                nonlocal carry
                tasks, carry = split_tasks(units, n_workers, final=final,
                                           more_bytes=feed.bytes_left())
                # one graph update for a part's tasks, not one message per task
                for f, task in zip(client.map(parse_task, tasks,
                                              extractor_version=EXTRACTOR_VERSION,
                                              ingested_at=stamp, pure=False), tasks, strict=True):
                    futures[f.key] = (f, task)
                    pending.add(f)

            def more(block: bool) -> None:
                nonlocal exhausted
                got = feed.take(block)
                if got is None:
                    exhausted = True
                if got is None or got:
                    submit(carry + (got or []), final=exhausted)

            started: dict[str, float] = {}
            last_check = time.monotonic()
            while not (exhausted and pending.is_empty()):
                if not exhausted:
                    more(block=pending.is_empty() and not carry)
                    if carry and len(futures) < n_workers:
                        submit(carry, final=True)  # rather than leave a worker waiting
                batch = pending.next_batch(block=False)
                if not batch:
                    time.sleep(0.05)
                    if time.monotonic() - last_check > 2.0:
                        last_check = time.monotonic()
                        yield from time_out(client, futures, started, stamp)
                    continue
                for f in batch:
                    entry = futures.pop(f.key, None)
                    if entry is None:
                        continue
                    _, task = entry
                    if f.cancelled():
                        continue
                    try:
                        got = f.result()
                    except Exception as exc:
                        again = len(task) == 1 and tries.get(task[0].sha256, 0) < 1
                        if again:
                            tries[task[0].sha256] = 1
                        if len(task) > 1 or again:  # find the unit that fails: one per task
                            for u in task:
                                g = client.submit(parse_task, [u], EXTRACTOR_VERSION, stamp,
                                                  pure=False)
                                futures[g.key] = (g, [u])
                                pending.add(g)
                            continue
                        why = ("the worker process reading it died twice (out of memory, "
                               "or killed); the other files are unaffected"
                               if type(exc).__name__ == "KilledWorker" else
                               f"the worker reading it failed ({type(exc).__name__}: {exc}); "
                               "the other files are unaffected")
                        yield failed_unit(task[0], why, EXTRACTOR_VERSION, stamp)
                        continue
                    finally:
                        f.release()
                    yield got.parsed(task)
        finally:
            def stop() -> None:
                client.close()
                if cluster is not None:
                    cluster.close()

            if stops is None:
                stop()
            else:
                t = threading.Thread(target=stop, name="dask-cluster-stop", daemon=True)
                t.start()
                stops.append(t)


def time_out(client: object, futures: dict, started: dict[str, float],
              stamp: str) -> Iterator[Parsed]:
    """Tasks running longer than TASK_TIMEOUT: cancelled, their worker restarted, an issue."""
    try:
        processing = client.processing()  # type: ignore[attr-defined]
    except Exception:
        return
    now = time.monotonic()
    running = {k: w for w, keys in processing.items() for k in keys}
    for key in list(started):
        if key not in running:
            started.pop(key)
    for key, worker in running.items():
        t = started.setdefault(key, now)
        if now - t <= TASK_TIMEOUT or key not in futures:
            continue
        f, task = futures.pop(key)
        f.cancel()
        with contextlib.suppress(Exception):
            client.restart_workers([worker])  # type: ignore[attr-defined]
        for u in task:
            yield failed_unit(u, f"reading it took longer than {TASK_TIMEOUT:g} seconds on a "
                                 "worker, so it was stopped", EXTRACTOR_VERSION, stamp)
