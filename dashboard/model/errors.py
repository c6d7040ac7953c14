"""Typed errors. Each carries the file it is about and a sentence an analyst understands."""

from __future__ import annotations

from dataclasses import dataclass


class ExtractionError(Exception):
    """Base class: something was wrong with one input file (or a part of it)."""

    kind = "error"

    def __init__(self, source: str, message: str, *, partial: bool = False) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.partial = partial

    def issue(self) -> FileIssue:
        return FileIssue(source=self.source, kind=self.kind, message=self.message, partial=self.partial)


class UnreadableFile(ExtractionError):
    """The bytes could not be read at all (missing, empty, binary, wrong encoding)."""

    kind = "unreadable"


class UnsupportedFormat(ExtractionError):
    """The file was read, but it is not a kind of filing fragment this tool understands."""

    kind = "unsupported"


class LimitExceeded(ExtractionError):
    """A safety limit (size, zip members, nesting, parts, time) was hit."""

    kind = "limit"


class UnsafeContent(ExtractionError):
    """The file tried something hostile (external entities, entity bombs, path traversal)."""

    kind = "unsafe"


class MalformedContent(ExtractionError):
    """The structure is broken (truncated page, ragged table); whatever could be read is kept."""

    kind = "malformed"


@dataclass(frozen=True, slots=True)
class FileIssue:
    """An error as a value: shown in the sources table and printed by the command line."""

    source: str
    kind: str
    message: str
    partial: bool = False

    def line(self) -> str:
        tail = " (partial: the figures that could be read are kept)" if self.partial else ""
        return f"{self.source}: {self.message}{tail}"


class UnknownFiler(LookupError):
    """Filers asked for by name that the analyst's view of the library does not hold."""

    def __init__(self, names: list[str]) -> None:
        self.names = list(names)
        super().__init__("; ".join(f"{n}: no such filer in the library" for n in self.names))
