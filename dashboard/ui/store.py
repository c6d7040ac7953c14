"""The filing library this server opens, the analyst's view of it, and the stamp every cache of
what it shows is keyed by."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.library import IngestReport, Library, LibraryLabels, default_library_dir
from dashboard.workspace import inputs as io
from dashboard.workspace.view import Workspace


def _read_bundled(data_dir_path: str) -> tuple[list[io.FileInput], dict[str, dict[str, str]]]:
    d = Path(data_dir_path)
    return io.bundled_inputs(d), io.read_manifest(d)


_bundled = st.cache_data(show_spinner=False)(_read_bundled)


def manifest() -> dict[str, dict[str, str]]:
    """The bundled samples' manifest (their filer, form, period and note)."""
    return _bundled(str(io.repo_data_dir()))[1]


def open_filled(root: str) -> Library:
    """The library at `root`, opened; on a fresh machine it first takes in the bundled
    samples, and files an older extractor read (and whose bytes it kept) are read again.
    Plain (no Streamlit cache): the launcher runs it before the server's runtime exists, so
    the first session finds the library filled."""
    lib = Library.open(None if root == str(default_library_dir()) else root)
    if lib.units().empty:
        files, man = _read_bundled(str(io.repo_data_dir()))  # no runtime yet: not cached
        lib.ingest_bytes([(f.name, f.data) for f in files], workers=1, origin={
            f.name: {"kind": "bundled", **{k: man.get(f.name, {}).get(k, "")
                                           for k in ("form", "period", "accession")}}
            for f in files})
    elif 0 < lib.stale() <= 200:
        lib.refresh(workers=1)
    return lib


@st.cache_resource(show_spinner="Opening the filing library…")
def _library(root: str) -> Library:
    """The library, opened once per server (`open_filled`)."""
    return open_filled(root)


def library() -> Library:
    """The library for this machine (CREDIT_NOTES_HOME/library or the user data folder)."""
    return _library(str(default_library_dir()))


def workspace() -> Workspace:
    """The analyst's view of the library (names, merges, given scales, recognitions)."""
    files, man = _bundled(str(io.repo_data_dir()))
    return Workspace(library(), man, {f.name: f.digest for f in files})


def _catalog_stamp(lib: Library) -> str:
    """The catalog file's size and modification time (and its write-ahead log's): every write
    to the catalog — an analyst's filer name, merge or given scale, which the manifest's
    version does not count — changes them, and reading them costs a stat, not a DuckDB
    connection."""
    out = []
    for p in (lib.catalog, lib.catalog.with_name(lib.catalog.name + ".wal")):
        try:
            s = p.stat()
            out.append(f"{s.st_mtime_ns}.{s.st_size}")
        except OSError:
            out.append("-")
    return "/".join(out)


_LABEL_WRITES: dict[str, int] = {}  # label writes made through this server, per library


def stamp() -> str:
    """What everything the app shows from the library depends on: its root, its contents
    (`Library.version`, from the manifest) and the analyst's labels (the catalog's stamp).
    Cheap (a small JSON read and two stats): every script run asks for it, and every cache of
    library-derived frames is keyed by it, so a rerun with nothing changed re-reads nothing
    and an ingest, removal or relabelling refreshes what is shown."""
    lib = library()
    return (f"{lib.root}|{lib.version}|{_catalog_stamp(lib)}|"
            f"{_LABEL_WRITES.get(str(lib.root), 0)}")


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
    """The analyst's filer names, merges and given scales, kept in the library's catalog."""
    lib = library()
    return _CountedLabels(lib.labels, str(lib.root))  # type: ignore[return-value]


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
