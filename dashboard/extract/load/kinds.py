"""What a file or member is, from its name and first bytes, and how its name is shown."""

from __future__ import annotations

import re

from dashboard.extract.limits import ENV_VARS

MB = 1024 * 1024

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

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_CTRL_BYTES = re.compile(r"[\x00-\x1f\x7f]")


def clean_name(name: str) -> str:
    name = _CTRL_BYTES.sub("?", name).strip()
    return name[:255] or "unnamed"


def suffix_of(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[-1] if "." in base else ""


def unsafe_member(name: str) -> bool:
    n = name.replace("\\", "/")
    if "\x00" in n or n.startswith("/") or re.match(r"^[A-Za-z]:", n):
        return True
    return any(part == ".." for part in n.split("/"))


def is_junk(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    base = parts[-1].lower()
    return "__MACOSX" in parts or base.startswith("._") or base in _JUNK_NAMES


def mb_text(n: float) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB / 10 else f"{int(n):,} bytes"


def env_var(name: str) -> str:
    return ENV_VARS[name][0]


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"



def binary_kind(data: bytes) -> str:
    """What a binary file really is ('a PNG image'), or '' when it looks like text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(ZIP_MAGIC):
        return "a zip archive"
    return ""


class Stop(Exception):
    """Internal: the time budget ran out; unwinds to the top-level input."""
