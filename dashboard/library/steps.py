"""The cross-document steps, run over the whole library after files came in or went.

What `extract` does across the files it is given together, the library does across every file
it holds, with the pipeline's own rules: a document held twice is read once, a folder's files
share the filer its one named filer is, and a figure printed with an unstated scale takes the
scale of another document printing the same figure. Then small files are merged and the filer
summary behind `Library.filers()` is rewritten. Each step reads only the rows it may change
and rewrites only the files holding them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.extract.batch import container_filer, infer_scale_across_documents
from dashboard.library.dataset import Dataset
from dashboard.library.query import Reader
from dashboard.model.documents import FilingMeta

OVERLAY_SCHEMA = pa.schema([("unit", pa.string()), ("doc", pa.int32()), ("n", pa.int32()),
                            ("value", pa.float64()), ("scale", pa.int64()),
                            ("scale_basis", pa.string()), ("note", pa.string())])
_META = ("cik", "form", "period", "accession")


def after_change(data: Dataset, reader: Reader, containers: Iterable[str] = (), *,
                 force: bool = True, timings: dict[str, float] | None = None) -> None:
    """Every step, in order (skipped when nothing changed since they last ran, unless
    `force`). `timings` gets each step's seconds.

    A folder's filer and the scale across documents run side by side: one rewrites the
    filer of facts and sources, the other reads figures, scales and dates (never the filer)
    into the overlay, so neither changes what the other reads, and each is a commit of its
    own (a reader that meets a file just replaced reads again)."""
    if not force and not data.catalog.steps_due():
        return

    def timed(name: str, run: Callable[[], Any]) -> None:
        t = time.perf_counter()
        run()
        if timings is not None:
            timings[f"  step: {name}"] = time.perf_counter() - t

    timed("documents held twice", lambda: drop_duplicate_documents(data, reader))
    with ThreadPoolExecutor(1, thread_name_prefix="library-step") as pool:
        scale = pool.submit(timed, "scale across documents", lambda: infer_scale(data, reader))
        try:
            timed("a folder's filer", lambda: share_container_filers(data, reader, containers))
        finally:
            scale.result()
    timed("compaction", data.compact)
    timed("filer summary", lambda: summarise(data, reader))
    data.catalog.steps_done()


def drop_duplicate_documents(data: Dataset, reader: Reader) -> None:
    """A document whose bytes an earlier file of the library already held is read once, as
    `extract` reads identical content once: the later copy's facts are dropped and its sources
    row says which copy was read."""
    dups = reader.query("""
        WITH d AS (SELECT unit, doc, useq, source, sha256,
                          first_value(source) OVER w AS kept, row_number() OVER w AS k
                   FROM sources WHERE doc >= 0 AND sha256 <> ''
                   WINDOW w AS (PARTITION BY sha256 ORDER BY useq, doc))
        SELECT unit, doc, source, kept FROM d WHERE k > 1""")
    if dups.empty:
        return
    kept = {(u, int(d)): k for u, d, k in zip(dups["unit"], dups["doc"], dups["kept"],
                                               strict=True)}
    units = sorted({u for u, _ in kept})

    def hits(df: pd.DataFrame) -> pd.Series:
        keys = pd.Series(list(zip(df["unit"], df["doc"].astype(int), strict=True)),
                         index=df.index, dtype=object)
        return keys.isin(list(kept)), keys

    def drop_facts(df: pd.DataFrame) -> pd.DataFrame:
        return df[~hits(df)[0]]

    def mark_sources(df: pd.DataFrame) -> pd.DataFrame:
        hit, keys = hits(df)
        if not hit.any():
            return df
        df.loc[hit, "message"] = [f"the same content as {kept[k]}, which was read; this "
                                  "copy was skipped" for k in keys[hit]]
        df.loc[hit, ["status", "kind"]] = "duplicate"
        df.loc[hit, ["facts", *(c for c in df.columns if c.startswith("n_"))]] = 0
        df.loc[hit, "doc"] = -1
        return df

    data.rewrite([("facts", data.files_holding("facts", "unit", units), drop_facts),
                  ("sources", data.files_holding("sources", "unit", units), mark_sources)])


def share_container_filers(data: Dataset, reader: Reader, containers: Iterable[str]) -> None:
    """A folder's files share the filer its one named filer is (batch.container_filer), as
    `extract` does for the files it is given together."""
    containers = sorted({c for c in containers if c})
    if not containers:
        return
    src = reader.query("SELECT source, entity, stem, container, meta_entity, cik, form, "
                       "period, accession, unit FROM sources WHERE doc >= 0 AND container IN "
                       "(SELECT unnest(?::VARCHAR[])) ORDER BY useq, doc", [containers],
                       arrow=True).to_pandas()
    changes: list[pd.DataFrame] = []  # unit, source, stem and the shared metadata
    for _, grp in src.groupby("container", sort=False):
        if grp["unit"].nunique() < 2:
            continue  # inside one file: already done when it was read
        named = grp[grp["meta_entity"] != ""]
        if named["meta_entity"].nunique() != 1:
            continue
        first = named.iloc[0]
        shared = container_filer([FilingMeta(entity=first.meta_entity, cik=first.cik,
                                             form=first.form, period=first.period,
                                             accession=first.accession)])
        if shared is None:
            continue
        take = grp[((grp["entity"] == "") | (grp["entity"] == grp["stem"]))
                   & (grp["entity"] != shared.entity)]
        if not take.empty:
            changes.append(take[["unit", "source", "stem"]].assign(
                shared=shared.entity, **{f"s_{c}": getattr(shared, c) for c in _META}))
    if not changes:
        return
    change = pd.concat(changes, ignore_index=True).drop_duplicates(["unit", "source"])
    units = sorted(set(change["unit"]))
    keys = _pair_keys(pa.array(change["unit"], pa.string()), pa.array(change["source"], pa.string()))

    def fix(table: str) -> Callable[[pa.Table], pa.Table]:
        # the rows of the changed documents (by unit and source) take the shared filer where
        # they name none (or only their file's stem), and the sources rows its blank metadata;
        # a row's change is looked up in Arrow (SQL's three-valued logic: a missing value
        # matches nothing), the rows' order kept
        def run(rows: pa.Table) -> pa.Table:
            at = pc.index_in(_pair_keys(rows.column("unit"), rows.column("source")), keys,
                             skip_nulls=True)
            hit = pc.is_valid(at)

            def theirs(col: str, like: pa.DataType) -> pa.Array:
                return pc.take(pa.array(change[col], pa.string()).cast(like), at)

            ent = rows.column("entity")
            named_none = pc.or_kleene(pc.equal(ent, ""), pc.equal(ent, theirs("stem", ent.type)))
            take = pc.fill_null(pc.and_kleene(hit, named_none), False)
            rows = rows.set_column(rows.schema.get_field_index("entity"), "entity",
                                   pc.if_else(take, theirs("shared", ent.type), ent))
            if table == "sources":
                for c in _META:
                    own = rows.column(c)
                    blank = pc.and_(hit, pc.equal(pc.fill_null(own, ""), ""))
                    rows = rows.set_column(rows.schema.get_field_index(c), c,
                                           pc.if_else(blank, theirs(f"s_{c}", own.type), own))
            return rows

        return run

    data.rewrite_arrow([(t, data.files_holding(t, "unit", units), fix(t))
                        for t in ("facts", "sources")])


def infer_scale(data: Dataset, reader: Reader) -> None:
    """Scale inferred across documents (batch.infer_scale_across_documents) over the
    library's facts: only facts of an assumed scale and the facts that print their figures
    take part, so this stays small however large the library is. Kept as an overlay."""
    keys = ("a.metric = k.metric AND a.period_end IS NOT DISTINCT FROM k.period_end "
            "AND a.days_from IS NOT DISTINCT FROM k.days_from "
            "AND a.days_to IS NOT DISTINCT FROM k.days_to AND abs(a.raw) = abs(k.raw)")
    cols = ("unit, useq, doc, n, source, metric, period_end, days_from, days_to, value, "
            "scale, scale_basis, note, raw")  # what scale_changes reads
    # only documents with an assumed figure that another document prints with a known scale
    # can change; they and the facts that match them are all that is read (the facts are
    # scanned once: the candidates of both kinds, materialised)
    rows = reader.query(f"""
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
        ORDER BY useq, doc, n""", raw=True, arrow=True)
    table = scale_changes(rows).cast(OVERLAY_SCHEMA)
    old = [f["path"] for f in data.entries("overlay")]
    order = [("unit", "ascending"), ("doc", "ascending"), ("n", "ascending")]
    try:
        before = pa.concat_tables([pq.read_table(data.root / f, schema=OVERLAY_SCHEMA)
                                   for f in old]) if old else OVERLAY_SCHEMA.empty_table()
    except OSError:
        before = None
    if before is not None and before.sort_by(order).equals(table.sort_by(order)):
        return  # nothing changed: the library stays exactly as it was
    new: list[dict[str, Any]] = []
    if table.num_rows:
        (data.root / "overlay").mkdir(exist_ok=True)
        rel = f"overlay/scale-{uuid.uuid4().hex[:12]}.parquet"
        pq.write_table(table, data.root / rel)
        new = [{"path": rel, "tbl": "overlay", "entity": "", "rows": table.num_rows,
                "lo": None, "hi": None}]
    if new or old:
        data.commit(new, drop_files=old)


def scale_changes(rows: pa.Table) -> pa.Table:
    """The facts of an inferred scale, among the rows of `infer_scale`'s query (sorted by useq,
    doc, n): unit, doc, n and the new value, scale, scale_basis and note. The frame is built
    from the Arrow columns directly, with the dtypes `schema.conform` gives, and one `doc` per
    document of the library (unit, doc)."""
    empty = OVERLAY_SCHEMA.empty_table()
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


def summarise(data: Dataset, reader: Reader) -> None:
    """The filer summary behind `filers()`, rewritten when it changed."""
    now = pa.Table.from_pandas(reader.filers_now(), preserve_index=False)
    old = [f["path"] for f in data.entries("summary")]
    if old:
        try:
            before = pa.concat_tables([pq.read_table(data.root / f) for f in old])
            if before.equals(now):
                return
        except (OSError, pa.ArrowInvalid):
            pass
    (data.root / "summary").mkdir(exist_ok=True)
    rel = f"summary/filers-{uuid.uuid4().hex[:12]}.parquet"
    pq.write_table(now, data.root / rel)
    data.commit([{"path": rel, "tbl": "summary", "entity": "", "rows": now.num_rows,
                  "lo": None, "hi": None}], drop_files=old)


def _pair_keys(units: pa.Array | pa.ChunkedArray, sources: pa.Array | pa.ChunkedArray
               ) -> pa.Array | pa.ChunkedArray:
    """One string per (unit, source) pair, to look pairs up in Arrow (a unit is a hex hash,
    so the separator cannot occur in it); missing where either is, matching nothing."""
    return pc.binary_join_element_wise(units, sources, "|")
