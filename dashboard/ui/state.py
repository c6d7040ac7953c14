"""Session state, the filing library the app opens on, labels and filters shared by every page."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import analysis as m
from dashboard.analysis.display import ending
from dashboard.facts.resolve import Labels, resolve
from dashboard.library import IngestReport, Library, LibraryLabels, default_library_dir
from dashboard.workspace import inputs as io

ALL = "All"
WHOLE = "Whole portfolio"
PLOTLY_CONFIG = {"displaylogo": False,
                 "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "credit-notes"}}


# ─── cached core calls ──────────────────────────────────────────────────────────────────────

@st.cache_data(show_spinner="Reading filings…", max_entries=1000)
def extract_file(name: str, digest: str, _data: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of one in-memory file, cached by its name and content hash."""
    from dashboard.extract.pipeline import extract_bytes

    try:
        res = extract_bytes([(name, _data)])
    except Exception as exc:  # the engine must never take the app down
        return pd.DataFrame(), io.error_sources(name, _internal(exc))
    return res.facts, res.sources


@st.cache_data(show_spinner="Reading the folder…", max_entries=50)
def extract_folder(path: str, fingerprint: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of a folder, cached by its path and the hash of its files' contents."""
    from dashboard.extract.pipeline import extract_paths

    try:
        res = extract_paths([path])
    except Exception as exc:
        return pd.DataFrame(), io.error_sources(path, _internal(exc))
    return res.facts, res.sources


def _internal(exc: Exception) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (in {os.path.basename(where.filename)}:{where.lineno})" if where else ""
    return f"the reader failed on this file: {type(exc).__name__}: {exc}{at}"


# ─── the filing library (dashboard.library): what the app opens on ────────────────────────────

@st.cache_resource(show_spinner="Opening the filing library…")
def _library(root: str) -> Library:
    """The library, opened once per server; on a fresh machine it first takes in the bundled
    samples, and files an older extractor read (and whose bytes it kept) are read again."""
    lib = Library.open(None if root == str(default_library_dir()) else root)
    if lib.units().empty:
        files, man = _bundled(str(io.repo_data_dir()))
        lib.ingest_bytes([(f.name, f.data) for f in files], workers=1, origin={
            f.name: {"kind": "bundled", **{k: man.get(f.name, {}).get(k, "")
                                           for k in ("form", "period", "accession")}}
            for f in files})
    elif 0 < lib.stale() <= 200:
        lib.refresh(workers=1)
    return lib


def library() -> Library:
    """The library for this machine (CREDIT_NOTES_HOME/library or the user data folder)."""
    return _library(str(default_library_dir()))


def _library_frames(filers: tuple[str, ...] | None,
                    years: tuple[int, int] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of the library (for some filers and years). Called only inside
    `_loaded_cached`, which keys them by the library's stamp: caching them here as well would
    pickle every fact into the cache (0.4 s for 94,000 facts) for nothing."""
    lib = library()
    return (lib.facts(filers=list(filers) if filers is not None else None, years=years),
            lib.sources(filers=list(filers) if filers is not None else None))


def _catalog_stamp(lib: Library) -> str:
    """The catalog file's size and modification time (and its write-ahead log's): every write
    to the catalog — an analyst's filer name, merge or given scale, which the manifest's
    version does not count — changes them, and reading them costs a stat, not a DuckDB
    connection (30–90 ms each)."""
    out = []
    for p in (lib.catalog, lib.catalog.with_name(lib.catalog.name + ".wal")):
        try:
            s = p.stat()
            out.append(f"{s.st_mtime_ns}.{s.st_size}")
        except OSError:
            out.append("-")
    return "/".join(out)


def stamp() -> str:
    """What everything the app shows from the library depends on: its root, its contents
    (`Library.version`, from the manifest) and the analyst's labels (the catalog's stamp).
    Cheap (a small JSON read and two stats): every script run asks for it, and every cache of
    library-derived frames is keyed by it, so a rerun with nothing changed re-reads nothing
    and an ingest, removal or relabelling refreshes what is shown."""
    lib = library()
    return (f"{lib.root}|{lib.version}|{_catalog_stamp(lib)}|"
            f"{_LABEL_WRITES.get(str(lib.root), 0)}")


@st.cache_data(show_spinner=False, max_entries=8)
def _filer_list(root: str, version: str) -> pd.DataFrame:
    return library().filers()


def filer_list() -> pd.DataFrame:
    """Every filer in the library — entity, forms, first_year, last_year, n_facts, n_files —
    cheap (one aggregate query, cached by the library's version): for a filer picker."""
    lib = library()
    return _filer_list(str(lib.root), lib.version)


_LABEL_WRITES: dict[str, int] = {}  # label writes made through this server, per library


class _CountedLabels:
    """The library's labels; a write through the app also moves the stamp — even on a file
    system whose timestamps are too coarse to tell two writes in one second apart."""

    _WRITES = frozenset({"set_filer", "merge", "unmerge", "set_filer_scale", "clear"})

    def __init__(self, labels: LibraryLabels, root: str) -> None:
        self._labels, self._root = labels, root

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._labels, name)
        if name not in self._WRITES:
            return attr

        def write(*a: Any, **kw: Any) -> Any:
            try:
                return attr(*a, **kw)
            finally:
                _LABEL_WRITES[self._root] = _LABEL_WRITES.get(self._root, 0) + 1
        return write


