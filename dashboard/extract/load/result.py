"""What loading gives: documents read, issues for what was not, notes (duplicates, skips)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.model.documents import Document
from dashboard.model.errors import (
    FileIssue,
)

DUPLICATE = "duplicate"  # kind of a note: identical content was already loaded
SKIPPED = "skipped"  # kind of a note: a binary or junk member/part deliberately not read




@dataclass(slots=True)
class LoadResult:
    """Documents that were read, issues (errors as values) for what was not.

    `notes` are informational, never errors: duplicates skipped and binary members
    (images, workbooks) deliberately left unread.
    """

    documents: list[Document] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)
    notes: list[FileIssue] = field(default_factory=list)
    _index: dict[str, Document] = field(default_factory=dict, repr=False, compare=False)
    _indexed: int = field(default=0, repr=False, compare=False)

    def _sync(self) -> None:
        if self._indexed > len(self.documents):  # the list was edited from outside
            self._index.clear()
            self._indexed = 0
        for doc in self.documents[self._indexed:]:
            if doc.sha256:
                self._index.setdefault(doc.sha256, doc)
        self._indexed = len(self.documents)

    def add(self, doc: Document) -> None:
        """Add one document, unless identical content is already here."""
        self.extend(LoadResult(documents=[doc]))

    def extend(self, other: LoadResult) -> None:
        """Append another result; content already loaded is dropped and noted as a duplicate."""
        self._sync()
        dups: dict[tuple[str, str], list[tuple[Document, Document]]] = {}
        for doc in other.documents:
            kept = self._index.get(doc.sha256) if doc.sha256 else None
            if kept is None:
                self.documents.append(doc)
                if doc.sha256:
                    self._index[doc.sha256] = doc
                self._indexed = len(self.documents)
                continue
            kept.notes.append(f"the same content was also given as {doc.source}; it was read once")
            key = (outer_source(doc.source), outer_source(kept.source))
            dups.setdefault(key, []).append((doc, kept))
        self.issues.extend(other.issues)
        self.notes.extend(other.notes)
        for (dup_file, kept_file), pairs in dups.items():
            if len(pairs) > 1 and dup_file != kept_file:
                self.notes.append(FileIssue(
                    dup_file, DUPLICATE,
                    f"the same content as {kept_file} ({len(pairs)} identical parts), "
                    "which was read; this copy was skipped"))
            else:
                for doc, kept in pairs:
                    self.notes.append(FileIssue(
                        doc.source, DUPLICATE,
                        f"the same content as {kept.source}, which was read; this copy was skipped"))


def outer_source(source: str) -> str:
    return source.split("#", 1)[0]

