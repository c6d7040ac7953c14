"""Planning an ingest (dashboard/library/plan.py): the files listed in `extract`'s order,
hashed in slices and handed over as the slices finish, so that a cluster's workers start on
the first files while the last are still being read (ingest.streams)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from dashboard.library import Library, plan
from dashboard.library.ingest import streams
from tests.library.test_library import copies, same_facts

pytestmark = pytest.mark.timeout(300)


def test_units_come_in_listing_order_numbered_by_their_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices finish in any order; they are handed over in the listing's, each unit numbered
    by its place in it, and a file gone between the listing and the reading is a note."""
    monkeypatch.setattr(plan, "SLICE_FILES", 8)
    folder = copies(tmp_path / "f", 40)
    files, notes = plan.list_paths([folder], {})
    assert not notes and [f.name for f in files] == sorted(p.name for p in folder.iterdir())
    files[13].path.unlink()
    hashing = plan.Hashing(files)
    try:
        units = plan.every_unit(hashing)
    finally:
        hashing.close()
    assert [u.seq for u in units] == [i for i in range(40) if i != 13]
    assert [u.name for u in units] == [f.name for k, f in enumerate(files) if k != 13]
    assert units[0].sha256 == plan.file_digest(files[0].path)[2]
    assert units[0].size == files[0].path.stat().st_size and units[0].container == str(folder)
    assert hashing.notes == [f"{files[13].name}: it could not be read (No such file or "
                             "directory)"]


def test_a_library_holding_the_files_or_stale_ones_hashes_first(tmp_path: Path) -> None:
    """Streaming is for files the library does not hold yet, on a cluster: a re-ingest (as
    many units held as files listed), one folder of few files or one process hash first."""
    folder = copies(tmp_path / "f", 3)
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([folder], workers=1)
    cat = lib._catalog.holding()
    assert streams(cat, 100, None, "tcp://127.0.0.1:1")  # a scheduler: 100 > 3 held
    assert not streams(cat, 3, None, "tcp://127.0.0.1:1")  # as many held as listed
    assert not streams(cat, 39, None, "tcp://127.0.0.1:1")  # too few files for a cluster
    assert not streams(cat, 100, 1, None)  # one process


@pytest.mark.slow
def test_a_cluster_reads_the_first_files_while_the_last_are_hashed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last slice's files are not hashed until figures of the first files come back
    (waiting, up to two minutes, before that slice starts, so a fork of the workers is never
    held up): a library that hashed every file before reading any would never see them back
    in time. It ends as one hashed first would: the same facts, a copy of the same bytes read
    once, a file already held not read again."""
    monkeypatch.setattr(plan, "SLICE_FILES", 16)
    folder = copies(tmp_path / "f", 78)
    for page in folder.iterdir():  # 64 KB each: a slice's files fill a few tasks
        with page.open("ab") as out:
            out.write(b"<!-- " + b"x" * 64_000 + b" -->\n")
    (folder / "zz_same_bytes.htm").write_bytes(next(folder.glob("*_copy001.htm")).read_bytes())
    held = sorted(folder.iterdir())[5]
    first = Library.open(tmp_path / "first")
    first.ingest_paths([folder], workers=1)  # hashed first, in this process
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([held], workers=1)

    files, _ = plan.list_paths([folder], {})
    last = files[-1].path
    hash_slice = plan.Hashing._hash
    back = threading.Event()
    events: list[str] = []
    lock = threading.Lock()

    def last_slice_waits(self: plan.Hashing, some: list[plan.Listed]) -> list:
        if some[-1].path == last:
            back.wait(timeout=120)
        got = hash_slice(self, some)
        if some[-1].path == last:
            with lock:
                events.append("last file hashed")
        return got

    def progress(done: int, total: int, facts: int, issues: int) -> None:
        if done:
            with lock:
                events.append("figures back")
            back.set()

    monkeypatch.setattr(plan.Hashing, "_hash", last_slice_waits)
    report = lib.ingest_paths([folder], workers=2, progress=progress)
    assert report.engine.startswith("local Dask cluster")
    assert events.index("figures back") < events.index("last file hashed"), events
    assert (report.files, report.parsed, report.unchanged, report.duplicates) == (79, 77, 1, 1)
    same_facts(lib.facts(), first.facts())
    assert len(lib.sources()) == len(first.sources())


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files whose bytes the plan reads from now on."""
    read: list[str] = []
    digest = plan.file_digest

    def spy(path: Path) -> tuple[int, int, str] | OSError:
        read.append(path.name)
        return digest(path)

    monkeypatch.setattr(plan, "file_digest", spy)
    return read


def test_a_file_with_the_size_and_time_read_before_is_not_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Given again, a folder's files are known by their size and modification time, as make
    and rsync tell what changed: nothing is read. A file rewritten is read and its figures
    replaced; a file only touched is read, found unchanged by its hash, and its new time
    kept, so the next ingest does not read it; `rehash` reads every file."""
    folder = copies(tmp_path / "f", 6)
    lib = Library.open(tmp_path / "lib")
    first = lib.ingest_paths([folder], workers=1)
    assert first.parsed == 6
    read = _reads(monkeypatch)

    again = lib.ingest_paths([folder], workers=1)
    assert (again.parsed, again.unchanged, read) == (0, 6, [])

    pages = sorted(folder.iterdir())
    changed, touched = pages[0], pages[1]
    changed.write_bytes(pages[2].read_bytes() + b"\n<!-- rewritten -->\n")
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    third = lib.ingest_paths([folder], workers=1)
    assert sorted(read) == sorted([changed.name, touched.name])
    assert (third.parsed, third.unchanged) == (1, 5)

    read.clear()
    fourth = lib.ingest_paths([folder], workers=1)
    assert (fourth.parsed, fourth.unchanged, read) == (0, 6, [])
    fifth = lib.ingest_paths([folder], workers=1, rehash=True)
    assert (fifth.parsed, fifth.unchanged, sorted(read)) == (0, 6, sorted(p.name for p in pages))


def test_a_folder_that_grew_by_a_few_files_is_read_in_this_process(tmp_path: Path) -> None:
    """The files are streamed only once enough of them are to be read: a folder given again
    with five new files reads those five here, as when every file was hashed first, and
    the progress ends on what was read."""
    folder = copies(tmp_path / "f", 45)
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([p for p in sorted(folder.iterdir())[:40]], workers=1)
    seen: list[tuple[int, int]] = []
    report = lib.ingest_paths([folder], progress=lambda d, t, f, i: seen.append((d, t)))
    assert report.engine.startswith("in this process"), report.engine
    assert (report.files, report.parsed, report.unchanged) == (45, 5, 40)
    assert seen[-1] == (5, 5)
