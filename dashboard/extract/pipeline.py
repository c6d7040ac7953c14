"""The pipeline, end to end: load → detect → parse → classify → normalise → tidy facts.

`extract_paths` / `extract_bytes` are what the command line and the app call. Every input
yields its facts or a typed issue; one bad file never hides another's figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from dashboard.extract import parallel
from dashboard.extract.batch import (
    DOCUMENT_COLUMNS,
    META_COLUMNS,
    resolve_batch,
    shared_identity,
)
from dashboard.extract.detect import TEXT_EXTRACT, detect
from dashboard.extract.load import LoadResult, load_bytes, load_path
from dashboard.extract.narrative import scale_from_prose_parts
from dashboard.extract.parsers import parse_document
from dashboard.extract.verify import mark_verified
from dashboard.model.documents import Document
from dashboard.model.errors import ExtractionError, FileIssue, MalformedContent
from dashboard.model.schema import (
    DISCLOSURES,
    Fact,
    conform,
    facts_frame,
)

SOURCE_COLUMNS = (
    "source", "entity", "form", "period", "kind", "facts",
    *(f"n_{d}" for d in DISCLOSURES), "scale_basis", "status", "message", "sha256",
    "fiscal_year_focus", "fiscal_period_focus",
)


@dataclass(slots=True)
class DocumentResult:
    document: Document
    kind: str
    facts: list[Fact] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ExtractionResult:
    """Facts of every document that could be read, and an issue for every one that could not."""

    facts: pd.DataFrame
    sources: pd.DataFrame
    issues: list[FileIssue]

    @property
    def ok(self) -> bool:
        return not self.issues


def extract_document(doc: Document) -> DocumentResult:
    """Detect, parse, classify and normalise one document. Raises only ExtractionError."""
    kind = detect(doc)
    facts, notes = parse_document(doc, kind)
    if kind == TEXT_EXTRACT and any(f.scale_basis == "assumed" for f in facts):
        facts = scale_from_prose_parts(facts, doc.text)
    return DocumentResult(document=doc, kind=kind, facts=mark_verified(facts), notes=notes)


def extract_safely(doc: Document) -> DocumentResult:
    """extract_document, with any failure turned into the document's issue."""
    try:
        return extract_document(doc)
    except ExtractionError as exc:
        return DocumentResult(document=doc, kind="error", issues=[exc.issue()])
    except Exception as exc:  # a parser bug must not lose the batch: an issue, as a value
        bug = MalformedContent(doc.source, "it could not be parsed because of an internal "
                               f"error ({type(exc).__name__}); the other files are unaffected")
        return DocumentResult(document=doc, kind="error", issues=[bug.issue()])


def _run(loaded: LoadResult, workers: int | None = None) -> ExtractionResult:
    docs = loaded.documents
    found = (parallel.extract_parallel(docs, workers, extract_safely)
             if parallel.use_workers(docs, workers) > 1 else None)
    if found is None:
        results = [extract_safely(doc) for doc in docs]
    else:
        results = [DocumentResult(document=doc, kind=kind, facts=facts, notes=notes, issues=issues)
                   for doc, (kind, facts, notes, issues) in zip(docs, found, strict=True)]
    issues = list(loaded.issues)
    for r in results:
        issues.extend(r.issues)
    # facts are final once normalised: what the batch decides together is resolved into new
    # frames (dashboard.facts.resolve), never written back into the parsers' facts
    facts, documents = resolve_batch(*batch_frames(results))
    sources = _sources_frame(results, facts, documents, loaded.issues, loaded.notes)
    facts = _dedupe(conform(facts))
    return ExtractionResult(facts=facts, sources=sources, issues=issues)