def store() -> LibraryLabels:
    """The analyst's filer names and merges, kept in the library's catalog (the older SQLite
    label file is taken over the first time the library opens)."""
    lib = library()
    return _CountedLabels(lib.labels, str(lib.root))  # type: ignore[return-value]


@st.cache_data(show_spinner=False)
def _bundled(data_dir_path: str) -> tuple[list[io.FileInput], dict[str, dict[str, str]]]:
    from pathlib import Path

    d = Path(data_dir_path)
    return io.bundled_inputs(d), io.read_manifest(d)


# ─── the session's inputs ───────────────────────────────────────────────────────────────────

def inputs() -> list[io.Input]:
    """The scratch session's files: read for this session only, never saved in the library."""
    if "inputs" not in st.session_state:
        st.session_state["inputs"] = []
        st.session_state.setdefault("seen_uploads", set())
    return st.session_state["inputs"]


def manifest() -> dict[str, dict[str, str]]:
    return _bundled(str(io.repo_data_dir()))[1]


def add_files(items: list[tuple[str, bytes]]) -> tuple[list[str], list[str]]:
    """Add in-memory files; returns (names added, names skipped because already loaded)."""
    current = inputs()
    taken = {i.name: i.digest for i in current if isinstance(i, io.FileInput)}
    added, skipped = [], []
    for name, data in items:
        digest = io.sha256(data)
        use = io.unique_name(name, digest, taken)
        if use is None:
            skipped.append(name)
            continue
        current.append(io.FileInput(name=use, digest=digest, data=data, origin="upload"))
        taken[use] = digest
        added.append(use)
    return added, skipped


def add_folder(path: str) -> io.FolderInput:
    folder = io.scan_folder(path)
    current = inputs()
    current[:] = [i for i in current if not (isinstance(i, io.FolderInput)
                                             and i.path == folder.path)]
    current.append(folder)
    return folder


def remove_inputs(names: list[str]) -> None:
    """Remove files: from the scratch session, and from the library."""
    current = inputs()
    scratch = {i.name for i in current}
    current[:] = [i for i in current if i.name not in set(names)]
    kept = [n for n in names if n not in scratch]
    if kept:
        library().remove(kept)


def reset_inputs() -> None:
    """Forget the scratch session's files (the library keeps its own)."""
    st.session_state.pop("inputs", None)
    inputs()


def already_in_library(items: list[tuple[str, bytes]]) -> list[str]:
    """The names of the files whose bytes the library already holds."""
    lib = library()
    return [n for n, d in items if lib.has_content(io.sha256(d))]


def ingest_files(items: list[tuple[str, bytes]], progress=None) -> IngestReport:
    """Uploads into the library (read in this process; Streamlit's server runs threads)."""
    return library().ingest_bytes(items, progress=progress, workers=1)


def ingest_folder(path: str, progress=None) -> IngestReport:
    """A folder on this machine into the library; raises ValueError with a plain reason."""
    io.scan_folder(path)  # says why a path is not a usable folder
    return library().ingest_paths([path], progress=progress, workers=1)


# ─── what is loaded, with the analyst's labels applied ──────────────────────────────────────

@dataclass(frozen=True, slots=True)
class LibraryFile:
    """A file held in the library (for the Sources page's lists)."""

    name: str
    digest: str
    origin: str = "library"


@dataclass
class Loaded:
    """What the pages draw from. Shared by every session whose library stamp, scratch files
    and filters are the same (st.cache_resource, no copy per rerun): read it, never change
    its frames in place."""

    facts: pd.DataFrame  # contract columns + entity_reported, entity resolved
    sources: pd.DataFrame  # engine columns + filer, origin
    hashes: dict[str, str]
    inputs: list[io.Input | LibraryFile]
    key: str = ""  # the cache key of what is loaded: derived frames are cached by it


def _inputs_key(ins: list[io.Input]) -> str:
    """The scratch session's files as a cache key: names and content hashes, not bytes."""
    return ";".join(f"{i.name}={i.digest}" if isinstance(i, io.FileInput)
                    else f"{i.path}={i.fingerprint}" for i in ins)


