"""The scratch session's files: read for this session only (each file's extraction cached by
its content), never saved in the library."""

from __future__ import annotations

import os
import traceback

import pandas as pd
import streamlit as st

from dashboard.extract.pipeline import extract_bytes, extract_paths
from dashboard.ui import store
from dashboard.workspace import inputs as io


@st.cache_data(show_spinner="Reading filings…", max_entries=1000)
def extract_file(name: str, digest: str, _data: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of one in-memory file, cached by its name and content hash."""
    try:
        res = extract_bytes([(name, _data)])
    except Exception as exc:  # the engine must never take the app down
        return pd.DataFrame(), io.error_sources(name, _internal(exc))
    return res.facts, res.sources


@st.cache_data(show_spinner="Reading the folder…", max_entries=50)
def extract_folder(path: str, fingerprint: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts and sources of a folder, cached by its path and the hash of its files' contents."""
    try:
        res = extract_paths([path])
    except Exception as exc:
        return pd.DataFrame(), io.error_sources(path, _internal(exc))
    return res.facts, res.sources


def _internal(exc: Exception) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (in {os.path.basename(where.filename)}:{where.lineno})" if where else ""
    return f"the reader failed on this file: {type(exc).__name__}: {exc}{at}"


def frames(ins: list[io.Input]) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """Each scratch input's facts and sources, in order (cached per file or folder)."""
    return [extract_file(i.name, i.digest, i.data) if isinstance(i, io.FileInput)
            else extract_folder(i.path, i.fingerprint) for i in ins]


def inputs() -> list[io.Input]:
    """The scratch session's files."""
    if "inputs" not in st.session_state:
        st.session_state["inputs"] = []
        st.session_state.setdefault("seen_uploads", set())
    return st.session_state["inputs"]


def key(ins: list[io.Input]) -> str:
    """The scratch session's files as a cache key: names and content hashes, not bytes."""
    return ";".join(f"{i.name}={i.digest}" if isinstance(i, io.FileInput)
                    else f"{i.path}={i.fingerprint}" for i in ins)


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
        store.library().remove(kept)


def reset_inputs() -> None:
    """Forget the scratch session's files (the library keeps its own)."""
    st.session_state.pop("inputs", None)
    inputs()
