"""The app opens on the filing library: first start ingests the samples, uploads are kept
(unless the session is a scratch one), and the library outlives the session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.library import Library
from tests.ui.apptest import presentation_specs

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
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


class _Calls:
    """Counts the calls of some methods (wrapping them), to see what a script run re-reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, targets: dict[str, tuple[object, str]]
                 ) -> None:
        self.n = dict.fromkeys(targets, 0)
        for label, (owner, name) in targets.items():
            orig = getattr(owner, name)

            def wrapped(*a: object, _orig=orig, _label=label, **kw: object) -> object:
                self.n[_label] += 1
                return _orig(*a, **kw)

            monkeypatch.setattr(owner, name, wrapped)

    def reset(self) -> None:
        self.n = dict.fromkeys(self.n, 0)


def _counting(monkeypatch: pytest.MonkeyPatch) -> _Calls:
    from dashboard.analysis import overview as ov
    from dashboard.facts import identity
    from dashboard.library import core

    return _Calls(monkeypatch, {
        "open": (core.Library, "open"), "catalog": (core.Library, "_connect"),
        "facts": (core.Library, "facts"), "sources": (core.Library, "sources"),
        "recognise": (identity, "recognise"), "filer_table": (ov, "filer_table"),
        "headline": (ov, "delinquency_headline")})


def _overview_filers(at: AppTest) -> list[str]:
    """The Overview picker's filers (its options read 'name · years · charts')."""
    return [str(o).split(" · ", 1)[0] for o in at.selectbox(key="ov_filer").options]


