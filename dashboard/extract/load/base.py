"""The reader's shared state: budgets, issues and notes, documents kept, and text decoding."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable

from dashboard.extract.limits import Limits, xml_hazard
from dashboard.extract.load.encoding import decode_bytes
from dashboard.extract.load.kinds import (
    Stop,
    clean_name,
    env_var,
    mb_text,
    plural,
)
from dashboard.extract.load.result import SKIPPED, LoadResult, outer_source
from dashboard.model.documents import Document, FilingMeta
from dashboard.model.errors import (
    ExtractionError,
    FileIssue,
    LimitExceeded,
    MalformedContent,
    UnreadableFile,
    UnsafeContent,
    UnsupportedFormat,
)


class Reader:
    """One load's state: the limits, the budgets of the current top-level input, what was kept.

    The zip and submission readers extend it; `core.Loader` puts them together.
    """

    def __init__(self, limits: Limits) -> None:
        self.lim = limits
        self.out = LoadResult()
        self.deadline = 0.0
        self.zip_bytes = 0
        self.zip_members = 0
        self.read = 0  # documents kept since the current top-level input began

    # top level: one file / upload, its own time and zip budgets
    def top(self, source: str, work: Callable[[], None]) -> None:
        self.deadline = time.monotonic() + self.lim.parse_seconds
        self.zip_bytes = 0
        self.zip_members = 0
        self.read = 0
        try:
            work()
        except Stop:
            self.issue(LimitExceeded(
                source,
                f"reading stopped after the time limit of {self.lim.parse_seconds:g} seconds "
                f"({env_var('parse_seconds')}); the first {plural(self.read, 'document')} were kept",
                partial=self.read > 0))
        except ExtractionError as exc:
            self.issue(exc)
        except MemoryError:
            self.issue(LimitExceeded(source, "the file is too large to read in the memory available"))
        except Exception as exc:  # no exception escapes: hostile input gets an answer
            self.issue(MalformedContent(
                source, f"it could not be read because of an unexpected problem ({type(exc).__name__})"))

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise Stop

    def issue(self, exc: ExtractionError) -> None:
        self.out.issues.append(exc.issue())

    def note(self, source: str, kind: str, message: str) -> None:
        self.out.notes.append(FileIssue(source, kind, message))

    def keep(self, doc: Document) -> None:
        self.out.add(doc)
        self.read += 1

    def guarded(self, source: str, work: Callable[[], None]) -> None:
        """Run one member's work; its failure becomes its issue and the others go on."""
        try:
            work()
        except (Stop, MemoryError):
            raise
        except ExtractionError as exc:
            self.issue(exc)
        except Exception as exc:
            self.issue(MalformedContent(
                source, f"it could not be read because of an unexpected problem ({type(exc).__name__})"))

    def _binary(self, source: str, what: str, inside: bool) -> None:
        if inside:
            self.note(source, SKIPPED, f"{what}, not read")
            return
        raise UnsupportedFormat(
            source,
            f"this is {what}, which this tool does not read; give it the filing's pages, "
            "its full-submission .txt, a zip of them or its XBRL instance")

    def _too_big(self, size: int) -> str:
        return (f"it is {mb_text(size)}, over the limit of {mb_text(self.lim.max_file_bytes)} per file "
                f"({env_var('max_file_bytes')}), so it was not read")

    def text(self, source: str, name: str, data: bytes, meta: FilingMeta | None = None,
             doc_type: str = "", extra_notes: Iterable[str] = ()) -> None:
        text, encoding, notes = decode_bytes(data, source)
        if not text or text.isspace():  # (strip() would copy a large text)
            raise UnreadableFile(source, "the file is empty once decoded")
        hazard = xml_hazard(text)
        if hazard:
            raise UnsafeContent(source, hazard)
        cut = _cut_inside_table(text)
        if cut:
            self.issue(MalformedContent(source, cut, partial=True))
        self.keep(Document(
            source=source, name=clean_name(name), text=text, meta=meta or FilingMeta(),
            doc_type=doc_type, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
            notes=[*extra_notes, *notes], container=outer_source(source) if "#" in source else ""))



_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)


def _cut_inside_table(text: str) -> str:
    """For an HTML page cut off inside a table, the sentence saying so; else ''.

    Cheap in the usual case: a page that ends with `</html>` is not looked at further.
    """
    tail = text[-2048:].rstrip().lower()
    if tail.endswith(("</html>", "</body>")):
        return ""
    opened = len(_TABLE_OPEN.findall(text))
    closed = len(_TABLE_CLOSE.findall(text))
    if opened <= closed:
        return ""
    done = "no complete table could be read" if closed == 0 else (
        "the first table was read" if closed == 1 else f"the first {closed:,} tables were read")
    return f"the page is cut off inside a table; {done}"

