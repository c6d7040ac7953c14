"""Batch ingest: plan the units, parse them in this process or on a Dask cluster, commit.

The same code runs on a local cluster sized to the machine (processes, one thread each) or on
any Dask scheduler (`scheduler="tcp://host:8786"`): a task is a list of units (one large file, or
several small ones), and comes back as one Arrow table each of facts, sources and issues. A task
whose worker fails, dies or runs out of time is retried one unit at a time, and a unit that
still fails becomes a typed issue of that file ("worker_failed"); the other units' figures are
kept. Results are committed in chunks (about a quarter of the batch, at most COMMIT_UNITS) by
one writer thread while the workers go on parsing, so an interrupted ingest keeps what it
committed and the next one resumes, and after the last file only the last chunk and the
cross-document steps remain to do.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from dashboard.library.core import (
    COMPACT_AFTER,
    IngestReport,
    Library,
    LibraryWriteError,
    Progress,
)
from dashboard.library.version import EXTRACTOR_VERSION
from dashboard.library.worker import (
    Unit,
    UnitResult,
    failed_unit,
    file_sha256,
    parse_task,
    parse_units,
)

# below this, starting a cluster costs more than it saves: parse in this process
SMALL_UNITS = 40
SMALL_BYTES = 8 * 1024 * 1024
TASK_BYTES = 2 * 1024 * 1024  # small units travel to a worker in tasks of about this much
TASK_BYTES_MIN = 256 * 1024  # the last tasks of a batch, smaller (see tasks_of)
TASK_UNITS = 64
COMMIT_UNITS = int(os.environ.get("CREDIT_NOTES_COMMIT_UNITS", "1000"))  # commit every this many …
COMMIT_SECONDS = 60.0  # … or this often (what an interruption can cost)
TASK_TIMEOUT = float(os.environ.get("CREDIT_NOTES_TASK_TIMEOUT", "600"))


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def plan_paths(paths: Iterable[str | Path],
               origin: dict[str, dict[str, str]]) -> tuple[list[Unit], list[str]]:
    """The units of the files and folders given, in the order `extract` reads them."""
    from dashboard.extract.load import plan_folder
    from dashboard.extract.load.kinds import clean_name as _clean_name

    units: list[Unit] = []
    notes: list[str] = []
    for p in paths:
        path = Path(p)
        o = origin.get(str(p), {})
        if path.is_dir():
            files, said = plan_folder(path)
            notes += [i.line() for i in [*said.issues, *said.notes]]
            home = str(path.resolve())
            for fpath, rel in files:
                try:
                    size = fpath.stat().st_size
                    digest = file_sha256(fpath)
                except OSError as exc:
                    notes.append(f"{rel}: it could not be read ({exc.strerror or exc})")
                    continue
                units.append(Unit(name=rel, sha256=digest, path=str(fpath), member=True,
                                  container=home, size=size,
                                  origin={"kind": "folder", **origin.get(rel, o)}))
        elif path.exists():
            try:
                digest = file_sha256(path)
            except OSError as exc:
                notes.append(f"{p}: it could not be read ({exc.strerror or exc})")
                continue
            name = _clean_name(path.name)
            units.append(Unit(name=name, sha256=digest, path=str(path),
                              container=str(path.resolve().parent), size=path.stat().st_size,
                              origin={"kind": "path", **origin.get(name, o)}))
        else:
            notes.append(f"{p}: no such file or folder")
    return units, notes


def tasks_of(units: list[Unit], workers: int = 2) -> list[list[Unit]]:
    """Units in tasks: a large file alone (those first, the largest first, so that none is
    left to run alone at the end), small ones together in the order given. A filer's filings
    usually sit side by side in a folder: kept in that order, results come back roughly filer
    by filer, so a commit touches fewer filers and writes fewer files (one per filer).

    Tasks of small units hold about TASK_BYTES, less towards the end (a share of what is
    left per worker, down to TASK_BYTES_MIN): the last tasks are short, so the workers finish
    together instead of one parsing a last full task alone."""
    large: list[list[Unit]] = []
    small = [u for u in units if u.size < TASK_BYTES]
    tasks: list[list[Unit]] = []
    batch: list[Unit] = []
    size = 0
    left = sum(u.size for u in small)
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
    if batch:
        tasks.append(batch)
    return sorted(large, key=lambda t: -t[0].size) + tasks


def _task_goal(left: int, workers: int) -> int:
    return max(TASK_BYTES_MIN, min(TASK_BYTES, left // (4 * max(1, workers))))


def commit_every(n_units: int) -> int:
    """Units per commit: at most COMMIT_UNITS, and about a quarter of the batch, so that a
    filer's rows land in at most COMPACT_AFTER files (more would mean rewriting them all at the
    end) while the last commit, the one nothing overlaps, stays a fraction of the whole."""
    return max(1, min(COMMIT_UNITS, -(-n_units // COMPACT_AFTER)))


def _small(units: list[Unit]) -> bool:
    return len(units) < SMALL_UNITS and sum(u.size for u in units) < SMALL_BYTES


class _Committer:
    """The ingest's one writer: commits chunks of parsed units, in order, on a thread of its
    own, so the main thread keeps collecting results (and the scheduler in this process keeps
    the workers fed) while a chunk is written. Each chunk is one commit (written under fresh
    names, then one catalog transaction), so what the thread has finished is kept whatever
    happens after; a failed commit stops the ingest with LibraryWriteError."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="library-commit")
        self.pending: Future[None] | None = None
        self.seconds = 0.0  # spent committing
        self.stored = 0  # units committed so far

    def busy(self) -> bool:
        return self.pending is not None and not self.pending.done()

    def failed(self) -> bool:
        return self.pending is not None and self.pending.done() and \
            self.pending.exception() is not None

    def submit(self, chunk: list[UnitResult]) -> None:
        self.wait()
        if chunk:
            self.pending = self.pool.submit(self._commit, chunk)

    def _commit(self, chunk: list[UnitResult]) -> None:
        t = time.perf_counter()
        try:
            self.lib.commit_results(chunk)
        except Exception as exc:
            names = [r.unit.name for r in chunk]
            some = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            raise LibraryWriteError(
                f"the library at {self.lib.root} could not store {len(chunk)} file(s) just read "
                f"({some}): {exc}. The {self.stored} file(s) stored before are kept; ingest the "
                "same files again to go on with the rest") from exc
        self.seconds += time.perf_counter() - t
        self.stored += len(chunk)

    def wait(self) -> None:
        """Until the chunk in flight is committed; its failure is raised here."""
        if self.pending is None:
            return
        pending, self.pending = self.pending, None
        pending.result()

    def close(self) -> None:
        # a commit in flight is finished before the write lock is released, even on Ctrl-C
        # (it takes a second or two; another writer must never see it half done)
        while True:
            try:
                self.pool.shutdown(wait=True)
                return
            except KeyboardInterrupt:
                continue


