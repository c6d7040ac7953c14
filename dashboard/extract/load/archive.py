"""Zips, nested ones too, read in memory only and within the limits."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from dashboard.extract.load.base import Reader
from dashboard.extract.load.kinds import (
    BINARY_SUFFIXES,
    MB,
    Stop,
    clean_name,
    env_var,
    is_junk,
    mb_text,
    plural,
    suffix_of,
    unsafe_member,
)
from dashboard.extract.load.result import SKIPPED
from dashboard.model.errors import (
    LimitExceeded,
    UnreadableFile,
    UnsafeContent,
    UnsupportedFormat,
)


class ZipReading(Reader):
    # zips ----------------------------------------------------------------------------------------
    def zip(self, source: str, data: bytes | Path, *, depth: int, inside: bool) -> None:
        """A zip's members, one at a time: `data` is the zip's bytes, or the path of a zip on
        disk (read from there member by member, never whole)."""
        lim = self.lim
        if depth > lim.max_nesting_depth:
            raise LimitExceeded(
                source, f"it is a zip nested {depth} deep, over the limit of {lim.max_nesting_depth} "
                f"({env_var('max_nesting_depth')}), so it was not opened")
        declared = _zip_entry_count(*_tail(data))
        if declared is not None and self.zip_members + declared > lim.max_zip_members:
            raise LimitExceeded(
                source, f"the zip lists {declared:,} members, over the limit of "
                f"{lim.max_zip_members:,} ({env_var('max_zip_members')}), so it was not opened")
        try:
            zf = zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data))
            infos = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                struct.error, NotImplementedError, UnicodeDecodeError):
            raise UnreadableFile(source, "the zip archive is damaged and could not be opened") from None
        if self.zip_members + len(infos) > lim.max_zip_members:
            raise LimitExceeded(
                source, f"the zip has {len(infos):,} members, over the limit of "
                f"{lim.max_zip_members:,} ({env_var('max_zip_members')}), so it was not opened")
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
                msrc = f"{source}#{clean_name(info.filename)}"
                if unsafe_member(info.filename):
                    self.issue(UnsafeContent(
                        msrc, "its name points outside the archive (a path-traversal trick), "
                        "so it was not read"))
                    continue
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    self.issue(UnsafeContent(msrc, "it is a symbolic link, so it was not followed"))
                    continue
                if is_junk(info.filename):
                    continue
                if info.flag_bits & 0x1:
                    self.issue(UnreadableFile(msrc, "it is password-protected (encrypted), so it could not be read"))
                    continue
                suffix = suffix_of(info.filename)
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
                        f"({env_var('max_zip_ratio')}), so it was not read"))
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
                del content  # before the next member is read: one member in memory at a time

    def _zip_total_hit(self, source: str, n: int, total: int, read_before: int) -> None:
        self.issue(LimitExceeded(
            source,
            f"its members add up to more than {mb_text(self.lim.max_zip_total_bytes)} uncompressed "
            f"({env_var('max_zip_total_bytes')}); reading stopped after {plural(n, 'member')} of "
            f"{total:,}",
            partial=self.read > read_before))

    def _read_member(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, msrc: str,
                     allowed: int) -> bytes | None:
        """A member's bytes, read in chunks, never more than `allowed` (headers may lie). The
        chunks go into one growing buffer that becomes the bytes returned without a copy, so a
        member costs its own size once."""
        buf = io.BytesIO()
        size = 0
        try:
            with zf.open(info) as fh:
                while True:
                    self.tick()
                    chunk = fh.read(min(MB, allowed + 1 - size))
                    if not chunk:
                        break
                    buf.write(chunk)
                    size += len(chunk)
                    if size > allowed:
                        self.zip_bytes += size
                        self.issue(LimitExceeded(
                            msrc, f"it expands beyond the {mb_text(allowed)} it may use "
                            f"({env_var('max_file_bytes')}, {env_var('max_zip_total_bytes')}), "
                            "so it was not read"))
                        return None
        except Stop:
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
        self.zip_bytes += size
        return buf.getvalue()


_TAIL = 65535 + 22 + 20 + 56  # the end record with the longest comment, and zip64's records


def _tail(data: bytes | Path) -> tuple[bytes, int]:
    """The last bytes of a zip (where its end records are) and their offset in the zip."""
    if not isinstance(data, Path):
        start = max(0, len(data) - _TAIL)
        return data[start:], start
    with open(data, "rb") as fh:
        size = fh.seek(0, 2)
        start = max(0, size - _TAIL)
        fh.seek(start)
        return fh.read(), start


def _zip_entry_count(tail: bytes, base: int = 0) -> int | None:
    """The member count a zip's end record declares, read before anything is unpacked, from
    the zip's last bytes `tail` (which start at offset `base` of the zip)."""
    at = tail.rfind(b"PK\x05\x06", max(0, len(tail) - (65535 + 22)))
    if at < 0 or at + 22 > len(tail):
        return None
    (count,) = struct.unpack_from("<H", tail, at + 10)
    if count == 0xFFFF:  # zip64: the real count is in the zip64 end record
        loc = tail.rfind(b"PK\x06\x07", max(0, at - 20), at)
        if loc >= 0 and loc + 20 <= len(tail):
            (off,) = struct.unpack_from("<Q", tail, loc + 8)
            off -= base
            if off >= 0 and off + 56 <= len(tail) and tail[off: off + 4] == b"PK\x06\x06":
                (count,) = struct.unpack_from("<Q", tail, off + 32)
    return count