def loaded(filers: list[str] | None = None, years: tuple[int, int] | None = None) -> Loaded:
    """The library's facts (all, or some filers' and years'; read with DuckDB) and the
    scratch session's files, with filer labels and merges applied; computed once per library
    stamp, scratch files and arguments, then shared (see `Loaded`).

    `filers` are names as the library stores them (before the analyst's labels and merges)."""
    ins = inputs()
    key = (f"{stamp()}|{_inputs_key(ins)}|{tuple(filers) if filers is not None else '*'}|"
           f"{years or '*'}")
    return _loaded_cached(key, filers=tuple(filers) if filers is not None else None,
                          years=years, _ins=tuple(ins))[0]


def loaded_recognised() -> Loaded:
    """`recognised(loaded())`, both computed once per library stamp and scratch files: what
    app.py hands every page. Puts the recognitions in st.session_state['_recognised']."""
    data, recs = _everything(inputs())
    st.session_state["_recognised"] = recs
    return data


def _everything(ins: list[io.Input]) -> tuple[Loaded, list]:
    return _loaded_cached(f"{stamp()}|{_inputs_key(ins)}|*|*", filers=None, years=None,
                          _ins=tuple(ins))


def warm() -> None:
    """Compute what a new session without scratch files shows first — the library read, the
    sidebar's choices, the sources' notes, the Overview's filer table and its default filer's
    charts — into the caches every session reads (`python -m dashboard.ui.launch` runs this
    as the server starts, so the first visitor does not wait for it)."""
    from dashboard.ui import panels

    d = _directory_cached(stamp())
    table, _ = panels.directory_filers(d.key, d)
    if not table.empty:  # the Overview's default: the first of the filer table, no filter
        entity = str(table.iloc[0]["entity"])
        panels.overview(_filer_of(d, entity), entity)


# above this many facts, reading them all at a server's start would compete with a first
# visitor's browser for the CPU (measured on 2 cores: the 10,000-fragment library's Overview
# drew 1.4 s later); the other pages then read them when first visited
WARM_REST_MAX_FACTS = 25_000


def warm_rest() -> bool:
    """After the landing page (`warm`), on a library of at most WARM_REST_MAX_FACTS facts:
    every fact, recognised, with the sidebar's choices and the sources' notes, which the
    other pages read (a visitor to /delinquency or Sources then waits for nothing). Whether
    it was done."""
    if _directory_cached(stamp()).n_facts > WARM_REST_MAX_FACTS:
        return False
    data, _ = _everything([])
    facets(data)
    noted_sources(data)
    return True


@st.cache_resource(show_spinner="Reading the library…", max_entries=4)
def _loaded_cached(key: str, filers: tuple[str, ...] | None, years: tuple[int, int] | None,
                   _ins: tuple[io.Input, ...]) -> tuple[Loaded, list]:
    """(the loaded data, with unnamed fragments joined to their filers; the recognitions).
    A resource, not data: st.cache_data would pickle and unpickle every fact on every rerun
    (0.1 s a rerun, 0.4 s to store, at 94,000 facts). Four entries: a few libraries or
    scratch sessions at once; each holds every fact once."""
    data = _load(filers, years, list(_ins), key)
    if filers is not None or years is not None:
        return data, []
    return _recognise(data)


def _load(filers: tuple[str, ...] | None, years: tuple[int, int] | None,
          ins: list[io.Input], key: str) -> Loaded:
    lib_facts, lib_sources = _library_frames(filers, years)
    parts = [(lib_facts, lib_sources[[c for c in lib_sources.columns if c != "origin"]])]
    origin: dict[str, str] = {}
    unit_names = lib_sources[["unit_name", "unit", "origin"]].drop_duplicates("unit")
    lib_hashes = dict(zip(unit_names["unit_name"], unit_names["unit"], strict=True))
    for name, o in zip(unit_names["unit_name"], unit_names["origin"], strict=True):
        origin[name] = o or "library"
    for i in ins:
        if isinstance(i, io.FileInput):
            parts.append(extract_file(i.name, i.digest, i.data))
            origin[i.name] = i.origin
        else:
            parts.append(extract_folder(i.path, i.fingerprint))
            for rel, _ in i.files:
                origin[rel] = "folder"
                origin[rel.rsplit("/", 1)[-1]] = "folder"
    facts, sources = io.combine(parts)
    hashes = {**lib_hashes, **io.source_hashes(ins)}
    man = manifest()
    defaults = {name: meta.get("filer", "") for name, meta in man.items()
                if origin.get(name) == "bundled" or any(
                    isinstance(i, io.FileInput) and i.name == name and i.origin == "bundled"
                    for i in ins)}
    st_ = store()
    labels = st_.filers(set(hashes.values()))
    aliases = st_.aliases()
    all_sources = set(facts["source"].astype(str)) | set(sources["source"].astype(str))
    filer_map = io.source_filer_map(sorted(all_sources), hashes, labels, defaults)
    # names, merges, the scale given a filer whose figures state none (Sources page), and the
    # form and period the bundled manifest gives the samples: one stage (dashboard.facts.resolve)
    res = resolve(facts, sources, Labels(
        source_filers=filer_map, aliases=aliases, filer_scales=st_.filer_scales(), manifest=man,
        manifest_filers=False, manifest_columns=("form", "period")))
    facts, sources = res.facts, res.sources
    sources["origin"] = [origin.get(io.split_source(str(s))[0], "") for s in sources["source"]]
    held = [LibraryFile(name=n, digest=d, origin=origin.get(n, "library"))
            for n, d in lib_hashes.items()]
    return Loaded(facts=facts, sources=sources, hashes=hashes, inputs=[*held, *ins], key=key)