def batch_frames(results: list[DocumentResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The batch's facts (with `doc`, the row of their document, and `raw`, the figure as
    printed) and its documents (`batch.DOCUMENT_COLUMNS`), for `batch.resolve_batch`."""
    facts = facts_frame(f for r in results for f in r.facts)
    facts["doc"] = [i for i, r in enumerate(results) for _ in r.facts]
    facts["raw"] = pd.array([f.extra.get("raw") for r in results for f in r.facts],
                            dtype="Float64")
    return facts, _documents_frame(results)


def _document_records(results: list[DocumentResult]) -> list[dict]:
    """One record per document, with `batch.DOCUMENT_COLUMNS`."""
    return [{"doc": i, "source": r.document.source, "stem": r.document.stem,
             "container": r.document.container or "",
             **{k: getattr(r.document.meta, k) for k in META_COLUMNS}}
            for i, r in enumerate(results)]


def _documents_frame(results: list[DocumentResult]) -> pd.DataFrame:
    return pd.DataFrame(_document_records(results), columns=list(DOCUMENT_COLUMNS))


_NO_FOCUS = {"fiscal_year_focus": "", "fiscal_period_focus": ""}


def _share_filer_identity(results: list[DocumentResult]) -> None:
    """`batch.shared_identity` written back into the results (the library's per-unit
    step stores the parsers' facts; the pipeline keeps the resolved frames instead)."""
    for i, meta in shared_identity(_document_records(results)).items():
        r = results[i]
        r.document.meta = replace(r.document.meta, **{k: meta[k] for k in META_COLUMNS})
        for f in r.facts:
            if f.entity in ("", r.document.stem):
                f.entity = meta["_shared"]


DEDUPE_KEY = ("source", "metric", "segment", "days_from", "days_to", "period_start",
              "period_end", "value", "currency", "locator")


def _dedupe(facts: pd.DataFrame) -> pd.DataFrame:
    """The same document loaded twice (same source, same fact) is one fact."""
    if facts.empty:
        return facts
    return conform(facts.drop_duplicates(subset=list(DEDUPE_KEY)))


def source_rows(results: list[DocumentResult], load_issues: list[FileIssue],
                load_notes: list[FileIssue] = ()) -> list[dict]:
    """`_sources` as plain rows, from the parsers' facts as they stand: the library runs this
    once per file, where building frames per file cost more than parsing the file."""
    per_doc = [([f.disclosure for f in r.facts], [f.scale_basis for f in r.facts],
                 r.facts[0].entity if r.facts else "") for r in results]
    return _source_rows(results, per_doc, _document_records(results), load_issues, load_notes)


def _sources_frame(results: list[DocumentResult], facts: pd.DataFrame, documents: pd.DataFrame,
                   load_issues: list[FileIssue], load_notes: list[FileIssue] = ()
                   ) -> pd.DataFrame:
    """One row per document (its facts as resolved, its metadata as `documents` has it), then
    one per file that was not read."""
    per_doc: list[tuple[list[str], list[str], str]] = [([], [], "") for _ in results]
    if not facts.empty:
        for d, disc, basis, ent in zip(facts["doc"], facts["disclosure"].astype(str),
                                       facts["scale_basis"].astype(str),
                                       facts["entity"].astype(str), strict=True):
            discs, bases, _ = per_doc[int(d)]
            discs.append(disc)
            bases.append(basis)
            if len(discs) == 1:
                per_doc[int(d)] = (discs, bases, ent)
    metas = documents[["entity", "form", "period"]].to_dict("records")
    return pd.DataFrame(_source_rows(results, per_doc, metas, load_issues, load_notes),
                        columns=list(SOURCE_COLUMNS))


def _source_rows(results: list[DocumentResult], per_doc: list[tuple[list[str], list[str], str]],
                 metas: list[dict], load_issues: list[FileIssue],
                 load_notes: list[FileIssue] = ()) -> list[dict]:
    """The row rule: per document its fact counts per disclosure, scale bases, filer (its first
    fact's, else its metadata's, else its file's stem) and status; then the files not read."""
    rows = []
    for r, (discs, bases, first), meta in zip(results, per_doc, metas, strict=True):
        n = len(discs)
        counts = {f"n_{d}": 0 for d in DISCLOSURES}
        for d in discs:
            counts[f"n_{d}"] = counts.get(f"n_{d}", 0) + 1
        entity = first if n else (meta["entity"] or r.document.stem)
        msg = "; ".join(i.message for i in r.issues) or "; ".join(r.notes)
        if not n and not r.issues and not msg:
            msg = "no delinquency, allowance or guarantee figures found"
        rows.append({
            "source": r.document.source, "entity": entity, "form": meta["form"],
            "period": meta["period"], "kind": r.kind, "facts": n, **counts,
            "scale_basis": ", ".join(sorted(set(bases))),
            "status": "error" if r.issues and not n else ("partial" if r.issues else "ok"),
            "message": msg, "sha256": r.document.sha256,
            # the document's own (a cover page's): a fiscal focus names one filing's period,
            # so it is never shared with the other parts of a container
            "fiscal_year_focus": r.document.meta.fiscal_year_focus,
            "fiscal_period_focus": r.document.meta.fiscal_period_focus,
        })
    for i in load_notes:  # duplicates and deliberately unread binaries: said, not errors
        rows.append({"source": i.source, "entity": "", "form": "", "period": "", "kind": i.kind,
                     "facts": 0, **{f"n_{d}": 0 for d in DISCLOSURES}, "scale_basis": "",
                     "status": i.kind, "message": i.message, "sha256": "", **_NO_FOCUS})
    for i in load_issues:
        rows.append({"source": i.source, "entity": "", "form": "", "period": "", "kind": "error",
                     "facts": 0, **{f"n_{d}": 0 for d in DISCLOSURES}, "scale_basis": "",
                     "status": "partial" if i.partial else "error", "message": i.message,
                     "sha256": "", **_NO_FOCUS})
    return rows


def extract_paths(paths: Iterable[str | Path], limits: object | None = None,
                  workers: int | None = None) -> ExtractionResult:
    """Extract from files, folders and zips on disk.

    `workers`: processes that parse the documents (see `parallel.use_workers`); None chooses: all the
    machine's cores for a large batch, one process otherwise. The result is the same.
    """
    loaded = LoadResult()
    for p in paths:
        part = load_path(p, limits)
        # a folder is one filing's container; so is the folder a single file sits in
        home = str(p) if Path(p).is_dir() else str(Path(p).resolve().parent)
        for d in part.documents:
            d.container = d.container or home
        loaded.extend(part)
    return _run(loaded, workers)


def extract_bytes(items: Iterable[tuple[str, bytes]], limits: object | None = None,
                  workers: int | None = None) -> ExtractionResult:
    """Extract from in-memory files (uploads): (file name, bytes) pairs. `workers` as above."""
    loaded = LoadResult()
    for name, data in items:
        loaded.extend(load_bytes(name, data, limits))
    return _run(loaded, workers)
