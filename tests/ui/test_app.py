"""The Streamlit app driven page by page with AppTest, and the label store behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.library import Library
from dashboard.library.home import data_dir

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "ui" / "app.py"
SEEDS = ROOT.parent / "shared" / "seeds"
LENDER = "Full Truck Alliance (seeds)"

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _app() -> AppTest:
    """The app opened on its Sources page (it lands on Overview; see test_overview.py)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("views/sources.py").run()
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def _go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}.py").run()
    _ok(at)
    return at


def _seed_files() -> list[tuple[str, bytes, str]]:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not beside the project ({SEEDS})")
    return [(p.name, p.read_bytes(), "text/plain") for p in sorted(SEEDS.iterdir())]


def test_opens_on_the_bundled_samples_with_real_figures() -> None:
    at = _app()
    _ok(at)
    assert at.title[0].value == "Sources"
    table = at.dataframe[0].value
    assert len(table) == 16  # data/manifest.json lists 16 samples (6 of them Qudian's credit notes)
    assert set(table["Filer"]) == {"Full Truck Alliance Co. Ltd.", "Qifu Technology, Inc.",
                                   "Qudian Inc."}
    assert set(table["Form"]) == {"20-F"}
    assert (table["Status"] == "ok").all(), table[["Source", "Status"]]
    found = " ".join(table["Figures found"])
    assert " aging" in found and " guarantee" in found

    _go(at, "delinquency")
    (spec,) = _charts(at)
    assert "Full Truck Alliance Co. Ltd." in _title(spec)
    # two filers with aging since the Qudian samples: the x axis is (filer, date)

    def points(name: str, filer: str) -> tuple[list[str], list[float]]:
        t = next(t for t in spec["data"] if t.get("name") == name)
        pairs = [(x, y) for e, x, y in zip(*t["x"], t["y"], strict=True) if e.startswith(filer)]
        return [x for x, _ in pairs], [y for _, y in pairs]

    # every date a 31 December: the axis names the year (the notes say the day)
    assert points("Over 90 days", "Full Truck") == (["2022", "2023"],
                                                     pytest.approx([60.353, 81.659]))
    assert points("Over 60 days", "Full Truck") == (["2020", "2021"],
                                                     pytest.approx([24.182, 47.386]))
    # Qudian's 151-180 days (data/README.md), RMB millions
    assert points("151-180 days", "Qudian") == (
        ["2018", "2019", "2020", "2021"],
        pytest.approx([95.386834, 217.974964, 102.439323, 33.625049]))

    _go(at, "allowance")
    (spec,) = _charts(at)
    prov = next(t for t in spec["data"] if t.get("name") == "Provision")
    fta_years = [x for e, x in zip(*prov["x"], strict=True) if e.startswith("Full Truck")]
    assert fta_years == ["FY2019", "FY2020", "FY2021", "FY2022", "FY2023"]

    _go(at, "guarantee")
    (spec,) = _charts(at)
    assert "Qudian Inc." in _title(spec)
    # the filing's US$ translation is in the hover, not a note or panel of its own
    hover = str([t.get("customdata") for t in spec["data"]])
    assert "US$ 34,000,000" in hover
    assert spec["layout"]["yaxis"]["title"]["text"] == "RMB millions"


def test_facts_page_has_provenance_checks_and_downloads() -> None:
    at = _go(_app(), "facts")
    facts = at.dataframe[0].value
    assert {"source", "locator", "label", "scale_basis"} <= set(facts.columns)
    # one display name per currency on screen (the ISO code stays in the CSV download)
    assert set(facts["currency"]) <= {"RMB", "US$"}
    usd = facts[(facts["metric"] == "max_exposure") & (facts["currency"] == "US$")]
    row = usd[usd["period_end"] == "2020-12-31"].iloc[0]
    assert row["value"] == 34_000_000 and row["source"].startswith("qudian_")
    assert "US$ 34 million" in row["label"]
    labels = [b.label for b in at.download_button]
    assert "Facts as CSV" in labels and any("Excel" in x for x in labels)
    notes = " ".join(i.value for i in at.info)
    assert at.subheader[0].value == "Checks" or "Checks" in [s.value for s in at.subheader]
    assert len(at.dataframe) >= 2 or "Checks unavailable" in notes or at.caption