def test_a_rerun_with_nothing_changed_reads_nothing_again(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    # the samples name their filers (manifest), so no fragment is left to recognise
    assert calls.n["facts"] >= 1 and calls.n["recognise"] == 0 and calls.n["headline"] == 1
    assert len(at.get("plotly_chart")) >= 2
    calls.reset()
    at.run()
    assert not at.exception
    # no catalog connection, no Parquet scan, no recognition, no metric: all cached by stamp
    assert calls.n == dict.fromkeys(calls.n, 0), calls.n
    assert len(at.get("plotly_chart")) >= 2
    # a second session on the same library shares what the first computed
    other = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not other.exception
    assert calls.n == dict.fromkeys(calls.n, 0), calls.n


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_the_overview_reads_one_filers_facts_not_the_library(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.library import core

    asked: list[object] = []
    orig = core.Library.facts

    def facts(self: core.Library, filers: list[str] | None = None, *a: object, **kw: object):
        asked.append(None if filers is None else tuple(filers))
        return orig(self, filers, *a, **kw)

    monkeypatch.setattr(core.Library, "facts", facts)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 3
    shown = at.selectbox(key="ov_filer").value
    # only the partitions of the filer shown, never every fact of the library
    first = list(asked)
    assert first and None not in first, first
    lib = Library.open()
    read = set().union(*first)
    assert read <= set(lib.filers()["entity"]) | {""}
    assert read != set(lib.filers()["entity"]), "read every partition"
    # and the sidebar offers every filer of the library all the same
    assert set(at.multiselect(key="f_filer").options) >= {shown, "Full Truck Alliance Co. Ltd."}
    # another page still reads everything it needs
    at.switch_page("views/facts.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert None in asked[len(first):]


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_a_chart_page_reads_only_the_filers_chosen(home: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from dashboard.analysis.tables import allowance_table
    from dashboard.charts.allowance import allowance_chart
    from dashboard.library import core
    from dashboard.ui import loaded

    at = AppTest.from_file(str(APP), default_timeout=60).run()
    asked: list[object] = []
    orig = core.Library.facts

    def facts(self: core.Library, filers: list[str] | None = None, *a: object, **kw: object):
        asked.append(None if filers is None else tuple(filers))
        return orig(self, filers, *a, **kw)

    monkeypatch.setattr(core.Library, "facts", facts)
    two = ["Full Truck Alliance Co. Ltd.", "Qudian Inc."]
    at.multiselect(key="f_filer").set_value(two).run()
    for page in ("views/delinquency.py", "views/allowance.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        assert len(at.get("plotly_chart")) == 1
    assert asked and None not in asked, asked
    # what the page drew is what the whole library's facts of those filers give
    whole, _ = loaded.everything([])
    mine = whole.facts[whole.facts["entity"].isin(two)]
    want = allowance_chart(mine, sources=loaded.sources_for(
        loaded.with_notes(whole), mine), table=allowance_table(mine))
    got = at.get("plotly_chart")[0].proto.spec
    assert pd.io.json.ujson_loads(got)["data"] == pd.io.json.ujson_loads(want.to_json())["data"]
    # a filer with no guarantee exposure is told who has one, from the whole library
    at.multiselect(key="f_filer").set_value(["Full Truck Alliance Co. Ltd."]).run()
    at.switch_page("views/guarantee.py").run()
    assert not at.exception
    assert any("Qudian Inc." in i.value for i in at.info), [i.value for i in at.info]


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_an_ingest_or_a_new_label_refreshes_what_is_shown(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    calls = _counting(monkeypatch)
    before = _overview_filers(at)
    # another process (the CLI, a second server) ingests a filing: the library's version moves
    lib = Library.open()
    page = (ROOT / "data" / "fta_20f_fy2022_loan_aging_details.htm").read_bytes()
    named = page.replace(b"<body>", b"<body><!-- Acme Lending copy -->", 1)
    lib.ingest_bytes([("acme_aging.htm", named)], workers=1)
    sha = next(iter(lib.units().query("name == 'acme_aging.htm'")["sha256"]))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls.n["facts"] >= 1  # read again, once
    sources = at.sidebar.caption[-1].value
    # the bundled samples the manifest lists, and the one ingested now
    samples = len(json.loads((ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))["samples"])
    assert sources.startswith(f"{samples + 1} sources"), sources
    # an analyst's filer name, kept in the catalog only (the version does not move): shown too
    lib.labels.set_filer(sha, "Acme Lending Ltd")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    after = _overview_filers(at)
    assert "Acme Lending Ltd" in after and "Acme Lending Ltd" not in before


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_the_server_warm_up_is_what_a_first_session_reads(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`warm.warm` (run by `python -m dashboard.ui.launch` as the server starts) computes the
    landing page's data and charts into the caches the first session then reads."""
    from dashboard.ui import warm

    warm.warm()
    calls = _counting(monkeypatch)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) >= 2
    assert calls.n == dict.fromkeys(calls.n, 0), calls.n
    # then the rest (what the server warms next): a page over every filer reads nothing anew
    assert warm.warm_rest()  # the samples: a small library, warmed whole
    warm.warm_later(quiet=0.0)  # then the other chart pages (the server: once it is quiet)
    calls.reset()
    # ... every chart page's default view included: no chart is drawn anew, no table computed
    from dashboard.ui import page_data

    drawn: list[str] = []
    for name in ("delinquency_chart", "allowance_chart", "guarantee_chart"):
        chart = getattr(page_data, name)
        monkeypatch.setattr(page_data, name, lambda *a, _c=chart, _n=name, **k:
                            drawn.append(_n) or _c(*a, **k))
    for name in ("allowance_table", "guarantee_table"):
        table = getattr(page_data.m, name)
        monkeypatch.setattr(page_data.m, name, lambda *a, _t=table, _n=name, **k:
                            drawn.append(_n) or _t(*a, **k))
    ratios = page_data.credit_ratios
    monkeypatch.setattr(page_data, "credit_ratios",
                        lambda *a, **k: drawn.append("ratios") or ratios(*a, **k))
    for page in ("delinquency", "allowance", "guarantee", "presentation", "peers"):
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert len(at.get("plotly_chart")) == 1, page
        if page == "presentation":  # every tab's chart, each read from the warm-up's cache
            assert len(presentation_specs(at)) >= 3
        assert calls.n["facts"] == calls.n["sources"] == calls.n["recognise"] == 0, calls.n
    assert drawn == []


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_the_directory_names_and_counts_as_the_whole_library_does(home: Path) -> None:
    """The first screen's shortcut (the library's directory, one filer's partitions) shows what
    reading every fact would: the same filers, facets, filer table and, per filer, the same
    facts, charts, headlines and footnotes, a recognised fragment included."""
    import pandas as pd

    from dashboard.ui import loaded, panels, store

    AppTest.from_file(str(APP), default_timeout=60).run()  # the first start's ingest
    lib = Library.open()
    page = (ROOT / "data" / "fta_20f_fy2022_loan_aging_details.htm").read_bytes()
    lib.ingest_bytes([("unnamed_aging_copy.htm", page.replace(b"<body>", b"<body><!-- c -->", 1))],
                     workers=1)
    d = loaded.directory_cached(store.stamp())
    whole, recs = loaded.everything([])
    assert [r.source for r in recs] == [r.source for r in d.recognitions]
    assert [r.filer for r in d.recognitions] == ["Full Truck Alliance Co. Ltd."]
    assert d.facets == loaded.facets_loaded(whole)
    assert (d.n_sources, d.n_facts) == (len(whole.sources), len(whole.facts))
    table, labels = panels.directory_filers(d.key, d)
    full_table, full_labels = panels._filers(whole)
    pd.testing.assert_frame_equal(table, full_table, check_dtype=False, check_column_type=False)
    assert labels == full_labels and len(table) >= 3
    for entity in table["entity"]:
        one = loaded.filer_of(d, entity)
        pd.testing.assert_frame_equal(
            one.facts.reset_index(drop=True),
            whole.facts[whole.facts["entity"] == entity].reset_index(drop=True),
            check_dtype=False)
        a = panels.overview(one, entity)
        b = panels.overview(whole, entity)
        assert [p.figure.to_json() for p in a[0]] == [p.figure.to_json() for p in b[0]]
        assert [(p.headline, p.footnote) for p in a[0]] == [(p.headline, p.footnote) for p in b[0]]
        assert a[1:] == b[1:]
