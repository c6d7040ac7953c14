"""The app opens on the filing library: first start ingests the samples, uploads are kept
(unless the session is a scratch one), and the library outlives the session."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.library import Library

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "ui" / "app.py"
PAGE = ROOT / "data" / "qfin_20f_fy2022_allowance_details.htm"

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _app() -> AppTest:
    """The app on its Sources page (it opens on Overview)."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("views/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload(at: AppTest, name: str, data: bytes) -> None:
    at.file_uploader(key="uploader").set_value([(name, data, "text/html")]).run()
    assert not at.exception, [e.value for e in at.exception]


def test_first_start_fills_a_fresh_library_with_the_samples(home: Path) -> None:
    at = _app()
    lib = Library.open()
    assert lib.root == home / "library"
    units = lib.units()
    assert len(units) == 16 and set(units["origin"]) == {"bundled"}  # data/manifest.json's 16
    assert set(at.dataframe[0].value["Source"]) == set(units["name"])
    assert len(lib.facts()) > 40


def test_an_upload_goes_into_the_library_and_outlives_the_session(home: Path) -> None:
    at = _app()
    data = PAGE.read_bytes() + b"<!-- FY2022 copy -->"
    _upload(at, "qfin_copy.htm", data)
    # the banner counts what was read, once it has been
    assert "1 of 1 file read" in at.success[0].value and "qfin_copy.htm" in at.success[0].value
    units = Library.open().units()
    assert "qfin_copy.htm" in set(units["name"])
    assert units.set_index("name").loc["qfin_copy.htm", "origin"] == "upload"
    again = _app()  # a new session on the same machine
    assert "qfin_copy.htm" in set(again.dataframe[0].value["Source"])


def test_a_scratch_session_does_not_touch_the_library(home: Path) -> None:
    at = _app()
    before = Library.open().version
    at.checkbox(key="scratch").check().run()
    _upload(at, "scratch_page.htm", PAGE.read_bytes() + b"<!-- scratch -->")
    assert "1 of 1 file read" in at.success[0].value
    assert "scratch_page.htm" in set(at.dataframe[0].value["Source"])
    assert Library.open().version == before
    assert "scratch_page.htm" not in set(Library.open().units()["name"])
