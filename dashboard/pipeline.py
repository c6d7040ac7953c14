"""The pipeline, end to end: load → detect → parse → classify → normalise → tidy facts.

`extract_paths` / `extract_bytes` are what the command line and the app call. Every input
yields its facts or a typed issue; one bad file never hides another's figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import parallel
from dashboard.documents import Document, FilingMeta
from dashboard.errors import ExtractionError, FileIssue, MalformedContent
from dashboard.load import LoadResult, load_bytes, load_path
from dashboard.scale import infer_across_documents
from dashboard.schema import DISCLOSURES, Fact, conform, facts_frame

SOURCE_COLUMNS = (
    "source", "entity", "form", "period", "kind", "facts",
    *(f"n_{d}" for d in DISCLOSURES), "scale_basis", "status", "message", "sha256",
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
    from dashboard.detect import detect
    from dashboard.parsers import parse_document

    kind = detect(doc)
    facts, notes = parse_document(doc, kind)
    return DocumentResult(document=doc, kind=kind, facts=facts, notes=notes)


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
    _share_filer_identity(results)
    infer_across_documents([r.facts for r in results])
    facts = facts_frame(f for r in results for f in r.facts)
    facts = _dedupe(facts)
    return ExtractionResult(facts=facts, sources=_sources(results, loaded.issues, loaded.notes),
                            issues=issues)


def _share_filer_identity(results: list[DocumentResult]) -> None:
    """Parts of one filing (a submission, a zip, a folder) share the filer its cover page names.

    A fragment that names no filer carries its file's stem; when exactly one filer is named
    within its container (R1.htm's dei facts, the SEC header, dei in the XBRL), that name wins.
    """
    by_container: dict[str, list[DocumentResult]] = {}
    for r in results:
        if r.document.container:
            by_container.setdefault(r.document.container, []).append(r)
    for group in by_container.values():
        shared = container_filer([r.document.meta for r in group])
        if shared is None:
            continue
        for r in group:
            stem = r.document.stem
            r.document.meta = r.document.meta.merged(shared)
            for f in r.facts:
                if f.entity in ("", stem):
                    f.entity = shared.entity


def container_filer(metas: Iterable[FilingMeta]) -> FilingMeta | None:
    """The filing metadata a container's parts share: that of the one filer named in it, or
    None when none or several are named. Parts whose facts carry no filer (or only their
    file's stem) take its name."""
    metas = list(metas)
    if len({m.entity for m in metas if m.entity}) != 1:
        return None
    return next(m for m in metas if m.entity)


DEDUPE_KEY = ("source", "metric", "segment", "days_from", "days_to", "period_start",
              "period_end", "value", "currency", "locator")


def _dedupe(facts: pd.DataFrame) -> pd.DataFrame:
    """The same document loaded twice (same source, same fact) is one fact."""
    if facts.empty:
        return facts
    return conform(facts.drop_duplicates(subset=list(DEDUPE_KEY)))


def _sources(results: list[DocumentResult], load_issues: list[FileIssue],
             load_notes: list[FileIssue] = ()) -> pd.DataFrame:
    return pd.DataFrame(source_rows(results, load_issues, load_notes),
                        columns=list(SOURCE_COLUMNS))


def source_rows(results: list[DocumentResult], load_issues: list[FileIssue],
                load_notes: list[FileIssue] = ()) -> list[dict]:
    """The sources table's rows as dicts (the filing library's workers take them as they are:
    a DataFrame per file would cost more than the file's parse)."""
    rows = []
    for r in results:
        counts = {f"n_{d}": 0 for d in DISCLOSURES}
        bases: set[str] = set()
        for f in r.facts:
            counts[f"n_{f.disclosure}"] = counts.get(f"n_{f.disclosure}", 0) + 1
            bases.add(f.scale_basis)
        entity = r.facts[0].entity if r.facts else (r.document.meta.entity or r.document.stem)
        msg = "; ".join(i.message for i in r.issues) or "; ".join(r.notes)
        if not r.facts and not r.issues and not msg:
            msg = "no delinquency, allowance or guarantee figures found"
        rows.append({
            "source": r.document.source, "entity": entity, "form": r.document.meta.form,
            "period": r.document.meta.period, "kind": r.kind, "facts": len(r.facts), **counts,
            "scale_basis": ", ".join(sorted(bases)),
            "status": "error" if r.issues and not r.facts else ("partial" if r.issues else "ok"),
            "message": msg, "sha256": r.document.sha256,
        })
    for i in load_notes:  # duplicates and deliberately unread binaries: said, not errors
        rows.append({"source": i.source, "entity": "", "form": "", "period": "", "kind": i.kind,
                     "facts": 0, **{f"n_{d}": 0 for d in DISCLOSURES}, "scale_basis": "",
                     "status": i.kind, "message": i.message, "sha256": ""})
    for i in load_issues:
        rows.append({"source": i.source, "entity": "", "form": "", "period": "", "kind": "error",
                     "facts": 0, **{f"n_{d}": 0 for d in DISCLOSURES}, "scale_basis": "",
                     "status": "partial" if i.partial else "error", "message": i.message,
                     "sha256": ""})
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
