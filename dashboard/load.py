"""Load: the only code that touches files, zips and encodings.

Every input (a file, a folder, a zip, an upload) becomes decoded `Document`s plus, for
whatever could not be read, a typed issue (`FileIssue`) with one sentence an analyst
understands. Nothing here raises except for programming errors: hostile or broken input
is always answered with an issue, and one bad member never loses the others.

- A full-submission `.txt` (`<SEC-DOCUMENT>` … `<DOCUMENT>` blocks) is split into its parts
  by scanning the raw bytes; binary parts (images, zips, workbooks, PDFs, uuencoded blocks)
  are skipped without being decoded, and each kept part is decoded once.
- Zips (nested ones too) are read in memory only; no member is ever written to disk.
- Encodings: BOM, then the declared charset, then strict UTF-8, then a guess
  (charset-normalizer) that must keep every digit of the original bytes.
- Limits (`dashboard.limits.Limits`) bound sizes, member counts, nesting, parts and time.
- The same content given twice (sha256 of the bytes) is loaded once: the copy is reported
  in `LoadResult.notes` as a `duplicate` (not an error) and the kept document's `notes`
  say where else it was seen.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import stat
import struct
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from dashboard.documents import Document, FilingMeta
from dashboard.errors import (
    ExtractionError,
    FileIssue,
    LimitExceeded,
    MalformedContent,
    UnreadableFile,
    UnsafeContent,
    UnsupportedFormat,
)
from dashboard.limits import ENV_VARS, Limits, resolve_limits, xml_hazard

__all__ = ["LoadResult", "load_bytes", "load_path", "decode_bytes", "DUPLICATE", "SKIPPED"]

DUPLICATE = "duplicate"  # kind of a note: identical content was already loaded
SKIPPED = "skipped"  # kind of a note: a binary or junk member/part deliberately not read

MB = 1024 * 1024


# --- the result -----------------------------------------------------------------------------


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
            key = (_outer(doc.source), _outer(kept.source))
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


def _outer(source: str) -> str:
    return source.split("#", 1)[0]


# --- public entry points ----------------------------------------------------------------------


def load_bytes(name: str, data: bytes, limits: Limits | object | None = None) -> LoadResult:
    """Load one in-memory file (an upload): a page, a submission `.txt`, a zip, …"""
    lim = resolve_limits(limits)
    loader = _Loader(lim)
    source = _clean_name(PurePosixPath(str(name).replace("\\", "/")).name or "upload")
    loader.top(source, lambda: loader.handle(source, source, bytes(data), depth=0, inside=False))
    return loader.out


def load_path(path: str | os.PathLike[str], limits: Limits | object | None = None) -> LoadResult:
    """Load a file, a folder (recursively, sorted) or a zip from disk."""
    lim = resolve_limits(limits)
    loader = _Loader(lim)
    p = Path(path)
    source = _clean_name(p.name or str(p))
    try:
        is_dir = p.is_dir()
    except OSError:
        is_dir = False
    if is_dir:
        loader.folder(p)
    else:
        loader.top(source, lambda: loader.file(p, source))
    return loader.out


def plan_folder(path: str | os.PathLike[str],
                limits: Limits | object | None = None) -> tuple[list[tuple[Path, str]], LoadResult]:
    """The files `load_path(folder)` would read, in its order, as (path, source name) pairs,
    and what it would say without reading them (junk skipped, binaries noted, unsafe links)."""
    loader = _Loader(resolve_limits(limits))
    files: list[tuple[Path, str]] = []
    loader.folder(Path(path), visit=lambda p, rel: files.append((p, rel)))
    return files, loader.out


def load_file(path: str | os.PathLike[str], source: str,
              limits: Limits | object | None = None) -> LoadResult:
    """Load one file of a folder under the source name `load_path(folder)` gives it."""
    loader = _Loader(resolve_limits(limits))
    loader.top(source, lambda: loader.file(Path(path), source))
    return loader.out


# --- vocabulary -------------------------------------------------------------------------------

# file name endings never decoded as text (skipped inside folders, zips and submissions)
BINARY_SUFFIXES: dict[str, str] = {
    ".jpg": "a JPEG image", ".jpeg": "a JPEG image", ".png": "a PNG image",
    ".gif": "a GIF image", ".bmp": "a bitmap image", ".tif": "a TIFF image",
    ".tiff": "a TIFF image", ".ico": "an icon", ".webp": "a WebP image",
    ".pdf": "a PDF document", ".xlsx": "an Excel workbook", ".xls": "an Excel workbook",
    ".xlsm": "an Excel workbook", ".docx": "a Word document", ".doc": "a Word document",
    ".pptx": "a PowerPoint deck", ".ppt": "a PowerPoint deck", ".woff": "a font",
    ".woff2": "a font", ".ttf": "a font", ".otf": "a font", ".eot": "a font",
    ".exe": "a program", ".dll": "a program", ".so": "a program", ".pyc": "compiled Python",
    ".mp3": "an audio file", ".mp4": "a video", ".mov": "a video",
    ".7z": "a 7-Zip archive", ".rar": "a RAR archive", ".gz": "a gzip-compressed file",
    ".tgz": "a gzip-compressed archive", ".bz2": "a bzip2-compressed file",
    ".xz": "an xz-compressed file", ".tar": "a tar archive",
}

# submission part <TYPE>s that are binary (uuencoded) and never decoded
BINARY_TYPES = frozenset({"GRAPHIC", "ZIP", "EXCEL", "PDF", "XLSX", "JPG", "GIF", "PNG"})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Microsoft Office file (Excel or Word 97-2003)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a program (an executable file)"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an audio file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_TEXTISH_SUFFIXES = (".htm", ".html", ".xhtml", ".xml", ".xsd", ".txt", ".json", ".csv", ".js",
                     ".css", ".md", ".sgml", ".nc", ".pap")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# candidates a guess may pick, in the order of preference among equally good guesses:
# Western filers (Windows-1252), Chinese filers (GB18030 ⊃ GBK ⊃ GB2312; Big5 in Hong Kong
# and Taiwan), then Latin-1. Other encodings are read only when the page declares them.
_GUESSES = ("cp1252", "gb18030", "big5", "latin_1")
_GUESS_SAMPLE = 256 * 1024
_DECLARED = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
    rb"""|<meta[^>]{0,400}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DIGIT_BYTES = [bytes([c]) for c in b"0123456789"]
