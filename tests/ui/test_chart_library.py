"""Every page starts the browser's chart library loading as its first element
(dashboard/ui/chart_library.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from dashboard.ui import chart_library
from tests.ui.apptest import ok, page, seeded_home

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module", autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from seeded_home(tmp_path_factory, "chart-library")


def test_the_bundle_is_streamlits_own_plotly_chunk() -> None:
    name = chart_library.bundle_name()
    if name is None:
        pytest.skip("this Streamlit build names no single PlotlyChart chunk: nothing is sent")
    js = Path(st.__file__).resolve().parent / "static" / "static" / "js"
    assert (js / name).is_file() and chart_library.CHUNK.fullmatch(name)
    script = chart_library._script(name)
    # imported from beside the frontend's entry module, as the frontend imports it
    assert f'import(new URL("{name}", entry.src)' in script
    assert script.startswith("<script>") and script.endswith("</script>")


@pytest.mark.parametrize("view", [None, "delinquency", "allowance", "peers"])
def test_every_chart_page_sends_the_import_first_and_hides_its_box(view: str | None) -> None:
    name = chart_library.bundle_name()
    if name is None:
        pytest.skip("no chunk to import in this Streamlit build")
    at = ok(page(view))
    nodes = list(at.main)
    scripts = [i for i, n in enumerate(nodes) if getattr(n, "type", "") == "html" and name in n.proto.body]
    assert len(scripts) == 1
    # before the page's title, so before anything the page computes
    title = next(i for i, n in enumerate(nodes) if getattr(n, "type", "") == "title")
    assert scripts[0] < title
    styles = [e.proto.body for e in at.get("html")]
    assert any(f".st-key-{chart_library.KEY} {{display: none}}" in b for b in styles)


@pytest.mark.parametrize("view", ["sources", "facts"])
def test_a_page_without_charts_loads_no_chart_library(view: str) -> None:
    at = ok(page(view))
    assert not [e for e in at.get("html") if "PlotlyChart" in e.proto.body]
