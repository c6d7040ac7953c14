"""What the pages draw from: the analyst's view of the library (dashboard.workspace) and of the
scratch files, cached by the library's stamp and shared by every rerun and session."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard.extract.note_heading import note_heading
from dashboard.ui import scratch, store
from dashboard.workspace import inputs as io
from dashboard.workspace.view import Directory, Facets, Loaded, concat, facets_of

if TYPE_CHECKING:
    from dashboard.ui.filters import Filters


def library_only() -> bool:
    """Whether what is shown is the library alone (no scratch files in this session): then
    the first screen reads one filer's figures, not all of them."""
    return not scratch.inputs()


def loaded(filers: list[str] | None = None, years: tuple[int, int] | None = None) -> Loaded:
    """The library's facts (all, or some filers' and years'; read with DuckDB) and the
    scratch session's files, with filer labels and merges applied; computed once per library
    stamp, scratch files and arguments, then shared (see `Loaded`).

    `filers` are names as the library stores them (before the analyst's labels and merges)."""
    ins = scratch.inputs()
    key = (f"{store.stamp()}|{scratch.key(ins)}|{tuple(filers) if filers is not None else '*'}|"
           f"{years or '*'}")
    return _loaded_cached(key, filers=tuple(filers) if filers is not None else None,
                          years=years, _ins=tuple(ins))[0]


def loaded_recognised() -> Loaded:
    """Everything loaded, recognised, computed once per library stamp and scratch files: what
    app.py hands every page. Puts the recognitions in st.session_state['_recognised']."""
    data, recs = everything(scratch.inputs())
    st.session_state["_recognised"] = recs
    return data


def everything(ins: list[io.Input]) -> tuple[Loaded, list]:
    """(every fact loaded, recognised; the recognitions), cached by stamp and scratch files."""
    return _loaded_cached(f"{store.stamp()}|{scratch.key(ins)}|*|*", filers=None, years=None,
                          _ins=tuple(ins))


@st.cache_resource(show_spinner="Reading the library…", max_entries=4)
def _loaded_cached(key: str, filers: tuple[str, ...] | None, years: tuple[int, int] | None,
                   _ins: tuple[io.Input, ...]) -> tuple[Loaded, list]:
    """(the loaded data, with unnamed fragments joined to their filers; the recognitions).
    A resource, not data: st.cache_data would pickle and unpickle every fact on every rerun.
    Four entries: a few libraries or scratch sessions at once; each holds every fact once."""
    ws = store.workspace()
    data = ws.load(filers, years, scratch=_ins, scratch_frames=scratch.frames(list(_ins)),
                   key=key)
    if filers is not None or years is not None:
        return data, []
    return ws.recognise(data)


def recognised(data: Loaded) -> Loaded:
    """`data` with every unnamed fragment whose figures are a known filer's joined to that
    filer, until the analyst confirms or undoes it on Sources. The recognitions are kept in
    st.session_state['_recognised']."""
    out, recs = store.workspace().recognise(data)
    st.session_state["_recognised"] = recs
    return out


# ─── the library's directory: whose figures are where, without reading the facts ──────────

def directory() -> Directory:
    """The library's directory, computed once per library stamp."""
    return directory_cached(store.stamp())


@st.cache_resource(show_spinner="Reading the library's index…", max_entries=4)
def directory_cached(key: str) -> Directory:
    return store.workspace().directory(key)


def filer_loaded(entity: str) -> Loaded:
    """What one filer's pages draw from: with the library alone, its facts and sources read
    from its partitions (and those of fragments recognised as its), named and recognised as
    the whole library would name them; with scratch files, the session's whole data."""
    if not library_only():
        return current()[0]
    return filer_of(directory(), entity)


def filer_of(d: Directory, entity: str) -> Loaded:
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
        return filer_of(d, names[0])
    return _filers_cached(f"{d.key}|filers={names}", names, d)


@st.cache_resource(show_spinner=False, max_entries=16)
def _filers_cached(key: str, names: tuple[str, ...], _d: Directory) -> Loaded:
    return concat([filer_of(_d, n) for n in names], key)


@st.cache_resource(show_spinner=False, max_entries=64)
def _filer_cached(key: str, entity: str, _d: Directory) -> Loaded:
    return store.workspace().filer(_d, entity, key=key)


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


class InOrder:
    """The items `make()` yields, each computed once, when a reader first asks for it, and
    kept: kept in `derived`'s cache, every session reads the same items, and a page can draw
    the first before the next is computed. When computing an item fails (or the run computing
    it is stopped), the reader that asked gets the error and nothing is taken for the end: the
    next reader starts `make()` again past the items kept, and so meets a lasting error anew."""

    def __init__(self, make: Callable[[], Iterable[Any]]) -> None:
        self._make = make
        self._items: Iterator[Any] | None = None
        self._done: list[Any] = []
        self._ended = False
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[Any]:
        k = 0
        while True:
            with self._lock:
                if k == len(self._done):
                    if self._ended:
                        return
                    if self._items is None:  # the first reader, or the last one failed
                        self._items = islice(iter(self._make()), len(self._done), None)
                    try:
                        self._done.append(next(self._items))
                    except StopIteration:
                        self._ended, self._items = True, None
                        return
                    except BaseException:
                        self._items = None
                        raise
                item = self._done[k]
            yield item
            k += 1

    def all(self) -> list[Any]:
        return list(self)


def facets(data: Loaded) -> Facets:
    """What the sidebar offers from every loaded fact."""
    return derived(data, "facets", facets_loaded)


def facets_loaded(data: Loaded) -> Facets:
    return facets_of(data.facts)


# ─── provenance to the note ─────────────────────────────────────────────────────────────────

def noted_sources(data: Loaded | None = None, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sources table with a `note` column naming the filing's note each file comes from:
    the bundled manifest's note for the samples, else the heading the document itself gives
    (R page header cell, numbered note heading). Chart footnotes and tables read it.

    Computed once per loaded data (shared: do not change it in place). With `facts`, only the
    rows those facts come from: a chart's footnote reads its sources row by row."""
    data = data or st.session_state["_loaded"]
    out = derived(data, "noted_sources", with_notes)
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


def with_notes(data: Loaded) -> pd.DataFrame:
    """`data.sources` with the `note` column (see `noted_sources`)."""
    out = data.sources.copy()
    man = store.manifest()
    raw: dict[str, bytes] = {}
    for i in getattr(data, "inputs", []) or []:
        if isinstance(i, io.FileInput):
            raw[i.name] = i.data
    notes = []
    for s, o, n in zip(out["source"].astype(str),
                       out["origin"] if "origin" in out.columns else [""] * len(out),
                       out["facts"] if "facts" in out.columns else [1] * len(out), strict=True):
        name = io.split_source(s)[0]
        note = man.get(name, {}).get("note", "") if o == "bundled" else ""
        if not note and n and name in raw:
            note = _heading(name, raw[name])
        notes.append(note)
    out["note"] = notes
    return out


@st.cache_data(show_spinner=False, max_entries=2000)
def _heading(name: str, data: bytes) -> str:
    return note_heading(name, data)