# ─── the library's directory: whose figures are where, without reading the facts ──────────

@dataclass(frozen=True)
class Directory:
    """Who every fact of the library belongs to, as the app names filers (labels, the
    bundled manifest, merges, recognised fragments), read with a few aggregate queries
    instead of every fact: what the first screen and the sidebar need before any page asks
    for figures. Shared by every session with the same library stamp: read, never change."""

    groups: pd.DataFrame  # source, entity_reported, entity, disclosure, period_end, n
    recognitions: list
    facets: Facets
    n_sources: int
    n_facts: int
    stored: dict[str, tuple[str, ...]]  # filer as shown -> the library's partitions holding it
    key: str


def library_only() -> bool:
    """Whether what is shown is the library alone (no scratch files in this session): then
    the first screen reads one filer's figures, not all of them."""
    return not inputs()


def directory() -> Directory:
    """The library's directory, computed once per library stamp."""
    return _directory_cached(stamp())


# one pass over the facts: who, what, when, and the sidebar's choices (currency, segment,
# population), counted; figures (`n`, as the filer table counts them) and rows
_GROUPS_SQL = """
    SELECT source, entity, disclosure, period_end, coalesce(currency, '') AS currency,
           coalesce(segment, '') AS segment, coalesce(population, '') AS population,
           count(value) AS n, count(*) AS rows
    FROM facts GROUP BY ALL"""
_MATCHING_SQL = """
    WITH u AS (SELECT DISTINCT disclosure, metric, days_from, days_to, period_end, currency
               FROM facts WHERE list_contains(?::VARCHAR[], source))
    SELECT f.* FROM facts f SEMI JOIN u
      ON f.disclosure IS NOT DISTINCT FROM u.disclosure AND f.metric IS NOT DISTINCT FROM u.metric
     AND f.days_from IS NOT DISTINCT FROM u.days_from AND f.days_to IS NOT DISTINCT FROM u.days_to
     AND f.period_end IS NOT DISTINCT FROM u.period_end AND f.currency IS NOT DISTINCT FROM u.currency
    ORDER BY useq, doc, n"""


