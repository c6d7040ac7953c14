"""The filing library: facts kept on disk, read once, queried with DuckDB.

Layout of a library folder:

    catalog.duckdb          units (file content hash, extractor version, origin), the files of
                            the dataset, settings, peer groups, filer labels and merges, schema
    manifest.json           the dataset's current files; readers list files from it alone
    facts/filer=<f>/*.parquet    facts as parsed (contract columns + raw, unit, useq, doc, n)
    sources/filer=<f>/*.parquet  one row per document read (SOURCE_COLUMNS + provenance)
    issues/*.parquet        what could not be read, per file
    overlay/*.parquet       what the cross-document steps changed (scale inferred across
                            documents), by fact: applied when facts are read
    blobs/                  the bytes of uploads (so a new extractor can re-read them)
    write.lock              one writer at a time (a file lock; freed if the writer dies)

Writes: new Parquet files are written under fresh names (invisible), then one catalog
transaction records them, then the manifest is replaced (write then rename), then files that
were replaced are deleted. A writer that dies at any point leaves the previous state or the
next one, never half of one; the next writer tidies up (`_recover`). Readers never open the
catalog to read facts: they read the manifest, then the Parquet files it names.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha1, sha256
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock

from dashboard.extract.pipeline import SOURCE_COLUMNS
from dashboard.library.version import EXTRACTOR_VERSION
from dashboard.library.worker import (
    FACT_SCHEMA,
    ISSUE_SCHEMA,
    SOURCE_SCHEMA,
    Unit,
    UnitResult,
    file_sha256,
)
from dashboard.model.schema import FACT_COLUMNS, conform
from dashboard.workspace.labels import data_dir

SCHEMA_VERSION = 1
CATALOG = "catalog.duckdb"
MANIFEST = "manifest.json"
LOCK = "write.lock"
TABLES = ("facts", "sources", "issues", "overlay", "summary")
WARM_MAX_ROWS = 3_000_000  # a library with more facts is queried from its files only
COMPACT_AFTER = 4  # a filer's facts in more files than this are rewritten into one
Progress = Callable[[int, int, int, int], None]

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS units (
    sha256 VARCHAR PRIMARY KEY, name VARCHAR, path VARCHAR, seq BIGINT,
    extractor_version VARCHAR, origin VARCHAR, url VARCHAR, accession VARCHAR, cik VARCHAR,
    form VARCHAR, period VARCHAR, container VARCHAR, size BIGINT, n_facts BIGINT,
    n_issues BIGINT, blob BOOLEAN, ingested_at VARCHAR);
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY, tbl VARCHAR, entity VARCHAR, rows BIGINT, created VARCHAR);
CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS peer_groups (name VARCHAR PRIMARY KEY, filers VARCHAR, updated VARCHAR);
CREATE TABLE IF NOT EXISTS filer_label (
    content_hash VARCHAR, part VARCHAR, filer VARCHAR, source_name VARCHAR, updated VARCHAR,
    PRIMARY KEY (content_hash, part));
CREATE TABLE IF NOT EXISTS filer_alias (alias VARCHAR PRIMARY KEY, canonical VARCHAR,
                                        updated VARCHAR);
CREATE TABLE IF NOT EXISTS filer_scale (filer VARCHAR PRIMARY KEY, scale VARCHAR, updated VARCHAR);
INSERT OR IGNORE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');
INSERT OR IGNORE INTO meta VALUES ('generation', '0');
INSERT OR IGNORE INTO meta VALUES ('next_seq', '1');
"""

_UNIT_SCHEMA = pa.schema([
    ("sha256", pa.string()), ("name", pa.string()), ("path", pa.string()), ("seq", pa.int64()),
    ("extractor_version", pa.string()), ("origin", pa.string()), ("url", pa.string()),
    ("accession", pa.string()), ("cik", pa.string()), ("form", pa.string()),
    ("period", pa.string()), ("container", pa.string()), ("size", pa.int64()),
    ("n_facts", pa.int64()), ("n_issues", pa.int64()), ("blob", pa.bool_()),
    ("ingested_at", pa.string())])
_process_lock = threading.RLock()  # one DuckDB catalog connection at a time in this process


def default_library_dir() -> Path:
    """`<CREDIT_NOTES_HOME or the user data folder>/library`."""
    return data_dir() / "library"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _slug(entity: str) -> str:
    """A folder name for a filer: readable, safe on every file system, unique by a hash."""
    if not entity:
        return "_none"
    readable = re.sub(r"[^A-Za-z0-9]+", "_", entity).strip("_")[:40] or "filer"
    return f"{readable}-{sha1(entity.encode()).hexdigest()[:8]}"


