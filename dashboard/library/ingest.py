"""Batch ingest: plan the units, parse them in this process or on a Dask cluster (cluster.py),
commit them, run the cross-document steps (steps.py).

Units already in the library with this extractor version are skipped, the others numbered in
the order `extract` reads them. Results are committed in chunks (about a quarter of the batch,
at most COMMIT_UNITS) by one writer thread while the workers go on parsing, so an interrupted
ingest keeps what it committed and the next one resumes, and after the last file only the
last chunk and the cross-document steps remain to do.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from dashboard.library import steps
from dashboard.library.catalog import Catalog, Holding
from dashboard.library.cluster import (
    TASK_BYTES,
    TASK_BYTES_MIN,
    TASK_UNITS,
    AllAtOnce,
    Feed,
    run_on_dask,
    tasks_of,
    usable_cores,
    warm_up,
)
from dashboard.library.dataset import Dataset, LibraryWriteError
from dashboard.library.plan import Hashing, every_unit
from dashboard.library.query import Reader
from dashboard.library.version import EXTRACTOR_VERSION
from dashboard.library.worker import Parsed, Unit, failed_unit, parse_task

# below this, starting a cluster costs more than it saves: parse in this process
SMALL_UNITS = 40
SMALL_BYTES = 8 * 1024 * 1024
COMMIT_UNITS = int(os.environ.get("CREDIT_NOTES_COMMIT_UNITS", "2500"))  # commit every this many …
COMMIT_SECONDS = 60.0  # … or this often (what an interruption can cost)
COMMIT_CHUNKS = 4  # … and about this many commits per batch
Progress = Callable[[int, int, int, int], None]


@dataclass
class IngestReport:
    """What one ingest did."""

    files: int = 0  # units given
    parsed: int = 0  # units read this time
    unchanged: int = 0  # already in the library with this extractor version
    duplicates: int = 0  # the same bytes given twice in this ingest
    facts: int = 0
    issues: list[str] = field(default_factory=list)  # one line per file that could not be read
    notes: list[str] = field(default_factory=list)  # what the planning skipped (binaries, junk)
    engine: str = "in-process"
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds by phase

    def summary(self) -> str:
        rate = self.parsed / self.seconds if self.seconds else 0.0
        return (f"{self.files} file(s): {self.parsed} read ({self.engine}), {self.unchanged} "
                f"already in the library, {self.duplicates} duplicate(s); {self.facts:,} facts, "
                f"{len(self.issues)} issue(s) in {self.seconds:.1f} s ({rate:.1f} files/s)")


class Target(Protocol):
    """What an ingest writes into (`Library`): its dataset, its reader, the write lock and the
    commit of parsed units."""

    root: Path
    dataset: Dataset
    reader: Reader

    def writing(self) -> AbstractContextManager[None]: ...

    def commit_results(self, results: list[Parsed]) -> None: ...


def streams(holding: Holding, n_files: int, workers: int | None, scheduler: str | None
            ) -> bool:
    """Whether files just listed go to the workers as they are hashed (`Hashing`), Dask
    imported meanwhile: when the ingest will start a cluster (enough files) for files the
    library does not hold yet (it holds fewer units than that, none of an older extractor, so
    that no file's old rows are to be dropped while others are read). Otherwise every file is
    hashed first, and the plan decides from all of them."""
    if workers == 1 or n_files < SMALL_UNITS or (usable_cores() < 2 and not workers
                                                 and not scheduler):
        return False
    if holding.units >= n_files or holding.stale:
        return False
    warm_up()
    return True


def commit_every(n_units: int) -> int:
    """Units per commit: at most COMMIT_UNITS, and about a quarter of the batch, so that a
    batch is a few files per table while the last commit, the one nothing overlaps, stays a
    fraction of the whole."""
    return max(1, min(COMMIT_UNITS, -(-n_units // COMMIT_CHUNKS)))


def _small(units: list[Unit]) -> bool:
    return len(units) < SMALL_UNITS and sum(u.size for u in units) < SMALL_BYTES


class _Committer:
    """The ingest's one writer: commits chunks of parsed units, in order, on a thread of its
    own, so the main thread keeps collecting results (and the scheduler in this process keeps
    the workers fed) while a chunk is written. Each chunk is one commit (written under fresh
    names, then one catalog transaction), so what the thread has finished is kept whatever
    happens after; a failed commit stops the ingest with LibraryWriteError."""

    def __init__(self, lib: Target) -> None:
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

    def submit(self, chunk: list[Parsed]) -> None:
        self.wait()
        if chunk:
            self.pending = self.pool.submit(self._commit, chunk)

    def _commit(self, chunk: list[Parsed]) -> None:
        t = time.perf_counter()
        try:
            self.lib.commit_results(chunk)
        except Exception as exc:
            names = [u.name for r in chunk for u in r.units]
            some = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            raise LibraryWriteError(
                f"the library at {self.lib.root} could not store {len(names)} file(s) just read "
                f"({some}): {exc}. The {self.stored} file(s) stored before are kept; ingest the "
                "same files again to go on with the rest") from exc
        self.seconds += time.perf_counter() - t
        self.stored += sum(len(r.units) for r in chunk)

    def wait(self) -> None:
        """Until the chunk in flight is committed; its failure is raised here."""
        if self.pending is None:
            return
        pending, self.pending = self.pending, None
        pending.result()

    def close(self) -> None:
        # a commit in flight is finished before the write lock is released, even on Ctrl-C
        # (it takes a second or two; another writer must never see it half done); a Ctrl-C
        # met here still stops the ingest once it is (the analyst asked to stop)
        interrupted = False
        while True:
            try:
                self.pool.shutdown(wait=True)
                break
            except KeyboardInterrupt:
                interrupted = True
        if interrupted and sys.exc_info()[0] is None:
            raise KeyboardInterrupt


class _Intake:
    """Which units an ingest reads: each content once (a second copy counted as a
    duplicate), not those the library holds from this extractor version (counted as
    unchanged); those an older one read are listed as stale (their rows are dropped before
    they are read again)."""

    def __init__(self, known: dict[str, str], report: IngestReport,
                 held: dict[str, tuple[int, int, str]]) -> None:
        self.known = known
        self.report = report
        self.held = held
        self.remember: list[tuple[str, str, int]] = []  # unchanged, found by their hash
        self.seen: set[str] = set()
        self.stale: list[str] = []
        self.containers: set[str] = set()  # the folders of every unit given, read or not

    def __call__(self, units: list[Unit]) -> list[Unit]:
        todo = []
        for u in units:
            if u.container:
                self.containers.add(u.container)
            if u.sha256 in self.seen:
                self.report.duplicates += 1
                continue
            self.seen.add(u.sha256)
            version = self.known.get(u.sha256)
            if version == EXTRACTOR_VERSION:
                self.report.unchanged += 1
                if u.path and u.mtime_ns is not None and \
                        self.held.get(u.path) != (u.size, u.mtime_ns, u.sha256):
                    self.remember.append((u.sha256, u.path, u.mtime_ns))
                continue
            if version is not None:
                self.stale.append(u.sha256)
            todo.append(u)
        return todo


class _Streamed:
    """A `Feed` of the units `Hashing` hands over, those to read only, numbered after the
    library's units in the listing's order."""

    def __init__(self, hashing: Hashing, intake: _Intake, first_seq: int) -> None:
        self.hashing, self.intake, self.first_seq = hashing, intake, first_seq
        self.read = 0  # units handed on to be read
        self.exhausted = False  # every file was taken
        self._ahead: list[Unit] = []

    def take(self, block: bool) -> list[Unit] | None:
        if self._ahead:
            ahead, self._ahead = self._ahead, []
            return ahead
        got = self.hashing.take(block)
        if got is None:
            self.exhausted = True
            return None
        todo = self.intake(got)
        for u in todo:
            u.seq += self.first_seq
        self.read += len(todo)
        return todo

    def first(self, n_units: int, n_bytes: int) -> list[Unit]:
        """Units to read, taken until there are `n_units` of them or `n_bytes`, or the
        files end (then `exhausted`)."""
        out: list[Unit] = []
        while len(out) < n_units and sum(u.size for u in out) < n_bytes:
            got = self.take(True)
            if got is None:
                break
            out += got
        return out

    def ahead(self, units: list[Unit]) -> _Streamed:
        """This feed, giving `units` (taken already) first."""
        self._ahead = units + self._ahead
        return self

    def bytes_left(self) -> int:
        return self.hashing.bytes_left()


def run_ingest(lib: Target, units: list[Unit] | Hashing, *, scheduler: str | None = None,
               workers: int | None = None, progress: Progress | None = None,
               on_engine: Callable[[str], None] | None = None,
               held: dict[str, tuple[int, int, str]] | None = None) -> IngestReport:
    """Parse the units the library does not hold yet and commit them (one writer at a time).

    `units` hashed already, or a folder's files as they are hashed (`Hashing`, when
    `streams` says so: they go to a cluster's workers as they come). Parsed units are
    committed in chunks on a background thread while the workers go on, so after the last
    result only the last chunk, the cluster's shutdown (also in the background) and the
    cross-document steps remain. `report.phases` times each part. `held`: the files the
    library read, by path (`Catalog.holding`); one found unchanged by its hash instead (a
    library from before modification times were kept, a file touched) has its time kept."""
    t0 = time.perf_counter()
    report = IngestReport()
    phases = report.phases
    stops: list[threading.Thread] = []  # cluster shutdowns still running
    with lib.writing():
        with lib.dataset.catalog.connect() as con:  # one connection (each costs ~40 ms of CPU)
            known = dict(con.execute("SELECT sha256, extractor_version FROM units").fetchall())
            if isinstance(units, Hashing) and any(v != EXTRACTOR_VERSION for v in known.values()):
                # files an older extractor read: their rows are dropped before any file is
                # read again, so every file is hashed first (written meanwhile by another)
                units = every_unit(units)
            intake = _Intake(known, report, held or {})
            streamed: _Streamed | None = None
            if isinstance(units, Hashing):
                # numbered in the listing's order (the units skipped leave gaps)
                streamed = _Streamed(units, intake, Catalog.next_seq(con, units.count))
                todo: list[Unit] = []
            else:
                todo = intake(units)
                if todo:
                    start = Catalog.next_seq(con, len(todo))
                    for i, u in enumerate(todo):
                        u.seq = start + i
        lib.dataset.drop_units(intake.stale)  # read again below; a crash in between re-reads them next time
        if streamed is not None:
            # the first files to read, up to what pays for starting workers: when the files
            # hold fewer, the plan is theirs as if all had been hashed first
            todo = streamed.first(SMALL_UNITS, SMALL_BYTES)
            if streamed.exhausted:
                streamed = None
        if streamed is None and not todo:
            report.engine = "nothing to read"
        elif scheduler:
            report.engine = f"Dask scheduler {scheduler}"
        elif streamed is None and (workers == 1 or (workers is None and _small(todo))
                                   or usable_cores() < 2 and not workers):
            report.engine = "in this process (too few files to pay for starting workers)" \
                if workers is None else "in this process"
        else:
            report.engine = f"local Dask cluster, {workers or usable_cores()} worker processes"
        if on_engine is not None:
            on_engine(report.engine)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        if report.engine == "nothing to read":
            results: Iterator[Parsed] = iter(())
        elif report.engine.startswith("in this process"):
            results = _in_process(todo, stamp)
        else:
            feed: Feed = AllAtOnce(todo) if streamed is None else streamed.ahead(todo)
            results = run_on_dask(feed, stamp, scheduler, workers, phases, stops)
        t_parse, cpu_parse = time.perf_counter(), time.process_time()
        phases["plan"] = t_parse - t0
        committer = _Committer(lib)

        def expected() -> int:  # units to read, as far as known (a stream's shrinks)
            if streamed is not None:
                return (streamed.hashing.count - len(streamed.hashing.notes)
                        - report.unchanged - report.duplicates)
            return len(todo)

        chunk = commit_every(expected())
        buffer: list[Parsed] = []
        buffered = 0  # units in the buffer
        last = time.monotonic()
        n_issues = done = 0
        if progress:
            progress(0, expected(), 0, 0)
        try:
            for r in results:  # a task's units at a time: the driver's work is per task
                buffer.append(r)
                buffered += len(r.units)
                done += len(r.units)
                report.parsed += len(r.units)
                report.facts += r.facts.num_rows
                n_issues += r.issues.num_rows
                if r.issues.num_rows:
                    for row in r.issues.to_pylist():
                        if not row["partial"] and row["kind"] not in ("duplicate", "skipped"):
                            report.issues.append(f"{row['source']}: {row['message']}")
                if progress:
                    progress(done, expected(), report.facts, n_issues)
                if committer.failed():
                    committer.wait()  # raises LibraryWriteError: stop reading, keep what is in
                chunk = commit_every(expected())  # a stream's total shrinks as files are known
                due = buffered >= chunk or time.monotonic() - last > COMMIT_SECONDS
                if due and not committer.busy():  # while it is busy, the next chunk grows
                    committer.submit(buffer)
                    buffer, buffered, last = [], 0, time.monotonic()
            t_last = time.perf_counter()
            if progress:
                progress(done, expected(), report.facts, n_issues)
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
        read = bool(todo) or (streamed is not None and streamed.read > 0)
        steps.after_change(lib.dataset, lib.reader, intake.containers,
                           force=read or bool(intake.stale), timings=phases)
        phases["cross-document steps"] = time.perf_counter() - ts
        if intake.remember:
            lib.dataset.catalog.remember_mtimes(intake.remember)
        ts = time.perf_counter()
        for t in stops:
            t.join()
        if stops:
            phases["cluster stop, after the steps"] = time.perf_counter() - ts
    # the files given that could be read (as `every_unit` gives them)
    report.files = units.count - len(units.notes) if isinstance(units, Hashing) else len(units)
    report.seconds = time.perf_counter() - t0
    return report


def _in_process(todo: list[Unit], stamp: str) -> Iterator[Parsed]:
    for u in todo:
        try:
            yield parse_task([u], EXTRACTOR_VERSION, stamp).parsed([u])
        except Exception as exc:  # a unit's problems are its issues; this is a last resort
            yield failed_unit(u, f"it could not be read ({type(exc).__name__}: {exc})",
                              EXTRACTOR_VERSION, stamp)


__all__ = ["COMMIT_UNITS", "TASK_BYTES", "TASK_BYTES_MIN", "TASK_UNITS", "IngestReport",
           "LibraryWriteError", "Progress", "Target", "commit_every", "run_ingest",
           "tasks_of"]
