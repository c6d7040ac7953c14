"""Text from bytes: byte-order marks, the declared charset, UTF-8, then a guess that keeps every digit."""

from __future__ import annotations

import codecs
import re

from dashboard.model.errors import (
    UnreadableFile,
)

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


def sniff_utf16(head: bytes) -> str:
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
    utf16 = sniff_utf16(data)
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


