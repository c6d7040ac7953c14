"""Session state, the filing library the app opens on, labels and filters shared by every page."""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import metrics as m
from dashboard.library import IngestReport, Library, LibraryLabels, default_library_dir
from dashboard.resolve import Labels, resolve
from dashboard.ui import inputs as io

ALL = "All"
WHOLE = "Whole portfolio"
PLOTLY_CONFIG = {"displaylogo": False,
                 "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "credit-notes"}}


# ─── cached core calls ──────────────────────────────────────────────────────────────────────

@st.cache_data(show_spinner="Reading filings…", max_entries=1000)
def extract_file(name: str, digest: str, _data: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of one in-memory file, cached by its name and content hash."""
    from dashboard.pipeline import extract_bytes

    try:
        res = extract_bytes([(name, _data)])
    except Exception as exc:  # the engine must never take the app down
        return pd.DataFrame(), io.error_sources(name, _internal(exc))
    return res.facts, res.sources


@st.cache_data(show_spinner="Reading the folder…", max_entries=50)
def extract_folder(path: str, fingerprint: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of a folder, cached by its path and the hash of its files' contents."""
    from dashboard.pipeline import extract_paths

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


@st.cache_data(show_spinner="Reading the library…", max_entries=32)
def _library_frames(root: str, version: str, filers: tuple[str, ...] | None,
                    years: tuple[int, int] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of the library (for some filers and years), cached by its version."""
    lib = library()
    return (lib.facts(filers=list(filers) if filers is not None else None, years=years),
            lib.sources(filers=list(filers) if filers is not None else None))


@st.cache_data(show_spinner=False, max_entries=8)
def _filer_list(root: str, version: str) -> pd.DataFrame:
    return library().filers()


def filer_list() -> pd.DataFrame:
    """Every filer in the library — entity, forms, first_year, last_year, n_facts, n_files —
    cheap (one aggregate query, cached by the library's version): for a filer picker."""
    lib = library()
    return _filer_list(str(lib.root), lib.version)


def store() -> LibraryLabels:
    """The analyst's filer names and merges, kept in the library's catalog (the older SQLite
    label file is taken over the first time the library opens)."""
    return library().labels


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
    facts: pd.DataFrame  # contract columns + entity_reported, entity resolved
    sources: pd.DataFrame  # engine columns + filer, origin
    hashes: dict[str, str]
    inputs: list[io.Input | LibraryFile]


def loaded(filers: list[str] | None = None, years: tuple[int, int] | None = None) -> Loaded:
    """The library's facts (all, or some filers' and years'; read with DuckDB, cached by the
    library's version) and the scratch session's files, with filer labels and merges applied.

    `filers` are names as the library stores them (before the analyst's labels and merges)."""
    lib = library()
    lib_facts, lib_sources = _library_frames(
        str(lib.root), lib.version, tuple(filers) if filers is not None else None, years)
    ins = inputs()
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
    # form and period the bundled manifest gives the samples: one stage (dashboard.resolve)
    res = resolve(facts, sources, Labels(
        source_filers=filer_map, aliases=aliases, filer_scales=st_.filer_scales(), manifest=man,
        manifest_filers=False, manifest_columns=("form", "period")))
    facts, sources = res.facts, res.sources
    sources["origin"] = [origin.get(io.split_source(str(s))[0], "") for s in sources["source"]]
    held = [LibraryFile(name=n, digest=d, origin=origin.get(n, "library"))
            for n, d in lib_hashes.items()]
    return Loaded(facts=facts, sources=sources, hashes=hashes, inputs=[*held, *ins])


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


def sidebar_filters(facts: pd.DataFrame) -> Filters:
    """Filer, years, currency and segment in the sidebar; read from and written to the URL."""
    entities = sorted(set(facts["entity"].astype(str))) if not facts.empty else []
    years = sorted({int(y) for y in m.fact_year(facts).dropna()}) if not facts.empty else []
    currencies = sorted(set(facts["currency"].astype(str)) - {""}) if not facts.empty else []
    segments = sorted(set(facts["segment"].astype(str))) if not facts.empty else []
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
        population = _population_choice(facts)
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


def _population_choice(facts: pd.DataFrame) -> str | None:
    """Populations a filing reports side by side (customer financing vs other receivables): the
    charts show one per series. Offered only when the loaded figures name more than one."""
    pops = sorted(set(facts["population"].astype(str))) if "population" in facts.columns else []
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
    """Say what is missing: nothing loaded of this kind, or the filters hide it."""
    any_kind = all_facts[all_facts["disclosure"] == disclosure]
    if any_kind.empty:
        st.info(f"No {what} found in the loaded sources. Add a filing with this note on the "
                "**Sources** page; the table there says what was found in each file.")
    else:
        where = ", ".join(sorted(set(any_kind["entity"].astype(str))))
        st.info(f"No {what} for the current filters ({f.describe()}). Loaded sources have "
                f"{what} for: {where}.")


def fmt_date(d: object) -> str:
    if d is None or (not isinstance(d, date) and pd.isna(d)):
        return ""
    return pd.Timestamp(d).strftime("%Y-%m-%d")


def current() -> tuple[Loaded, Filters]:
    """What app.py loaded and the sidebar filters, for the page being drawn."""
    return st.session_state["_loaded"], st.session_state["_filters"]


# ─── provenance to the note (ui helper, issue 14) ───────────────────────────────────────────

def noted_sources(data: Loaded | None = None) -> pd.DataFrame:
    """The sources table with a `note` column naming the filing's note each file comes from:
    the bundled manifest's note for the samples, else the heading the document itself gives
    (R page header cell, numbered note heading). Chart footnotes and tables read it."""
    from dashboard.ui.inputs import split_source

    data = data or st.session_state["_loaded"]
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
    from dashboard.note_heading import note_heading

    return note_heading(name, data)


# ─── filer recognition (ui helper, issue 14) ────────────────────────────────────────────────

def recognised(data: Loaded) -> Loaded:
    """`data` with every unnamed fragment whose figures are a known filer's joined to that
    filer (dashboard.identity), until the analyst confirms or undoes it on Sources. The
    recognitions are kept in st.session_state['_recognised']."""
    from dashboard import identity

    st.session_state["_recognised"] = []
    if data.facts.empty:
        return data
    labels = store().filers(set(data.hashes.values()))
    labelled = {s for s in set(data.facts["source"].astype(str))
                if (k := io.source_key(s, data.hashes)) and (k in labels or (k[0], "") in labels)}
    recs = identity.recognise(data.facts, exclude=labelled)
    if not recs:
        return data
    st.session_state["_recognised"] = recs
    facts = identity.apply(data.facts, recs)
    names = {r.source: r.filer for r in recs}
    sources = data.sources.copy()
    sources["filer"] = [names.get(str(s), f) for s, f in zip(sources["source"], sources["filer"],
                                                            strict=True)]
    return Loaded(facts=facts, sources=sources, hashes=data.hashes, inputs=data.inputs)


# ─── tables fit for a committee (ui helper, issue 14) ───────────────────────────────────────

def committee_table(shown: pd.DataFrame, formats: dict[str, str], *, key: str,
                    config: dict | None = None,
                    constant: tuple[str, ...] = ("Filer", "Segment", "Currency")) -> None:
    """A display table: figures written with their formats and right-aligned, an en dash
    where a figure is missing (never 'None'), and the columns that say one thing on every
    row (one filer, one currency) said once above the table instead, so the figures fit the
    width of the page."""
    from dashboard import display as disp

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