def _sql_list(paths: Sequence[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


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


class LibraryBusy(RuntimeError):
    """The catalog stayed locked by another process for longer than we waited."""


class LibraryWriteError(RuntimeError):
    """Parsed files could not be stored (a full disk, a lost folder): the message names the
    library, the files and the cause; every commit before it is kept."""


class Library:
    """A filing library on disk. Cheap to open; every call reads the current state."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.catalog = root / CATALOG
        self._lock = FileLock(str(root / LOCK))
        self._mem: Any = None
        self._mem_lock = threading.RLock()
        self._warm_gen: Any = None
        self._writing = False  # while this object writes, reads go to the files
        self._dirs: set[str] = set()  # partition folders known to exist

    # ── opening ──────────────────────────────────────────────────────────────────────────────
    @classmethod
    def open(cls, path: str | Path | None = None, *, migrate_labels: bool | None = None) -> Library:
        """Open (creating if needed) the library at `path`, or the default one.

        The default library also takes over the labels of the older SQLite label store
        (`labels.sqlite3` beside it), once.
        """
        root = Path(path).expanduser() if path is not None else default_library_dir()
        root.mkdir(parents=True, exist_ok=True)
        lib = cls(root)
        if not lib.catalog.exists() or not (root / MANIFEST).exists():
            with lib._lock:
                with lib._connect() as con:
                    con.execute(_SCHEMA)
                lib._publish()
        else:
            lib._check_schema()
        if migrate_labels if migrate_labels is not None else path is None:
            lib._migrate_labels(data_dir() / "labels.sqlite3")
        return lib

    def _check_schema(self) -> None:
        man = self._manifest()
        found = int(man.get("schema_version", SCHEMA_VERSION))
        if found > SCHEMA_VERSION:
            raise RuntimeError(f"the library at {self.root} was written by a newer version of "
                               f"this tool (schema {found}; this one reads {SCHEMA_VERSION})")
        if found < SCHEMA_VERSION:  # pragma: no cover - no older schema exists yet
            with self._lock, self._connect() as con:
                con.execute(_SCHEMA)
                con.execute("UPDATE meta SET value=? WHERE key='schema_version'",
                            [str(SCHEMA_VERSION)])
            self._publish()

    @contextmanager
    def _connect(self, read_only: bool = False, wait: float = 60.0) -> Iterator[Any]:
        """A short-lived catalog connection; waits while another process holds it."""
        deadline = time.monotonic() + wait
        with _process_lock:
            while True:
                try:
                    con = duckdb.connect(str(self.catalog), read_only=read_only and
                                         self.catalog.exists())
                    break
                except duckdb.IOException as exc:
                    if time.monotonic() > deadline:
                        raise LibraryBusy(f"the library at {self.root} is busy: {exc}") from exc
                    time.sleep(0.05)
            try:
                yield con
            finally:
                con.close()

    # ── the manifest (what readers see) ─────────────────────────────────────────────────────
    def _manifest(self) -> dict[str, Any]:
        try:
            return json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"generation": 0, "files": []}

    def _publish(self, con: Any = None) -> None:
        """Write the manifest from the catalog (write a temporary file, then rename it); with
        `con`, read through that open catalog connection (each new one costs tens of ms)."""
        if con is None:
            with self._connect(read_only=True) as con:
                self._publish(con)
            return
        gen = con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]
        rows = con.execute("SELECT path, tbl, entity, rows FROM files ORDER BY path").fetchall()
        man = {"schema_version": SCHEMA_VERSION, "generation": int(gen),
               "files": [{"path": p, "table": t, "entity": e, "rows": n} for p, t, e, n in rows]}
        tmp = self.root / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(man), encoding="utf-8")
        os.replace(tmp, self.root / MANIFEST)

    @property
    def version(self) -> str:
        """Changes whenever the library's contents change (a cache key)."""
        man = self._manifest()
        return f"{man.get('generation', 0)}:{len(man.get('files', []))}"

    def _files(self, table: str, entities: Iterable[str] | None = None,
               man: dict[str, Any] | None = None) -> list[str]:
        man = man or self._manifest()
        want = set(entities) if entities is not None else None
        return [str(self.root / f["path"]) for f in man.get("files", [])
                if f["table"] == table and (want is None or f["entity"] in want)]

    # ── reading ─────────────────────────────────────────────────────────────────────────────
    def _read(self, run: Callable[[Any, dict[str, Any]], pd.DataFrame]) -> pd.DataFrame:
        """Run a read against the current manifest; retried if a writer replaced a file.

        One in-memory DuckDB database per Library object (its Parquet metadata cache stays
        warm); each read has its own cursor, so threads may read at once."""
        for attempt in range(3):
            man = self._manifest()
            with self._mem_lock:
                if self._mem is None:
                    self._mem = duckdb.connect()
                    self._mem.execute("SET parquet_metadata_cache = true")
                con = self._mem.cursor()
            try:
                return run(con, man)
            except (duckdb.IOException, duckdb.InvalidInputException):
                if attempt == 2:
                    raise
                time.sleep(0.05)
            finally:
                con.close()
        raise AssertionError("unreachable")

    def _register(self, con: Any, man: dict[str, Any], entities: Iterable[str] | None = None,
                  *, raw: bool = False, cold: bool = False) -> None:
        """Views `facts`, `sources`, `issues` over the manifest's files (or over the warm
        in-memory copy of them, when there is one for this generation)."""
        ents = list(entities) if entities is not None else None
        warm_ok = not raw and not cold and not self._writing
        if warm_ok and (ents is None or self._warm_gen == man.get("generation")):
            tables = self._warm(man)
            if tables is not None:
                only = (f" WHERE list_contains({_sql_list(ents)}::VARCHAR[], entity)"
                        if ents is not None else "")
                for view, table in tables.items():
                    cond = only if view != "issues" else ""
                    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM "
                                f"{table}{cond}")
                return
        for table, schema in (("facts", FACT_SCHEMA), ("sources", SOURCE_SCHEMA),
                              ("issues", ISSUE_SCHEMA)):
            files = self._files(table, ents if table != "issues" else None, man)
            name = f"{table}_parsed" if table == "facts" else table
            if files:
                con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "
                            f"read_parquet({_sql_list(files)})")
            else:
                con.register(f"_{name}_empty", schema.empty_table())
                con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM _{name}_empty")
        overlay = self._files("overlay", None, man)
        if overlay and not raw:
            con.execute(
                "CREATE OR REPLACE TEMP VIEW facts AS SELECT f.* REPLACE ("
                "coalesce(o.value, f.value) AS value, coalesce(o.scale, f.scale) AS scale, "
                "coalesce(o.scale_basis, f.scale_basis) AS scale_basis, "
                "coalesce(o.note, f.note) AS note) FROM facts_parsed f "
                f"LEFT JOIN read_parquet({_sql_list(overlay)}) o USING (unit, doc, n)")
        else:
            con.execute("CREATE OR REPLACE TEMP VIEW facts AS SELECT * FROM facts_parsed")

    def _warm(self, man: dict[str, Any]) -> dict[str, str] | None:
        """The library's rows copied into the in-memory DuckDB database, once per generation
        (queries over all filers then read memory, not hundreds of Parquet files); None when
        the library is too large to copy (queries read the files)."""
        gen = man.get("generation")
        rows = sum(f.get("rows", 0) for f in man.get("files", []) if f["table"] == "facts")
        if rows > WARM_MAX_ROWS:
            return None
        names = {v: f"warm_{v}_{gen}" for v in ("facts", "facts_parsed", "sources", "issues")}
        with self._mem_lock:
            if self._warm_gen != gen:
                con = self._mem.cursor()
                try:
                    self._register(con, man, raw=False, cold=True)
                    for view, table in names.items():
                        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {view}")
                    if self._warm_gen is not None:
                        for view in names:
                            con.execute(f"DROP TABLE IF EXISTS warm_{view}_{self._warm_gen}")
                finally:
                    con.close()
                self._warm_gen = gen
        return names

    def facts(self, filers: list[str] | None = None, years: tuple[int, int] | None = None,
              consolidated: bool = False) -> pd.DataFrame:
        """The tidy facts contract, in the order the files were ingested."""
        where, params = [], []
        if years is not None:
            where.append("year(period_end) BETWEEN ? AND ?")
            params += [int(years[0]), int(years[1])]
        if filers is not None:
            where.append("entity IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(filers))
        cols = ", ".join(FACT_COLUMNS)
        sql = (f"SELECT {cols} FROM facts" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY useq, doc, n")

        def run(con: Any, man: dict[str, Any]) -> pd.DataFrame:
            self._register(con, man, filers)
            return con.execute(sql, params).df()

        out = conform(self._read(run))
        if consolidated:
            from dashboard.facts.resolve import resolve

            out = resolve(out, keep_reported=False).consolidated
        return out

    def sources(self, filers: list[str] | None = None) -> pd.DataFrame:
        """One row per document read (and per file that could not be), with its provenance."""
        def run(con: Any, man: dict[str, Any]) -> pd.DataFrame:
            self._register(con, man, filers)
            return con.execute("SELECT * FROM sources ORDER BY useq, doc").df()

        return self._read(run)

    def issues(self) -> pd.DataFrame:
        def run(con: Any, man: dict[str, Any]) -> pd.DataFrame:
            self._register(con, man)
            return con.execute("SELECT * FROM issues ORDER BY useq").df()

        return self._read(run)

    def filers(self) -> pd.DataFrame:
        """entity, forms, first_year, last_year, n_facts, n_files — one row per filer (from a
        summary the library keeps up to date, so a filer picker stays instant)."""
        summary = self._files("summary")

        def read(con: Any, man: dict[str, Any]) -> pd.DataFrame:
            files = self._files("summary", None, man)
            if not files:
                return self._filers_now()
            return con.execute(f"SELECT * FROM read_parquet({_sql_list(files)}) "
                               "ORDER BY entity").df()

        return self._read(read) if summary else self._filers_now()

    def _filers_now(self) -> pd.DataFrame:
        def run(con: Any, man: dict[str, Any]) -> pd.DataFrame:
            self._register(con, man)
            return con.execute("""
                WITH f AS (SELECT entity, min(year(period_end)) AS first_year,
                                  max(year(period_end)) AS last_year, count(*) AS n_facts
                           FROM facts_parsed GROUP BY entity),
                     s AS (SELECT entity, string_agg(DISTINCT nullif(form, ''), ', '
                                  ORDER BY nullif(form, '')) AS forms,
                                  count(DISTINCT unit) AS n_files
                           FROM sources WHERE entity <> '' GROUP BY entity)
                SELECT coalesce(f.entity, s.entity) AS entity, coalesce(s.forms, '') AS forms,
                       f.first_year, f.last_year, coalesce(f.n_facts, 0) AS n_facts,
                       coalesce(s.n_files, 0) AS n_files
                FROM f FULL OUTER JOIN s USING (entity)
                WHERE coalesce(f.n_facts, 0) > 0
                   OR entity IN (SELECT meta_entity FROM sources WHERE meta_entity <> '')
                ORDER BY entity""").df()

        return self._read(run)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None, *,
              cold: bool = False) -> pd.DataFrame:
        """DuckDB SQL over the views `facts`, `sources` and `issues`. `cold`: read the Parquet
        files even when no in-memory copy exists yet, instead of making one first (a few
        aggregates at a server's start cost a tenth of a second that way; the copy, seconds)."""
        def run(con: Any, man: dict[str, Any]) -> pd.DataFrame:
            self._register(con, man, cold=cold and self._warm_gen != man.get("generation"))
            return con.execute(sql, params or []).df()

        return self._read(run)

    def has_content(self, sha256: str) -> bool:
        """Whether a file with these bytes is in the library, read by this extractor version."""
        with self._connect(read_only=True) as con:
            row = con.execute("SELECT extractor_version FROM units WHERE sha256=?",
                              [sha256]).fetchone()
        return bool(row) and row[0] == EXTRACTOR_VERSION

    def units(self) -> pd.DataFrame:
        """The files in the library (one row per file given), with their provenance."""
        with self._connect(read_only=True) as con:
            return con.execute("SELECT * FROM units ORDER BY seq").df()

    # ── settings and peer groups ────────────────────────────────────────────────────────────
    def settings_get(self, key: str, default: str | None = None) -> str | None:
        with self._connect(read_only=True) as con:
            row = con.execute("SELECT value FROM settings WHERE key=?", [key]).fetchone()
        return row[0] if row else default

    def settings_set(self, key: str, value: str | None) -> None:
        with self._connect() as con:
            if value is None:
                con.execute("DELETE FROM settings WHERE key=?", [key])
            else:
                con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, str(value)])

    def save_group(self, name: str, filers: list[str]) -> None:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a peer group needs a name")
        with self._connect() as con:
            con.execute("INSERT OR REPLACE INTO peer_groups VALUES (?, ?, ?)",
                        [name, json.dumps([str(f) for f in filers]), _now()])

    def groups(self) -> dict[str, list[str]]:
        with self._connect(read_only=True) as con:
            rows = con.execute("SELECT name, filers FROM peer_groups ORDER BY name").fetchall()
        return {n: json.loads(f) for n, f in rows}

    def delete_group(self, name: str) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM peer_groups WHERE name=?", [name])

    # ── filer labels and merges (the analyst's, kept with the library) ──────────────────────
    @property
    def labels(self) -> LibraryLabels:
        return LibraryLabels(self)

    def _migrate_labels(self, sqlite_path: Path) -> int:
        """Copy the labels and merges of the older SQLite store, once. Returns rows copied."""
        if not sqlite_path.is_file() or self.settings_get("_labels_migrated_from"):
            return 0
        import sqlite3

        src = sqlite3.connect(sqlite_path)
        try:
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            labels = (src.execute("SELECT content_hash, part, filer, source_name, updated "
                                  "FROM source_filer").fetchall()
                      if "source_filer" in tables else [])
            aliases = (src.execute("SELECT alias, canonical, updated FROM filer_alias").fetchall()
                       if "filer_alias" in tables else [])
            scales = (src.execute("SELECT filer, scale, updated FROM filer_scale").fetchall()
                      if "filer_scale" in tables else [])
        finally:
            src.close()
        with self._connect() as con:
            con.execute("BEGIN")
            for row in labels:
                con.execute("INSERT OR IGNORE INTO filer_label VALUES (?,?,?,?,?)", list(row))
            for row in aliases:
                con.execute("INSERT OR IGNORE INTO filer_alias VALUES (?,?,?)", list(row))
            for row in scales:
                con.execute("INSERT OR IGNORE INTO filer_scale VALUES (?,?,?)", list(row))
            con.execute("INSERT OR REPLACE INTO settings VALUES ('_labels_migrated_from', ?)",
                        [str(sqlite_path)])
            con.execute("COMMIT")
        return len(labels) + len(aliases) + len(scales)

    # ── writing ─────────────────────────────────────────────────────────────────────────────
    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the library's write lock (one writer at a time, across processes)."""
        with self._lock:
            self._writing = True
            try:
                self._recover()
                yield
            finally:
                self._writing = False

    def _recover(self) -> None:
        """Tidy up after a writer that died: files no transaction recorded are deleted, and the
        manifest is rewritten from the catalog."""
        with self._connect(read_only=True) as con:  # one connection: each costs ~40 ms CPU
            known = {r[0] for r in con.execute("SELECT path FROM files").fetchall()}
            for table in TABLES:
                base = self.root / table
                if not base.is_dir():
                    continue
                for f in base.rglob("*.parquet"):
                    rel = f.relative_to(self.root).as_posix()
                    if rel not in known:
                        f.unlink(missing_ok=True)
            for tmp in self.root.glob(f".{MANIFEST}.*.tmp"):
                tmp.unlink(missing_ok=True)
            self._publish(con)

    def _write_parts(self, table: str, data: pa.Table, batch: str,
                     by_entity: bool = True) -> list[tuple[str, str, str, int]]:
        """Write a table's rows, one file per filer; returns (path, table, entity, rows)."""
        out = []
        if data.num_rows == 0:
            return out
        if by_entity:  # sorted by filer once, then cut into one slice per filer
            data = data.take(pc.sort_indices(data, [("entity", "ascending")]))
            ents = data.column("entity").to_pylist()
            groups = []
            start = 0
            for i in range(1, len(ents) + 1):
                if i == len(ents) or ents[i] != ents[start]:
                    groups.append((ents[start] or "", data.slice(start, i - start)))
                    start = i
        else:
            groups = [("", data)]
        for entity, part in groups:
            sub = f"{table}/filer={_slug(entity)}" if by_entity else table
            if sub not in self._dirs:  # the library never removes a partition's folder
                (self.root / sub).mkdir(parents=True, exist_ok=True)
                self._dirs.add(sub)
            rel = f"{sub}/{batch}.parquet"
            pq.write_table(part, self.root / rel, compression="zstd")
            out.append((rel, table, entity, part.num_rows))
        return out

    def _commit(self, new_files: list[tuple[str, str, str, int]], drop_files: Iterable[str] = (),
                units: Iterable[UnitResult] = (), drop_units: Iterable[str] = (),
                keep_unit_rows: bool = False) -> None:
        """One catalog transaction: the new files and units in, the replaced ones out; then
        the manifest; then the replaced files are deleted."""
        drop_files = list(drop_files)
        with self._connect() as con:
            con.execute("BEGIN")
            for path in drop_files:
                con.execute("DELETE FROM files WHERE path=?", [path])
            for sha in drop_units:
                con.execute("DELETE FROM units WHERE sha256=?", [sha])
            now = _now()
            if new_files:
                files = pa.Table.from_pylist(
                    [{"path": p, "tbl": t, "entity": e, "rows": n, "created": now}
                     for p, t, e, n in new_files])
                con.register("_new_files", files)
                con.execute("INSERT OR REPLACE INTO files SELECT * FROM _new_files")
                con.unregister("_new_files")
            rows = []
            for r in units:
                u, o = r.unit, r.unit.origin
                rows.append({
                    "sha256": u.sha256, "name": u.name, "path": u.path, "seq": u.seq,
                    "extractor_version": EXTRACTOR_VERSION, "origin": o.get("kind", ""),
                    "url": o.get("url", ""), "accession": o.get("accession", ""),
                    "cik": o.get("cik", ""), "form": o.get("form", ""),
                    "period": o.get("period", ""), "container": u.container, "size": u.size,
                    "n_facts": r.facts.num_rows, "n_issues": r.issues.num_rows,
                    "blob": u.data is not None, "ingested_at": now})
            if rows:
                con.register("_new_units", pa.Table.from_pylist(rows, schema=_UNIT_SCHEMA))
                con.execute("INSERT OR REPLACE INTO units SELECT * FROM _new_units")
                con.unregister("_new_units")
            con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                        "WHERE key='generation'")
            if rows or drop_units:  # the cross-document steps are due (see _after_change)
                con.execute("INSERT OR REPLACE INTO meta VALUES ('steps_due', '1')")
            con.execute("COMMIT")
            self._publish(con)
        for path in drop_files:
            (self.root / path).unlink(missing_ok=True)

    def _next_seq(self, n: int, con: Any = None) -> int:
        if con is None:
            with self._connect() as con:
                return self._next_seq(n, con)
        start = int(con.execute("SELECT value FROM meta WHERE key='next_seq'").fetchone()[0])
        con.execute("UPDATE meta SET value=? WHERE key='next_seq'", [str(start + n)])
        return start

    def commit_results(self, results: list[UnitResult]) -> None:
        """Store parsed units (under the write lock)."""
        if not results:
            return
        batch = f"b{int(time.time() * 1000):x}-{uuid.uuid4().hex[:8]}"
        facts = pa.concat_tables([r.facts for r in results])
        sources = pa.concat_tables([r.sources for r in results])
        issues = pa.concat_tables([r.issues for r in results])
        files = (self._write_parts("facts", facts, batch)
                 + self._write_parts("sources", sources, batch)
                 + self._write_parts("issues", issues, batch, by_entity=False))
        for r in results:
            if r.unit.data is not None:
                self._keep_blob(r.unit)
        self._commit(files, units=results)

    def _keep_blob(self, unit: Unit) -> None:
        path = self.root / "blobs" / unit.sha256[:2] / unit.sha256
        if path.exists() or unit.data is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(unit.data)
        os.replace(tmp, path)

    # rewriting files: removal, the container's filer, compaction
    def _rows_of(self, table: str, files: list[str]) -> pa.Table:
        schema = {"facts": FACT_SCHEMA, "sources": SOURCE_SCHEMA, "issues": ISSUE_SCHEMA}[table]
        if not files:
            return schema.empty_table()
        return pa.concat_tables([pq.read_table(self.root / f, schema=schema) for f in files])

    def _rewrite(self, table: str, files: list[str],
                 change: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> None:
        self._rewrite_many([(table, files, change)])

    def _rewrite_many(self, jobs: list[tuple[str, list[str], Callable[[pd.DataFrame],
                                                                      pd.DataFrame] | None]],
                      drop_units: Iterable[str] = ()) -> None:
        """Replace files by their rows after `change` (one file per filer), all in one commit."""
        from dashboard.library.worker import facts_table, sources_table

        batch = f"r{int(time.time() * 1000):x}-{uuid.uuid4().hex[:8]}"
        new: list[tuple[str, str, str, int]] = []
        old: list[str] = []
        for table, files, change in jobs:
            if not files:
                continue
            data = self._rows_of(table, files)
            if change is not None:
                df = change(data.to_pandas())
                if table == "facts":
                    data = facts_table(df)
                elif table == "sources":
                    data = sources_table(df)
                else:
                    data = pa.Table.from_pandas(df, schema=data.schema, preserve_index=False)
            new += self._write_parts(table, data, batch, by_entity=table != "issues")
            old += files
        drop_units = list(drop_units)
        if old or drop_units:
            self._commit(new, drop_files=old, drop_units=drop_units)

    def _manifest_files(self, table: str) -> list[dict[str, Any]]:
        return [f for f in self._manifest().get("files", []) if f["table"] == table]

    def compact(self, threshold: int = COMPACT_AFTER) -> int:
        """Rewrite the files of any filer held in more than `threshold` files into one."""
        done = 0
        for table in ("facts", "sources"):
            by_entity: dict[str, list[str]] = {}
            for f in self._manifest_files(table):
                by_entity.setdefault(f["entity"], []).append(f["path"])
            for files in by_entity.values():
                if len(files) > threshold:
                    self._rewrite(table, sorted(files))
                    done += 1
        issues = [f["path"] for f in self._manifest_files("issues")]
        if len(issues) > threshold:
            self._rewrite("issues", issues)
        return done

    def _files_holding(self, table: str, column: str, values: Iterable[str]) -> list[str]:
        values = list(values)
        files = [f["path"] for f in self._manifest_files(table)]
        if not values or not files:
            return []
        con = duckdb.connect()
        try:
            rows = con.execute(
                f"SELECT DISTINCT filename FROM read_parquet({_sql_list([str(self.root / f) for f in files])},"
                f" filename=true) WHERE {column} IN (SELECT unnest(?::VARCHAR[]))",
                [values]).fetchall()
        finally:
            con.close()
        found = {Path(r[0]).resolve() for r in rows}
        return [f for f in files if (self.root / f).resolve() in found]

    def _drop_units(self, shas: list[str]) -> None:
        """Remove units' rows from every file and the units themselves, in one commit."""
        if not shas:
            return
        gone = set(shas)
        self._rewrite_many([(t, self._files_holding(t, "unit", shas),
                             lambda df: df[~df["unit"].isin(gone)])
                            for t in ("facts", "sources", "issues")], drop_units=shas)

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
            self._drop_units(list(picked))
            self._after_change()
        return sorted(set(picked.values()))

    # ── the cross-document steps, over the whole library ────────────────────────────────────
    def _share_container_filers(self, containers: Iterable[str]) -> None:
        """A folder's files share the filer its one named filer is (see
        pipeline.container_filer), as `extract` does for the files it is given together."""
        from dashboard.facts.resolve import container_filer
        from dashboard.model.documents import FilingMeta

        containers = [c for c in set(containers) if c]
        if not containers:
            return
        src = self.query("SELECT source, entity, stem, container, meta_entity, cik, form, "
                         "period, accession, unit FROM sources WHERE doc >= 0 AND container IN "
                         "(SELECT unnest(?::VARCHAR[])) ORDER BY useq, doc", [containers])
        changes: dict[str, tuple[str, FilingMeta]] = {}  # source@unit -> (stem, shared meta)
        for _, grp in src.groupby("container", sort=False):
            if grp["unit"].nunique() < 2:
                continue  # inside one file: already done when it was read
            metas = [FilingMeta(entity=r.meta_entity, cik=r.cik, form=r.form, period=r.period,
                                accession=r.accession) for r in grp.itertuples()]
            shared = container_filer(metas)
            if shared is None:
                continue
            for r in grp.itertuples():
                if r.entity in ("", r.stem) and r.entity != shared.entity:
                    changes[f"{r.source}@{r.unit}"] = (r.stem, shared)
        if not changes:
            return
        units = sorted({k.rsplit("@", 1)[1] for k in changes})

        def fix(df: pd.DataFrame) -> pd.DataFrame:
            key = df["source"].astype(str) + "@" + df["unit"].astype(str)
            for i in df.index[key.isin(list(changes))]:
                stem, meta = changes[key[i]]
                if df.at[i, "entity"] in ("", stem):
                    df.at[i, "entity"] = meta.entity
                if "meta_entity" in df:
                    for col in ("cik", "form", "period", "accession"):
                        if not df.at[i, col]:
                            df.at[i, col] = getattr(meta, col)
            return df

        self._rewrite_many([(t, self._files_holding(t, "unit", units), fix)
                            for t in ("facts", "sources")])

    def _infer_scale(self) -> None:
        """Scale inferred across documents (scale.infer_across_documents) over the library's
        facts: only facts of an assumed scale and the facts that print their figures take
        part, so this stays small however large the library is."""
        keys = ("a.metric = k.metric AND a.period_end IS NOT DISTINCT FROM k.period_end "
                "AND a.days_from IS NOT DISTINCT FROM k.days_from "
                "AND a.days_to IS NOT DISTINCT FROM k.days_to AND abs(a.raw) = abs(k.raw)")
        cols = ("unit, useq, doc, n, source, metric, period_end, days_from, days_to, value, "
                "scale, scale_basis, note, raw")  # what _scale_changes reads

        def run(con: Any, man: dict[str, Any]) -> pa.Table:
            self._register(con, man, raw=True)
            # only documents with an assumed figure that another document prints with a known
            # scale can change; they and the facts that match them are all that is read
            # (the facts are scanned once: the candidates of both kinds, materialised)
            return con.sql(f"""
                WITH c AS MATERIALIZED (
                         SELECT {cols} FROM facts_parsed
                         WHERE raw IS NOT NULL AND (scale_basis = 'assumed' OR abs(raw) >= 1000)),
                     a AS (SELECT * FROM c WHERE scale_basis = 'assumed'),
                     k AS (SELECT * FROM c WHERE scale_basis <> 'assumed' AND abs(raw) >= 1000),
                     m AS (SELECT DISTINCT a.unit, a.doc FROM a JOIN k ON {keys}),
                     am AS (SELECT a.* FROM a SEMI JOIN m USING (unit, doc))
                SELECT {cols} FROM am
                UNION ALL
                SELECT {cols} FROM k WHERE EXISTS (SELECT 1 FROM am AS a WHERE {keys})
                ORDER BY useq, doc, n""").to_arrow_table()

        out = _scale_changes(self._read(run))
        old = [f["path"] for f in self._manifest_files("overlay")]
        schema = pa.schema([("unit", pa.string()), ("doc", pa.int32()), ("n", pa.int32()),
                            ("value", pa.float64()), ("scale", pa.int64()),
                            ("scale_basis", pa.string()), ("note", pa.string())])
        table = out.cast(schema)
        before = self._rows_of_overlay(old, schema)
        if before is not None and before.sort_by([("unit", "ascending"), ("doc", "ascending"),
                                                  ("n", "ascending")]).equals(
                table.sort_by([("unit", "ascending"), ("doc", "ascending"),
                               ("n", "ascending")])):
            return  # nothing changed: the library stays exactly as it was
        new: list[tuple[str, str, str, int]] = []
        if table.num_rows:
            (self.root / "overlay").mkdir(exist_ok=True)
            rel = f"overlay/scale-{uuid.uuid4().hex[:12]}.parquet"
            pq.write_table(table, self.root / rel)
            new = [(rel, "overlay", "", table.num_rows)]
        if new or old:
            self._commit(new, drop_files=old)

    def _drop_duplicate_documents(self) -> None:
        """A document whose bytes an earlier file of the library already held is read once,
        as `extract` reads identical content once: the later copy's facts are dropped and its
        sources row says which copy was read."""
        dups = self.query("""
            WITH d AS (SELECT unit, doc, useq, source, sha256,
                              first_value(source) OVER w AS kept, row_number() OVER w AS k
                       FROM sources WHERE doc >= 0 AND sha256 <> ''
                       WINDOW w AS (PARTITION BY sha256 ORDER BY useq, doc))
            SELECT unit, doc, source, kept FROM d WHERE k > 1""")
        if dups.empty:
            return
        keys = set(zip(dups["unit"], dups["doc"].astype(int), strict=True))
        kept = {(u, int(d)): k for u, d, k in zip(dups["unit"], dups["doc"], dups["kept"],
                                                   strict=True)}
        units = sorted({u for u, _ in keys})

        def drop_facts(df: pd.DataFrame) -> pd.DataFrame:
            hit = [(u, int(d)) in keys for u, d in zip(df["unit"], df["doc"], strict=True)]
            return df[[not h for h in hit]]

        def mark_sources(df: pd.DataFrame) -> pd.DataFrame:
            ks = list(zip(df["unit"], df["doc"].astype(int), strict=True))
            hit = pd.Series([k in keys for k in ks], index=df.index)
            if not hit.any():
                return df
            df.loc[hit, "message"] = [f"the same content as {kept[k]}, which was read; this "
                                      "copy was skipped" for k, h in zip(ks, hit, strict=True) if h]
            df.loc[hit, ["status", "kind"]] = "duplicate"
            df.loc[hit, ["doc", "facts", *(c for c in df.columns if c.startswith("n_"))]] = 0
            df.loc[hit, "doc"] = -1
            return df

        self._rewrite_many([("facts", self._files_holding("facts", "unit", units), drop_facts),
                            ("sources", self._files_holding("sources", "unit", units),
                             mark_sources)])

    def _rows_of_overlay(self, files: list[str], schema: pa.Schema) -> pa.Table | None:
        if not files:
            return schema.empty_table()
        try:
            return pa.concat_tables([pq.read_table(self.root / f, schema=schema) for f in files])
        except OSError:
            return None

    def _summarise(self) -> None:
        """The filer summary behind `filers()`, rewritten when it changed."""
        now = pa.Table.from_pandas(self._filers_now(), preserve_index=False)
        old = [f["path"] for f in self._manifest_files("summary")]
        if old:
            try:
                before = pa.concat_tables([pq.read_table(self.root / f) for f in old])
                if before.equals(now):
                    return
            except (OSError, pa.ArrowInvalid):
                pass
        (self.root / "summary").mkdir(exist_ok=True)
        rel = f"summary/filers-{uuid.uuid4().hex[:12]}.parquet"
        pq.write_table(now, self.root / rel)
        self._commit([(rel, "summary", "", now.num_rows)], drop_files=old)

    def steps_due(self) -> bool:
        """Whether files came in (or went) since the cross-document steps last ran."""
        with self._connect(read_only=True) as con:
            row = con.execute("SELECT value FROM meta WHERE key='steps_due'").fetchone()
        return bool(row) and row[0] == "1"

    def _after_change(self, containers: Iterable[str] = (), *, force: bool = True,
                      timings: dict[str, float] | None = None) -> None:
        """The cross-document steps, after files came in or went: a document held twice read
        once, a folder's shared filer, the scale inferred across documents; then compaction
        and the filer summary. Skipped when nothing changed since they last ran. `timings`
        gets each step's seconds."""
        if not force and not self.steps_due():
            return
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("documents held twice", self._drop_duplicate_documents),
            ("a folder's filer", lambda: self._share_container_filers(containers)),
            ("scale across documents", self._infer_scale),
            ("compaction", self.compact),
            ("filer summary", self._summarise)]
        for name, run in steps:
            t = time.perf_counter()
            run()
            if timings is not None:
                timings[f"  step: {name}"] = time.perf_counter() - t
        with self._connect() as con:
            con.execute("INSERT OR REPLACE INTO meta VALUES ('steps_due', '0')")

    # ── ingest ──────────────────────────────────────────────────────────────────────────────
    def ingest_paths(self, paths: Iterable[str | Path], *, scheduler: str | None = None,
                     workers: int | None = None, progress: Progress | None = None,
                     origin: dict[str, dict[str, str]] | None = None) -> IngestReport:
        """Read files, folders and zips into the library (files already in it are skipped)."""
        from dashboard.library.ingest import plan_paths, run_ingest

        units, notes = plan_paths(paths, origin or {})
        report = run_ingest(self, units, scheduler=scheduler, workers=workers,
                            progress=progress)
        report.notes[:0] = notes
        return report

    def ingest_bytes(self, items: Iterable[tuple[str, bytes]], *,
                     origin: dict[str, dict[str, str]] | None = None,
                     progress: Progress | None = None, scheduler: str | None = None,
                     workers: int | None = None) -> IngestReport:
        """Read in-memory files (uploads, downloads) into the library; their bytes are kept so
        a newer extractor can read them again. `origin`: per name, provenance (url, accession,
        cik, form, period, kind)."""
        from dashboard.library.ingest import run_ingest

        origin = origin or {}
        units = []
        for name, data in items:
            o = {"kind": "upload", **origin.get(name, {})}
            units.append(Unit(name=name, sha256=sha256(data).hexdigest(), data=bytes(data),
                              size=len(data), origin=o))
        return run_ingest(self, units, scheduler=scheduler, workers=workers, progress=progress)

    def refresh(self, progress: Progress | None = None, **kw: Any) -> IngestReport:
        """Read again, with this extractor version, every file read by an older one whose bytes
        the library kept (uploads) or whose path still holds the same bytes."""
        from dashboard.library.ingest import run_ingest

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

    def stale(self) -> int:
        """How many files were read by another extractor version."""
        with self._connect(read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM units WHERE extractor_version <> ?",
                                   [EXTRACTOR_VERSION]).fetchone()[0])