@st.cache_resource(show_spinner="Reading the library's index…", max_entries=4)
def _directory_cached(key: str) -> Directory:
    from dashboard.facts import identity
    from dashboard.model.schema import conform

    lib = library()
    with ThreadPoolExecutor(2) as pool:  # DuckDB reads the two tables side by side
        groups_f = pool.submit(lib.query, _GROUPS_SQL, cold=True)
        sources = lib.query("SELECT source, unit_name, unit, origin FROM sources", cold=True)
        groups = groups_f.result()
    hashes = dict(zip(sources["unit_name"].tolist(), sources["unit"].tolist(), strict=True))
    origin = dict(zip(sources["unit_name"].tolist(), sources["origin"].fillna("").tolist(),
                      strict=True))
    man = manifest()
    defaults = {n: meta.get("filer", "") for n, meta in man.items()
                if (origin.get(n) or "library") == "bundled"}
    st_ = store()
    labels = st_.filers(set(hashes.values()))
    aliases = st_.aliases()
    filer_map = io.source_filer_map(sorted(set(groups["source"].astype(str).tolist())
                                           | set(sources["source"].astype(str).tolist())),
                                    hashes, labels, defaults)
    groups = groups.rename(columns={"entity": "entity_reported"})
    groups["entity_reported"] = groups["entity_reported"].fillna("").astype(str)
    groups["entity"] = resolve(groups.assign(entity=groups["entity_reported"]),
                               labels=Labels(source_filers=filer_map, aliases=aliases,
                                             manifest_filers=False)).facts["entity"].astype(str)
    # fragments that name no filer: recognised from the facts that share their keys only
    labelled = labelled_sources(groups["source"].astype(str).tolist(), hashes, labels)
    recs: list = []
    unnamed = identity.unnamed_sources(groups, labelled)
    if unnamed:
        some = conform(lib.query(_MATCHING_SQL, [unnamed], cold=True))
        some = resolve(some, labels=Labels(source_filers=filer_map, aliases=aliases,
                                           manifest_filers=False)).facts
        recs = identity.recognise(some, exclude=labelled)
        names = {r.source: r.filer for r in recs}
        groups["entity"] = [names.get(s, e) for s, e in zip(
            groups["source"].astype(str).tolist(), groups["entity"].tolist(), strict=True)]
    ends = pd.DataFrame({"period_end": pd.unique(groups["period_end"])})
    facets = Facets(
        entities=tuple(sorted(set(groups["entity"]))),
        years=tuple(sorted({int(y) for y in m.fact_year(ends).dropna()})),
        currencies=tuple(sorted(set(groups["currency"].astype(str)) - {""})),
        segments=tuple(sorted(set(groups["segment"].astype(str)))),
        populations=tuple(sorted(set(groups["population"].astype(str)))))
    stored: dict[str, set[str]] = {}
    for e, r in zip(groups["entity"].tolist(), groups["entity_reported"].tolist(), strict=True):
        stored.setdefault(e, set()).add(r)
    n_facts = int(groups["rows"].sum())
    groups = groups.groupby(["source", "entity_reported", "entity", "disclosure", "period_end"],
                            dropna=False, sort=False, as_index=False)["n"].sum()
    return Directory(groups=groups, recognitions=recs, facets=facets, n_sources=len(sources),
                     n_facts=n_facts, stored={e: tuple(sorted(r)) for e, r in stored.items()},
                     key=key)


def filer_loaded(entity: str) -> Loaded:
    """What one filer's pages draw from: with the library alone, its facts and sources read
    from its partitions (and those of fragments recognised as its), named and recognised as
    the whole library would name them; with scratch files, the session's whole data."""
    if not library_only():
        return current()[0]
    return _filer_of(directory(), entity)


def _filer_of(d: Directory, entity: str) -> Loaded:
    return _filer_cached(f"{d.key}|filer={entity}", entity, d)


def chosen(filters: Filters) -> Loaded:
    """What a chart page draws from: with the library alone and filers chosen in the sidebar,
    those filers' figures only (read from their partitions, as `filer_loaded`); else every
    figure loaded (`current`)."""
    if not (library_only() and filters.entities):
        return current()[0]
    d = directory()
    names = tuple(sorted(set(filters.entities)))
    if len(names) == 1:
        return _filer_of(d, names[0])
    return _filers_cached(f"{d.key}|filers={names}", names, d)


@st.cache_resource(show_spinner=False, max_entries=16)
def _filers_cached(key: str, names: tuple[str, ...], _d: Directory) -> Loaded:
    parts = [_filer_of(_d, n) for n in names]
    facts = pd.concat([p.facts for p in parts], ignore_index=True)
    sources = pd.concat([p.sources for p in parts], ignore_index=True)
    hashes = {k: v for p in parts for k, v in p.hashes.items()}
    return Loaded(facts=facts, sources=sources, hashes=hashes, inputs=parts[0].inputs, key=key)


@st.cache_resource(show_spinner=False, max_entries=64)
def _filer_cached(key: str, entity: str, _d: Directory) -> Loaded:
    from dashboard.facts import identity

    parts = _d.stored.get(entity, ())
    data = _load(parts, None, [], key)
    mine = {r for r in _d.recognitions if r.filer == entity}
    facts = identity.apply(data.facts, list(mine))
    keep = facts["entity"].astype(str) == entity
    facts = facts[keep].reset_index(drop=True)
    names = {r.source: r.filer for r in mine}
    sources = data.sources.copy()
    sources["filer"] = [names.get(str(s), f) for s, f in zip(sources["source"], sources["filer"],
                                                            strict=True)]
    sources = sources[sources["filer"].astype(str) == entity].reset_index(drop=True)
    return Loaded(facts=facts, sources=sources, hashes=data.hashes, inputs=data.inputs, key=key)


# ─── filters (sidebar, mirrored in the URL) ─────────────────────────────────────────────────

@dataclass
class Filters:
    entities: list[str]
    years: tuple[int, int] | None
    currency: str | None
    segment: str | None
    population: str | None = None  # None: per filer and disclosure, its main population

    def describe(self) -> str:
        bits = []
        if self.entities:
            bits.append(", ".join(self.entities))
        if self.years:
            bits.append(f"{self.years[0]}–{self.years[1]}")
        if self.currency:
            bits.append(m.currency_name(self.currency))
        if self.segment is not None:
            bits.append(self.segment or WHOLE)
        if self.population:
            bits.append(self.population)
        return " · ".join(bits) or "all loaded figures"


