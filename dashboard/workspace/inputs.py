"""What the app has been given to read, and how its labels map onto sources. No streamlit here.

An input is a file held in memory (a bundled sample or an upload, identified by the SHA-256 of
its bytes) or a folder on disk (read by the engine's `extract_paths`; its files are hashed here
only so that the analyst's labels follow their content).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import SOURCE_COLUMNS
from dashboard.facts.resolve import (
    read_manifest,
)
from dashboard.model.schema import conform

MAX_FOLDER_FILES = 5000
MAX_FOLDER_BYTES = 1024 * 1024 * 1024


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class FileInput:
    """A file held in memory: a bundled sample or an upload."""

    name: str
    digest: str
    data: bytes = field(repr=False)
    origin: str = "upload"  # "bundled" or "upload"


@dataclass(frozen=True, slots=True)
class FolderInput:
    """A folder on disk, read by the engine. `files` maps names to content hashes."""

    path: str
    fingerprint: str
    files: tuple[tuple[str, str], ...] = ()
    origin: str = "folder"

    @property
    def name(self) -> str:
        return self.path


Input = FileInput | FolderInput


def repo_data_dir() -> Path:
    """The bundled samples: `data/` beside the `dashboard` package."""
    return Path(__file__).resolve().parents[2] / "data"


def bundled_inputs(data_dir: Path | None = None) -> list[FileInput]:
    """The samples listed in data/manifest.json, in its order."""
    data_dir = data_dir or repo_data_dir()
    out = []
    for name in read_manifest(data_dir):
        p = data_dir / name
        if p.is_file():
            data = p.read_bytes()
            out.append(FileInput(name=name, digest=sha256(data), data=data, origin="bundled"))
    return out


def unique_name(name: str, digest: str, taken: Mapping[str, str]) -> str | None:
    """The name to load a file under; None when the same bytes are already loaded under it.

    `taken` maps loaded names to their hashes. A different file with a taken name gets the
    first eight hex digits of its hash appended, so sources never collide.
    """
    if name not in taken:
        return name
    if taken[name] == digest:
        return None
    alt = f"{name} [{digest[:8]}]"
    return None if taken.get(alt) == digest else alt


def scan_folder(path: str | Path) -> FolderInput:
    """Hash the files of a folder (not decoding them); raises ValueError with a plain reason."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ValueError(f"There is no folder at {p}.")
    if not p.is_dir():
        raise ValueError(f"{p} is a file, not a folder; upload it instead.")
    files: list[tuple[str, str]] = []
    total = 0
    fp = hashlib.sha256()
    for child in sorted(p.rglob("*")):
        if not child.is_file() or any(part.startswith(".") for part in child.relative_to(p).parts):
            continue
        if len(files) >= MAX_FOLDER_FILES:
            raise ValueError(f"{p} holds more than {MAX_FOLDER_FILES} files; pick a smaller one.")
        size = child.stat().st_size
        total += size
        if total > MAX_FOLDER_BYTES:
            raise ValueError(f"{p} holds more than {MAX_FOLDER_BYTES // 2**20} MB of files.")
        digest = sha256(child.read_bytes())
        rel = child.relative_to(p).as_posix()
        files.append((rel, digest))
        fp.update(f"{rel}\0{digest}\n".encode())
    if not files:
        raise ValueError(f"{p} holds no files.")
    return FolderInput(path=str(p.resolve()), fingerprint=fp.hexdigest(), files=tuple(files))


def source_hashes(inputs: Iterable[Input]) -> dict[str, str]:
    """{file name as it appears in `source` (before any '#part'): content hash}."""
    out: dict[str, str] = {}
    for i in inputs:
        if isinstance(i, FileInput):
            out[i.name] = i.digest
        else:
            for rel, digest in i.files:
                out.setdefault(rel, digest)
                out.setdefault(rel.rsplit("/", 1)[-1], digest)
    return out


def split_source(source: str) -> tuple[str, str]:
    base, _, part = str(source).partition("#")
    return base, part


def source_key(source: str, hashes: Mapping[str, str]) -> tuple[str, str] | None:
    """(content hash, part) for a source string, or None when its file is unknown."""
    base, part = split_source(source)
    digest = hashes.get(base) or hashes.get(base.rsplit("/", 1)[-1])
    return (digest, part) if digest else None


def source_filer_map(
    sources: Iterable[str],
    hashes: Mapping[str, str],
    labels: Mapping[tuple[str, str], str],
    defaults: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """{source: filer name} from the analyst's labels (by content hash and part), falling back
    to a label on the whole file, then to `defaults` (bundled manifest, by file name)."""
    out: dict[str, str] = {}
    for s in sources:
        key = source_key(s, hashes)
        name = None
        if key:
            name = labels.get(key) or labels.get((key[0], ""))
        if not name and defaults:
            name = defaults.get(split_source(s)[0])
        if name:
            out[s] = name
    return out


def combine(parts: Iterable[tuple[pd.DataFrame, pd.DataFrame]]) -> tuple[pd.DataFrame,
                                                                          pd.DataFrame]:
    """Concatenate the facts and sources of several extractions."""
    facts, sources = [], []
    for f, s in parts:
        if f is not None and not f.empty:
            facts.append(f)
        if s is not None and not s.empty:
            sources.append(s)
    all_facts = conform(pd.concat(facts, ignore_index=True)) if facts else conform(pd.DataFrame())
    all_sources = pd.concat(sources, ignore_index=True) if sources else pd.DataFrame(
        columns=list(SOURCE_COLUMNS))
    return all_facts, all_sources


def error_sources(name: str, message: str) -> pd.DataFrame:
    """A sources row for an input the engine could not process at all."""
    row = {c: "" for c in SOURCE_COLUMNS}
    row.update({"source": name, "kind": "error", "facts": 0, "status": "error",
                "message": message})
    for c in SOURCE_COLUMNS:
        if c.startswith("n_"):
            row[c] = 0
    return pd.DataFrame([row], columns=list(SOURCE_COLUMNS))