_GB_PUNCT = re.compile("\u00a1[\u00b0\u00b1\u00ae\u00af\u00a3\u00a2]|\u00a3\u00ac")  # GB “ ” ‘ ’ 。 、 ，


# --- encodings --------------------------------------------------------------------------------


def _codec(label: str) -> str:
    """Python's canonical codec name for a declared label, or '' if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return ""
    aliases = {
        "ascii": "utf-8",  # ASCII is a subset of UTF-8; undeclared high bytes are common
        "latin-1": "cp1252",  # as browsers do (WHATWG): ISO-8859-1 means Windows-1252
        "iso8859-1": "cp1252",
        "gb2312": "gb18030",
        "gbk": "gb18030",
        "euc_cn": "gb18030",
    }
    return aliases.get(name, name)


def _sniff_utf16(head: bytes) -> str:
    """UTF-16 without a BOM: every other byte of ASCII-range text is NUL."""
    sample = head[:512]
    if len(sample) < 4:
        return ""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return ""


def _binary_kind(data: bytes) -> str:
    """What a binary file really is ('a PNG image'), or '' when it looks like text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(_ZIP_MAGIC):
        return "a zip archive"
    return ""


def _looks_binary(text: str) -> bool:
    """More than 1% control characters in the first 64 KB: not text, whatever it decoded as."""
    head = text[:65536]
    return len(_CONTROL.findall(head)) > 0.01 * len(head)


def _digits_kept(raw: bytes, text: str) -> bool:
    """A single-byte-compatible decoding must keep every ASCII digit of the bytes.

    GB18030's four-byte sequences, for instance, swallow digits: a Windows-1252 '£1,000'
    read as GB18030 would lose a figure's digit without any error.
    """
    return sum(raw.count(d) for d in _DIGIT_BYTES) == sum(text.count(d) for d in "0123456789")


