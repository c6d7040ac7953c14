"""SEC full-submission `.txt` files: the header, and the `<DOCUMENT>` parts split on the bytes."""

from __future__ import annotations

import mmap
import re
from datetime import date

from dashboard.extract.load.base import Reader
from dashboard.extract.load.encoding import sniff_utf16
from dashboard.extract.load.kinds import (
    BINARY_SUFFIXES,
    MB,
    binary_kind,
    clean_name,
    env_var,
    plural,
    suffix_of,
)
from dashboard.extract.load.result import SKIPPED
from dashboard.model.documents import FilingMeta
from dashboard.model.errors import (
    LimitExceeded,
    MalformedContent,
    UnsupportedFormat,
)

# submission part <TYPE>s that are binary (uuencoded) and never decoded
BINARY_TYPES = frozenset({"GRAPHIC", "ZIP", "EXCEL", "PDF", "XLSX", "JPG", "GIF", "PNG"})


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


def is_submission(data: bytes) -> bool:
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


class SubmissionReading(Reader):
    # SEC full-submission .txt ------------------------------------------------------------------
    def submission(self, source: str, data: bytes | mmap.mmap, *, depth: int) -> None:
        """The parts of a submission, one at a time. `data` is its bytes or a read-only map of
        the file: then only the part being read is copied out, and the pages of the parts
        already read are given back."""
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
                    f"({env_var('max_submission_parts')}); the first {lim.max_submission_parts:,} were read",
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
            _release(data, pos if pos >= 0 else end)

    def _part(self, source: str, data: bytes | mmap.mmap, start: int, end: int, seq: int, meta: FilingMeta,
              cut: bool, kept_before: int) -> None:
        text_at = data.find(b"<TEXT>", start, end)
        tags: dict[str, str] = {}
        for m in _PART_TAG.finditer(data, start, text_at if text_at >= 0 else min(end, start + 4096)):
            tags.setdefault(m.group(1).decode("ascii"), m.group(2).decode("latin-1").strip())
        doc_type = tags.get("TYPE", "").upper()
        fname = clean_name(tags.get("FILENAME", "") or f"part{seq}")
        psrc = f"{source}#{fname}"
        skip, body = "", b""
        if text_at >= 0:
            skip, body = _part_body(data, text_at + len(b"<TEXT>"), end, doc_type, fname)
            _release(data, end)  # the part's bytes are copied out: its pages can go
        if cut:
            self.issue(MalformedContent(
                psrc if text_at >= 0 else source,
                f"the file is cut off inside its part {fname}; the "
                f"{plural(self.read - kept_before, 'part')} before it were read"
                + (" and what survives of it is kept" if text_at >= 0 and not skip else ""),
                partial=True))
        if text_at < 0:
            return
        if skip:
            self.note(psrc, SKIPPED, skip)
            return
        self.guarded(psrc, lambda: self.text(psrc, fname, body, meta, doc_type))



def _release(data: bytes | mmap.mmap, upto: int) -> None:
    """Give back the pages of a mapped file before `upto` (the file on disk keeps them)."""
    if isinstance(data, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        upto -= upto % mmap.PAGESIZE
        if upto > 0:
            data.madvise(mmap.MADV_DONTNEED, 0, upto)


def _part_body(data: bytes | mmap.mmap, c0: int, end: int, doc_type: str,
               fname: str) -> tuple[str, bytes]:
    """(why the part is skipped, or '') and the part's own bytes, wrappers stripped.

    Binary parts are recognised from their type, their name or their first bytes, and their
    bytes are never copied or decoded.
    """
    c1 = data.rfind(b"</TEXT>", c0, end)
    if c1 < 0:
        c1 = end
    suffix = suffix_of(fname)
    if doc_type in BINARY_TYPES or suffix in BINARY_SUFFIXES or suffix == ".zip":
        what = BINARY_SUFFIXES.get(suffix) or (
            "a zip archive" if suffix == ".zip" else f"a binary {doc_type} part")
        return f"{what}, not decoded", b""
    lead = _LEADING_SPACE.match(data, c0, min(c1, c0 + 4096))
    i = lead.end() if lead else c0
    if data[i: i + 6] == b"begin ":
        return "a uuencoded binary part, not decoded", b""
    if data[i: i + 5] == b"<PDF>":
        return "a PDF part, not decoded", b""
    for tag in (b"<XBRL>", b"<XML>"):
        if data[i: i + len(tag)] == tag:
            i += len(tag)
            close = data.rfind(b"</" + tag[1:], i, c1)
            if close >= 0:
                c1 = close
            break
    head = data[i: min(c1, i + 1024)]
    real = binary_kind(head.lstrip())
    if real or b"\x00" in head and not sniff_utf16(head):
        return f"{real or 'binary data'}, not decoded", b""
    body = data[i:c1]
    if _LEADING_SPACE.match(body).end() == len(body):  # (strip() would copy a large part)
        return "an empty part", b""
    return "", body


_LEADING_SPACE = re.compile(rb"[ \t\r\n]*")

