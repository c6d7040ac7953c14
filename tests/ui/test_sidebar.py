"""The sidebar's filters: read before the page, drawn after it (dashboard/ui/sidebar.py), on
a library seeded with the bundled samples (data/). The page's elements reach the browser
first; the widgets, their order, the URL they mirror and what a change does stay as they
were."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit.testing.v1.local_script_runner as lsr
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

from tests.ui.apptest import ROOT, seeded_home
from tests.ui.apptest import ok as _ok
from tests.ui.apptest import page as _page

VIEWS = ROOT / "dashboard" / "ui" / "views"
FTA, QUDIAN, QIFU = "Full Truck Alliance Co. Ltd.", "Qudian Inc.", "Qifu Technology, Inc."
SIDEBAR = ["**Filters**", "Filer", "Years", "Currency", "Segment", "Frequency"]

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module", autouse=True)
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One library for the module, filled by the app's first start with the bundled samples."""
    yield from seeded_home(tmp_path_factory, "sidebar")


def _sidebar(at: AppTest) -> list[str]:
    """The sidebar's elements in order: a widget by its label, text by its value."""
    out = []
    for node in at.sidebar:
        text = getattr(node, "label", None) or getattr(node, "value", None)
        if isinstance(text, str) and getattr(node, "type", "") != "flex_container":
            out.append(text)
    return out


def _qp(at: AppTest, key: str) -> list[str]:
    v = at.query_params.get(key, [])
    return [v] if isinstance(v, str) else list(v)


def _chart(at: AppTest) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def _deltas(monkeypatch: pytest.MonkeyPatch) -> list[list[ForwardMsg]]:
    """Each run's messages as the test runner received them, in the order sent."""
    runs: list[list[ForwardMsg]] = []
    parse = lsr.parse_tree_from_messages

    def keep(msgs: list[ForwardMsg]):  # noqa: ANN202 - Streamlit's own tree type
        runs.append(list(msgs))
        return parse(msgs)

    monkeypatch.setattr(lsr, "parse_tree_from_messages", keep)
    return runs


def _element(msg: ForwardMsg) -> str:
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return ""
    return str(msg.delta.new_element.WhichOneof("type"))


def _block(msg: ForwardMsg) -> str:
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "add_block":
        return ""
    return str(msg.delta.add_block.WhichOneof("type"))