def decode_bytes(data: bytes, name: str = "") -> tuple[str, str, list[str]]:
    """Decode a text file's bytes: (text, encoding, notes). Raises UnreadableFile."""
    notes: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
                notes.append(f"some bytes were not valid {enc.upper()} and show as '\ufffd'")
            return text.lstrip("\ufeff"), enc, notes
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            if not _looks_binary(text):
                return text, utf16, [f"read as {utf16.upper()} (no byte-order mark)"]
    if b"\x00" in data[:8192]:
        raise UnreadableFile(name, "this is binary data, not text")
    if data.isascii():
        return data.decode("ascii"), "utf-8", notes

    head = data[:4096]
    m = _DECLARED.search(head)
    declared = _codec((m.group(1) or m.group(2)).decode("ascii")) if m else ""
    if declared.startswith(("utf-16", "utf-32")):
        declared = ""  # a declaration readable as ASCII cannot be true
    utf8_ok = True
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8_ok = False
        utf8 = ""
    if declared and declared != "utf-8":
        if utf8_ok and (declared == "latin_1" or declared.startswith(("iso8859", "cp125"))):
            notes.append(f"the page declares {declared} but its bytes are UTF-8; read as UTF-8")
            return utf8, "utf-8", notes
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            notes.append(f"the page declares {declared} but its bytes are not; the encoding was guessed")
        else:
            if _digits_kept(data, text):
                return text, declared, notes
            notes.append(f"the page declares {declared} but that would change figures; guessed instead")
    if utf8_ok:
        if declared and declared != "utf-8":
            notes.append("read as UTF-8")
        return utf8, "utf-8", notes
    return _guess(data, name, notes)


def _as_gb18030(data: bytes, text: str, enc: str) -> tuple[str, str]:
    """The GB18030 reading when it decodes and keeps every digit; else the reading given."""
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return text, enc
    return (gb, "gb18030") if _digits_kept(data, gb) else (text, enc)


def _guess(data: bytes, name: str, notes: list[str]) -> tuple[str, str, list[str]]:
    from charset_normalizer import from_bytes

    order: list[str] = []
    try:
        sample = data[:_GUESS_SAMPLE]
        if len(data) > _GUESS_SAMPLE and b"\n" in sample:
            sample = sample[: sample.rfind(b"\n") + 1]  # never cut a character in two
        matches = from_bytes(sample, cp_isolation=list(_GUESSES))
        order = [m.encoding for m in matches]
    except Exception:  # a guessing library failing must not stop the load
        order = []
    # the same family read with Windows-1252's table (what filers' Windows PCs write)
    order = ["cp1252" if e in ("latin_1", "cp1250", "cp1254", "iso8859_15") else e for e in order]
    for enc in [*order, *_GUESSES]:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _digits_kept(data, text):
            continue
        if _looks_binary(text):
            continue
        if not order and enc == "latin_1":
            break  # nothing recognised it and only the accept-anything codec is left
        if enc in ("big5", "cp950") or enc in ("cp1252", "latin_1") and _GB_PUNCT.search(text):
            # Big5 and GB18030 accept much the same bytes, and guessers disagree between
            # versions; Chinese punctuation (“ ” ， 。) seen through Windows-1252 is English text
            # from a Chinese filer's PC. SEC filers writing Chinese are mainland companies.
            text, enc = _as_gb18030(data, text, enc)
        notes.append(f"no usable charset declared; the encoding was detected as {enc}")
        return text, enc, notes
    raise UnreadableFile(name, "the bytes are not text in any encoding this tool recognises")


# --- SEC full-submission files ------------------------------------------------------------------

_SUBMISSION_STARTS = (b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"<IMS-DOCUMENT>", b"<IMS-HEADER>",
                      b"<SUBMISSION>", b"<DOCUMENT>")