def _qp_list(key: str) -> list[str]:
    try:
        return [v for v in st.query_params.get_all(key) if v]
    except Exception:
        return []


def _years_from_qp(text: str) -> tuple[int, int] | None:
    try:
        a, _, b = text.partition("-")
        lo, hi = int(a), int(b or a)
        return (min(lo, hi), max(lo, hi))
    except ValueError:
        return None


def sidebar_filters(facts: pd.DataFrame | Loaded | Facets) -> Filters:
    """Filer, years, currency and segment in the sidebar; read from and written to the URL.
    Given the Loaded data, its facets are computed once per library stamp; given Facets (the
    library's directory's), they are used as they are."""
    if isinstance(facts, Facets):
        fc = facts
    else:
        fc = facets(facts) if isinstance(facts, Loaded) else _facets(
            Loaded(facts=facts, sources=pd.DataFrame(), hashes={}, inputs=[]))
    entities, years = list(fc.entities), list(fc.years)
    currencies, segments = list(fc.currencies), list(fc.segments)
    ss = st.session_state
    if not ss.get("_qp_read"):
        ss["_qp_read"] = True
        if st.query_params.get("view") == "pct":
            ss["_page_qp"] = {"view": "pct"}
            ss["d_pct"] = True
        want = _qp_list("filer")
        if want:
            ss["f_filer"] = [e for e in want if e in entities]
            missing = [e for e in want if e not in entities]
            if missing:
                ss["_qp_missing"] = missing
        yr = _years_from_qp(st.query_params.get("years", ""))
        if yr and years:
            ss["f_years"] = (max(yr[0], years[0]), min(yr[1], years[-1]))
            ss["_years_bounds"] = (years[0], years[-1])  # the URL's range is a choice
        cur = st.query_params.get("currency", "")
        if cur in currencies:
            ss["f_currency"] = cur
        seg = st.query_params.get("segment", None)
        if seg is not None and (seg in segments or seg == WHOLE):
            ss["f_segment"] = seg or WHOLE
    # keep remembered choices valid after loads, merges and renames
    ss["f_filer"] = [e for e in ss.get("f_filer", []) if e in entities]
    if ss.get("f_currency") not in [ALL, *currencies]:
        ss["f_currency"] = ALL
    seg_options = [ALL] + [WHOLE if s == "" else s for s in segments]
    if ss.get("f_segment") not in seg_options:
        ss["f_segment"] = ALL

    with st.sidebar:
        st.markdown("**Filters**")
        if ss.get("_qp_missing"):
            st.caption("Not loaded, so not shown: " + ", ".join(ss["_qp_missing"]))
        chosen = st.multiselect("Filer", entities, key="f_filer", placeholder="All filers")
        yr_range: tuple[int, int] | None = None
        if len(years) > 1:
            bounds = (years[0], years[-1])
            cur_range = tuple(ss.get("f_years", bounds))
            if cur_range == tuple(ss.get("_years_bounds", cur_range)):
                cur_range = bounds  # an untouched range follows the data as files come in
            ss["_years_bounds"] = bounds
            lo = min(max(cur_range[0], years[0]), years[-1])
            hi = max(min(cur_range[1], years[-1]), lo)
            ss["f_years"] = (lo, hi)
            yr_range = st.slider("Years", years[0], years[-1], key="f_years")
        elif years:
            st.caption(f"Year: {years[0]}")
        currency = st.selectbox("Currency", [ALL, *currencies], key="f_currency",
                                format_func=lambda c: c if c == ALL else m.currency_name(c))
        segment = st.selectbox("Segment", seg_options, key="f_segment")
        population = _population_choice(fc.populations)
    full = bool(years) and yr_range == (years[0], years[-1])
    f = Filters(entities=list(chosen),
                years=None if (yr_range is None or full) else (int(yr_range[0]),
                                                               int(yr_range[1])),
                currency=None if currency == ALL else currency,
                segment=None if segment == ALL else ("" if segment == WHOLE else segment),
                population=population)
    write_query_params(f)
    return f


MAIN_POPULATION = "Main population of each filer"
WHOLE_POPULATION = "The filer's own total"


def _population_choice(pops: tuple[str, ...]) -> str | None:
    """Populations a filing reports side by side (customer financing vs other receivables): the
    charts show one per series. Offered only when the loaded figures name more than one."""
    if len(pops) < 2:
        return None
    options = [MAIN_POPULATION] + [WHOLE_POPULATION if p == "" else p for p in pops]
    if st.session_state.get("f_population") not in options:
        st.session_state["f_population"] = MAIN_POPULATION
    choice = st.selectbox("Population", options, key="f_population",
                          help="Receivable populations reported side by side, each with its own total; "
                               "charts show one per filer and disclosure")
    if choice == MAIN_POPULATION:
        return None
    return "" if choice == WHOLE_POPULATION else choice


