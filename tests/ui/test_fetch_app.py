"""The Sources page's "Fetch from EDGAR" section, with AppTest, against the in-process EDGAR on
a fake clock (tests/edgar_fixtures): the app opens its clients through
`into_library.open_client`, which the fixture points at the fake EDGAR."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from edgar_fixtures import FTA_ACC, FTA_CIK, UA, FakeEdgar, edgar_site
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "ui" / "app.py"
pytestmark = pytest.mark.timeout(180)


@pytest.fixture()
def site(tmp_path, monkeypatch):
    edgar = FakeEdgar(edgar_site(with_shared=False))
    edgar.point_env(monkeypatch, tmp_path / "home")
    return edgar


def _wait_for(job) -> None:
    """The fetch runs on the app's own thread: wait (at most a minute) for it to end."""
    deadline = time.monotonic() + 60
    while not job.done and time.monotonic() < deadline:
        time.sleep(0.02)


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_opening_the_app_asks_nothing_of_edgar(site):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("views/sources.py").run()  # the app opens on Overview
    _ok(at)
    assert at.text_input(key="edgar_targets") is not None
    assert site.hits == []


def test_look_up_without_user_agent_is_refused(site):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("views/sources.py").run()  # the app opens on Overview
    at.text_input(key="edgar_targets").set_value("YMM").run()
    at.button(key="edgar_lookup").click().run()
    _ok(at)
    assert any("No User-Agent" in e.value for e in at.error)
    assert site.hits == []


def _look_up(target: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("views/sources.py").run()  # the app opens on Overview
    at.text_input(key="edgar_targets").set_value(target).run()
    at.multiselect(key="edgar_forms").set_value(["20-F"]).run()
    at.number_input(key="edgar_since").set_value(2023).run()
    at.text_input(key="edgar_ua").set_value(UA).run()
    at.button(key="edgar_lookup").click().run()
    _ok(at)
    return at


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_look_up_pick_fetch(site):
    # the app's library starts with the bundled samples, which are the bytes of R62 and R63:
    # served here with a byte more, so that they are new to the library
    site.touch(FTA_CIK, FTA_ACC, "R62.htm", "R63.htm")
    at = _look_up("YMM")
    pages = at.multiselect(key=f"edgar_pages_{FTA_ACC}")
    assert pages.value == ["R1.htm", "R15.htm", "R40.htm", "R62.htm", "R63.htm", "R64.htm"]
    pages.set_value(["R1.htm", "R62.htm", "R63.htm"]).run()  # the analyst drops three pages
    fetch = at.button(key="edgar_fetch")
    assert fetch.label == "Fetch 3 page(s)"
    fetch.click().run()
    job = at.session_state["edgar_job"]
    _wait_for(job)
    assert job.done and not job.error
    at.run()  # the page sees the fetch ended, collects it, and reruns
    _ok(at)
    fetched = [p for p in site.paths() if p.endswith(".htm")]
    assert sorted(p.rsplit("/", 1)[1] for p in fetched) == ["R1.htm", "R62.htm", "R63.htm"]
    assert {h.user_agent for h in site.hits} == {UA}
    assert any("Fetched 3 page(s) from EDGAR into the library" in s.value for s in at.success)
    sources = at.dataframe[0].value
    fetched_rows = sources[sources["Source"].str.startswith(FTA_ACC)]
    assert set(fetched_rows["Source"]) == {f"{FTA_ACC}#R{i}.htm" for i in (1, 62, 63)}
    # the cover page names the filer of the filing's pages, in the library
    assert set(fetched_rows["Filer"]) == {"Full Truck Alliance Co. Ltd."}


def test_cancel_button_stops_the_fetch(site):
    site.touch(FTA_CIK, FTA_ACC, "R62.htm", "R63.htm")  # new bytes to the library (see above)
    at = _look_up("1838413")
    site.gate = threading.Event()  # the pages wait for it: the fetch is still running at Cancel
    at.button(key="edgar_fetch").click().run()
    job = at.session_state["edgar_job"]
    at.button(key="edgar_cancel").click().run()
    site.gate.set()
    _wait_for(job)
    assert job.done and job.outcome.result.cancelled
    at.run()
    _ok(at)
    assert any("Cancelled" in w.value for w in at.warning)
    assert len([p for p in site.paths() if p.endswith(".htm")]) < 6
    # the pages asked for before the cancel were not kept: it came while they were arriving
    assert job.outcome.result.items == []