def run_ingest(lib: Library, units: list[Unit], *, scheduler: str | None = None,
               workers: int | None = None, progress: Progress | None = None,
               on_engine: Callable[[str], None] | None = None) -> IngestReport:
    """Parse the units the library does not hold yet and commit them (one writer at a time).

    Parsed units are committed in chunks on a background thread while the workers go on, so
    after the last result only the last chunk, the cluster's shutdown (also in the
    background) and the cross-document steps remain. `report.phases` times each part."""
    t0 = time.perf_counter()
    report = IngestReport(files=len(units))
    phases = report.phases
    stops: list[threading.Thread] = []  # cluster shutdowns still running
    with lib.writing():
        todo: list[Unit] = []
        stale: list[str] = []
        seen: set[str] = set()
        with lib._connect() as con:  # one connection (each costs ~40 ms of CPU)
            known = dict(con.execute("SELECT sha256, extractor_version FROM units").fetchall())
            for u in units:
                if u.sha256 in seen:
                    report.duplicates += 1
                    continue
                seen.add(u.sha256)
                version = known.get(u.sha256)
                if version == EXTRACTOR_VERSION:
                    report.unchanged += 1
                    continue
                if version is not None:
                    stale.append(u.sha256)
                todo.append(u)
            if todo:
                start = lib._next_seq(len(todo), con)
                for i, u in enumerate(todo):
                    u.seq = start + i
        lib._drop_units(stale)  # read again below; a crash in between re-reads them next time
        if not todo:
            report.engine = "nothing to read"
        elif scheduler:
            report.engine = f"Dask scheduler {scheduler}"
        elif workers == 1 or (workers is None and _small(todo)) or usable_cores() < 2 and not workers:
            report.engine = "in this process (too few files to pay for starting workers)" \
                if workers is None else "in this process"
        else:
            report.engine = f"local Dask cluster, {workers or usable_cores()} worker processes"
        if on_engine is not None:
            on_engine(report.engine)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        if not todo:
            results: Iterator[UnitResult] = iter(())
        elif report.engine.startswith("in this process"):
            results = _in_process(todo, stamp)
        else:
            results = _on_dask(todo, stamp, scheduler, workers, phases, stops)
        t_parse, cpu_parse = time.perf_counter(), time.process_time()
        phases["plan"] = t_parse - t0
        committer = _Committer(lib)
        chunk = commit_every(len(todo))
        buffer: list[UnitResult] = []
        last = time.monotonic()
        n_issues = 0
        if progress:
            progress(0, len(todo), 0, 0)
        try:
            for done, r in enumerate(results, 1):
                buffer.append(r)
                report.parsed += 1
                report.facts += r.facts.num_rows
                n_issues += r.issues.num_rows
                if r.issues.num_rows:
                    for row in r.issues.to_pylist():
                        if not row["partial"] and row["kind"] not in ("duplicate", "skipped"):
                            report.issues.append(f"{row['source']}: {row['message']}")
                if progress:
                    progress(done, len(todo), report.facts, n_issues)
                if committer.failed():
                    committer.wait()  # raises LibraryWriteError: stop reading, keep what is in
                due = len(buffer) >= chunk or time.monotonic() - last > COMMIT_SECONDS
                if due and not committer.busy():  # while it is busy, the next chunk grows
                    committer.submit(buffer)
                    buffer, last = [], time.monotonic()
            t_last = time.perf_counter()
            phases["parse (incl. start-up)"] = t_last - t_parse
            # this process's own CPU while the files were parsed (the scheduler, results coming
            # in, the commits on their thread): on a small machine it is taken from the workers
            phases["driver CPU while parsing (incl. cluster start)"] = time.process_time() - cpu_parse
            committer.submit(buffer)
            committer.wait()
            phases["commit, after the last file (the rest overlaps parsing)"] = \
                time.perf_counter() - t_last
            phases["commit, all (thread)"] = committer.seconds
        finally:
            if isinstance(results, Generator):
                results.close()  # on an error: the cluster is told to stop now
            committer.close()
            if sys.exc_info()[0] is not None:
                for t in stops:
                    t.join()
        ts = time.perf_counter()
        # a folder's shared filer involves the files already held too: given again, it is
        # looked at again; otherwise nothing to do when nothing came in since the last run
        lib._after_change({u.container for u in units if u.container},
                          force=bool(todo or stale), timings=phases)
        phases["cross-document steps"] = time.perf_counter() - ts
        ts = time.perf_counter()
        for t in stops:
            t.join()
        if stops:
            phases["cluster stop, after the steps"] = time.perf_counter() - ts
    report.seconds = time.perf_counter() - t0
    return report


