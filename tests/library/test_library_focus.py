"""The filing's dei fiscal focus in the library's sources, and a library written before the
sources had it (schema 2) migrated on open: its sources files gain the two columns, blank,
and every query reads old and new files together."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard.analysis import periods
from dashboard.library import Library
from dashboard.library.catalog import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT.parent / "shared" / "corpus" / "original"
APPLE_COVER = ORIGINAL / "aapl-10q-20250329" / "R1.htm"
TESLA = ORIGINAL / "tsla-20240630_htm.xml"
FOCUS = ["fiscal_year_focus", "fiscal_period_focus"]


@pytest.fixture()
def pages() -> tuple[Path, Path]:
    for p in (APPLE_COVER, TESLA):
        if not p.exists():
            pytest.skip(f"{p} is not here (the shared corpus sits beside the checkout in CI)")
    return APPLE_COVER, TESLA


def _to_schema_2(lib: Library) -> None:
    """The library as schema 2 wrote it: sources files without the focus columns."""
    for entry in lib._manifest_files("sources"):
        path = lib.root / entry["path"]
        pq.write_table(pq.read_table(path).drop_columns(FOCUS), path)
    with lib._connect() as con:
        con.execute("UPDATE meta SET value='2' WHERE key='schema_version'")
    man = json.loads((lib.root / "manifest.json").read_text())
    man["schema_version"] = 2
    (lib.root / "manifest.json").write_text(json.dumps(man))


def test_sources_carry_the_focus_and_an_older_library_is_migrated(
        tmp_path: Path, pages: tuple[Path, Path]) -> None:
    cover, tesla = pages
    lib = Library.open(tmp_path / "lib")
    lib.ingest_paths([cover], workers=1)
    src = lib.sources().set_index("source")
    assert tuple(src.loc["R1.htm", FOCUS]) == ("2025", "Q2")
    assert periods.focus_from_sources(lib.sources())["R1.htm"].entity == "Apple Inc."

    _to_schema_2(lib)
    migrated = Library.open(lib.root)
    assert migrated._manifest()["schema_version"] == SCHEMA_VERSION == 3
    old = migrated.sources().set_index("source")
    assert tuple(old.loc["R1.htm", FOCUS]) == ("", "")  # blank until it is read again
    migrated.ingest_paths([tesla], workers=1)  # a new file beside the migrated ones
    both = migrated.sources().set_index("source")
    assert tuple(both.loc[tesla.name, FOCUS]) == ("2024", "Q2")
    assert tuple(both.loc["R1.htm", FOCUS]) == ("", "")
    assert set(migrated.facts()["source"]) == {tesla.name}
    # the older extractor's files are read again by `refresh` (the app does it on start):
    # the cover page's focus is then there too
    with migrated._connect() as con:
        con.execute("UPDATE units SET extractor_version='0+old' WHERE name=?", [cover.name])
    assert migrated.stale() == 1
    migrated.refresh(workers=1)
    again = migrated.sources().set_index("source")
    assert tuple(again.loc["R1.htm", FOCUS]) == ("2025", "Q2")
    assert tuple(again.loc[tesla.name, FOCUS]) == ("2024", "Q2")
