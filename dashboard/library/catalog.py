"""The library's catalog (`catalog.duckdb`): what the library holds and the analyst's settings.

Tables: `units` (one row per file given: content hash, extractor version, origin), `files` (the
dataset's Parquet files and the span of filers each holds), `meta` (schema version, generation,
sequence numbers, whether the cross-document steps are due), `settings`, `peer_groups`, and the
analyst's filer names, merges and given scales (`filer_label`, `filer_alias`, `filer_scale`).

Connections are short-lived (DuckDB allows one writing process at a time): each costs tens of
milliseconds, so callers that need several statements share one.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard.extract.scale import given_scale
from dashboard.library.version import EXTRACTOR_VERSION

# 1: facts and sources partitioned by filer; 2: a few files per commit, sorted by filer;
# 3: sources carry the filing's dei fiscal focus (fiscal_year_focus, fiscal_period_focus)
SCHEMA_VERSION = 3

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS units (
    sha256 VARCHAR PRIMARY KEY, name VARCHAR, path VARCHAR, seq BIGINT,
    extractor_version VARCHAR, origin VARCHAR, url VARCHAR, accession VARCHAR, cik VARCHAR,
    form VARCHAR, period VARCHAR, container VARCHAR, size BIGINT, n_facts BIGINT,
    n_issues BIGINT, blob BOOLEAN, ingested_at VARCHAR);
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY, tbl VARCHAR, entity VARCHAR, rows BIGINT, created VARCHAR);
ALTER TABLE units ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;
ALTER TABLE files ADD COLUMN IF NOT EXISTS lo VARCHAR;
ALTER TABLE files ADD COLUMN IF NOT EXISTS hi VARCHAR;
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

UNIT_SCHEMA = pa.schema([
    ("sha256", pa.string()), ("name", pa.string()), ("path", pa.string()), ("seq", pa.int64()),
    ("extractor_version", pa.string()), ("origin", pa.string()), ("url", pa.string()),
    ("accession", pa.string()), ("cik", pa.string()), ("form", pa.string()),
    ("period", pa.string()), ("container", pa.string()), ("size", pa.int64()),
    ("n_facts", pa.int64()), ("n_issues", pa.int64()), ("blob", pa.bool_()),
    ("ingested_at", pa.string()), ("mtime_ns", pa.int64())])
FILE_SCHEMA = pa.schema([("path", pa.string()), ("tbl", pa.string()), ("entity", pa.string()),
                         ("rows", pa.int64()), ("created", pa.string()), ("lo", pa.string()),
                         ("hi", pa.string())])
_process_lock = threading.RLock()  # one DuckDB catalog connection at a time in this process


@dataclass(frozen=True)
class LabelRows:
    labels: list[tuple[str, str, str]]  # content hash, part, filer
    aliases: dict[str, str]
    scales: dict[str, str]


class LibraryBusy(RuntimeError):
    """The catalog stayed locked by another process for longer than we waited."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Holding:
    """What `Catalog.holding` says."""

    units: int
    stale: int
    files: dict[str, tuple[int, int, str]]  # path -> size, modification time, content hash


