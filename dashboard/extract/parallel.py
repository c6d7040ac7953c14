"""Many documents on many cores: forked workers that share the loaded documents.

Used by `pipeline` for a large batch (`extract_paths(..., workers=N)`); the facts, sources and
issues are the same as in one process, in the same order. Workers are forked (Linux only), so
the documents are shared with them, not copied; a process running other threads (the Streamlit
server) is never forked. The filing library's batch ingest runs on Dask instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields, replace
from typing import Any

from dashboard.model.documents import Document, FilingMeta
from dashboard.model.errors import FileIssue
from dashboard.model.schema import Fact

# what one document gave: its kind, facts, notes and issues
Outcome = tuple[str, list[Fact], list[str], list[FileIssue]]


PARALLEL_MIN_CHARS = 4_000_000  # below this much text, starting processes costs more than it saves
_TASK_CHARS = 1_000_000  # small documents travel to a worker in batches of about this much text
_META_FIELDS = tuple(f.name for f in fields(FilingMeta))
# what forked workers read, by index (inherited at the fork, never pickled): the documents, and
# their metas as loaded
_POOL_DOCS: list[Document] = []
_POOL_METAS: list[tuple[int, FilingMeta]] = []
_POOL_EXTRACT: Callable[[Document], Any] | None = None  # pipeline.extract_safely


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def use_workers(docs: list[Document], workers: int | None) -> int:
    """How many processes to parse with: 1 unless it pays and it is safe.

    Workers are forked (Linux only), so the documents are shared with them, not copied; a
    process running other threads (the Streamlit server) is never forked: it parses in-line.
    """
    if workers is not None and workers <= 1:
        return 1
    if not sys.platform.startswith("linux") or threading.active_count() > 1 or len(docs) < 2:
        return 1
    if workers is None:
        if sum(len(d.text) for d in docs) < PARALLEL_MIN_CHARS:
            return 1
        workers = min(usable_cores(), 8)
    return max(1, min(workers, len(docs)))


def _tasks(docs: list[Document]) -> list[list[int]]:
    """Document indices in batches, the costliest first (longest-first keeps cores busy).

    Parts of one submission share one FilingMeta, which a cover page (R1's dei rows) may fill
    in for the parts after it; when that meta names no filer yet, the parts go together, in
    order, so each sees what the one before it filled in, exactly as in one process.
    """
    shared: dict[int, list[int]] = {}
    for i, d in enumerate(docs):
        shared.setdefault(id(d.meta), []).append(i)
    tasks: list[list[int]] = []
    batch: list[int] = []
    size = 0
    for i, d in enumerate(docs):
        group = shared[id(d.meta)]
        if len(group) > 1 and not d.meta.entity:
            if i == group[0]:
                tasks.append(list(group))
            continue
        if len(d.text) >= _TASK_CHARS:
            tasks.append([i])
            continue
        batch.append(i)
        size += len(d.text)
        if size >= _TASK_CHARS:
            tasks.append(batch)
            batch, size = [], 0
    if batch:
        tasks.append(batch)
    return sorted(tasks, key=lambda t: -sum(len(docs[i].text) for i in t))


def _work(task: list[int]) -> list[tuple[int, str, list[Fact], list[str], list[FileIssue], FilingMeta]]:
    """In a worker: extract the task's documents, in order, each from its meta as loaded.

    (A worker runs many tasks; a meta another task's document filled in is not this one's.)
    """
    out = []
    copies: dict[int, FilingMeta] = {}
    for i in task:
        doc = _POOL_DOCS[i]
        key, loaded = _POOL_METAS[i]
        doc.meta = copies.setdefault(key, replace(loaded))
        assert _POOL_EXTRACT is not None
        r = _POOL_EXTRACT(doc)
        out.append((i, r.kind, r.facts, r.notes, r.issues, replace(doc.meta)))
    return out


def extract_parallel(docs: list[Document], workers: int | None,
                     extract: Callable[[Document], Any]) -> list[Outcome] | None:
    """Each document's result, in order, parsed by forked workers; None if they could not run.

    What a parser wrote into a document's meta (a cover page's filer name) is merged back in
    document order, blanks only, as the parsers themselves do.
    """
    global _POOL_DOCS, _POOL_METAS, _POOL_EXTRACT
    n = use_workers(docs, workers)
    # imported here, just before the fork, so that no worker imports them again
    from dashboard.extract.parsers import html_tables, text_extract, xbrl  # noqa: F401

    _POOL_DOCS = docs
    _POOL_EXTRACT = extract
    _POOL_METAS = [(id(d.meta), replace(d.meta)) for d in docs]
    found: dict[int, tuple[str, list[Fact], list[str], list[FileIssue], FilingMeta]] = {}
    # objects that exist at the fork are left out of the workers' garbage collections, which
    # would otherwise visit (and so copy) every page of the parent's heap
    gc.freeze()
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk in pool.map(_work, _tasks(docs)):
                for i, kind, facts, notes, issues, meta in chunk:
                    found[i] = (kind, facts, notes, issues, meta)
    except Exception:  # a worker that died or could not answer: parse in this process instead
        return None
    finally:
        gc.unfreeze()
        _POOL_DOCS, _POOL_METAS, _POOL_EXTRACT = [], [], None
    results = []
    for i, doc in enumerate(docs):
        kind, facts, notes, issues, meta = found[i]
        for name in _META_FIELDS:
            if not getattr(doc.meta, name) and getattr(meta, name):
                setattr(doc.meta, name, getattr(meta, name))
        results.append((kind, facts, notes, issues))
    return results
