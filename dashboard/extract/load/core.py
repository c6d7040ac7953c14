"""The loader: files, folders and blobs of bytes, sent to the readers for zips and submissions."""

from __future__ import annotations

import mmap
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from dashboard.extract.limits import Limits, resolve_limits
from dashboard.extract.load.archive import ZipReading
from dashboard.extract.load.kinds import (
    BINARY_SUFFIXES,
    MB,
    ZIP_MAGIC,
    binary_kind,
    clean_name,
    env_var,
    is_junk,
    suffix_of,
)
from dashboard.extract.load.result import SKIPPED, LoadResult
from dashboard.extract.load.submission import SubmissionReading, is_submission
from dashboard.model.errors import (
    LimitExceeded,
    UnreadableFile,
    UnsafeContent,
    UnsupportedFormat,
)


def load_bytes(name: str, data: bytes, limits: Limits | object | None = None) -> LoadResult:
    """Load one in-memory file (an upload): a page, a submission `.txt`, a zip, …"""
    lim = resolve_limits(limits)
    loader = Loader(lim)
    source = clean_name(PurePosixPath(str(name).replace("\\", "/")).name or "upload")
    data = data if isinstance(data, bytes) else bytes(data)
    loader.top(source, lambda: loader.handle(source, source, data, depth=0, inside=False))
    return loader.out


def load_path(path: str | os.PathLike[str], limits: Limits | object | None = None) -> LoadResult:
    """Load a file, a folder (recursively, sorted) or a zip from disk."""
    lim = resolve_limits(limits)
    loader = Loader(lim)
    p = Path(path)
    source = clean_name(p.name or str(p))
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
    loader = Loader(resolve_limits(limits))
    files: list[tuple[Path, str]] = []
    loader.folder(Path(path), visit=lambda p, rel: files.append((p, rel)))
    return files, loader.out


def load_file(path: str | os.PathLike[str], source: str,
              limits: Limits | object | None = None) -> LoadResult:
    """Load one file of a folder under the source name `load_path(folder)` gives it."""
    loader = Loader(resolve_limits(limits))
    loader.top(source, lambda: loader.file(Path(path), source))
    return loader.out


class Loader(ZipReading, SubmissionReading):
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
        name = source.rsplit("/", 1)[-1]
        try:
            with open(path, "rb") as fh:
                head = fh.read(_HEAD)
                if self._streamed(source, name, path, fh, head):
                    return
                data = head + fh.read(self.lim.max_file_bytes + 1 - len(head))
        except PermissionError:
            raise UnreadableFile(source, "permission to read it was denied") from None
        except OSError as exc:
            raise UnreadableFile(source, f"it could not be read ({exc.strerror or exc})") from None
        self.handle(source, name, data, depth=0, inside=False)

    def _streamed(self, source: str, name: str, path: Path, fh: BinaryIO, head: bytes) -> bool:
        """A large zip or submission on disk is read from the disk, not into memory: a zip
        member by member, a submission through a read-only map of the file, a part at a
        time. Whether it was (else the caller reads the file's bytes)."""
        if len(head) < _HEAD:
            return False
        suffix = suffix_of(name)
        if head.startswith(ZIP_MAGIC):
            if suffix in BINARY_SUFFIXES and suffix not in (".gz", ".tgz"):
                return False
            self.tick()
            self.zip(source, path, depth=1, inside=False)
            return True
        if suffix in BINARY_SUFFIXES or binary_kind(head) or not is_submission(head):
            return False
        self.tick()
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            self.submission(source, data, depth=0)
        return True

    def folder(self, root: Path, visit: Callable[[Path, str], None] | None = None) -> None:
        """Read a folder's files in order; `visit(path, source)` instead of reading each one."""
        try:
            real_root = root.resolve(strict=True)
        except OSError:
            self.issue(UnreadableFile(clean_name(root.name), "the folder could not be opened"))
            return
        count = 0
        for files in _walk(real_root, self):
            for fpath in files:
                rel = clean_name(fpath.relative_to(real_root).as_posix())
                if is_junk(rel):
                    continue
                count += 1
                if count > self.lim.max_folder_files:
                    self.issue(LimitExceeded(
                        clean_name(root.name),
                        f"the folder has more than {self.lim.max_folder_files:,} files "
                        f"({env_var('max_folder_files')}); the first {self.lim.max_folder_files:,} were read",
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
                suffix = suffix_of(rel)
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
        suffix = suffix_of(name)
        if data.startswith(ZIP_MAGIC):
            if suffix in BINARY_SUFFIXES and suffix not in (".gz", ".tgz"):
                self._binary(source, BINARY_SUFFIXES[suffix], inside)
                return
            self.zip(source, data, depth=depth + 1, inside=inside)
            return
        if suffix == ".zip":
            raise UnreadableFile(source, "it is named .zip but is not a zip archive")
        real = binary_kind(data)
        if real:
            if suffix in BINARY_SUFFIXES or not suffix:
                self._binary(source, real, inside)
                return
            what = "filing page" if suffix in (".htm", ".html", ".xhtml") else "text document"
            raise UnreadableFile(source, f"this is {real}, not a {what}")
        if suffix in BINARY_SUFFIXES:
            self._binary(source, BINARY_SUFFIXES[suffix], inside)
            return
        if is_submission(data):
            self.submission(source, data, depth=depth)
            return
        self.text(source, name, data)


_HEAD = 64 * 1024  # what is read of a file before deciding how to read the rest


def _walk(root: Path, loader: Loader) -> Iterable[list[Path]]:
    """Files under root, sorted, never descending into linked folders or hidden folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False,
                                                onerror=lambda e: loader.issue(UnreadableFile(
                                                    clean_name(Path(e.filename or "").name),
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
                        clean_name(p.relative_to(root).as_posix()),
                        "it is a link to a folder outside the folder given, so it was not read"))
                continue  # a link inside the folder: its files are read where they really are
            keep_dirs.append(d)
        dirnames[:] = keep_dirs
        yield [here / f for f in sorted(filenames)]

