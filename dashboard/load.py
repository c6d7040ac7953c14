"""Load: the only code that touches files, zips and encodings. (Minimal first version.)"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.documents import Document
from dashboard.errors import FileIssue


@dataclass(slots=True)
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.documents.extend(other.documents)
        self.issues.extend(other.issues)


def load_bytes(name: str, data: bytes, limits: object | None = None) -> LoadResult:
    text = data.decode("utf-8", errors="replace")
    digest = hashlib.sha256(data).hexdigest()
    return LoadResult([Document(source=name, name=name, text=text, sha256=digest)])


def load_path(path: str | Path, limits: object | None = None) -> LoadResult:
    p = Path(path)
    if p.is_dir():
        out = LoadResult()
        for child in sorted(p.rglob("*")):
            if child.is_file():
                out.extend(load_bytes(child.name, child.read_bytes(), limits))
        return out
    return load_bytes(p.name, p.read_bytes(), limits)