def _scale_changes(rows: pa.Table) -> pa.Table:
    """The facts of an inferred scale after `resolve.infer_scale_across_documents`, among the rows of
    `Library._infer_scale`'s query (sorted by useq, doc, n): unit, doc, n and the new value,
    scale, scale_basis and note. The frame is built from the Arrow columns directly, with the
    dtypes `schema.conform` gives, and one `doc` per document of the library (unit, doc)."""
    from dashboard.facts.resolve import infer_scale_across_documents

    cols = {"unit": pa.string(), "doc": pa.int32(), "n": pa.int32(), "value": pa.float64(),
            "scale": pa.int64(), "scale_basis": pa.string(), "note": pa.string()}
    empty = pa.schema(list(cols.items())).empty_table()
    if rows.num_rows == 0:
        return empty
    ints = pd.Int64Dtype()
    frame = pd.DataFrame({
        "source": rows.column("source").to_pandas().fillna("").astype("string"),
        "metric": rows.column("metric").to_pandas().fillna("").astype("string"),
        "period_end": rows.column("period_end").to_pandas(date_as_object=True),
        "days_from": rows.column("days_from").to_pandas(types_mapper={pa.int64(): ints}.get),
        "days_to": rows.column("days_to").to_pandas(types_mapper={pa.int64(): ints}.get),
        "value": rows.column("value").to_pandas().astype("float64"),
        "scale": rows.column("scale").to_pandas(types_mapper={pa.int64(): ints}.get)
        .fillna(1),
        "scale_basis": rows.column("scale_basis").to_pandas().fillna("").astype("string"),
        "note": rows.column("note").to_pandas().fillna("").astype("string"),
        "raw": rows.column("raw").to_pandas(types_mapper={pa.float64(): pd.Float64Dtype()}.get),
    })
    period = frame["period_end"]
    frame["period_end"] = period.astype("object").where(period.notna(), None)
    units = rows.column("unit").to_numpy(zero_copy_only=False)
    docs = rows.column("doc").to_numpy(zero_copy_only=False)
    # one number per document, in the rows' order (a unit's documents are consecutive)
    frame["doc"] = pd.factorize(pd.Series(units).astype(str) + "\x00" + pd.Series(docs).astype(str),
                                sort=False)[0]
    done = infer_scale_across_documents(frame)
    # what is inferred now (the known facts already inferred inside their file pass through)
    inferred = (done["scale_basis"] == "inferred").to_numpy()
    if not inferred.any():
        return empty
    idx = inferred.nonzero()[0]
    return pa.table({
        "unit": pa.array(units[idx], pa.string()), "doc": pa.array(docs[idx], pa.int32()),
        "n": rows.column("n").take(pa.array(idx)).cast(pa.int32()),
        "value": pa.array(done["value"].to_numpy()[idx].astype(float), pa.float64()),
        "scale": pa.array([int(x) for x in done["scale"].to_numpy()[idx]], pa.int64()),
        "scale_basis": pa.array(["inferred"] * len(idx), pa.string()),
        "note": pa.array([str(x) for x in done["note"].to_numpy()[idx]], pa.string())})