class Catalog:
    """The catalog file of one library."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._labels: tuple[tuple[Any, ...], LabelRows] | None = None

    def stamp(self) -> tuple[Any, ...]:
        """The catalog file's and its write-ahead log's size and modification time: every
        write changes them, and reading them is a stat, not a connection."""
        out: list[Any] = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(None)
        return tuple(out)

    def label_rows(self) -> LabelRows:
        """The analyst's labels, merges and given scales, read in one connection and kept
        until the catalog changes (the app asks for all three on every new view)."""
        stamp = self.stamp()  # taken first: a write while reading makes the next call read
        if self._labels is not None and self._labels[0] == stamp:
            return self._labels[1]
        with self.connect(read_only=True) as con:
            rows = LabelRows(
                labels=con.execute("SELECT content_hash, part, filer FROM filer_label").fetchall(),
                aliases=dict(con.execute("SELECT alias, canonical FROM filer_alias").fetchall()),
                scales=dict(con.execute("SELECT filer, scale FROM filer_scale").fetchall()))
        self._labels = (stamp, rows)
        return rows

    @contextmanager
    def connect(self, read_only: bool = False, wait: float = 60.0) -> Iterator[Any]:
        """A short-lived connection; waits while another process holds the catalog."""
        deadline = time.monotonic() + wait
        if not read_only:
            self._labels = None  # a write through this object: read the labels again
        with _process_lock:
            while True:
                try:
                    con = duckdb.connect(str(self.path), read_only=read_only and
                                         self.path.exists())
                    break
                except duckdb.IOException as exc:
                    if time.monotonic() > deadline:
                        raise LibraryBusy(f"the library at {self.path.parent} is busy: "
                                          f"{exc}") from exc
                    time.sleep(0.05)
            try:
                yield con
            finally:
                con.close()

    def create(self, con: Any) -> None:
        """The tables (those missing, and the columns a newer schema added)."""
        con.execute(_SCHEMA)

    @staticmethod
    def schema_version(con: Any) -> int:
        row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else SCHEMA_VERSION

    # ── the dataset's files ───────────────────────────────────────────────────────────────
    @staticmethod
    def record(con: Any, new_files: list[dict[str, Any]], drop_files: Iterable[str],
               units: pa.Table | None, drop_units: Iterable[str]) -> None:
        """One transaction's changes (the caller opens and commits the transaction): each
        kind of change one statement, however many files and units it names. `units`: rows
        of UNIT_SCHEMA."""
        drop_files, drop_units = list(drop_files), list(drop_units)
        if drop_files:
            con.execute("DELETE FROM files WHERE path IN (SELECT unnest(?::VARCHAR[]))",
                        [drop_files])
        if drop_units:
            con.execute("DELETE FROM units WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))",
                        [drop_units])
        if new_files:
            stamp = now()
            con.register("_new_files", pa.Table.from_pylist(
                [{**f, "created": stamp} for f in new_files], schema=FILE_SCHEMA))
            con.execute("INSERT OR REPLACE INTO files (path, tbl, entity, rows, created, lo, hi) "
                        "SELECT * FROM _new_files")
            con.unregister("_new_files")
        if units is not None and units.num_rows:
            con.register("_new_units", units)
            con.execute("INSERT OR REPLACE INTO units SELECT * FROM _new_units")
            con.unregister("_new_units")
        con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                    "WHERE key='generation'")
        if (units is not None and units.num_rows) or drop_units:
            con.execute("INSERT OR REPLACE INTO meta VALUES ('steps_due', '1')")

    @staticmethod
    def listing(con: Any) -> tuple[int, list[tuple[Any, ...]]]:
        """The generation and (path, table, entity, rows, lo, hi) of every file."""
        gen = con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]
        rows = con.execute("SELECT path, tbl, entity, rows, lo, hi FROM files "
                           "ORDER BY path").fetchall()
        return int(gen), rows

    # ── units ────────────────────────────────────────────────────────────────────────────
    @staticmethod
    def next_seq(con: Any, n: int) -> int:
        start = int(con.execute("SELECT value FROM meta WHERE key='next_seq'").fetchone()[0])
        con.execute("UPDATE meta SET value=? WHERE key='next_seq'", [str(start + n)])
        return start

    def units(self) -> pd.DataFrame:
        with self.connect(read_only=True) as con:
            return con.execute("SELECT * FROM units ORDER BY seq").df()

    def has_content(self, sha256: str) -> bool:
        with self.connect(read_only=True) as con:
            row = con.execute("SELECT extractor_version FROM units WHERE sha256=?",
                              [sha256]).fetchone()
        return bool(row) and row[0] == EXTRACTOR_VERSION

    def holding(self) -> Holding:
        """What the library holds, for an ingest's plan: how many units, how many of them an
        older extractor read, and each file read from a path, as its size and modification
        time then and its content hash."""
        with self.connect(read_only=True) as con:
            held, stale = con.execute("SELECT count(*), count(*) FILTER (WHERE "
                                      "extractor_version <> ?) FROM units",
                                      [EXTRACTOR_VERSION]).fetchone()
            rows = con.execute("SELECT path, size, mtime_ns, sha256 FROM units WHERE path <> '' "
                               "AND mtime_ns IS NOT NULL").fetchall()
        return Holding(int(held), int(stale), {p: (sz, mt, sha) for p, sz, mt, sha in rows})

    def remember_mtimes(self, rows: list[tuple[str, str, int]]) -> None:
        """(content hash, path, modification time) of files found unchanged by their hash:
        the next ingest knows them by their size and time (a library from before times were
        kept, or a file touched)."""
        with self.connect() as con:
            con.register("_seen", pa.table({"sha256": [r[0] for r in rows],
                                            "path": [r[1] for r in rows],
                                            "mtime_ns": pa.array([r[2] for r in rows],
                                                                 pa.int64())}))
            con.execute("UPDATE units SET mtime_ns = s.mtime_ns FROM _seen s "
                        "WHERE units.sha256 = s.sha256 AND units.path = s.path")
            con.unregister("_seen")

    def stale(self) -> int:
        with self.connect(read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM units WHERE extractor_version <> ?",
                                   [EXTRACTOR_VERSION]).fetchone()[0])

    def steps_due(self) -> bool:
        with self.connect(read_only=True) as con:
            row = con.execute("SELECT value FROM meta WHERE key='steps_due'").fetchone()
        return bool(row) and row[0] == "1"

    def steps_done(self) -> None:
        with self.connect() as con:
            con.execute("INSERT OR REPLACE INTO meta VALUES ('steps_due', '0')")

    # ── settings and peer groups ─────────────────────────────────────────────────────────
    def settings_get(self, key: str, default: str | None = None) -> str | None:
        with self.connect(read_only=True) as con:
            row = con.execute("SELECT value FROM settings WHERE key=?", [key]).fetchone()
        return row[0] if row else default

    def settings_set(self, key: str, value: str | None) -> None:
        with self.connect() as con:
            if value is None:
                con.execute("DELETE FROM settings WHERE key=?", [key])
            else:
                con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, str(value)])

    def save_group(self, name: str, filers: list[str]) -> None:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a peer group needs a name")
        with self.connect() as con:
            con.execute("INSERT OR REPLACE INTO peer_groups VALUES (?, ?, ?)",
                        [name, json.dumps([str(f) for f in filers]), now()])

    def groups(self) -> dict[str, list[str]]:
        with self.connect(read_only=True) as con:
            rows = con.execute("SELECT name, filers FROM peer_groups ORDER BY name").fetchall()
        return {n: json.loads(f) for n, f in rows}

    def delete_group(self, name: str) -> None:
        with self.connect() as con:
            con.execute("DELETE FROM peer_groups WHERE name=?", [name])

    def migrate_labels(self, sqlite_path: Path) -> int:
        """Copy the labels and merges of the older SQLite store, once. Returns rows copied."""
        if not sqlite_path.is_file() or self.settings_get("_labels_migrated_from"):
            return 0
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
        with self.connect() as con:
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


class LibraryLabels:
    """The analyst's filer names and merges, in the library's catalog; the same calls as the
    older `store.LabelStore`, which it replaces."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.path = catalog.path

    def set_filer(self, content_hash: str, filer: str, *, part: str = "",
                  source_name: str = "") -> None:
        filer = " ".join(filer.split())
        with self.catalog.connect() as con:
            if not filer:
                con.execute("DELETE FROM filer_label WHERE content_hash=? AND part=?",
                            [content_hash, part])
                return
            con.execute("INSERT OR REPLACE INTO filer_label VALUES (?,?,?,?,?)",
                        [content_hash, part, filer, source_name, now()])

    def filer_for(self, content_hash: str, part: str = "") -> str | None:
        return self.filers([content_hash]).get((content_hash, part))

    def filers(self, hashes: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
        wanted = set(hashes) if hashes is not None else None
        return {(h, p): f for h, p, f in self.catalog.label_rows().labels
                if wanted is None or h in wanted}

    def merge(self, names: Iterable[str], canonical: str) -> list[str]:
        canonical = " ".join(canonical.split())
        if not canonical:
            raise ValueError("a merge needs the name to merge into")
        written = []
        with self.catalog.connect() as con:
            con.execute("DELETE FROM filer_alias WHERE alias=?", [canonical])
            for n in names:
                n = " ".join(str(n).split())
                if n and n != canonical:
                    con.execute("INSERT OR REPLACE INTO filer_alias VALUES (?,?,?)",
                                [n, canonical, now()])
                    written.append(n)
        return written

    def unmerge(self, alias: str) -> None:
        with self.catalog.connect() as con:
            con.execute("DELETE FROM filer_alias WHERE alias=?", [alias])

    def aliases(self) -> dict[str, str]:
        return dict(self.catalog.label_rows().aliases)

    def set_filer_scale(self, filer: str, scale: str) -> None:
        """Say the scale ("units", "thousands", "millions") of a filer's unstated figures; an
        empty scale forgets it. A word that is no scale is refused before it is kept."""
        filer = " ".join(filer.split())
        with self.catalog.connect() as con:
            if not scale:
                con.execute("DELETE FROM filer_scale WHERE filer=?", [filer])
                return
            given_scale(scale)
            con.execute("INSERT OR REPLACE INTO filer_scale VALUES (?,?,?)",
                        [filer, scale.strip().lower(), now()])

    def filer_scales(self) -> dict[str, str]:
        """{filer: scale word}."""
        return dict(self.catalog.label_rows().scales)

    def clear(self) -> None:
        """Forget every label, merge and given scale."""
        with self.catalog.connect() as con:
            con.execute("DELETE FROM filer_label")
            con.execute("DELETE FROM filer_alias")
            con.execute("DELETE FROM filer_scale")
