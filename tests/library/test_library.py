"""The filing library: ingest, re-ingest, remove, equality with `extract`, crash safety."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.extract.pipeline import extract_paths
from dashboard.facts.entities import unify_names
from dashboard.library import EXTRACTOR_VERSION, Library, default_library_dir
from dashboard.model.schema import FACT_COLUMNS
from tests.conftest import CORPUS, DATA, SEEDS, need

ROOT = Path(__file__).resolve().parents[2]


def same_facts(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Same rows, same values (order aside)."""
    def norm(df: pd.DataFrame) -> pd.DataFrame:
        df = df[list(FACT_COLUMNS)].astype(str)
        return df.sort_values(list(FACT_COLUMNS)).reset_index(drop=True)

    pd.testing.assert_frame_equal(norm(a), norm(b))


def copies(folder: Path, n: int) -> Path:
    """n distinct files (different bytes, the same figures) made from the bundled samples."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in DATA.iterdir() if p.suffix == ".htm")
    for i in range(n):
        src = pages[i % len(pages)]
        (folder / f"{src.stem}_copy{i:03d}.htm").write_bytes(
            src.read_bytes() + f"\n<!-- copy {i} -->\n".encode())
    return folder


@pytest.fixture(scope="module")
def inputs() -> list[str]:
    return [str(DATA), str(need(SEEDS)), str(need(CORPUS / "text_extracts"))]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, inputs: list[str]) -> Library:
    lib = Library.open(tmp_path_factory.mktemp("lib") / "library")
    report = lib.ingest_paths(inputs, workers=1)
    assert report.parsed == report.files > 10 and report.unchanged == 0
    return lib


def test_library_facts_equal_extract(lib: Library, inputs: list[str]) -> None:
    expected = extract_paths(inputs).facts
    got = lib.facts()
    same_facts(got, expected)
    # the cross-document scale inference ran over the library, as extract runs it
    inferred = got[got["note"].str.contains("which prints", regex=False)]
    assert not inferred.empty and set(inferred["scale_basis"]) == {"inferred"}


def test_reingest_reads_nothing_and_changes_nothing(lib: Library, inputs: list[str]) -> None:
    before_version, before = lib.version, lib.facts()
    files = sorted(p.name for p in lib.root.rglob("*.parquet"))
    report = lib.ingest_paths(inputs, workers=1)
    assert report.parsed == 0 and report.unchanged == report.files
    assert lib.version == before_version
    assert sorted(p.name for p in lib.root.rglob("*.parquet")) == files
    pd.testing.assert_frame_equal(lib.facts(), before)


def test_queries_filers_and_years(lib: Library) -> None:
    filers = lib.filers()
    fta = filers[filers["entity"] == "fta_20f_fy2023_loan_aging_details"].iloc[0]
    assert fta["n_facts"] == 14 and fta["first_year"] == 2022 and fta["last_year"] == 2023
    one = lib.facts(filers=["fta_20f_fy2023_loan_aging_details"])
    assert len(one) == 14 and set(one["entity"]) == {"fta_20f_fy2023_loan_aging_details"}
    y = lib.facts(years=(2023, 2023))
    assert not y.empty and {d.year for d in y["period_end"]} == {2023}
    n = lib.query("SELECT count(*) AS n FROM facts WHERE disclosure = ?", ["allowance"])
    assert int(n["n"][0]) == int((lib.facts()["disclosure"] == "allowance").sum())
    src = lib.sources()
    assert {"source", "entity", "sha256", "unit", "origin", "extractor_version"} <= set(src)
    assert set(src["extractor_version"]) == {EXTRACTOR_VERSION}


def test_remove_then_reingest_round_trip(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([DATA], workers=1)
    everything = lib.facts()
    name = "qfin_20f_fy2022_allowance_details.htm"
    own = int((everything["source"] == name).sum())
    assert own >= 15  # Qifu's rollforward: five lines for each of three years
    assert lib.remove([name]) == [name]
    left = lib.facts()
    assert name not in set(left["source"]) and len(left) == len(everything) - own
    assert not lib.has_content(sha(DATA / name))
    report = lib.ingest_paths([DATA], workers=1)
    assert report.parsed == 1
    same_facts(lib.facts(), everything)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_extractor_version_rereads_only_stale_files(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([DATA], workers=1)
    before = lib.facts()
    digest = sha(DATA / "fta_20f_fy2023_loan_aging_details.htm")
    with lib._connect() as con:  # as if an older extractor had read this one file
        con.execute("UPDATE units SET extractor_version='0.0.1+old' WHERE sha256=?", [digest])
    assert lib.stale() == 1 and not lib.has_content(digest)
    report = lib.ingest_paths([DATA], workers=1)
    assert report.parsed == 1 and report.unchanged == report.files - 1
    same_facts(lib.facts(), before)
    assert lib.stale() == 0


def test_uploads_keep_their_origin_and_bytes(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib")
    page = DATA / "qfin_20f_fy2022_allowance_details.htm"
    origin = {page.name: {"url": "https://www.sec.gov/Archives/x/R4.htm",
                          "accession": "0001104659-23-040453", "form": "20-F"}}
    lib.ingest_bytes([(page.name, page.read_bytes())], origin=origin)
    src = lib.sources().iloc[0]
    assert (src["url"], src["accession"], src["form"], src["origin"]) == (
        "https://www.sec.gov/Archives/x/R4.htm", "0001104659-23-040453", "20-F", "upload")
    same_facts(lib.facts(), extract_paths([page]).facts)
    with lib._connect() as con:
        con.execute("UPDATE units SET extractor_version='old'")
    assert lib.refresh().parsed == 1  # read again from the bytes the library kept


def test_settings_groups_and_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    home = tmp_path / "home"
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(home))
    home.mkdir()
    # the older SQLite label file the app kept before the library, to be taken over by it
    old = sqlite3.connect(home / "labels.sqlite3")
    old.executescript("""
        CREATE TABLE source_filer (content_hash TEXT, part TEXT, filer TEXT, source_name TEXT,
                                   updated TEXT, PRIMARY KEY (content_hash, part));
        CREATE TABLE filer_alias (alias TEXT PRIMARY KEY, canonical TEXT, updated TEXT);
        CREATE TABLE filer_scale (filer TEXT PRIMARY KEY, scale TEXT, updated TEXT);
        INSERT INTO source_filer VALUES ('abc', 'R4.htm', 'Qifu Technology', 'x.txt#R4.htm', '');
        INSERT INTO filer_alias VALUES ('QFIN', 'Qifu Technology', '');
        INSERT INTO filer_scale VALUES ('Full Truck Alliance', 'thousands', '');""")
    old.commit()
    old.close()
    lib = Library.open()
    assert lib.root == default_library_dir() == home / "library"
    assert lib.labels.filers() == {("abc", "R4.htm"): "Qifu Technology"}
    assert lib.labels.aliases() == {"QFIN": "Qifu Technology"}
    assert lib.labels.filer_scales() == {"Full Truck Alliance": "thousands"}
    lib.labels.set_filer_scale("Qudian", "millions")
    with pytest.raises(ValueError):
        lib.labels.set_filer_scale("Qudian", "dozens")
    lib.labels.set_filer_scale("Full Truck Alliance", "")
    assert lib.labels.filer_scales() == {"Qudian": "millions"}
    lib.settings_set("edgar_user_agent", "Analyst a@b.c")
    lib.save_group("Consumer lenders", ["Qifu Technology", "Qudian"])
    again = Library.open()  # a second open does not migrate twice
    assert again.settings_get("edgar_user_agent") == "Analyst a@b.c"
    assert again.groups() == {"Consumer lenders": ["Qifu Technology", "Qudian"]}
    again.delete_group("Consumer lenders")
    assert again.groups() == {}
    assert len(again.labels.filers()) == 1


def test_cli_ingest_ls_facts_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    libdir = str(tmp_path / "lib")
    assert main(["ingest", str(DATA), "--library", libdir]) == 0
    err = capsys.readouterr().err
    assert "in this process" in err and re.search(r"(\d+) file\(s\): \1 read", err)
    assert main(["library", "ls", "--library", libdir]) == 0
    assert "Qudian Inc." in capsys.readouterr().out  # the filers as the app names them
    out = tmp_path / "facts.csv"
    assert main(["library", "facts", "--library", libdir, "-o", str(out)]) == 0
    assert main(["extract", str(DATA), "-o", str(tmp_path / "x.csv")]) in (0, 1)
    # the same facts as `extract`, each under the filer data/manifest.json names
    named = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))["samples"]
    filer = {s["file"]: s["filer"] for s in named}
    extracted = pd.read_csv(tmp_path / "x.csv")
    extracted["entity"] = [filer[s.split("#", 1)[0]] for s in extracted["source"]]
    # and, as one filer's, each segment spelled as its latest filing spells it
    same_facts(pd.read_csv(out), unify_names(extracted))
    assert main(["library", "remove", "--library", libdir, "--source",
                 "qudian_20f_fy2020_guarantee_note.txt"]) == 0
    capsys.readouterr()
    assert main(["library", "facts", "--library", libdir, "--filer", "Qudian Inc."]) == 0
    assert "qudian_20f_fy2020_guarantee_note" not in capsys.readouterr().out


# --- crashes and concurrency ------------------------------------------------------------------

def _ingest_cmd(libdir: Path, *paths: Path, workers: int = 1) -> list[str]:
    return [sys.executable, "-m", "dashboard", "ingest", *map(str, paths), "--library",
            str(libdir), "--workers", str(workers)]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **extra)
    return env


def _after_first_commit(libdir: Path) -> Library | None:
    """The library an ingest in another process is writing, once its first commit is on disk
    (None if none is within two minutes)."""
    lib = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (libdir / "manifest.json").exists():
            lib = lib or Library.open(libdir)
            if lib._manifest_files("facts"):
                return lib
        time.sleep(0.02)
    return lib


@pytest.mark.slow
def test_a_killed_ingest_loses_nothing_committed_and_resumes(tmp_path: Path) -> None:
    # enough files that the ingest is still running when its first commit is seen: the kill
    # lands mid-batch however fast the machine is
    n = 200
    folder = copies(tmp_path / "filings", n)
    libdir = tmp_path / "lib"
    proc = subprocess.Popen(_ingest_cmd(libdir, folder), env=_env(CREDIT_NOTES_COMMIT_UNITS="5"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lib = _after_first_commit(libdir)
    os.kill(proc.pid, signal.SIGKILL)  # no clean-up of any kind
    proc.wait()
    assert lib is not None
    committed = len(lib.units())
    assert 0 < committed < n
    partial = lib.facts()  # readable, and holding whole files only
    full = extract_paths([folder]).facts
    assert set(partial["source"]) <= set(lib.units()["name"])
    assert (partial.groupby("source").size()
            == full.groupby("source").size()[partial["source"].unique()]).all()
    report = lib.ingest_paths([folder], workers=1)
    assert report.unchanged == committed and report.parsed == n - committed
    same_facts(lib.facts(), extract_paths([folder]).facts)


def _whole_files_only(lib: Library, folder: Path) -> None:
    """Every file the library holds has all its facts (none half-stored)."""
    partial = lib.facts()
    full = extract_paths([folder]).facts
    assert set(partial["source"]) <= set(lib.units()["name"])
    assert (partial.groupby("source").size()
            == full.groupby("source").size()[partial["source"].unique()]).all()


def test_a_failed_commit_is_a_typed_error_and_keeps_what_was_committed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits run on a thread beside the parsing: the second one fails as on a full disk. The
    ingest stops with LibraryWriteError naming the library, the files and the cause; the
    commits before it are kept, and the next ingest goes on with the rest. (The second, not a
    later one: while a commit runs the next chunk grows, so how many commits a batch takes
    depends on the machine's speed; there are always at least two.)"""
    from dashboard.library import LibraryWriteError
    from dashboard.library import ingest as ingest_mod

    folder = copies(tmp_path / "filings", 40)
    lib = Library.open(tmp_path / "lib")
    monkeypatch.setattr(ingest_mod, "COMMIT_UNITS", 5)
    real = Library.commit_results
    calls = []

    def full_disk(self: Library, results: list) -> None:
        calls.append(len(results))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(self, results)

    monkeypatch.setattr(Library, "commit_results", full_disk)
    with pytest.raises(LibraryWriteError) as err:
        lib.ingest_paths([folder], workers=1)
    stored = len(lib.units())
    assert stored == sum(calls[:-1]) and 0 < stored < 40
    message = str(err.value)
    assert str(lib.root) in message and "No space left on device" in message
    assert f"The {stored} file(s) stored before are kept" in message
    assert re.search(r"could not store \d+ file\(s\) just read \(\w+_copy\d+\.htm", message)
    _whole_files_only(lib, folder)
    monkeypatch.setattr(Library, "commit_results", real)
    report = lib.ingest_paths([folder], workers=1)
    assert report.unchanged == stored and report.parsed == 40 - stored
    same_facts(lib.facts(), extract_paths([folder]).facts)


