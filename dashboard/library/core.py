"""`Library`: the filing library's one entry point, a thin façade over its parts.

    catalog.py   the DuckDB catalog: units, the files table, settings, peer groups, labels
    dataset.py   the Parquet files and the manifest: layout, commits, rewrites, compaction
    query.py     reading: SQL over the files (or a warm in-memory copy)
    steps.py     the cross-document steps run after each change
    plan.py      listing and hashing the files given (handed on as they are hashed)
    ingest.py    running an ingest (cluster.py: the Dask part; worker.py: a worker)

Layout of a library folder: `catalog.duckdb`, `manifest.json`, `facts/`, `sources/`,
`issues/`, `overlay/`, `summary/` (see dataset.py), `blobs/` (the bytes of uploads, so a new
extractor can re-read them) and `write.lock` (one writer at a time; freed if the writer dies).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from hashlib import sha256
from pathlib import Path
from typing import Any

import pandas as pd
from filelock import FileLock

from dashboard.extract.pipeline import SOURCE_COLUMNS
from dashboard.library import steps
from dashboard.library.catalog import SCHEMA_VERSION, Catalog, LibraryBusy, LibraryLabels
from dashboard.library.dataset import MANIFEST, Dataset, LibraryWriteError
from dashboard.library.home import data_dir
from dashboard.library.ingest import IngestReport, Progress, run_ingest, streams
from dashboard.library.plan import Hashing, every_unit, list_paths
from dashboard.library.query import Reader
from dashboard.library.version import EXTRACTOR_VERSION
from dashboard.library.worker import Parsed, Unit, file_sha256

CATALOG = "catalog.duckdb"
LOCK = "write.lock"


def default_library_dir() -> Path:
    """`<CREDIT_NOTES_HOME or the user data folder>/library`."""
    return data_dir() / "library"


class Library:
    """A filing library on disk. Cheap to open; every call reads the current state."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.catalog = root / CATALOG  # the catalog's file (the app stamps its caches by it)
        self._catalog = Catalog(self.catalog)
        self._lock = FileLock(str(root / LOCK))
        self.dataset = Dataset(root, self._catalog)
        self.reader = Reader(self.dataset)

    # ── opening ──────────────────────────────────────────────────────────────────────────
    @classmethod
    def open(cls, path: str | Path | None = None, *, migrate_labels: bool | None = None) -> Library:
        """Open (creating if needed) the library at `path`, or the default one. A library
        written by an older version of this tool is brought to the current layout.

        The default library also takes over the labels of the older SQLite label store
        (`labels.sqlite3` beside it), once.
        """
        root = Path(path).expanduser() if path is not None else default_library_dir()
        root.mkdir(parents=True, exist_ok=True)
        lib = cls(root)
        if not lib.catalog.exists() or not (root / MANIFEST).exists():
            with lib._lock:
                with lib._connect() as con:
                    lib._catalog.create(con)
                lib.dataset.publish()
        else:
            lib._check_schema()
        if migrate_labels if migrate_labels is not None else path is None:
            lib._catalog.migrate_labels(data_dir() / "labels.sqlite3")
        return lib

    def _check_schema(self) -> None:
        found = int(self.dataset.manifest().get("schema_version", 1))
        if found > SCHEMA_VERSION:
            raise RuntimeError(f"the library at {self.root} was written by a newer version of "
                               f"this tool (schema {found}; this one reads {SCHEMA_VERSION})")
        if found < SCHEMA_VERSION:
            with self._lock:
                with self._connect() as con:
                    self._catalog.create(con)  # the tables and columns added since
                    done = self._catalog.schema_version(con) >= SCHEMA_VERSION
                if not done:  # (another process may have migrated it while we waited)
                    with self.writing():
                        self.dataset.migrate()

    def _connect(self, read_only: bool = False, wait: float = 60.0) -> Any:
        """A short-lived catalog connection (a context manager)."""
        return self._catalog.connect(read_only=read_only, wait=wait)

    # ── what readers see ─────────────────────────────────────────────────────────────────
    @property
    def version(self) -> str:
        """Changes whenever the library's contents change (a cache key)."""
        man = self.dataset.manifest()
        return f"{man.get('generation', 0)}:{len(man.get('files', []))}"

    def _manifest(self) -> dict[str, Any]:
        return self.dataset.manifest()

    def _manifest_files(self, table: str) -> list[dict[str, Any]]:
        return self.dataset.entries(table)

    def facts(self, filers: list[str] | None = None, years: tuple[int, int] | None = None,
              consolidated: bool = False) -> pd.DataFrame:
        """The tidy facts contract, in the order the files were ingested."""
        return self.reader.facts(filers, years, consolidated)

    def sources(self, filers: list[str] | None = None) -> pd.DataFrame:
        """One row per document read (and per file that could not be), with its provenance."""
        return self.reader.sources(filers)

    def issues(self) -> pd.DataFrame:
        return self.reader.issues()

    def filers(self) -> pd.DataFrame:
        """entity, forms, first_year, last_year, n_facts, n_files — one row per filer (from a
        summary the library keeps up to date, so a filer picker stays instant)."""
        return self.reader.filers()

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None, *,
              cold: bool = False) -> pd.DataFrame:
        """DuckDB SQL over the views `facts`, `sources` and `issues`. `cold`: read the Parquet
        files even when no in-memory copy exists yet, instead of making one first (a few
        aggregates at a server's start cost a tenth of a second that way; the copy, seconds)."""
        return self.reader.query(sql, params, cold=cold)

    def has_content(self, sha256: str) -> bool:
        """Whether a file with these bytes is in the library, read by this extractor version."""
        return self._catalog.has_content(sha256)

    def units(self) -> pd.DataFrame:
        """The files in the library (one row per file given), with their provenance."""
        return self._catalog.units()

    def stale(self) -> int:
        """How many files were read by another extractor version."""
        return self._catalog.stale()

    def steps_due(self) -> bool:
        """Whether files came in (or went) since the cross-document steps last ran."""
        return self._catalog.steps_due()

    # ── settings, peer groups, the analyst's filer names ─────────────────────────────────
    def settings_get(self, key: str, default: str | None = None) -> str | None:
        return self._catalog.settings_get(key, default)

    def settings_set(self, key: str, value: str | None) -> None:
        self._catalog.settings_set(key, value)

    def save_group(self, name: str, filers: list[str]) -> None:
        self._catalog.save_group(name, filers)

    def groups(self) -> dict[str, list[str]]:
        return self._catalog.groups()

    def delete_group(self, name: str) -> None:
        self._catalog.delete_group(name)

    @property
    def labels(self) -> LibraryLabels:
        return LibraryLabels(self._catalog)

    # ── writing ──────────────────────────────────────────────────────────────────────────
    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the library's write lock (one writer at a time, across processes)."""
        with self._lock:
            self.dataset.writing = True
            try:
                self.dataset.recover()
                yield
            finally:
                self.dataset.writing = False

    def commit_results(self, results: list[Parsed]) -> None:
        """Store parsed units (under the write lock)."""
        self.dataset.store(results)

    def compact(self) -> int:
        """Merge small files (see dataset.Dataset.compact); returns the merges done."""
        with self.writing():
            return self.dataset.compact()

    def remove(self, sources: Iterable[str]) -> list[str]:
        """Remove files from the library: by the name they were given under, a document's
        source, their path or their content hash (or its first 12+ characters). Returns the
        names of the files removed."""
        wanted = [str(s) for s in sources]
        with self.writing():
            with self._connect(read_only=True) as con:
                units = con.execute("SELECT sha256, name, path FROM units").fetchall()
            srcs = self.sources()
            picked: dict[str, str] = {}
            for w in wanted:
                for sha, name, path in units:
                    if w in (name, path, sha) or (len(w) >= 12 and sha.startswith(w)):
                        picked[sha] = name
                hit = srcs[srcs["source"] == w]
                for sha, name in zip(hit["unit"], hit["unit_name"], strict=True):
                    picked[sha] = name
            self.dataset.drop_units(list(picked))
            steps.after_change(self.dataset, self.reader)
        return sorted(set(picked.values()))

    def share_container_filers(self, containers: Iterable[str]) -> None:
        """The documents of each container (a filing's pages, fetched one by one) share the
        filer its one named document names; then the other steps after a change."""
        with self.writing():
            steps.after_change(self.dataset, self.reader, containers)

    # ── ingest ───────────────────────────────────────────────────────────────────────────
    def ingest_paths(self, paths: Iterable[str | Path], *, scheduler: str | None = None,
                     workers: int | None = None, progress: Progress | None = None,
                     origin: dict[str, dict[str, str]] | None = None,
                     on_engine: Callable[[str], None] | None = None,
                     rehash: bool = False) -> IngestReport:
        """Read files, folders and zips into the library (files already in it are skipped).
        A file the library read from the same path, whose size and modification time are
        those recorded then, is not read again (`rehash`: read and hash every file to tell).
        On a cluster, the files go to the workers as they are hashed (`ingest.streams`)."""
        files, notes = list_paths(paths, origin or {})
        holding = self._catalog.holding()
        hashing = Hashing(files, None if rehash else holding.files)
        try:
            units = hashing if streams(holding, len(files), workers, scheduler) \
                else every_unit(hashing)
            report = run_ingest(self, units, scheduler=scheduler, workers=workers,
                                progress=progress, on_engine=on_engine, held=holding.files)
        finally:
            hashing.close()
        report.notes[:0] = notes + hashing.notes
        return report

    def ingest_bytes(self, items: Iterable[tuple[str, bytes]], *,
                     origin: dict[str, dict[str, str]] | None = None,
                     progress: Progress | None = None, scheduler: str | None = None,
                     workers: int | None = None) -> IngestReport:
        """Read in-memory files (uploads, downloads) into the library; their bytes are kept so
        a newer extractor can read them again. `origin`: per name, provenance (url, accession,
        cik, form, period, kind)."""
        origin = origin or {}
        units = []
        for name, data in items:
            o = {"kind": "upload", **origin.get(name, {})}
            data = data if isinstance(data, bytes) else bytes(data)
            units.append(Unit(name=name, sha256=sha256(data).hexdigest(), data=data,
                              size=len(data), origin=o))
        return run_ingest(self, units, scheduler=scheduler, workers=workers, progress=progress)

    def refresh(self, progress: Progress | None = None, **kw: Any) -> IngestReport:
        """Read again, with this extractor version, every file read by an older one whose bytes
        the library kept (uploads) or whose path still holds the same bytes."""
        units = []
        for r in self.units().itertuples():
            if r.extractor_version == EXTRACTOR_VERSION:
                continue
            blob = self.root / "blobs" / r.sha256[:2] / r.sha256
            o = {"kind": r.origin, "url": r.url, "accession": r.accession, "cik": r.cik,
                 "form": r.form, "period": r.period}
            if blob.is_file():
                units.append(Unit(name=r.name, sha256=r.sha256, data=blob.read_bytes(),
                                  size=int(r.size), origin=o))
            elif r.path and Path(r.path).is_file() and file_sha256(r.path) == r.sha256:
                units.append(Unit(name=r.name, sha256=r.sha256, path=r.path,
                                  member=r.name != Path(r.path).name or bool(r.container),
                                  container=r.container, size=int(r.size), origin=o))
        return run_ingest(self, units, progress=progress, **kw)


__all__ = ["IngestReport", "Library", "LibraryBusy", "LibraryLabels", "LibraryWriteError",
           "SOURCE_COLUMNS", "default_library_dir"]