def _in_process(todo: list[Unit], stamp: str) -> Iterator[UnitResult]:
    for u in todo:
        try:
            yield from parse_units([u], EXTRACTOR_VERSION, stamp)
        except Exception as exc:  # parse_unit answers with issues; this is a last resort
            yield failed_unit(u, f"it could not be read ({type(exc).__name__}: {exc})",
                              EXTRACTOR_VERSION, stamp)


def _on_dask(todo: list[Unit], stamp: str, scheduler: str | None, workers: int | None,
             phases: dict[str, float] | None = None,
             stops: list[threading.Thread] | None = None) -> Iterator[UnitResult]:
    """Results of the units' tasks on a Dask cluster, as they complete. `phases` gets the
    cluster's start-up time; with `stops`, the cluster is shut down on a thread put there
    (the caller joins it once it has committed), not before the last result is handed on."""
    t0 = time.perf_counter()
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
            for task in tasks_of(todo, n_workers):
                f = client.submit(parse_task, task, EXTRACTOR_VERSION, stamp, pure=False)
                futures[f.key] = (f, task)
            pending = as_completed([f for f, _ in futures.values()], with_results=False)
            started: dict[str, float] = {}
            last_check = time.monotonic()
            while not pending.is_empty():
                batch = pending.next_batch(block=False)
                if not batch:
                    time.sleep(0.05)
                    if time.monotonic() - last_check > 2.0:
                        last_check = time.monotonic()
                        yield from _time_out(client, futures, started, stamp)
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
                    yield from got.unpack(task)
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


def _time_out(client: object, futures: dict, started: dict[str, float],
              stamp: str) -> Iterator[UnitResult]:
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