_HEADER_FIELDS = {
    "accession": re.compile(r"^[ \t]*ACCESSION NUMBER:[ \t]*(\S+)|^<ACCESSION-NUMBER>[ \t]*(\S+)", re.M),
    "form": re.compile(r"^[ \t]*CONFORMED SUBMISSION TYPE:[ \t]*(\S[^\r\n]*?)[ \t]*\r?$|^<TYPE>[ \t]*(\S+)", re.M),
    "period": re.compile(r"^[ \t]*CONFORMED PERIOD OF REPORT:[ \t]*(\d{8})|^<PERIOD>[ \t]*(\d{8})", re.M),
    "entity": re.compile(r"^[ \t]*COMPANY CONFORMED NAME:[ \t]*(\S[^\r\n]*?)[ \t]*\r?$|^<CONFORMED-NAME>[ \t]*(\S[^\r\n]*?)[ \t]*\r?$", re.M),
    "cik": re.compile(r"^[ \t]*CENTRAL INDEX KEY:[ \t]*(\d+)|^<CIK>[ \t]*(\d+)", re.M),
}
_PART_TAG = re.compile(rb"<(TYPE|FILENAME|SEQUENCE|DESCRIPTION)>[ \t]*([^\r\n<]*)")
_STATE_SUFFIX = re.compile(r"\s*/[A-Z]{2,4}/\s*$")


def _is_submission(data: bytes) -> bool:
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(_SUBMISSION_STARTS):
        return False
    if head.startswith(b"<DOCUMENT>"):
        return b"<TYPE>" in head[:2048] and b"<TEXT>" in head
    return True


def parse_sec_header(header: str) -> FilingMeta:
    """FilingMeta from an SEC-HEADER block (both the tab-indented and the SGML-tag forms)."""
    found: dict[str, str] = {}
    for key, rx in _HEADER_FIELDS.items():
        m = rx.search(header)
        if m:
            found[key] = next(g for g in m.groups() if g is not None).strip()
    period = found.get("period", "")
    if period:
        try:
            period = date(int(period[:4]), int(period[4:6]), int(period[6:8])).isoformat()
        except ValueError:
            period = ""
    return FilingMeta(
        entity=_STATE_SUFFIX.sub("", found.get("entity", "")),
        cik=found.get("cik", ""),
        form=found.get("form", ""),
        period=period,
        accession=found.get("accession", ""),
    )


# --- names ----------------------------------------------------------------------------------------

_CTRL_BYTES = re.compile(r"[\x00-\x1f\x7f]")


def _clean_name(name: str) -> str:
    name = _CTRL_BYTES.sub("?", name).strip()
    return name[:255] or "unnamed"


def _suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[-1] if "." in base else ""


def _unsafe_member(name: str) -> bool:
    n = name.replace("\\", "/")
    if "\x00" in n or n.startswith("/") or re.match(r"^[A-Za-z]:", n):
        return True
    return any(part == ".." for part in n.split("/"))


