"""Reading the library: DuckDB SQL over the files the manifest names, or over a warm copy.

Views: `facts` (with the overlay of the cross-document steps applied), `facts_parsed` (as
parsed), `sources`, `issues`. A read for some filers registers only the files whose span of
filers holds one of them, filtered by filer (DuckDB skips the other row groups by their
statistics). A library of at most WARM_MAX_ROWS facts is copied into memory once per version,
so queries over every filer read memory, not files.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.facts.resolve import resolve
from dashboard.library.dataset import SCHEMAS, Dataset, sql_list
from dashboard.model.schema import FACT_COLUMNS

WARM_MAX_ROWS = 3_000_000  # a library with more facts is queried from its files only
Manifest = dict[str, Any]
_STRING = pd.StringDtype("pyarrow")
_TYPES = {pa.int64(): pd.Int64Dtype(), pa.string(): _STRING, pa.large_string(): _STRING}


def facts_frame_of(rows: pa.Table) -> pd.DataFrame:
    """The facts contract's frame (what `schema.conform` gives) of an Arrow table of its
    columns and `useq`, `doc`, `n`, in the order the files were ingested. Built column by
    column from Arrow: sorting a few integer columns here and converting each column once
    costs a fraction of sorting the wide rows in SQL and converting Python strings."""
    order = pc.sort_indices(rows, [("useq", "ascending"), ("doc", "ascending"),
                                   ("n", "ascending")])
    if not (order.to_numpy() == np.arange(rows.num_rows)).all():
        rows = rows.take(order)  # (a scan of one file usually comes in order already)
    columns = {}
    for c in FACT_COLUMNS:
        col = rows.column(c)
        if c in ("period_start", "period_end"):
            columns[c] = col.to_pandas(date_as_object=True)
        elif c == "value":
            columns[c] = col.to_pandas().astype("float64")
        elif pa.types.is_integer(col.type):
            columns[c] = col.cast(pa.int64()).to_pandas(types_mapper=_TYPES.get)
        else:
            columns[c] = pc.fill_null(col.cast(pa.string()), "").to_pandas(
                types_mapper=_TYPES.get)
    return pd.DataFrame(columns)


def _only(entities: list[str]) -> str:
    """A WHERE clause keeping the rows of these filers (pushed down to the Parquet scan)."""
    if len(entities) == 1:
        return " WHERE entity = " + sql_list(entities)[1:-1]
    return " WHERE entity IN (" + sql_list(entities)[1:-1] + ")" if entities else " WHERE false"


class Reader:
    """Queries over one library's dataset. One in-memory DuckDB database per reader (its
    Parquet metadata cache stays warm); each read has its own cursor, so threads may read at
    once."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._mem: Any = None
        self._mem_lock = threading.RLock()
        self._warm_gen: Any = None

    def read(self, run: Callable[[Any, Manifest], Any]) -> Any:
        """Run a read against the current manifest; retried if a writer replaced a file."""
        for attempt in range(3):
            man = self.dataset.manifest()
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

    def register(self, con: Any, man: Manifest, entities: Iterable[str] | None = None, *,
                 raw: bool = False, cold: bool = False) -> None:
        """Views `facts`, `facts_parsed`, `sources`, `issues` over the manifest's files (or
        over the warm in-memory copy, when there is one for this generation)."""
        ents = sorted({str(e) for e in entities}) if entities is not None else None
        warm_ok = not raw and not cold and not self.dataset.writing
        if warm_ok and (ents is None or self._warm_gen == man.get("generation")):
            tables = self._warm(man)
            if tables is not None:
                for view, table in tables.items():
                    cond = _only(ents) if ents is not None and view != "issues" else ""
                    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM "
                                f"{table}{cond}")
                return
        for table, schema in SCHEMAS.items():
            chosen = ents if table != "issues" else None
            files = self.dataset.files(table, chosen, man)
            name = f"{table}_parsed" if table == "facts" else table
            if files:
                cond = _only(chosen) if chosen is not None else ""
                con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "
                            f"read_parquet({sql_list(files)}){cond}")
            else:
                con.register(f"_{name}_empty", schema.empty_table())
                con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM _{name}_empty")
        overlay = self.dataset.files("overlay", None, man)
        if overlay and not raw:
            con.execute(
                "CREATE OR REPLACE TEMP VIEW facts AS SELECT f.* REPLACE ("
                "coalesce(o.value, f.value) AS value, coalesce(o.scale, f.scale) AS scale, "
                "coalesce(o.scale_basis, f.scale_basis) AS scale_basis, "
                "coalesce(o.note, f.note) AS note) FROM facts_parsed f "
                f"LEFT JOIN read_parquet({sql_list(overlay)}) o USING (unit, doc, n)")
        else:
            con.execute("CREATE OR REPLACE TEMP VIEW facts AS SELECT * FROM facts_parsed")

    def _warm(self, man: Manifest) -> dict[str, str] | None:
        """The library's rows copied into the in-memory database, once per generation; None
        when the library is too large to copy (queries read the files)."""
        gen = man.get("generation")
        rows = sum(f.get("rows", 0) for f in man.get("files", []) if f["table"] == "facts")
        if rows > WARM_MAX_ROWS:
            return None
        names = {v: f"warm_{v}_{gen}" for v in ("facts", "facts_parsed", "sources", "issues")}
        with self._mem_lock:
            if self._warm_gen != gen:
                con = self._mem.cursor()
                try:
                    self.register(con, man, raw=False, cold=True)
                    for view, table in names.items():
                        # the facts in the order they were ingested: a read of some filers
                        # then comes in order (nothing to sort back after the overlay's join)
                        order = " ORDER BY useq, doc, n" if view.startswith("facts") else ""
                        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM "
                                    f"{view}{order}")
                    if self._warm_gen is not None:
                        for view in names:
                            con.execute(f"DROP TABLE IF EXISTS warm_{view}_{self._warm_gen}")
                finally:
                    con.close()
                self._warm_gen = gen
        return names

    # ── the queries ─────────────────────────────────────────────────────────────────────
    def facts(self, filers: list[str] | None = None, years: tuple[int, int] | None = None,
              consolidated: bool = False) -> pd.DataFrame:
        where, params = [], []
        if years is not None:
            where.append("year(period_end) BETWEEN ? AND ?")
            params += [int(years[0]), int(years[1])]
        cols = ", ".join(FACT_COLUMNS)
        sql = (f"SELECT {cols}, useq, doc, n FROM facts"
               + (" WHERE " + " AND ".join(where) if where else ""))

        def run(con: Any, man: Manifest) -> pa.Table:
            self.register(con, man, filers)
            return con.sql(sql, params=params or None).to_arrow_table()

        out = facts_frame_of(self.read(run))
        if consolidated:
            out = resolve(out, keep_reported=False).consolidated
        return out

    def sources(self, filers: list[str] | None = None) -> pd.DataFrame:
        def run(con: Any, man: Manifest) -> pd.DataFrame:
            self.register(con, man, filers)
            return con.execute("SELECT * FROM sources ORDER BY useq, doc").df()

        return self.read(run)

    def issues(self) -> pd.DataFrame:
        def run(con: Any, man: Manifest) -> pd.DataFrame:
            self.register(con, man)
            return con.execute("SELECT * FROM issues ORDER BY useq").df()

        return self.read(run)

    def filers(self) -> pd.DataFrame:
        """From the summary the library keeps (see steps.summarise), else computed."""
        def run(con: Any, man: Manifest) -> pd.DataFrame:
            files = self.dataset.files("summary", None, man)
            if not files:
                return self.filers_now()
            return con.execute(f"SELECT * FROM read_parquet({sql_list(files)}) "
                               "ORDER BY entity").df()

        return self.read(run) if self.dataset.entries("summary") else self.filers_now()

    def filers_now(self) -> pd.DataFrame:
        def run(con: Any, man: Manifest) -> pd.DataFrame:
            self.register(con, man)
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

        return self.read(run)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None, *,
              cold: bool = False, raw: bool = False, arrow: bool = False) -> Any:
        """DuckDB SQL over the views. `cold`: read the files even when no in-memory copy
        exists yet, instead of making one first; `raw`: `facts` without the overlay; `arrow`:
        an Arrow table instead of a DataFrame."""
        def run(con: Any, man: Manifest) -> Any:
            self.register(con, man, raw=raw,
                          cold=cold and self._warm_gen != man.get("generation"))
            if arrow:
                return con.sql(sql, params=params or None).to_arrow_table()
            return con.execute(sql, params or []).df()

        return self.read(run)