def write_query_params(f: Filters) -> None:
    qp: dict[str, str | list[str]] = {}
    if f.entities:
        qp["filer"] = f.entities
    if f.years:
        qp["years"] = f"{f.years[0]}-{f.years[1]}"
    if f.currency:
        qp["currency"] = f.currency
    if f.segment is not None:
        qp["segment"] = f.segment or WHOLE
    extra = st.session_state.get("_page_qp", {})
    qp.update(extra)
    current = {k: (st.query_params.get_all(k) if k == "filer" else st.query_params.get(k))
               for k in st.query_params}
    if current != qp:
        st.query_params.from_dict(qp)


def apply(facts: pd.DataFrame, f: Filters) -> pd.DataFrame:
    out = m.filter_facts(facts, entities=f.entities, years=f.years, currency=f.currency,
                         segment=f.segment)
    return m.pick_population(out, f.population)


# ─── small shared widgets ───────────────────────────────────────────────────────────────────

def explain_empty(disclosure: str, all_facts: pd.DataFrame, shown: pd.DataFrame,
                  f: Filters, what: str) -> None:
    """Say what is missing: nothing loaded of this kind, or the filters hide it. With the
    library alone, who has it is read from its directory (the page may hold only the filers
    chosen)."""
    if library_only():
        all_facts = directory().groups
    any_kind = all_facts[all_facts["disclosure"] == disclosure]
    if any_kind.empty:
        st.info(f"No {what} found in the loaded sources. Add a filing with this note on the "
                "**Sources** page; the table there says what was found in each file.")
    else:
        where = ", ".join(sorted(set(any_kind["entity"].astype(str))))
        st.info(ending(f"No {what} for the current filters ({f.describe()}). Loaded "
                       f"sources have {what} for: {where}"))


def fmt_date(d: object) -> str:
    if d is None or (not isinstance(d, date) and pd.isna(d)):
        return ""
    return pd.Timestamp(d).strftime("%Y-%m-%d")


def current() -> tuple[Loaded, Filters]:
    """Everything loaded (the library's facts and the scratch files', recognised) and the
    sidebar filters, for the page being drawn. Read when a page first asks (the Overview
    reads one filer's figures instead: `filer_loaded`), then shared (`loaded_recognised`)."""
    ss = st.session_state
    if ss.get("_loaded") is None:
        ss["_loaded"] = loaded_recognised()
    return ss["_loaded"], ss["_filters"]


def current_filters() -> Filters:
    """The sidebar filters app.py read for the page being drawn."""
    return st.session_state["_filters"]


# ─── frames derived from what is loaded, computed once per library stamp ─────────────────────

@st.cache_resource(show_spinner=False, max_entries=256)
def _memo(key: str, what: str, args: tuple, _fn: Callable[..., Any], _data: Loaded) -> Any:
    return _fn(_data, *args)


