"""The library's layout on disk: files per commit whatever the number of filers, compaction,
one filer's reads, and a library of the older layout (a folder per filer) migrated on open."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from dashboard.extract.pipeline import extract_paths
from dashboard.library import Library
from dashboard.library import ingest as ingest_mod
from dashboard.library.catalog import SCHEMA_VERSION
from dashboard.library.dataset import COMPACT_FILES
from dashboard.model.schema import FACT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def same_facts(a: pd.DataFrame, b: pd.DataFrame) -> None:
    def norm(df: pd.DataFrame) -> pd.DataFrame:
        df = df[list(FACT_COLUMNS)].astype(str)
        return df.sort_values(list(FACT_COLUMNS)).reset_index(drop=True)

    pd.testing.assert_frame_equal(norm(a), norm(b))


def fragments(folder: Path, n: int) -> Path:
    """n distinct pages that name no filer (each becomes a filer of its own, named by its
    file), made from the bundled R pages."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in DATA.iterdir() if p.suffix == ".htm")
    for i in range(n):
        src = pages[i % len(pages)]
        (folder / f"frag{i:03d}_{src.name}").write_bytes(
            src.read_bytes() + f"\n<!-- fragment {i} -->\n".encode())
    return folder


def parquet_files(lib: Library, table: str) -> list[Path]:
    return sorted((lib.root / table).rglob("*.parquet"))


def test_files_do_not_grow_with_the_filers(tmp_path: Path) -> None:
    folder = fragments(tmp_path / "in", 24)
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([folder], workers=1)
    filers = lib.filers()
    assert len(filers) == 24  # one filer per fragment …
    for table in ("facts", "sources"):
        assert 1 <= len(parquet_files(lib, table)) <= 4  # … a few files, one per commit
    same_facts(lib.facts(), extract_paths([folder]).facts)
    # each file is sorted by filer and says which filers it spans
    for entry in lib._manifest_files("facts"):
        ents = pq.read_table(lib.root / entry["path"], columns=["entity"]).column("entity")
        assert ents.to_pylist() == sorted(ents.to_pylist())
        span = pc.min_max(ents)
        assert (entry["lo"], entry["hi"]) == (span["min"].as_py(), span["max"].as_py())
    one = filers["entity"].iloc[5]
    got = lib.facts(filers=[one])
    whole = lib.facts()
    assert len(got) > 0 and set(got["entity"]) == {one}
    pd.testing.assert_frame_equal(got, whole[whole["entity"] == one].reset_index(drop=True))


def test_many_commits_are_compacted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fragments(tmp_path / "in", 30)
    monkeypatch.setattr(ingest_mod, "COMMIT_UNITS", 2)  # fifteen commits
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([folder], workers=1)
    for table in ("facts", "sources", "issues"):
        assert len(lib._manifest_files(table)) <= COMPACT_FILES, table
    assert {p.relative_to(lib.root).as_posix() for p in parquet_files(lib, "facts")} == {
        f["path"] for f in lib._manifest_files("facts")}  # merged files are gone
    same_facts(lib.facts(), extract_paths([folder]).facts)


def _to_schema_1(lib: Library) -> None:
    """Rewrite a library into the older layout, as the previous version wrote it: one folder
    per filer (`facts/filer=<slug>/<batch>.parquet`), the catalog's `files` table without the
    span columns, schema version 1 in the catalog and the manifest."""
    rows = []
    for table in ("facts", "sources"):
        for entry in lib._manifest_files(table):
            data = pq.read_table(lib.root / entry["path"])
            for k, ent in enumerate(sorted(set(data.column("entity").to_pylist()))):
                part = data.filter(pc.equal(data.column("entity"), ent))
                rel = f"{table}/filer=f{k:03d}-{abs(hash(ent)) % 10**8:08d}/old.parquet"
                (lib.root / rel).parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(part, lib.root / rel)
                rows.append((rel, table, ent, part.num_rows))
            (lib.root / entry["path"]).unlink()
    with lib._connect() as con:
        con.execute("DELETE FROM files WHERE tbl IN ('facts', 'sources')")
        con.execute("ALTER TABLE files DROP COLUMN lo")
        con.execute("ALTER TABLE files DROP COLUMN hi")
        for rel, table, ent, n in rows:
            con.execute("INSERT INTO files VALUES (?, ?, ?, ?, '2026-01-01')", [rel, table, ent, n])
        con.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
        files = con.execute("SELECT path, tbl, entity, rows FROM files ORDER BY path").fetchall()
        gen = con.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]
    (lib.root / "manifest.json").write_text(json.dumps({
        "schema_version": 1, "generation": int(gen),
        "files": [{"path": p, "table": t, "entity": e, "rows": n} for p, t, e, n in files]}))


def test_a_library_of_the_older_layout_is_migrated_on_open(tmp_path: Path) -> None:
    folder = fragments(tmp_path / "in", 12)
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([folder], workers=1)
    lib.labels.set_filer("abc", "Acme Lending")
    before, sources, filers = lib.facts(), lib.sources(), lib.filers()
    _to_schema_1(lib)
    old = Library(lib.root)  # reads the older layout as it is, before any migration
    same_facts(old.facts(), before)
    assert len(list((lib.root / "facts").glob("filer=*"))) == 12

    migrated = Library.open(lib.root)
    assert migrated._manifest()["schema_version"] == SCHEMA_VERSION
    assert not list((lib.root / "facts").glob("filer=*"))  # no folder per filer left
    assert len(parquet_files(migrated, "facts")) == 1
    pd.testing.assert_frame_equal(migrated.facts(), before)
    pd.testing.assert_frame_equal(migrated.sources(), sources)
    pd.testing.assert_frame_equal(migrated.filers(), filers)
    assert migrated.labels.filers() == {("abc", ""): "Acme Lending"}
    report = migrated.ingest_paths([folder], workers=1)  # nothing to read again
    assert report.parsed == 0 and report.unchanged == 12
    one = filers["entity"].iloc[3]
    assert set(migrated.facts(filers=[one])["entity"]) == {one}
