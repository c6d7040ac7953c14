"""The Overview's panels computed and drawn one by one (dashboard/ui/panels.py), on a library
seeded with the bundled samples (data/): the first panel is on screen before the others are
computed, by the page and by the server's warm-up alike, and the page shows what it showed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.analysis import overview as ov
from dashboard.ui import panels
from tests.ui.apptest import headlines

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "ui" / "app.py"
QUDIAN = "Qudian Inc."

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module", autouse=True)
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One library for the module, filled by the app's first start with the bundled samples."""
    home = tmp_path_factory.mktemp("panels") / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDIT_NOTES_HOME", str(home))
        AppTest.from_file(str(APP), default_timeout=120).run()
        yield home


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    """Nothing computed before the test (the panels are cached per library stamp)."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _overview(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _fail(*_: object, **__: object) -> None:
    raise RuntimeError("the rollforward's chart failed")


def test_the_first_panel_is_drawn_before_the_others_are_computed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(panels, "allowance_chart", _fail)
    at = _overview(filer=QUDIAN)
    assert len(at.exception) == 1  # the message is redacted: the failure is the one set up
    (spec,) = _specs(at)  # the aging panel, drawn before the rollforward's was computed
    assert spec["layout"]["title"]["text"].startswith("Loans past due by bucket")
    assert headlines(at) == {"90+ days past due, % of loans": (
        "3.45%", "green ↓ −1.87 pt on 2020-12-31")}


def test_the_warm_up_computes_the_panels_in_drawing_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's warm-up builds the aging chart before it reads the rollforward, so a first
    visitor who asks meanwhile waits for the first panel only."""
    from dashboard import analysis
    from dashboard.ui import warm

    done: list[str] = []
    for owner, name in ((panels, "delinquency_chart"), (panels, "allowance_chart"),
                        (panels, "guarantee_chart"), (analysis, "allowance_table"),
                        (analysis, "guarantee_table")):
        fn = getattr(owner, name)
        monkeypatch.setattr(owner, name,
                            lambda *a, _fn=fn, _n=name, **k: done.append(_n) or _fn(*a, **k))
    warm.warm()
    assert done == ["delinquency_chart", "allowance_table", "allowance_chart",
                    "guarantee_table", "guarantee_chart"]


def test_a_panel_without_a_headline_leaves_the_page_to_the_others(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Planned from the figures, the rollforward's panel finds no headline: the page lays out
    the two others side by side (each year labelled, as on half the page) and says what would
    fill the third."""
    monkeypatch.setattr(ov, "allowance_headline", lambda *a, **k: None)
    at = _overview(filer=QUDIAN)
    assert not at.exception, [e.value for e in at.exception]
    specs = _specs(at)
    assert [s["layout"]["title"]["text"].split("<")[0].strip() for s in specs] == [
        "Loans past due by bucket", "Maximum guarantee exposure"]
    assert all(s["layout"]["xaxis"].get("tickmode") != "array" for s in specs)
    assert list(headlines(at)) == [
        "90+ days past due, % of loans", "Maximum guarantee exposure, RMB millions"]
    assert any(c.value.startswith("**Provision vs write-off:** no allowance rollforward")
               for c in at.caption)


def test_three_panels_side_by_side_as_before() -> None:
    at = _overview()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="ov_filer").value == QUDIAN
    specs = _specs(at)
    assert len(specs) == 3
    # a third of the page: the year ends are labelled by their year
    assert all(s["layout"]["xaxis"].get("tickmode") == "array" for s in specs[:1])
    assert [(k, v[0]) for k, v in headlines(at).items()][1:] == [
        ("Provision for 2021, RMB millions", "-195.2"),
        ("Maximum guarantee exposure, RMB millions", "37")]
    assert any(c.value.startswith("Figures as the filer reported them, in ")
               for c in at.caption)
