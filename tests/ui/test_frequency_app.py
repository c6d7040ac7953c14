"""The Provision page in annual and quarterly mode (the sidebar's Frequency, kept in the URL),
on a real 10-Q page with three- and nine-month rollforwards (OneMain, CIK1584207)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.apptest import presentation_specs, tables

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "ui" / "app.py"
PAGE = ROOT.parent / "shared" / "corpus" / "real_lenders" / "text_extracts" / \
    "CIK1584207_10Q_2019Q3_R12.txt"
FILER = "CIK1584207_10Q_2019Q3_R12"

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _provision(at: AppTest) -> tuple[list[str], list[float], str]:
    (el,) = at.get("plotly_chart")
    spec = json.loads(el.proto.spec)
    prov = next(t for t in spec["data"] if t.get("name") == "Provision")
    return list(prov["x"]), list(prov["y"]), spec["layout"]["title"]["text"]


def _with_page() -> AppTest:
    if not PAGE.exists():
        pytest.skip(f"the shared corpus is not beside the project ({PAGE})")
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    at.switch_page("views/sources.py").run()
    at.file_uploader(key="uploader").set_value([(PAGE.name, PAGE.read_bytes(),
                                                 "text/plain")]).run()
    _ok(at)
    at.multiselect(key="f_filer").set_value([FILER]).run()
    at.switch_page("views/allowance.py").run()
    _ok(at)
    return at


def test_provision_page_annual_then_quarterly() -> None:
    at = _with_page()
    # annual: no full year is filed, so each fiscal year shows its nine months, labelled
    x, y, title = _provision(at)
    assert x == ["FY2018 9M", "FY2019 9M"] and y == pytest.approx([770, 836])
    assert "per fiscal year" in title
    assert "frequency" not in at.query_params
    at.radio(key="f_frequency").set_value("quarterly").run()
    _ok(at)
    x, y, title = _provision(at)
    assert x == ["FY2018 Q3", "FY2019 Q3"] and y == pytest.approx([256, 282])
    assert "per fiscal quarter" in title
    assert at.query_params.get("frequency") in ("quarterly", ["quarterly"])
    roll = tables(at)[0]
    roll = roll[roll["Segment"] == "Whole portfolio"]
    assert list(roll["Period"]) == ["FY2018 Q3", "FY2019 Q3"]
    assert set(roll["Months"]) == {"3"} and set(roll["Basis"]) == {"filed"}


def test_frequency_is_read_from_the_url() -> None:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["frequency"] = "quarterly"
    at.run()
    _ok(at)
    assert at.radio(key="f_frequency").value == "quarterly"


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_presentation_follows_the_frequency() -> None:
    """The deck's charts on the Presentation page are the sidebar's frequency, as the
    Provision page's are."""
    at = _with_page()
    at.radio(key="f_frequency").set_value("quarterly").run()
    at.switch_page("views/presentation.py").run()
    _ok(at)
    charts = presentation_specs(at)
    spec = next(s for s in charts if "Provision" in s["layout"]["title"]["text"])
    prov = next(t for t in spec["data"] if t.get("name") == "Provision")
    assert list(prov["x"]) == ["FY2018 Q3", "FY2019 Q3"]
    assert prov["y"] == pytest.approx([256, 282])
    assert "per fiscal quarter" in spec["layout"]["title"]["text"]
    assert any("per fiscal quarter" in c.value for c in at.caption)
