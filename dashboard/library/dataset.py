"""The library's dataset on disk: Parquet files of facts, sources and issues, and the manifest.

Layout (schema 2):

    facts/<batch>.parquet     one file per commit, rows sorted by filer (then file, document,
                              fact), in row groups of ROW_GROUP rows whose min/max statistics
                              let DuckDB skip the groups of other filers
    sources/<batch>.parquet   the same for the sources rows
    issues/<batch>.parquet    what could not be read
    overlay/, summary/        what the cross-document steps computed (one file each)
    manifest.json             the current files, each with the span of filers it holds
                              (`lo`..`hi`): a query for some filers opens only the files whose
                              span holds one of them

The number of files grows with the number of commits, never with the number of filers: a
folder of 10,000 fragments that each name a filer of their own is four files per table, not
10,000 partitions of a few KB. Compaction merges the small files of a table once there are
more than COMPACT_FILES of them (the smallest first, up to FILE_ROWS rows per file).

A library written with schema 1 (`facts/filer=<f>/…`, one folder per filer) or 2 (sources
without the fiscal focus columns, which a schema-3 file has: DuckDB reads a list of files by
the first one's columns) is rewritten into this layout when it is opened (`migrate`), under
the write lock, in one commit.

Writes: new files are written under fresh names (invisible), then one catalog transaction
records them, then the manifest is replaced (write then rename), then the files they replace
are deleted. A writer that dies leaves the previous state or the next, never half of one; the
next writer tidies up (`recover`). Readers never open the catalog: the manifest names the files.
"""

from __future__ import annotations

import bisect
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.library.catalog import SCHEMA_VERSION, UNIT_SCHEMA, Catalog
from dashboard.library.version import EXTRACTOR_VERSION
from dashboard.library.worker import (
    FACT_SCHEMA,
    ISSUE_SCHEMA,
    SOURCE_SCHEMA,
    Parsed,
    Unit,
    facts_table,
    sources_table,
)

MANIFEST = "manifest.json"
TABLES = ("facts", "sources", "issues", "overlay", "summary")
SCHEMAS = {"facts": FACT_SCHEMA, "sources": SOURCE_SCHEMA, "issues": ISSUE_SCHEMA}
# sort order inside a file: filer first (row-group statistics then separate filers), then the
# order the facts were read in
SORT_KEYS = {"facts": ("entity", "useq", "doc", "n"), "sources": ("entity", "useq", "doc"),
             "issues": ("useq",)}
ROW_GROUP = 16_384  # rows per row group: fine enough to skip, coarse enough to compress
FILE_ROWS = 500_000  # compaction stops growing a file here (bounded memory while merging)
COMPACT_FILES = 8  # a table in more files than this has its small files merged
Change = Callable[[pd.DataFrame], pd.DataFrame]
ArrowChange = Callable[[pa.Table], pa.Table]


class LibraryWriteError(RuntimeError):
    """Parsed files could not be stored (a full disk, a lost folder): the message names the
    library, the files and the cause; every commit before it is kept."""


def sql_list(items: Iterable[str]) -> str:
    """A DuckDB list literal of strings."""
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in items) + "]"


def _batch(prefix: str) -> str:
    return f"{prefix}{int(time.time() * 1000):x}-{uuid.uuid4().hex[:8]}"