def derived(data: Loaded, what: str, fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(data, *args)`, computed once per loaded data (`data.key`: the library's stamp, the
    scratch files) and `what` and `args` (hashable: strings, numbers, tuples), then shared by
    every rerun and session — a rerun with nothing changed recomputes no metric and draws no
    figure anew. `what` names `fn` (one name, one function). The result is shared, not copied:
    read it, never change it in place."""
    if not data.key:  # built outside `loaded()` (a test's own Loaded): nothing to key by
        return fn(data, *args)
    return _memo(data.key, what, args, _fn=fn, _data=data)


@dataclass(frozen=True)
class Facets:
    """What the sidebar offers, from every loaded fact."""

    entities: tuple[str, ...]
    years: tuple[int, ...]
    currencies: tuple[str, ...]
    segments: tuple[str, ...]
    populations: tuple[str, ...]


def facets(data: Loaded) -> Facets:
    return derived(data, "facets", _facets)


def _facets(data: Loaded) -> Facets:
    facts = data.facts
    if facts.empty:
        return Facets((), (), (), (), ())

    def distinct(col: str) -> set[str]:  # unique values first: a few hundred, not every fact
        return set(facts[col].unique().astype(str)) if col in facts.columns else set()

    ends = pd.DataFrame({"period_end": pd.unique(facts["period_end"])})
    return Facets(
        entities=tuple(sorted(distinct("entity"))),
        years=tuple(sorted({int(y) for y in m.fact_year(ends).dropna()})),
        currencies=tuple(sorted(distinct("currency") - {""})),
        segments=tuple(sorted(distinct("segment"))),
        populations=tuple(sorted(distinct("population"))))


# ─── provenance to the note (ui helper, issue 14) ───────────────────────────────────────────

def noted_sources(data: Loaded | None = None, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sources table with a `note` column naming the filing's note each file comes from:
    the bundled manifest's note for the samples, else the heading the document itself gives
    (R page header cell, numbered note heading). Chart footnotes and tables read it.

    Computed once per loaded data (shared: do not change it in place). With `facts`, only the
    rows those facts come from: a chart's footnote reads its sources row by row, which at
    10,000 sources took seconds per chart."""
    data = data or st.session_state["_loaded"]
    out = derived(data, "noted_sources", _noted_sources)
    if facts is None:
        return out
    return sources_for(out, facts)


def sources_for(sources: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """The rows of `sources` that `facts` come from (by source, or by the file of a part)."""
    if sources.empty or "source" not in sources.columns or "source" not in facts.columns:
        return sources
    used = set(facts["source"].astype(str))
    used |= {s.split("#", 1)[0] for s in used}
    return sources[sources["source"].astype(str).isin(used)]


def _noted_sources(data: Loaded) -> pd.DataFrame:
    from dashboard.workspace.inputs import split_source

    out = data.sources.copy()
    man = manifest()
    raw: dict[str, bytes] = {}
    for i in getattr(data, "inputs", []) or []:
        if isinstance(i, io.FileInput):
            raw[i.name] = i.data
    notes = []
    for s, o, n in zip(out["source"].astype(str),
                       out["origin"] if "origin" in out.columns else [""] * len(out),
                       out["facts"] if "facts" in out.columns else [1] * len(out), strict=True):
        name = split_source(s)[0]
        note = man.get(name, {}).get("note", "") if o == "bundled" else ""
        if not note and n and name in raw:
            note = _heading(name, raw[name])
        notes.append(note)
    out["note"] = notes
    return out


@st.cache_data(show_spinner=False, max_entries=2000)
def _heading(name: str, data: bytes) -> str:
    from dashboard.extract.note_heading import note_heading

    return note_heading(name, data)


# ─── filer recognition (ui helper, issue 14) ────────────────────────────────────────────────

def recognised(data: Loaded) -> Loaded:
    """`data` with every unnamed fragment whose figures are a known filer's joined to that
    filer (dashboard.facts.identity), until the analyst confirms or undoes it on Sources. The
    recognitions are kept in st.session_state['_recognised']."""
    out, recs = _recognise(data)
    st.session_state["_recognised"] = recs
    return out


def labelled_sources(sources: list[str], hashes: dict[str, str],
                     labels: dict[tuple[str, str], str]) -> set[str]:
    """The sources the analyst has named (by content hash and part, or the whole file): their
    filer is the analyst's word, never recognised anew."""
    return {s for s in set(sources)
            if (k := io.source_key(s, hashes)) and (k in labels or (k[0], "") in labels)}


def _recognise(data: Loaded) -> tuple[Loaded, list]:
    from dashboard.facts import identity

    if data.facts.empty:
        return data, []
    labels = store().filers(set(data.hashes.values()))
    labelled = labelled_sources(data.facts["source"].astype(str).tolist(), data.hashes, labels)
    recs = identity.recognise(data.facts, exclude=labelled)
    if not recs:
        return data, []
    facts = identity.apply(data.facts, recs)
    names = {r.source: r.filer for r in recs}
    sources = data.sources.copy()
    sources["filer"] = [names.get(str(s), f) for s, f in zip(sources["source"], sources["filer"],
                                                            strict=True)]
    return Loaded(facts=facts, sources=sources, hashes=data.hashes, inputs=data.inputs,
                  key=data.key), recs


# ─── tables fit for a committee (ui helper, issue 14) ───────────────────────────────────────

def committee_table(shown: pd.DataFrame, formats: dict[str, str], *, key: str,
                    config: dict | None = None,
                    constant: tuple[str, ...] = ("Filer", "Segment", "Currency")) -> None:
    """A display table: figures written with their formats and right-aligned, an en dash
    where a figure is missing (never 'None'), and the columns that say one thing on every
    row (one filer, one currency) said once above the table instead, so the figures fit the
    width of the page."""
    from dashboard.analysis import display as disp

    table, said = disp.drop_constant(shown, constant)
    if said:
        st.markdown(" · ".join(f"**{k}:** {v}" for k, v in said.items()))
    table = disp.formatted(table, formats)
    cfg = {c: st.column_config.TextColumn(alignment="right") for c in formats
           if c in table.columns}
    for c, v in (config or {}).items():
        if c in table.columns:
            cfg[c] = v
    st.dataframe(table, hide_index=True, width="stretch", key=key, column_config=cfg)
