"""Batch ingest: plan the units, parse them in this process or on a Dask cluster (cluster.py),
commit them, run the cross-document steps (steps.py).

Units already in the library with this extractor version are skipped, the others numbered in
the order `extract` reads them. Results are committed in chunks (about a quarter of the batch,
at most COMMIT_UNITS) by one writer thread while the workers go on parsing, so an interrupted
ingest keeps what it committed and the next one resumes, and after the last file only the
last chunk and the cross-document steps remain to do.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from dashboard.extract.load import plan_folder
from dashboard.extract.load.kinds import clean_name
from dashboard.library import steps
from dashboard.library.catalog import Catalog
from dashboard.library.cluster import (
    TASK_BYTES,
    TASK_BYTES_MIN,
    TASK_UNITS,
    run_on_dask,
    tasks_of,
    usable_cores,
    warm_up,
)
from dashboard.library.dataset import Dataset, LibraryWriteError
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


def plan_paths(paths: Iterable[str | Path], origin: dict[str, dict[str, str]],
               listed: Callable[[int], None] | None = None) -> tuple[list[Unit], list[str]]:
    """The units of the files and folders given, in the order `extract` reads them.
    `listed(n)`: told how many files there are once they are listed, before they are read."""
    # per file: its path, source name, whether a folder's, the folder (or its own), origin,
    # and the name a note gives it; a string for what planning itself says
    found: list[tuple[Path, str, bool, str, dict[str, str], str] | str] = []
    for p in paths:
        path = Path(p)
        o = origin.get(str(p), {})
        if path.is_dir():
            files, said = plan_folder(path)
            found += [i.line() for i in [*said.issues, *said.notes]]
            home = str(path.resolve())
            found += [(fpath, rel, True, home, {"kind": "folder", **origin.get(rel, o)}, rel)
                      for fpath, rel in files]
        elif path.exists():
            name = clean_name(path.name)
            found.append((path, name, False, str(path.resolve().parent),
                          {"kind": "path", **origin.get(name, o)}, str(p)))
        else:
            found.append(f"{p}: no such file or folder")
    files = [f for f in found if not isinstance(f, str)]
    if listed is not None:
        listed(len(files))
    digests = dict(zip(map(id, files), _digests([f[0] for f in files]), strict=True))
    units: list[Unit] = []
    notes: list[str] = []
    for f in found:
        if isinstance(f, str):
            notes.append(f)
            continue
        fpath, name, member, home, o, shown = f
        got = digests[id(f)]
        if isinstance(got, OSError):
            notes.append(f"{shown}: it could not be read ({got.strerror or got})")
            continue
        size, digest = got
        units.append(Unit(name=name, sha256=digest, path=str(fpath), member=member,
                          container=home, size=size, origin=o))
    return units, notes


def _digests(paths: list[Path]) -> list[tuple[int, str] | OSError]:
    """Each file's size and SHA-256, read on a few threads (hashing and reading release the
    interpreter, so a folder of thousands of small files is hashed on every core)."""
    if len(paths) < 64:
        return [_digest(p) for p in paths]
    step = -(-len(paths) // 16)
    with ThreadPoolExecutor(max_workers=max(2, usable_cores())) as pool:
        parts = pool.map(lambda k: [_digest(p) for p in paths[k:k + step]],
                         range(0, len(paths), step))
        return [d for part in parts for d in part]


def _digest(path: Path) -> tuple[int, str] | OSError:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            h = hashlib.sha256()
            while chunk := os.read(fd, 1 << 20):
                h.update(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        return exc
    return size, h.hexdigest()


def warm_for(catalog: Catalog, workers: int | None, scheduler: str | None
             ) -> Callable[[int], None]:
    """What `plan_paths` calls once the files are listed: Dask is imported in the background
    when the ingest will start a cluster (enough files, more than the library holds: not a
    repeat of files already in), so the import overlaps the hashing."""
    def listed(n: int) -> None:
        if workers == 1 or n < SMALL_UNITS or (usable_cores() < 2 and not workers
                                               and not scheduler):
            return
        if catalog.unit_count() < n:
            warm_up()

    return listed


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
        # (it takes a second or two; another writer must never see it half done)
        while True:
            try:
                self.pool.shutdown(wait=True)
                return
            except KeyboardInterrupt:
                continue


def run_ingest(lib: Target, units: list[Unit], *, scheduler: str | None = None,
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
        with lib.dataset.catalog.connect() as con:  # one connection (each costs ~40 ms of CPU)
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
                start = Catalog.next_seq(con, len(todo))
                for i, u in enumerate(todo):
                    u.seq = start + i
        lib.dataset.drop_units(stale)  # read again below; a crash in between re-reads them next time
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
            results: Iterator[Parsed] = iter(())
        elif report.engine.startswith("in this process"):
            results = _in_process(todo, stamp)
        else:
            results = run_on_dask(todo, stamp, scheduler, workers, phases, stops)
        t_parse, cpu_parse = time.perf_counter(), time.process_time()
        phases["plan"] = t_parse - t0
        committer = _Committer(lib)
        chunk = commit_every(len(todo))
        buffer: list[Parsed] = []
        buffered = 0  # units in the buffer
        last = time.monotonic()
        n_issues = done = 0
        if progress:
            progress(0, len(todo), 0, 0)
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
                    progress(done, len(todo), report.facts, n_issues)
                if committer.failed():
                    committer.wait()  # raises LibraryWriteError: stop reading, keep what is in
                due = buffered >= chunk or time.monotonic() - last > COMMIT_SECONDS
                if due and not committer.busy():  # while it is busy, the next chunk grows
                    committer.submit(buffer)
                    buffer, buffered, last = [], 0, time.monotonic()
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
        steps.after_change(lib.dataset, lib.reader,
                           {u.container for u in units if u.container},
                           force=bool(todo or stale), timings=phases)
        phases["cross-document steps"] = time.perf_counter() - ts
        ts = time.perf_counter()
        for t in stops:
            t.join()
        if stops:
            phases["cluster stop, after the steps"] = time.perf_counter() - ts
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
           "LibraryWriteError", "Progress", "Target", "commit_every", "plan_paths", "run_ingest",
           "tasks_of"]