def test_search_narrows_the_facts() -> None:
    at = _go(_app(), "facts")
    at.text_input(key="facts_search").input("risk assurance").run()
    _ok(at)
    facts = at.dataframe[0].value
    assert len(facts) > 0 and (facts["segment"] == "risk assurance liabilities").all()


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_filters_live_in_the_url_and_empty_states_explain() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["filer"] = "Qudian Inc."
    at.run()
    _ok(at)
    assert at.multiselect(key="f_filer").value == ["Qudian Inc."]
    _go(at, "delinquency")
    assert len(_charts(at)) == 1  # Qudian's aging, 2018-2021
    _go(at, "guarantee")
    assert len(_charts(at)) == 1
    at.selectbox(key="f_currency").select("CNY").run()
    _ok(at)
    assert at.query_params.get("currency") in ("CNY", ["CNY"])
    assert at.query_params.get("filer") in ("Qudian Inc.", ["Qudian Inc."])
    # Qifu's sample has no aging table: say so, draw nothing
    at.multiselect(key="f_filer").set_value(["Qifu Technology, Inc."]).run()
    _go(at, "delinquency")
    assert not _charts(at)
    assert "No past-due aging tables for the current filters" in at.info[0].value


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_percent_view() -> None:
    at = _go(_app(), "delinquency")
    at.toggle(key="d_pct").set_value(True).run()
    _ok(at)
    (spec,) = _charts(at)
    assert spec["layout"]["yaxis"]["title"]["text"] == "% of total loans"
    assert at.query_params.get("view") in ("pct", ["pct"])


@pytest.mark.slow  # an upload, two labels and a merge through the whole app: 8 s
def test_upload_the_seeds_name_and_merge_the_lender(home: Path) -> None:
    at = _app()
    at.file_uploader(key="uploader").set_value(_seed_files()).run()
    _ok(at)
    table = at.dataframe[0].value
    assert len(table) == 21  # the 16 bundled samples and the 5 seeds
    assert "5 of 5 files read" in at.success[0].value

    # the FTA notes that name no filer carry FTA's figures for the same dates: they join it,
    # and the page says why and offers confirm / undo
    stems = ["002_cb6f4609249da9f4", "004_5fead13f94a9124b"]
    recognised = " ".join(m.value for m in at.markdown if "names no filer" in m.value)
    for stem in stems:
        assert f"{stem}.txt" in recognised
    assert "figures it shares with Full Truck Alliance Co. Ltd." in recognised
    filers = set(table["Filer"])
    assert not set(stems) & filers
    fta_rows = table[table["Source"].isin([f"{x}.txt" for x in stems])]
    assert set(fta_rows["Filer"]) == {"Full Truck Alliance Co. Ltd."}

    # undo one: it is kept apart under its file's name, and stays so (a saved label)
    at.selectbox(key="recog_pick").set_value(1).run()
    at.button(key="recog_undo").click().run()
    _ok(at)
    filers = set(at.dataframe[0].value["Filer"])
    assert stems[1] in filers and stems[0] not in filers
    # confirm the other: saved, so no longer offered
    at.button(key="recog_ok_all").click().run()
    _ok(at)
    assert not [m for m in at.markdown if "names no filer" in m.value]

    # the undone note and FTA merged by hand into one lender
    at.multiselect(key="merge_names").set_value(
        ["Full Truck Alliance Co. Ltd.", stems[1]]).run()
    at.text_input(key="merge_into").input(LENDER).run()
    at.button(key="merge_btn").click().run()
    _ok(at)
    # name the guarantor of the 2023/2024 note, which names none
    at.selectbox(key="label_source").select("001_782b71719b0e53f7.txt").run()
    at.text_input(key="label_name").input("Guarantor (seed 001)").run()
    at.button(key="label_save").click().run()
    _ok(at)
    filers = set(at.dataframe[0].value["Filer"])
    assert LENDER in filers and "Guarantor (seed 001)" in filers
    assert not set(stems) & filers

    at.multiselect(key="f_filer").set_value([LENDER]).run()
    _go(at, "delinquency")
    (spec,) = _charts(at)
    assert LENDER in _title(spec)
    bucket = next(t for t in spec["data"] if t.get("name") == "0-30 days")
    assert bucket["x"] == ["2020", "2021", "2022", "2023"]
    assert bucket["y"] == pytest.approx([16.137, 22.522, 31.206, 39.609])

    _go(at, "allowance")
    (spec,) = _charts(at)
    prov = next(t for t in spec["data"] if t.get("name") == "Provision")
    wo = next(t for t in spec["data"] if t.get("name") == "Write-off")
    assert prov["x"] == ["FY2019", "FY2020", "FY2021", "FY2022", "FY2023"]
    assert prov["y"] == pytest.approx([127.790, 94.160, 97.658, 194.272, 234.599])
    assert wo["y"][2:] == pytest.approx([72.942, 157.030, 182.538])

    at.multiselect(key="f_filer").set_value(["Guarantor (seed 001)"]).run()
    _go(at, "guarantee")
    (spec,) = _charts(at)
    bars = [t for t in spec["data"] if t.get("type") == "bar"]
    assert [b["x"] for b in bars] == [["2023", "2024"]]
    assert bars[0]["y"] == pytest.approx([667.733409, 2572.977752])
    assert spec["layout"]["yaxis"]["title"]["text"] == "RMB millions"
    assert "US$ 352,496,507" in json.dumps(bars[0]["customdata"])

    # the labels outlive the session: a fresh app on the same machine still has them
    from dashboard.library import Library  # labels are kept in the library's catalog

    store = Library.open().labels
    assert store.aliases() == {"Full Truck Alliance Co. Ltd.": LENDER, stems[1]: LENDER}
    again = _app()
    again.file_uploader(key="uploader").set_value(_seed_files()).run()
    _ok(again)
    assert LENDER in set(again.dataframe[0].value["Filer"])