@pytest.mark.parametrize("page", [None, "delinquency"])
def test_the_filters_widgets_wait_in_a_popover_after_the_pages_chart(
        page: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser loads a widget kind's code when it first shows one, before what comes
    after it: the page's first chart is sent first, then the sidebar, whose five widgets sit
    in a popover (shown only when opened), in their usual order; above the counts, one line
    per filter says what it is set to."""
    runs = _deltas(monkeypatch)
    at = _page(page)
    msgs = runs[-1]
    where = [(list(m.metadata.delta_path), _element(m)) for m in msgs if _element(m)]
    first_chart = next(i for i, (path, kind) in enumerate(where)
                       if path[0] == 0 and kind == "plotly_chart")
    widgets = [(i, path) for i, (path, kind) in enumerate(where)
               if path[0] == 1 and kind in ("multiselect", "slider", "selectbox", "radio")]
    assert len(widgets) == 5 and min(i for i, _ in widgets) > first_chart, where
    (popover,) = [list(m.metadata.delta_path) for m in msgs
                  if _block(m) == "popover" and m.metadata.delta_path[0] == 1]
    assert all(path[:len(popover)] == popover for _, path in widgets), (popover, widgets)
    side = _sidebar(at)
    assert side[:len(SIDEBAR)] == SIDEBAR
    assert side[len(SIDEBAR)].split("  \n") == [
        "Filer: all filers", "Years: all (2017–2023)", "Currency: all", "Segment: all",
        "Frequency: Annual"]
    assert re.fullmatch(r"16 sources · \d+ facts · 3 filers", side[len(SIDEBAR) + 1])


def test_a_shared_url_opens_the_same_view_with_its_widgets_set() -> None:
    at = _page("delinquency", filer=QUDIAN, years="2019-2020", currency="CNY")
    assert _sidebar(at)[len(SIDEBAR)].split("  \n")[:3] == [
        f"Filer: {QUDIAN}", "Years: 2019–2020", "Currency: RMB"]
    assert at.multiselect(key="f_filer").value == [QUDIAN]
    assert tuple(at.slider(key="f_years").value) == (2019, 2020)
    assert at.selectbox(key="f_currency").value == "CNY"
    spec = _chart(at)
    assert QUDIAN in spec["layout"]["title"]["text"]
    dates = {str(x)[:4] for t in spec["data"] for x in (t.get("x") or [])}
    assert dates == {"2019", "2020"}, dates
    assert _qp(at, "filer") == [QUDIAN]
    assert _qp(at, "years") == ["2019-2020"] and _qp(at, "currency") == ["CNY"]


def test_a_widget_changes_the_page_and_the_url() -> None:
    at = _page("delinquency", filer=QUDIAN)
    assert QUDIAN in _chart(at)["layout"]["title"]["text"]
    _ok(at.multiselect(key="f_filer").unselect(QUDIAN).select(FTA).run())
    title = _chart(at)["layout"]["title"]["text"]
    assert FTA in title and QUDIAN not in title
    assert _qp(at, "filer") == [FTA]
    _ok(at.selectbox(key="f_currency").select("CNY").run())
    assert _qp(at, "currency") == ["CNY"]


def test_the_overview_picker_sets_the_sidebars_filer() -> None:
    """The picker's callback (run before the script) writes the filer the sidebar reads."""
    at = _page(None)
    assert at.selectbox(key="ov_filer").value == QUDIAN
    _ok(at.selectbox(key="ov_filer").select(FTA).run())
    assert at.multiselect(key="f_filer").value == [FTA]
    assert _qp(at, "filer") == [FTA]
    assert at.selectbox(key="ov_filer").value == FTA


def test_a_filer_not_loaded_is_named_in_the_sidebar() -> None:
    at = _page(None, filer="Nobody Holdings")
    assert "Not loaded, so not shown: Nobody Holdings" in _sidebar(at)
    assert at.multiselect(key="f_filer").value == []


def test_a_page_that_ends_early_keeps_its_sidebar_and_its_widgets_state() -> None:
    """Delinquency ends early for a filer without an aging table: the sidebar is still drawn
    (so the analyst can pick another), and a widget the page did not reach keeps its state,
    as after st.stop()."""
    at = _page("delinquency", filer=QUDIAN)
    _ok(at.toggle(key="d_pct").set_value(True).run())
    _ok(at.multiselect(key="f_filer").set_value([QIFU]).run())
    assert "No past-due aging tables for the current filters" in at.info[0].value
    assert not at.get("plotly_chart") and not at.toggle
    assert _sidebar(at)[:len(SIDEBAR)] == SIDEBAR
    _ok(at.multiselect(key="f_filer").set_value([QUDIAN]).run())
    assert at.toggle(key="d_pct").value is True
    assert _chart(at)["layout"]["yaxis"]["title"]["text"] == "% of total loans"


def test_a_pages_own_sidebar_comes_below_the_filters() -> None:
    at = _page("presentation")
    side = _sidebar(at)
    assert side[:len(SIDEBAR)] == SIDEBAR
    assert side[len(SIDEBAR)].startswith("Filer: all filers")
    assert side[len(SIDEBAR) + 1].startswith("16 sources")
    assert len(side) > len(SIDEBAR) + 2  # the exports follow


def test_no_page_calls_st_stop() -> None:
    """After st.stop() nothing more reaches the browser, the sidebar drawn after the page
    included: a page ends with state.stop()."""
    calls = [p.name for p in sorted(VIEWS.glob("*.py")) if "st.stop(" in p.read_text()]
    assert not calls, calls


@pytest.mark.parametrize(("population", "said"), [
    (None, "Main population of each filer"), ("", "The filer's own total"),
    ("Financing service fee receivables", "Financing service fee receivables")])
def test_the_summary_says_the_population_the_pages_read(population: str | None,
                                                        said: str) -> None:
    """The summary is the filters the pages apply, said: a population only where the loaded
    figures offer more than one."""
    from dashboard.ui.filters import Filters, summary
    from dashboard.workspace.view import Facets

    fc = Facets((QUDIAN,), (2019, 2020, 2021), ("CNY",), ("",),
                ("", "Financing service fee receivables"))
    f = Filters([QUDIAN], (2020, 2021), "CNY", "", population, frequency="quarterly")
    assert summary(fc, f) == [("Filer", QUDIAN), ("Years", "2020–2021"), ("Currency", "RMB"),
                              ("Segment", "Whole portfolio"), ("Population", said),
                              ("Frequency", "Quarterly")]
    one = dataclasses.replace(fc, populations=("",))
    assert [k for k, _ in summary(one, f)] == ["Filer", "Years", "Currency", "Segment",
                                               "Frequency"]