class LibraryLabels:
    """The analyst's filer names and merges, in the library's catalog; the same calls as the
    older `store.LabelStore`, which it replaces."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.path = lib.catalog

    def set_filer(self, content_hash: str, filer: str, *, part: str = "",
                  source_name: str = "") -> None:
        filer = " ".join(filer.split())
        with self.lib._connect() as con:
            if not filer:
                con.execute("DELETE FROM filer_label WHERE content_hash=? AND part=?",
                            [content_hash, part])
                return
            con.execute("INSERT OR REPLACE INTO filer_label VALUES (?,?,?,?,?)",
                        [content_hash, part, filer, source_name, _now()])

    def filer_for(self, content_hash: str, part: str = "") -> str | None:
        with self.lib._connect(read_only=True) as con:
            row = con.execute("SELECT filer FROM filer_label WHERE content_hash=? AND part=?",
                              [content_hash, part]).fetchone()
        return row[0] if row else None

    def filers(self, hashes: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
        with self.lib._connect(read_only=True) as con:
            rows = con.execute("SELECT content_hash, part, filer FROM filer_label").fetchall()
        wanted = set(hashes) if hashes is not None else None
        return {(h, p): f for h, p, f in rows if wanted is None or h in wanted}

    def merge(self, names: Iterable[str], canonical: str) -> list[str]:
        canonical = " ".join(canonical.split())
        if not canonical:
            raise ValueError("a merge needs the name to merge into")
        written = []
        with self.lib._connect() as con:
            con.execute("DELETE FROM filer_alias WHERE alias=?", [canonical])
            for n in names:
                n = " ".join(str(n).split())
                if n and n != canonical:
                    con.execute("INSERT OR REPLACE INTO filer_alias VALUES (?,?,?)",
                                [n, canonical, _now()])
                    written.append(n)
        return written

    def unmerge(self, alias: str) -> None:
        with self.lib._connect() as con:
            con.execute("DELETE FROM filer_alias WHERE alias=?", [alias])

    def aliases(self) -> dict[str, str]:
        with self.lib._connect(read_only=True) as con:
            return dict(con.execute("SELECT alias, canonical FROM filer_alias").fetchall())

    def set_filer_scale(self, filer: str, scale: str) -> None:
        """Say the scale ("units", "thousands", "millions") of a filer's unstated figures; an
        empty scale forgets it. A word that is no scale is refused before it is kept."""
        from dashboard.extract.scale import given_scale

        filer = " ".join(filer.split())
        with self.lib._connect() as con:
            if not scale:
                con.execute("DELETE FROM filer_scale WHERE filer=?", [filer])
                return
            given_scale(scale)
            con.execute("INSERT OR REPLACE INTO filer_scale VALUES (?,?,?)",
                        [filer, scale.strip().lower(), _now()])

    def filer_scales(self) -> dict[str, str]:
        """{filer: scale word}."""
        with self.lib._connect(read_only=True) as con:
            return dict(con.execute("SELECT filer, scale FROM filer_scale").fetchall())

    def clear(self) -> None:
        """Forget every label, merge and given scale."""
        with self.lib._connect() as con:
            con.execute("DELETE FROM filer_label")
            con.execute("DELETE FROM filer_alias")
            con.execute("DELETE FROM filer_scale")


__all__ = ["IngestReport", "Library", "LibraryBusy", "LibraryLabels", "LibraryWriteError",
           "SOURCE_COLUMNS", "default_library_dir"]