class Dataset:
    """The files of one library and the manifest that names them."""

    def __init__(self, root: Path, catalog: Catalog) -> None:
        self.root = root
        self.catalog = catalog
        self.writing = False  # while this process writes, reads go to the files
        self._dirs: set[str] = set()

    # ── the manifest (what readers see) ─────────────────────────────────────────────────
    def manifest(self) -> dict[str, Any]:
        try:
            return json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"generation": 0, "files": []}

    def publish(self, con: Any = None) -> None:
        """Write the manifest from the catalog (a temporary file, then a rename); with `con`,
        through that open catalog connection (each new one costs tens of ms)."""
        if con is None:
            with self.catalog.connect(read_only=True) as con:
                self.publish(con)
            return
        gen, rows = self.catalog.listing(con)
        version = self.catalog.schema_version(con)
        man = {"schema_version": version, "generation": gen,
               "files": [{"path": p, "table": t, "entity": e, "rows": n, "lo": lo, "hi": hi}
                         for p, t, e, n, lo, hi in rows]}
        tmp = self.root / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(man), encoding="utf-8")
        os.replace(tmp, self.root / MANIFEST)

    def entries(self, table: str, man: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        man = man or self.manifest()
        return [f for f in man.get("files", []) if f["table"] == table]

    def files(self, table: str, entities: Iterable[str] | None = None,
              man: dict[str, Any] | None = None) -> list[str]:
        """Absolute paths of a table's files; with `entities`, only the files whose span of
        filers holds one of them."""
        entries = self.entries(table, man)
        if entities is None:
            return [str(self.root / f["path"]) for f in entries]
        wanted = sorted({str(e) for e in entities})
        out = []
        for f in entries:
            lo, hi = f.get("lo"), f.get("hi")
            if lo is None or hi is None:  # a file of one filer (schema 1), or a table without
                lo = hi = f.get("entity", "")
            k = bisect.bisect_left(wanted, lo)
            if k < len(wanted) and wanted[k] <= hi:
                out.append(str(self.root / f["path"]))
        return out

    # ── writing ─────────────────────────────────────────────────────────────────────────
    def recover(self) -> None:
        """Tidy up after a writer that died: files no transaction recorded are deleted, and the
        manifest is rewritten from the catalog."""
        with self.catalog.connect(read_only=True) as con:
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
            self.publish(con)

    def write(self, table: str, data: pa.Table, batch: str) -> list[dict[str, Any]]:
        """Write a table's rows as one file, sorted by filer; returns its catalog entry."""
        if data.num_rows == 0:
            return []
        keys = SORT_KEYS.get(table)
        if keys:
            data = data.sort_by([(k, "ascending") for k in keys])
        if table not in self._dirs:
            (self.root / table).mkdir(parents=True, exist_ok=True)
            self._dirs.add(table)
        rel = f"{table}/{batch}.parquet"
        pq.write_table(data, self.root / rel, compression="zstd", row_group_size=ROW_GROUP)
        lo = hi = None
        if "entity" in data.column_names:
            span = pc.min_max(data.column("entity"))
            lo, hi = span["min"].as_py() or "", span["max"].as_py() or ""
        return [{"path": rel, "tbl": table, "entity": "", "rows": data.num_rows,
                 "lo": lo, "hi": hi}]

    def commit(self, new_files: list[dict[str, Any]], drop_files: Iterable[str] = (),
               results: Iterable[Parsed] = (), drop_units: Iterable[str] = ()) -> None:
        """One catalog transaction: the new files and units in, the replaced ones out; then
        the manifest; then the replaced files are deleted."""
        drop_files, drop_units = list(drop_files), list(drop_units)
        units = _unit_rows(list(results))
        with self.catalog.connect() as con:
            con.execute("BEGIN")
            self.catalog.record(con, new_files, drop_files, units, drop_units)
            con.execute("COMMIT")
            self.publish(con)
        for path in drop_files:
            (self.root / path).unlink(missing_ok=True)

    def store(self, results: list[Parsed]) -> None:
        """Parsed units in: one file per table, their bytes kept when they were handed over
        (uploads), one commit."""
        if not results:
            return
        batch = _batch("b")
        files: list[dict[str, Any]] = []
        for table in ("facts", "sources", "issues"):
            files += self.write(table, pa.concat_tables([getattr(r, table) for r in results]),
                                batch)
        for r in results:
            for u in r.units:
                if u.data is not None:
                    self.keep_blob(u)
        self.commit(files, results=results)

    def keep_blob(self, unit: Unit) -> None:
        path = self.root / "blobs" / unit.sha256[:2] / unit.sha256
        if path.exists() or unit.data is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(unit.data)
        os.replace(tmp, path)

    # ── rewriting files: removal, the cross-document steps, compaction ──────────────────
    def rows_of(self, table: str, files: list[str]) -> pa.Table:
        schema = SCHEMAS[table]
        if not files:
            return schema.empty_table()
        return pa.concat_tables([read_file(self.root / f, schema) for f in files])

    def rewrite(self, jobs: list[tuple[str, list[str], Change | None]],
                drop_units: Iterable[str] = ()) -> None:
        """Replace files by their rows after `change` (a DataFrame's), in one commit."""
        def arrow(table: str, change: Change | None) -> ArrowChange | None:
            if change is None:
                return None
            to_table = {"facts": facts_table, "sources": sources_table}.get(table)

            def run(data: pa.Table) -> pa.Table:
                df = change(data.to_pandas())
                if to_table is not None:
                    return to_table(df)
                return pa.Table.from_pandas(df, schema=data.schema, preserve_index=False)

            return run

        self.rewrite_arrow([(t, files, arrow(t, change)) for t, files, change in jobs],
                           drop_units)

    def rewrite_arrow(self, jobs: list[tuple[str, list[str], ArrowChange | None]],
                      drop_units: Iterable[str] = ()) -> None:
        """Replace files by their rows after `change` (an Arrow table's; one file per table),
        in one commit."""
        batch = _batch("r")
        new: list[dict[str, Any]] = []
        old: list[str] = []
        for table, files, change in jobs:
            if not files:
                continue
            data = self.rows_of(table, files)
            if change is not None:
                data = change(data).cast(SCHEMAS[table])
            new += self.write(table, data, batch)
            old += files
        drop_units = list(drop_units)
        if old or drop_units:
            self.commit(new, drop_files=old, drop_units=drop_units)

    def files_holding(self, table: str, column: str, values: Iterable[str]) -> list[str]:
        """The table's files (relative paths) with a row whose `column` is one of `values`."""
        values = list(values)
        files = [f["path"] for f in self.entries(table)]
        if not values or not files:
            return []
        con = duckdb.connect()
        try:
            rows = con.execute(
                f"SELECT DISTINCT filename FROM read_parquet("
                f"{sql_list(str(self.root / f) for f in files)}, filename=true) "
                f"WHERE {column} IN (SELECT unnest(?::VARCHAR[]))", [values]).fetchall()
        finally:
            con.close()
        found = {Path(r[0]).resolve() for r in rows}
        return [f for f in files if (self.root / f).resolve() in found]

    def drop_units(self, shas: list[str]) -> None:
        """Remove units' rows from every file and the units themselves, in one commit."""
        if not shas:
            return
        gone = pa.array(sorted(set(shas)), pa.string())

        def keep(data: pa.Table) -> pa.Table:
            return data.filter(pc.invert(pc.is_in(data.column("unit"), value_set=gone)))

        self.rewrite_arrow([(t, self.files_holding(t, "unit", shas), keep)
                            for t in ("facts", "sources", "issues")], drop_units=shas)

    def compact(self, threshold: int = COMPACT_FILES) -> int:
        """Merge a table's small files while it has more than `threshold`: the smallest
        first, into files of at most about FILE_ROWS rows. Returns the merges done."""
        done = 0
        for table in ("facts", "sources", "issues"):
            while True:
                entries = self.entries(table)
                if len(entries) <= threshold:
                    break
                small = sorted((f for f in entries if f["rows"] < FILE_ROWS),
                               key=lambda f: f["rows"])
                pick: list[str] = []
                rows = 0
                for f in small:
                    if len(pick) >= 2 and rows + f["rows"] > FILE_ROWS:
                        break
                    pick.append(f["path"])
                    rows += f["rows"]
                if len(pick) < 2:
                    break
                self.rewrite([(table, pick, None)])
                done += 1
        return done

    # ── the layouts of schemas 1 and 2 ───────────────────────────────────────────────────
    def migrate(self) -> None:
        """Rewrite a schema-1 library (one folder per filer) or a schema-2 one (sources
        without the fiscal focus) into this layout, in one commit
        (under the write lock): its files are read a batch at a time, so memory stays
        bounded by FILE_ROWS whatever the library's size."""
        new: list[dict[str, Any]] = []
        old: list[str] = []
        batch = _batch("m")
        for table in ("facts", "sources", "issues"):
            parts: list[pa.Table] = []
            rows = 0
            for f in self.entries(table):
                parts.append(read_file(self.root / f["path"], SCHEMAS[table]))
                rows += parts[-1].num_rows
                old.append(f["path"])
                if rows >= FILE_ROWS:
                    new += self.write(table, pa.concat_tables(parts), f"{batch}-{len(new)}")
                    parts, rows = [], 0
            if parts:
                new += self.write(table, pa.concat_tables(parts), f"{batch}-{len(new)}")
        with self.catalog.connect() as con:
            con.execute("BEGIN")
            self.catalog.create(con)
            self.catalog.record(con, new, old, None, [])
            con.execute("UPDATE meta SET value=? WHERE key='schema_version'",
                        [str(SCHEMA_VERSION)])
            con.execute("COMMIT")
            self.publish(con)
        for path in old:
            (self.root / path).unlink(missing_ok=True)
        for table in ("facts", "sources"):
            base = self.root / table
            for d in base.glob("filer=*") if base.is_dir() else ():
                if d.is_dir() and not any(d.iterdir()):
                    d.rmdir()


def read_file(path: Path, schema: pa.Schema) -> pa.Table:
    """A file's rows with `schema`: read directly when the file has it (the usual case, and
    a fraction of the cost of the datasets reader), else through it (a file of an older
    schema: the columns it lacks blank, as the worker writes them, others cast)."""
    f = pq.ParquetFile(path)
    if f.schema_arrow.remove_metadata().equals(schema):
        return f.read().replace_schema_metadata(None)
    return _filled(pq.read_table(path, schema=schema))


def _filled(rows: pa.Table) -> pa.Table:
    """An older file's rows with the string columns it lacked (read as nulls) set to "", as
    the worker writes a blank."""
    for i, f in enumerate(rows.schema):
        if pa.types.is_string(f.type) and rows.column(i).null_count == rows.num_rows > 0:
            rows = rows.set_column(i, f, pc.fill_null(rows.column(i), ""))
    return rows


def _unit_rows(results: list[Parsed]) -> pa.Table:
    """The catalog rows of parsed units (UNIT_SCHEMA), built column by column."""
    units = [u for r in results for u in r.units]
    counts = [c for r in results for c in r.counts]
    n = len(units)
    origin = [u.origin for u in units]
    columns: dict[str, list[Any]] = {
        "sha256": [u.sha256 for u in units], "name": [u.name for u in units],
        "path": [u.path for u in units], "seq": [u.seq for u in units],
        "extractor_version": [EXTRACTOR_VERSION] * n,
        "origin": [o.get("kind", "") for o in origin]}
    for key in ("url", "accession", "cik", "form", "period"):
        columns[key] = [o.get(key, "") for o in origin]
    columns.update({
        "container": [u.container for u in units], "size": [u.size for u in units],
        "n_facts": [c[0] for c in counts], "n_issues": [c[2] for c in counts],
        "blob": [u.data is not None for u in units],
        "ingested_at": [time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())] * n,
        "mtime_ns": [u.mtime_ns for u in units]})
    return pa.table([pa.array(columns[f.name], f.type) for f in UNIT_SCHEMA],
                    schema=UNIT_SCHEMA)
