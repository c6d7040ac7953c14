"""What a worker does: read one unit (a file, an upload) and return its rows as Arrow tables.

A unit is what `load` reads as one top-level input: a page, a full-submission `.txt`, a zip,
or one file of a folder (under the source name `load_path(folder)` gives it). Its documents are
parsed in order in one process (a submission's cover page names the filer for the parts after
it), exactly as `extract` does; what crosses units (a folder's shared filer, the scale inferred
across documents) is done by the library once the units are in. No streamlit, no I/O but the
unit's own file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard.extract.load import LoadResult, load_bytes, load_file, load_path
from dashboard.extract.pipeline import (
    DEDUPE_KEY,
    SOURCE_COLUMNS,
    _share_filer_identity,
    extract_safely,
    source_rows,
)
from dashboard.model.errors import FileIssue
from dashboard.model.schema import FACT_COLUMNS, Fact

# columns kept beside the facts contract: what re-running the cross-document steps needs
FACT_EXTRA = ("raw", "unit", "useq", "doc", "n")
SOURCE_EXTRA = ("unit", "useq", "doc", "container", "stem", "meta_entity", "cik", "accession",
                "unit_name", "origin", "url", "extractor_version", "ingested_at")
ISSUE_COLUMNS = ("source", "kind", "message", "partial", "unit", "useq")


@dataclass(slots=True)
class Unit:
    """One top-level input. `path` (read by the worker) or `data` (handed to it)."""

    name: str  # the source name of the file (relative path inside a folder, or file name)
    sha256: str
    seq: int = 0  # the order of the unit in the library (facts are listed in this order)
    path: str = ""
    data: bytes | None = field(default=None, repr=False)
    member: bool = False  # a file of a folder: read under `name`, not under its own name
    container: str = ""  # the folder a plain file shares a filer with
    size: int = 0
    origin: dict[str, str] = field(default_factory=dict)
    mtime_ns: int | None = None  # a file's modification time when it was hashed


@dataclass(slots=True)
class Parsed:
    """The rows of units read together (a worker's task, or one unit): one table each of
    facts, sources and issues, the units in order and each one's numbers of rows in them.
    The driver handles a task's rows as these three tables, never a file at a time."""

    units: list[Unit]
    facts: pa.Table
    sources: pa.Table
    issues: pa.Table
    counts: list[tuple[int, int, int]]  # per unit: its facts, sources and issues rows


def file_sha256(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _load(unit: Unit) -> LoadResult:
    if unit.data is not None:
        return load_bytes(unit.name, unit.data)
    if unit.member:
        return load_file(unit.path, unit.name)
    return load_path(unit.path)


@dataclass(slots=True)
class _UnitRows:
    """One unit's rows before they become tables: per fact its FACT_COLUMNS values then raw,
    doc and n; per document (and file not read) its sources row; its issues."""

    unit: Unit
    facts: list[list]
    sources: list[dict]
    issues: list[FileIssue]


def _unit_rows(unit: Unit, extractor_version: str, ingested_at: str) -> _UnitRows:
    _fault(unit)
    loaded = _load(unit)
    for d in loaded.documents:
        d.container = d.container or unit.container
    results = [extract_safely(d) for d in loaded.documents]
    _share_filer_identity(results)  # inside the unit: a zip's or a submission's parts

    rows: list[list] = []  # per fact, its FACT_COLUMNS values, then raw, doc and n
    seen: set[tuple] = set()
    for i, r in enumerate(results):
        for n, f in enumerate(r.facts):
            row = _fact_values(f)
            key = tuple([row[k] for k in _DEDUPE_AT])
            if key in seen:  # the same fact twice in one source (pipeline._dedupe)
                continue
            seen.add(key)
            raw = f.extra.get("raw")
            row += (float(raw) if raw is not None else None, i, n)
            rows.append(row)

    o = unit.origin
    by_source = {r.document.source: (i, r.document) for i, r in enumerate(results)}
    srows = source_rows(results, loaded.issues, loaded.notes)
    for row in srows:
        i, doc = by_source.get(row["source"], (-1, None))
        meta = doc.meta if doc is not None else None
        row.update(
            unit=unit.sha256, useq=unit.seq, doc=i,
            container=doc.container if doc is not None else unit.container,
            stem=doc.stem if doc is not None else "",
            meta_entity=meta.entity if meta else "",
            cik=(meta.cik if meta else "") or o.get("cik", ""),
            accession=(meta.accession if meta else "") or o.get("accession", ""),
            form=str(row.get("form") or "") or o.get("form", ""),
            period=str(row.get("period") or "") or o.get("period", ""),
            unit_name=unit.name, origin=o.get("kind", ""), url=o.get("url", ""),
            extractor_version=extractor_version, ingested_at=ingested_at)

    issues = [*loaded.issues, *(i for r in results for i in r.issues)]
    return _UnitRows(unit, rows, srows, issues)


_STRING_FACT_FIELDS = frozenset(c for c in FACT_COLUMNS if c not in (
    "days_from", "days_to", "scale", "value", "period_start", "period_end"))
_DEDUPE_AT = tuple(FACT_COLUMNS.index(k) for k in DEDUPE_KEY)


_FACT_KINDS = tuple((c, "str" if c in _STRING_FACT_FIELDS else "float" if c == "value" else
                     "date" if c in ("period_start", "period_end") else "int")
                    for c in FACT_COLUMNS)


def _fact_values(f: Fact) -> list:
    """A fact's contract values in FACT_COLUMNS order, with the types `schema.conform` gives
    (strings never None, whole numbers int or None, dates `date` or None)."""
    out = []
    for c, kind in _FACT_KINDS:
        v = getattr(f, c)
        if kind == "str":
            out.append("" if v is None else str(v))
        elif kind == "float":
            out.append(float("nan") if v is None else float(v))
        elif kind == "date":
            if isinstance(v, datetime):
                v = v.date()
            elif v is not None and not isinstance(v, date):
                v = None
            out.append(v)
        else:  # days_from, days_to, scale
            out.append(None if v is None or v != v else int(v))
    return out


def _facts_table(units: list[_UnitRows]) -> pa.Table:
    """FACT_SCHEMA's table of the units' fact rows, in order, built column by column."""
    rows = [row for u in units for row in u.facts]
    if not rows:
        return FACT_SCHEMA.empty_table()
    columns = list(zip(*rows, strict=True))
    raw, doc, nth = columns[-3:]
    arrays = [pa.array(columns[j], FACT_SCHEMA.field(c).type) for j, c in enumerate(FACT_COLUMNS)]
    arrays += [pa.array(raw, pa.float64()),
               pa.array([u.unit.sha256 for u in units for _ in u.facts], pa.string()),
               pa.array([u.unit.seq for u in units for _ in u.facts], pa.int64()),
               pa.array(doc, pa.int32()), pa.array(nth, pa.int32())]
    return pa.Table.from_arrays(arrays, schema=FACT_SCHEMA)


def _source_rows_table(rows: list[dict]) -> pa.Table:
    """The rows as a table of SOURCE_SCHEMA, built column by column (integers: 0 for
    nothing; strings: "" for nothing)."""
    columns = []
    for f in SOURCE_SCHEMA:
        name = f.name
        if pa.types.is_integer(f.type):
            values = [0 if v is None or v != v or v == "" else int(v)
                      for v in (row.get(name) for row in rows)]
        else:
            values = ["" if v is None or (isinstance(v, float) and v != v) else str(v)
                      for v in (row.get(name) for row in rows)]
        columns.append(pa.array(values, f.type))
    return pa.Table.from_arrays(columns, schema=SOURCE_SCHEMA)


def _fault(unit: Unit) -> None:
    """Fault injection for the tests of lost workers: CREDIT_NOTES_FAULT=exit:<text> ends the
    worker process that reads a unit whose name contains <text> (as the OOM killer would)."""
    fault = os.environ.get("CREDIT_NOTES_FAULT", "")
    if fault.startswith("exit:") and fault[5:] and fault[5:] in unit.name:
        os._exit(3)


@dataclass(slots=True)
class PackedResults:
    """A worker's answer to a task: its units' rows in one table each of facts, sources and
    issues, and how many rows each unit has. Three Arrow payloads cross the network per task,
    not three per file, and the units (an upload's bytes among them) do not travel back."""

    facts: pa.Table
    sources: pa.Table
    issues: pa.Table
    counts: list[tuple[int, int, int]]

    def parsed(self, units: list[Unit]) -> Parsed:
        """The rows with the task's units (which stayed on the driver)."""
        return Parsed(units=units, facts=self.facts, sources=self.sources, issues=self.issues,
                      counts=self.counts)


def parse_task(units: list[Unit], extractor_version: str, ingested_at: str) -> PackedResults:
    """A worker's task: several small units, one after the other, packed for the way back
    (each table built once for the whole task, not once per unit)."""
    got = [_unit_rows(u, extractor_version, ingested_at) for u in units]
    return PackedResults(
        facts=_facts_table(got), sources=_source_rows_table([r for u in got for r in u.sources]),
        issues=_issues_table(got),
        counts=[(len(u.facts), len(u.sources), len(u.issues)) for u in got])


def failed_unit(unit: Unit, why: str, extractor_version: str, ingested_at: str) -> Parsed:
    """The rows of a unit whose worker failed, died or ran out of time: one issue, no facts."""
    issue = FileIssue(unit.name, "worker_failed", why)
    row = {"source": unit.name, "entity": "", "form": unit.origin.get("form", ""),
           "period": unit.origin.get("period", ""), "kind": "error", "facts": 0,
           "scale_basis": "", "status": "error", "message": why, "sha256": unit.sha256,
           "unit": unit.sha256, "useq": unit.seq, "doc": -1, "unit_name": unit.name,
           "origin": unit.origin.get("kind", ""), "url": unit.origin.get("url", ""),
           "container": unit.container, "extractor_version": extractor_version,
           "ingested_at": ingested_at}
    return Parsed(units=[unit], facts=FACT_SCHEMA.empty_table(),
                  sources=_source_rows_table([row]), issues=issues_table([issue], unit),
                  counts=[(0, 1, 1)])


# --- Arrow tables with fixed schemas -----------------------------------------------------------

def _fact_schema() -> pa.Schema:
    fields = []
    for c in FACT_COLUMNS:
        if c in ("days_from", "days_to", "scale"):
            fields.append(pa.field(c, pa.int64()))
        elif c == "value":
            fields.append(pa.field(c, pa.float64()))
        elif c in ("period_start", "period_end"):
            fields.append(pa.field(c, pa.date32()))
        else:
            fields.append(pa.field(c, pa.string()))
    fields += [pa.field("raw", pa.float64()), pa.field("unit", pa.string()),
               pa.field("useq", pa.int64()), pa.field("doc", pa.int32()),
               pa.field("n", pa.int32())]
    return pa.schema(fields)


FACT_SCHEMA = _fact_schema()


def _source_schema() -> pa.Schema:
    fields = []
    for c in (*SOURCE_COLUMNS, *SOURCE_EXTRA):
        if c in ("facts", "useq") or c.startswith("n_"):
            fields.append(pa.field(c, pa.int64()))
        elif c == "doc":
            fields.append(pa.field(c, pa.int32()))
        else:
            fields.append(pa.field(c, pa.string()))
    return pa.schema(fields)


SOURCE_SCHEMA = _source_schema()
ISSUE_SCHEMA = pa.schema([pa.field("source", pa.string()), pa.field("kind", pa.string()),
                          pa.field("message", pa.string()), pa.field("partial", pa.bool_()),
                          pa.field("unit", pa.string()), pa.field("useq", pa.int64())])


def facts_table(df: pd.DataFrame) -> pa.Table:
    df = df.copy()
    for c in ("period_start", "period_end"):
        df[c] = pd.to_datetime(df[c], errors="coerce")
    for c in ("days_from", "days_to", "scale", "useq"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
    return pa.Table.from_pandas(df[list(FACT_SCHEMA.names)], schema=FACT_SCHEMA,
                                preserve_index=False)


def sources_table(df: pd.DataFrame) -> pa.Table:
    df = df.copy()
    for c in (*SOURCE_COLUMNS, *SOURCE_EXTRA):
        if c not in df:
            df[c] = ""
    for f in SOURCE_SCHEMA:
        if pa.types.is_integer(f.type):
            df[f.name] = pd.to_numeric(df[f.name], errors="coerce").fillna(0).astype("int64")
        else:
            df[f.name] = df[f.name].fillna("").astype(str)
    return pa.Table.from_pandas(df[list(SOURCE_SCHEMA.names)], schema=SOURCE_SCHEMA,
                                preserve_index=False)


def _issues_table(units: list[_UnitRows]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"source": i.source, "kind": i.kind, "message": i.message, "partial": bool(i.partial),
          "unit": u.unit.sha256, "useq": u.unit.seq} for u in units for i in u.issues],
        schema=ISSUE_SCHEMA)


def issues_table(issues: list[FileIssue], unit: Unit) -> pa.Table:
    return pa.Table.from_pylist(
        [{"source": i.source, "kind": i.kind, "message": i.message, "partial": bool(i.partial),
          "unit": unit.sha256, "useq": unit.seq} for i in issues], schema=ISSUE_SCHEMA)