def test_cli_says_a_failed_commit_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def no_room(self: Library, results: list) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Library, "commit_results", no_room)
    assert main(["ingest", str(DATA), "--library", str(tmp_path / "lib")]) == 1
    err = capsys.readouterr().err
    assert "could not store" in err and "No space left on device" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_ctrl_c_with_commits_in_flight_leaves_a_readable_resumable_library(
        tmp_path: Path) -> None:
    n = 200  # still ingesting when the first commit is seen, however fast the machine
    folder = copies(tmp_path / "filings", n)
    libdir = tmp_path / "lib"
    # a suite started in the background by a shell without job control runs with SIGINT
    # ignored, and a child inherits that: the ingest would never see the Ctrl-C. Caught here
    # while it starts, the signal reaches the child with its default disposition.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(_ingest_cmd(libdir, folder),
                                env=_env(CREDIT_NOTES_COMMIT_UNITS="5"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finally:
        signal.signal(signal.SIGINT, before)
    lib = _after_first_commit(libdir)
    proc.send_signal(signal.SIGINT)  # Ctrl-C: the commit in flight ends, then the ingest stops
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, err.decode(errors="replace")[-3000:]  # what it said, if not
    assert lib is not None
    committed = len(lib.units())
    assert 0 < committed <= n
    _whole_files_only(lib, folder)
    report = lib.ingest_paths([folder], workers=1)  # the write lock was released
    assert report.unchanged == committed and report.parsed == n - committed
    same_facts(lib.facts(), extract_paths([folder]).facts)
    recorded = {f["path"] for f in lib._manifest().get("files", [])}
    on_disk = {p.relative_to(libdir).as_posix() for t in ("facts", "sources", "issues")
               for p in (libdir / t).rglob("*.parquet")}
    assert on_disk <= recorded  # no file of an unfinished commit left behind


@pytest.mark.slow
def test_two_ingests_of_the_same_folder_at_once(tmp_path: Path) -> None:
    folder = copies(tmp_path / "filings", 24)
    libdir = tmp_path / "lib"
    Library.open(libdir)
    procs = [subprocess.Popen(_ingest_cmd(libdir, folder), env=_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=240) == 0, p.stderr.read().decode() if p.stderr else ""
    lib = Library.open(libdir)
    assert len(lib.units()) == 24
    same_facts(lib.facts(), extract_paths([folder]).facts)


# --- on Dask ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster with 2 worker processes, started once for the module. Its workers die on
    any file named like 'poison' (fault injection), as a worker killed by the OS would."""
    distributed = pytest.importorskip("distributed")
    import dask

    os.environ["CREDIT_NOTES_FAULT"] = "exit:poison"
    # spawned workers re-run the parent's __main__; after an AppTest in this process that is
    # the app's script, so the workers get a plain __main__ of their own
    saved_main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                              "distributed.scheduler.worker-saturation": 1.0}), \
                distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=":0") as c:
            yield c
    finally:
        sys.modules["__main__"] = saved_main
        os.environ.pop("CREDIT_NOTES_FAULT", None)


@pytest.mark.slow
def test_dask_cluster_gives_the_same_facts(cluster, tmp_path: Path, inputs: list[str]) -> None:
    lib = Library.open(tmp_path / "lib")
    report = lib.ingest_paths(inputs, scheduler=cluster.scheduler_address)
    assert report.engine.startswith("Dask scheduler") and report.parsed == report.files
    same_facts(lib.facts(), extract_paths(inputs).facts)


@pytest.mark.slow
def test_a_worker_killed_mid_batch_costs_one_file(cluster, tmp_path: Path) -> None:
    folder = copies(tmp_path / "filings", 12)
    good = sorted(folder.iterdir())
    poison = folder / "poison_page.htm"
    poison.write_bytes(good[0].read_bytes() + b"<!-- poison -->")
    lib = Library.open(tmp_path / "lib")
    report = lib.ingest_paths([folder], scheduler=cluster.scheduler_address)
    assert report.parsed == 13
    assert [line.split(":")[0] for line in report.issues] == ["poison_page.htm"]
    issues = lib.issues()
    assert list(issues["kind"]) == ["worker_failed"]
    same_facts(lib.facts(), extract_paths(good).facts)


@pytest.mark.slow
def test_the_default_local_cluster_gives_the_same_facts(tmp_path: Path) -> None:
    """No scheduler given and workers asked for: a local cluster of forked workers."""
    folder = copies(tmp_path / "filings", 10)
    lib = Library.open(tmp_path / "lib")
    report = lib.ingest_paths([folder], workers=2)
    assert report.engine.startswith("local Dask cluster, 2 worker") and report.parsed == 10
    same_facts(lib.facts(), extract_paths([folder]).facts)


def test_tasks_keep_the_folder_order_and_commits_stay_few() -> None:
    """Large files go first (none is left to run alone at the end); small ones keep the
    folder's order (a filer's filings side by side, so a commit touches few filers); a batch
    is committed in about four chunks, so a filer's rows are in at most four files."""
    from dashboard.library.ingest import COMMIT_UNITS, TASK_BYTES, commit_every, tasks_of
    from dashboard.library.worker import Unit

    small = [Unit(name=f"s{i:03d}", sha256=str(i), size=40_000) for i in range(150)]
    big = [Unit(name=f"b{i}", sha256=f"b{i}", size=TASK_BYTES * (i + 1)) for i in range(2)]
    tasks = tasks_of([small[0], big[0], *small[1:], big[1]])
    assert [t[0].name for t in tasks[:2]] == ["b1", "b0"]
    assert [u.name for t in tasks[2:] for u in t] == [u.name for u in small]
    assert commit_every(2500) == min(COMMIT_UNITS, 625) and commit_every(3) == 1


def test_last_tasks_are_short_so_the_workers_finish_together() -> None:
    """Tasks of small files hold about TASK_BYTES while much is left, then a share of what
    is left per worker, down to TASK_BYTES_MIN: the last task is short, no worker parses a
    full one alone at the end; every unit is in exactly one task, in the folder's order."""
    from dashboard.library.ingest import TASK_BYTES, TASK_BYTES_MIN, TASK_UNITS, tasks_of
    from dashboard.library.worker import Unit

    units = [Unit(name=f"s{i:04d}", sha256=str(i), size=40_000) for i in range(2500)]
    tasks = tasks_of(units, workers=2)
    sizes = [sum(u.size for u in t) for t in tasks]
    assert [u.name for t in tasks for u in t] == [u.name for u in units]
    assert all(len(t) <= TASK_UNITS for t in tasks)
    assert sizes[0] >= TASK_BYTES or len(tasks[0]) == TASK_UNITS
    assert sizes[-1] <= TASK_BYTES_MIN + 40_000 < sizes[0]
    assert sizes[-3:] == sorted(sizes[-3:], reverse=True)  # shrinking towards the end
    assert len(tasks) < 2 * sum(sizes) / min(TASK_BYTES, TASK_UNITS * 40_000)  # not too many


def test_a_ctrl_c_while_the_last_commit_finishes_still_stops_the_ingest() -> None:
    """Ctrl-C while the ingest waits for its commit in flight: the commit is finished (the
    write lock is never released on half a commit), then the interruption is raised, not
    swallowed, so the command exits as interrupted."""
    from dashboard.library.ingest import _Committer

    class Pool:
        calls = 0

        def shutdown(self, wait: bool = True) -> None:
            Pool.calls += 1
            if Pool.calls == 1:
                raise KeyboardInterrupt  # the analyst's Ctrl-C lands while it waits

    committer = _Committer(None)  # type: ignore[arg-type]
    committer.pool.shutdown(wait=True)
    committer.pool = Pool()  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        committer.close()
    assert Pool.calls == 2  # waited again for the commit in flight before stopping