def test_folder_path_loads_and_bad_path_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    folder.mkdir()
    # not byte-identical to the bundled sample: the library keeps one copy of any content
    (folder / "guarantee.txt").write_bytes((ROOT / "data" /
                                           "qudian_20f_fy2020_guarantee_note.txt").read_bytes()
                                          + b"\n")
    at = _app()
    at.text_input(key="folder_path").input(str(tmp_path / "nope")).run()
    at.button(key="load_folder").click().run()
    _ok(at)
    assert "There is no folder" in at.error[0].value
    at.text_input(key="folder_path").input(str(folder)).run()
    at.button(key="load_folder").click().run()
    _ok(at)
    table = at.dataframe[0].value
    assert "guarantee.txt" in set(table["Source"])
    assert " guarantee" in table.loc[table["Source"] == "guarantee.txt", "Figures found"].iloc[0]


def test_an_unreadable_upload_is_a_row_not_a_crash() -> None:
    at = _app()
    at.file_uploader(key="uploader").set_value(
        [("broken.htm", b"\x00\x01\x02binary junk", "text/html")]).run()
    _ok(at)
    table = at.dataframe[0].value
    row = table[table["Source"] == "broken.htm"].iloc[0]
    assert row["Status"].split(":")[0] in ("error", "partial", "ok")
    assert row["Figures found"] == "none"


def test_store_location_and_merges(home: Path) -> None:
    """The analyst's labels and merges live in the library's catalog in the data folder."""
    assert data_dir() == home
    s = Library.open().labels
    assert s.path == home / "library" / s.path.name
    s.set_filer("abc", "  Qudian   Inc. ", source_name="x.txt")
    assert s.filer_for("abc") == "Qudian Inc."
    s.set_filer("abc", "")
    assert s.filer_for("abc") is None
    assert s.merge(["A", "B", "C"], "C") == ["A", "B"]
    s.merge(["C"], "D")
    assert Library.open().labels.aliases() == {"A": "C", "B": "C", "C": "D"}
    s.unmerge("A")
    assert "A" not in s.aliases()
