"""Planning an ingest of files and folders: the files, in the order `extract` reads them, and
each one's size and SHA-256.

The files are listed first (nothing read), then hashed in slices on a few threads (reading and
hashing release the interpreter, so a folder of thousands of small files is hashed on every
core). `Hashing.take` hands the units over in the listing's order as their slices finish, so an
ingest on a cluster starts parsing the first files while the last are still being read; on a
slow disk or a network share that is most of the hashing's time.
"""

from __future__ import annotations

import hashlib
import os
import threading
import weakref
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from dashboard.extract.load import plan_folder
from dashboard.extract.load.kinds import clean_name
from dashboard.library.cluster import usable_cores
from dashboard.library.worker import Unit

SLICE_FILES = 64  # files hashed together, handed over together


@dataclass(slots=True)
class Listed:
    """One file found, before it is read."""

    path: Path
    name: str  # its source name: relative to the folder given, or its own name
    member: bool  # a file of a folder given
    home: str  # the folder it shares a filer with (its own folder for a file given alone)
    origin: dict[str, str]
    shown: str  # how a note about it names it


def list_paths(paths: Iterable[str | Path], origin: dict[str, dict[str, str]]
               ) -> tuple[list[Listed], list[str]]:
    """The files of the paths given, in the order `extract` reads them, and what the listing
    says (a path that does not exist, files it skipped). Nothing is read."""
    files: list[Listed] = []
    notes: list[str] = []
    for p in paths:
        path = Path(p)
        o = origin.get(str(p), {})
        if path.is_dir():
            found, said = plan_folder(path)
            notes += [i.line() for i in [*said.issues, *said.notes]]
            home = str(path.resolve())
            files += [Listed(fpath, rel, True, home, {"kind": "folder", **origin.get(rel, o)},
                             rel) for fpath, rel in found]
        elif path.exists():
            name = clean_name(path.name)
            files.append(Listed(path, name, False, str(path.resolve().parent),
                                {"kind": "path", **origin.get(name, o)}, str(p)))
        else:
            notes.append(f"{p}: no such file or folder")
    return files, notes


class Hashing:
    """The listed files' sizes and digests, computed in slices on a thread pool and taken in
    the listing's order as they finish. Each unit's `seq` is its place in the listing (the
    order of the facts); a file that cannot be read becomes a note instead.

    `held`: the files the library read, by path (`Catalog.holding`). One whose size and
    modification time are those recorded is taken as the file read then, with its hash,
    without reading it again (as make and rsync decide what changed)."""

    def __init__(self, files: list[Listed],
                 held: dict[str, tuple[int, int, str]] | None = None) -> None:
        self.files = files
        self.held = held or {}
        self.count = len(files)
        self.notes: list[str] = []
        self.taken = 0  # files handed over (as units or notes)
        self.bytes_taken = 0
        self._gate = threading.Condition()
        self._paused = False
        self._busy = 0  # threads reading a file now
        self._pool = ThreadPoolExecutor(max_workers=max(2, usable_cores()),
                                        thread_name_prefix="library-hash")
        _active.add(self)
        self._slices: list[tuple[int, int, Future[list[tuple[int, int, str] | OSError]]]] = []
        for start in range(0, len(files), SLICE_FILES):
            end = min(start + SLICE_FILES, len(files))
            self._slices.append((start, end, self._pool.submit(self._hash, files[start:end])))

    def _hash(self, files: list[Listed]) -> list[tuple[int, int, str] | OSError]:
        out = []
        for f in files:
            with self._gate:
                while self._paused:
                    self._gate.wait()
                self._busy += 1
            try:
                out.append(self._known(f.path) or file_digest(f.path))
            finally:
                with self._gate:
                    self._busy -= 1
                    self._gate.notify_all()
        return out

    def _known(self, path: Path) -> tuple[int, int, str] | None:
        was = self.held.get(str(path))
        if was is None:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        return was if (st.st_size, st.st_mtime_ns) == was[:2] else None

    def _pause(self) -> None:
        with self._gate:
            self._paused = True
            while self._busy:
                self._gate.wait()

    def _resume(self) -> None:
        with self._gate:
            self._paused = False
            self._gate.notify_all()

    def take(self, block: bool = True) -> list[Unit] | None:
        """The units of the slices finished next in order (waiting for the first with
        `block`); [] when the next is not finished yet, None once all were taken."""
        if not self._slices:
            return None
        if block:
            wait([self._slices[0][2]])
        units: list[Unit] = []
        while self._slices and self._slices[0][2].done():
            start, end, future = self._slices.pop(0)
            for i, (f, got) in enumerate(zip(self.files[start:end], future.result(),
                                             strict=True), start=start):
                if isinstance(got, OSError):
                    self.notes.append(f"{f.shown}: it could not be read ({got.strerror or got})")
                    continue
                size, mtime, digest = got
                self.bytes_taken += size
                units.append(Unit(name=f.name, sha256=digest, seq=i, path=str(f.path),
                                  member=f.member, container=f.home, size=size,
                                  origin=f.origin, mtime_ns=mtime))
            self.taken = end
        return units

    def bytes_left(self) -> int:
        """About how many bytes the files not taken yet hold (their mean so far, each)."""
        if self.taken == 0:
            return 0
        return self.bytes_taken * (self.count - self.taken) // self.taken

    def close(self) -> None:
        _active.discard(self)
        self._resume()
        self._pool.shutdown(wait=True, cancel_futures=True)


# A process forked while a thread reads or hashes a file (a local cluster's workers, forked
# from a helper thread, also when a worker is restarted) could inherit a lock that thread
# held: around every fork of this process, the hashing threads wait between files.
_active: weakref.WeakSet[Hashing] = weakref.WeakSet()


def _before_fork() -> None:
    for hashing in list(_active):
        hashing._pause()


def _after_fork() -> None:
    for hashing in list(_active):
        hashing._resume()


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork)


def every_unit(hashing: Hashing) -> list[Unit]:
    """All of the units, once every file is hashed."""
    units: list[Unit] = []
    while (got := hashing.take()) is not None:
        units += got
    return units


def file_digest(path: Path) -> tuple[int, int, str] | OSError:
    """A file's size, modification time and SHA-256, or why it could not be read."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            st = os.fstat(fd)
            size, mtime = st.st_size, st.st_mtime_ns
            h = hashlib.sha256()
            while chunk := os.read(fd, 1 << 20):
                h.update(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        return exc
    return size, mtime, h.hexdigest()