def _is_junk(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    base = parts[-1].lower()
    return "__MACOSX" in parts or base.startswith("._") or base in _JUNK_NAMES


def _mb(n: float) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB / 10 else f"{int(n):,} bytes"


def _env(name: str) -> str:
    return ENV_VARS[name][0]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


# --- the loader -------------------------------------------------------------------------------


class _Stop(Exception):
    """Internal: the time budget ran out; unwinds to the top-level input."""


class _Loader:
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
        except _Stop:
            self.issue(LimitExceeded(
                source,
                f"reading stopped after the time limit of {self.lim.parse_seconds:g} seconds "
                f"({_env('parse_seconds')}); the first {_plural(self.read, 'document')} were kept",
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
            raise _Stop

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
        except (_Stop, MemoryError):
            raise
        except ExtractionError as exc:
            self.issue(exc)
        except Exception as exc:
            self.issue(MalformedContent(
                source, f"it could not be read because of an unexpected problem ({type(exc).__name__})"))

    # files and folders -------------------------------------------------------------------
    def file(self, path: Path, source: str) -> None:
        try:
            st = path.stat()
        except FileNotFoundError:
            raise UnreadableFile(source, "there is no such file or folder") from None
        except PermissionError:
            raise UnreadableFile(source, "permission to read it was denied") from None
        except OSError as exc:
            raise UnreadableFile(source, f"it could not be opened ({exc.strerror or exc})") from None
        if not stat.S_ISREG(st.st_mode):
            raise UnsupportedFormat(source, "it is not a regular file (a device, pipe or socket), so it was not read")
        if st.st_size > self.lim.max_file_bytes:
            raise LimitExceeded(source, self._too_big(st.st_size))
        try:
            with open(path, "rb") as fh:
                data = fh.read(self.lim.max_file_bytes + 1)
        except PermissionError:
            raise UnreadableFile(source, "permission to read it was denied") from None
        except OSError as exc:
            raise UnreadableFile(source, f"it could not be read ({exc.strerror or exc})") from None
        self.handle(source, source.rsplit("/", 1)[-1], data, depth=0, inside=False)

    def folder(self, root: Path, visit: Callable[[Path, str], None] | None = None) -> None:
        """Read a folder's files in order; `visit(path, source)` instead of reading each one."""
        try:
            real_root = root.resolve(strict=True)
        except OSError:
            self.issue(UnreadableFile(_clean_name(root.name), "the folder could not be opened"))
            return
        count = 0
        for files in _walk(real_root, self):
            for fpath in files:
                rel = _clean_name(fpath.relative_to(real_root).as_posix())
                if _is_junk(rel):
                    continue
                count += 1
                if count > self.lim.max_folder_files:
                    self.issue(LimitExceeded(
                        _clean_name(root.name),
                        f"the folder has more than {self.lim.max_folder_files:,} files "
                        f"({_env('max_folder_files')}); the first {self.lim.max_folder_files:,} were read",
                        partial=True))
                    return
                if fpath.is_symlink():
                    try:
                        target = fpath.resolve(strict=True)
                    except (OSError, RuntimeError):
                        self.issue(UnreadableFile(rel, "it is a link to a file that does not exist"))
                        continue
                    if not target.is_relative_to(real_root):
                        self.issue(UnsafeContent(
                            rel, "it is a link to a file outside the folder, so it was not read"))
                        continue
                suffix = _suffix(rel)
                if suffix in BINARY_SUFFIXES:
                    self.note(rel, SKIPPED, f"{BINARY_SUFFIXES[suffix]}, not read")
                    continue
                if visit is not None:
                    visit(fpath, rel)
                    continue
                self.top(rel, lambda p=fpath, r=rel: self.file(p, r))

    # one blob of bytes -----------------------------------------------------------------------
    def handle(self, source: str, name: str, data: bytes, *, depth: int, inside: bool) -> None:
        self.tick()
        if len(data) > self.lim.max_file_bytes:
            raise LimitExceeded(source, self._too_big(len(data)))
        if not data or (len(data) <= MB and not data.strip()):
            raise UnreadableFile(source, "the file is empty" if not data else "the file contains only blank space")
        suffix = _suffix(name)
        if data.startswith(_ZIP_MAGIC):
            if suffix in BINARY_SUFFIXES and suffix not in (".gz", ".tgz"):
                self._binary(source, BINARY_SUFFIXES[suffix], inside)
                return
            self.zip(source, data, depth=depth + 1, inside=inside)
            return
        if suffix == ".zip":
            raise UnreadableFile(source, "it is named .zip but is not a zip archive")
        real = _binary_kind(data)
        if real:
            if suffix in BINARY_SUFFIXES or not suffix:
                self._binary(source, real, inside)
                return
            what = "filing page" if suffix in (".htm", ".html", ".xhtml") else "text document"
            raise UnreadableFile(source, f"this is {real}, not a {what}")
        if suffix in BINARY_SUFFIXES:
            self._binary(source, BINARY_SUFFIXES[suffix], inside)
            return
        if _is_submission(data):
            self.submission(source, data, depth=depth)
            return
        self.text(source, name, data)

    def _binary(self, source: str, what: str, inside: bool) -> None:
        if inside:
            self.note(source, SKIPPED, f"{what}, not read")
            return
        raise UnsupportedFormat(
            source,
            f"this is {what}, which this tool does not read; give it the filing's pages, "
            "its full-submission .txt, a zip of them or its XBRL instance")

    def _too_big(self, size: int) -> str:
        return (f"it is {_mb(size)}, over the limit of {_mb(self.lim.max_file_bytes)} per file "
                f"({_env('max_file_bytes')}), so it was not read")

    def text(self, source: str, name: str, data: bytes, meta: FilingMeta | None = None,
             doc_type: str = "", extra_notes: Iterable[str] = ()) -> None:
        text, encoding, notes = decode_bytes(data, source)
        if not text.strip():
            raise UnreadableFile(source, "the file is empty once decoded")
        hazard = xml_hazard(text)
        if hazard:
            raise UnsafeContent(source, hazard)
        cut = _cut_inside_table(text)
        if cut:
            self.issue(MalformedContent(source, cut, partial=True))
        self.keep(Document(
            source=source, name=_clean_name(name), text=text, meta=meta or FilingMeta(),
            doc_type=doc_type, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
            notes=[*extra_notes, *notes], container=_outer(source) if "#" in source else ""))

    # zips ----------------------------------------------------------------------------------------
    def zip(self, source: str, data: bytes, *, depth: int, inside: bool) -> None:
        lim = self.lim
        if depth > lim.max_nesting_depth:
            raise LimitExceeded(
                source, f"it is a zip nested {depth} deep, over the limit of {lim.max_nesting_depth} "
                f"({_env('max_nesting_depth')}), so it was not opened")
        declared = _zip_entry_count(data)
        if declared is not None and self.zip_members + declared > lim.max_zip_members:
            raise LimitExceeded(
                source, f"the zip lists {declared:,} members, over the limit of "
                f"{lim.max_zip_members:,} ({_env('max_zip_members')}), so it was not opened")
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            infos = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                struct.error, NotImplementedError, UnicodeDecodeError):
            raise UnreadableFile(source, "the zip archive is damaged and could not be opened") from None
        if self.zip_members + len(infos) > lim.max_zip_members:
            raise LimitExceeded(
                source, f"the zip has {len(infos):,} members, over the limit of "
                f"{lim.max_zip_members:,} ({_env('max_zip_members')}), so it was not opened")
        self.zip_members += len(infos)
        names = {i.filename for i in infos}
        if "[Content_Types].xml" in names:
            what = ("an Excel workbook" if any(n.startswith("xl/") for n in names) else
                    "a Word document" if any(n.startswith("word/") for n in names) else
                    "an Office document")
            self._binary(source, what, inside)
            return
        with zf:
            read_before = self.read
            for n, info in enumerate(infos):
                if info.is_dir():
                    continue
                msrc = f"{source}#{_clean_name(info.filename)}"
                if _unsafe_member(info.filename):
                    self.issue(UnsafeContent(
                        msrc, "its name points outside the archive (a path-traversal trick), "
                        "so it was not read"))
                    continue
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    self.issue(UnsafeContent(msrc, "it is a symbolic link, so it was not followed"))
                    continue
                if _is_junk(info.filename):
                    continue
                if info.flag_bits & 0x1:
                    self.issue(UnreadableFile(msrc, "it is password-protected (encrypted), so it could not be read"))
                    continue
                suffix = _suffix(info.filename)
                if suffix in BINARY_SUFFIXES and suffix not in (".zip",):
                    self.note(msrc, SKIPPED, f"{BINARY_SUFFIXES[suffix]}, not read")
                    continue
                if info.file_size > lim.max_file_bytes:
                    self.issue(LimitExceeded(msrc, self._too_big(info.file_size)))
                    continue
                if (info.file_size > MB and info.compress_size > 0
                        and info.file_size / info.compress_size > lim.max_zip_ratio):
                    self.issue(LimitExceeded(
                        msrc, f"it expands {info.file_size / info.compress_size:,.0f} times "
                        f"(a zip-bomb pattern), over the limit of {lim.max_zip_ratio:,} "
                        f"({_env('max_zip_ratio')}), so it was not read"))
                    continue
                remaining = lim.max_zip_total_bytes - self.zip_bytes
                if info.file_size > remaining:
                    self._zip_total_hit(source, n, len(infos), read_before)
                    return
                content = self._read_member(zf, info, msrc, min(lim.max_file_bytes, remaining))
                if content is None:
                    if self.zip_bytes >= lim.max_zip_total_bytes:
                        self._zip_total_hit(source, n, len(infos), read_before)
                        return
                    continue
                member_name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
                self.guarded(msrc, lambda s=msrc, m=member_name, c=content: self.handle(
                    s, m, c, depth=depth, inside=True))

    def _zip_total_hit(self, source: str, n: int, total: int, read_before: int) -> None:
        self.issue(LimitExceeded(
            source,
            f"its members add up to more than {_mb(self.lim.max_zip_total_bytes)} uncompressed "
            f"({_env('max_zip_total_bytes')}); reading stopped after {_plural(n, 'member')} of "
            f"{total:,}",
            partial=self.read > read_before))

    def _read_member(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, msrc: str,
                     allowed: int) -> bytes | None:
        """A member's bytes, read in chunks, never more than `allowed` (headers may lie)."""
        buf = bytearray()
        try:
            with zf.open(info) as fh:
                while True:
                    self.tick()
                    chunk = fh.read(min(MB, allowed + 1 - len(buf)))
                    if not chunk:
                        break
                    buf += chunk
                    if len(buf) > allowed:
                        self.zip_bytes += len(buf)
                        self.issue(LimitExceeded(
                            msrc, f"it expands beyond the {_mb(allowed)} it may use "
                            f"({_env('max_file_bytes')}, {_env('max_zip_total_bytes')}), "
                            "so it was not read"))
                        return None
        except _Stop:
            raise
        except RuntimeError:  # encrypted without the flag we checked, or similar
            self.issue(UnreadableFile(msrc, "it is password-protected (encrypted), so it could not be read"))
            return None
        except NotImplementedError:
            self.issue(UnsupportedFormat(
                msrc, "it is compressed with a method this tool cannot unpack"))
            return None
        except Exception:  # BadZipFile (bad CRC), zlib.error, EOFError, lzma errors …
            self.issue(UnreadableFile(msrc, "this zip member is damaged and could not be unpacked"))
            return None
        self.zip_bytes += len(buf)
        return bytes(buf)

    # SEC full-submission .txt ------------------------------------------------------------------
    def submission(self, source: str, data: bytes, *, depth: int) -> None:
        lim = self.lim
        first = data.find(b"<DOCUMENT>")
        if first < 0:
            raise UnsupportedFormat(source, "it has an SEC header but no <DOCUMENT> parts")
        hdr_end = data.find(b"</SEC-HEADER>", 0, first)
        header = data[: hdr_end if hdr_end >= 0 else min(first, MB)].decode("latin-1")
        meta = parse_sec_header(header)
        pos = first
        parts = 0
        kept_before = self.read
        while pos >= 0:
            self.tick()
            if parts >= lim.max_submission_parts:
                self.issue(LimitExceeded(
                    source, f"it has more than {lim.max_submission_parts:,} parts "
                    f"({_env('max_submission_parts')}); the first {lim.max_submission_parts:,} were read",
                    partial=True))
                return
            parts += 1
            body_start = pos + len(b"<DOCUMENT>")
            end = data.find(b"</DOCUMENT>", body_start)
            nxt = data.find(b"<DOCUMENT>", body_start)
            cut = end < 0 or (0 <= nxt < end)
            if cut:
                end = nxt if nxt >= 0 else len(data)
            self._part(source, data, body_start, end, parts, meta, cut, kept_before)
            pos = nxt if cut else data.find(b"<DOCUMENT>", end)

    def _part(self, source: str, data: bytes, start: int, end: int, seq: int, meta: FilingMeta,
              cut: bool, kept_before: int) -> None:
        text_at = data.find(b"<TEXT>", start, end)
        tags: dict[str, str] = {}
        for m in _PART_TAG.finditer(data, start, text_at if text_at >= 0 else min(end, start + 4096)):
            tags.setdefault(m.group(1).decode("ascii"), m.group(2).decode("latin-1").strip())
        doc_type = tags.get("TYPE", "").upper()
        fname = _clean_name(tags.get("FILENAME", "") or f"part{seq}")
        psrc = f"{source}#{fname}"
        skip, body = "", b""
        if text_at >= 0:
            skip, body = _part_body(data, text_at + len(b"<TEXT>"), end, doc_type, fname)
        if cut:
            self.issue(MalformedContent(
                psrc if text_at >= 0 else source,
                f"the file is cut off inside its part {fname}; the "
                f"{_plural(self.read - kept_before, 'part')} before it were read"
                + (" and what survives of it is kept" if text_at >= 0 and not skip else ""),
                partial=True))
        if text_at < 0:
            return
        if skip:
            self.note(psrc, SKIPPED, skip)
            return
        self.guarded(psrc, lambda: self.text(psrc, fname, body, meta, doc_type))


def _part_body(data: bytes, c0: int, end: int, doc_type: str, fname: str) -> tuple[str, bytes]:
    """(why the part is skipped, or '') and the part's own bytes, wrappers stripped.

    Binary parts are recognised from their type, their name or their first bytes, and their
    bytes are never copied or decoded.
    """
    c1 = data.rfind(b"</TEXT>", c0, end)
    if c1 < 0:
        c1 = end
    suffix = _suffix(fname)
    if doc_type in BINARY_TYPES or suffix in BINARY_SUFFIXES or suffix == ".zip":
        what = BINARY_SUFFIXES.get(suffix) or (
            "a zip archive" if suffix == ".zip" else f"a binary {doc_type} part")
        return f"{what}, not decoded", b""
    lead = _LEADING_SPACE.match(data, c0, min(c1, c0 + 4096))
    i = lead.end() if lead else c0
    if data.startswith(b"begin ", i):
        return "a uuencoded binary part, not decoded", b""
    if data.startswith(b"<PDF>", i):
        return "a PDF part, not decoded", b""
    for tag in (b"<XBRL>", b"<XML>"):
        if data.startswith(tag, i):
            i += len(tag)
            close = data.rfind(b"</" + tag[1:], i, c1)
            if close >= 0:
                c1 = close
            break
    head = data[i: min(c1, i + 1024)]
    real = _binary_kind(head.lstrip())
    if real or b"\x00" in head and not _sniff_utf16(head):
        return f"{real or 'binary data'}, not decoded", b""
    body = data[i:c1]
    if not body.strip():
        return "an empty part", b""
    return "", body


_LEADING_SPACE = re.compile(rb"[ \t\r\n]*")


def _walk(root: Path, loader: _Loader) -> Iterable[list[Path]]:
    """Files under root, sorted, never descending into linked folders or hidden folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False,
                                                onerror=lambda e: loader.issue(UnreadableFile(
                                                    _clean_name(Path(e.filename or "").name),
                                                    "this folder could not be listed"))):
        here = Path(dirpath)
        keep_dirs = []
        for d in sorted(dirnames):
            p = here / d
            if d.startswith(".") or d == "__MACOSX":
                continue
            if p.is_symlink():
                try:
                    inside = p.resolve(strict=True).is_relative_to(root)
                except (OSError, RuntimeError):
                    inside = False
                if not inside:
                    loader.issue(UnsafeContent(
                        _clean_name(p.relative_to(root).as_posix()),
                        "it is a link to a folder outside the folder given, so it was not read"))
                continue  # a link inside the folder: its files are read where they really are
            keep_dirs.append(d)
        dirnames[:] = keep_dirs
        yield [here / f for f in sorted(filenames)]


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


def _zip_entry_count(data: bytes) -> int | None:
    """The member count a zip's end record declares, read before anything is unpacked."""
    tail_from = max(0, len(data) - (65535 + 22))
    at = data.rfind(b"PK\x05\x06", tail_from)
    if at < 0 or at + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, at + 10)
    if count == 0xFFFF:  # zip64: the real count is in the zip64 end record
        loc = data.rfind(b"PK\x06\x07", max(0, at - 20), at)
        if loc >= 0 and loc + 20 <= len(data):
            (off,) = struct.unpack_from("<Q", data, loc + 8)
            if off + 56 <= len(data) and data[off: off + 4] == b"PK\x06\x06":
                (count,) = struct.unpack_from("<Q", data, off + 32)
    return count
