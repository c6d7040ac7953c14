"""The first screen (Overview), honest banners, one currency name, filer recognition."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis import overview
from dashboard.extract.pipeline import extract_bytes, extract_paths
from dashboard.facts import identity
from dashboard.ui.banners import load_banner
from dashboard.workspace import inputs as io
from tests.ui.apptest import headlines, tables

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "ui" / "app.py"
SEEDS = ROOT.parent / "shared" / "seeds"
FTA = "Full Truck Alliance Co. Ltd."
QD = "Qudian Inc."

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _bundled() -> pd.DataFrame:
    """The bundled samples' facts, named as the app names them (from data/manifest.json)."""
    res = extract_paths([str(ROOT / "data")])
    man = io.read_manifest(ROOT / "data")
    f = res.facts.copy()
    f["entity"] = [man.get(s, {}).get("filer", e) for s, e in zip(f["source"], f["entity"],
                                                                  strict=True)]
    return f


def test_overview_is_the_first_screen_with_the_sample_figures() -> None:
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    _ok(at)
    assert at.title[0].value == "Overview"
    # the filer whose three charts all have figures opens first (data/README.md: Qudian)
    assert at.selectbox(key="ov_filer").value == QD
    metrics = headlines(at)
    # 2021 (FY2022 R67): 90+ = 27,904,847 + 29,486,766 + 33,625,049 = 91,016,662 of
    # 2,639,004,889 = 3.45%; 2020 (FY2021 R10): 68,498,711 + 83,947,214 + 102,439,323 =
    # 254,885,248 of 4,789,696,238 = 5.32%; 3.449 - 5.322 = -1.87 pt
    assert metrics["90+ days past due, % of loans"] == ("3.45%", "green ↓ −1.87 pt on 2020-12-31")
    # 2021 is a release of RMB 195,177,565 after an addition of 1,434,446,417 in 2020: from a
    # charge to a release the change is said in the headline's unit (-195.18 - 1,434.45 =
    # -1,629.6 million), not as a percentage; in RMB, not the filing's US$ translation; a fall
    # in provisions, delinquency or exposure is good news (green), a rise bad (red)
    assert metrics["Provision for 2021, RMB millions"] == (
        "-195.2", "green ↓ −1,629.6 on 2020, RMB 1.4 billion then")
    # 2021: 37 + nil; 2020: 221 + 53 (RMB millions) -> 37 / 274 - 1 = -86.5%
    assert metrics["Maximum guarantee exposure, RMB millions"] == ("37", "green ↓ −86.5% on 2020-12-31")
    specs = _charts(at)
    assert len(specs) == 3
    traces = {t.get("name"): t for s in specs for t in s["data"]}
    # every date a 31 December: the axis names the year (the notes say the day)
    assert traces["1-30 days"]["x"] == ["2018", "2019", "2020", "2021"]
    assert traces["151-180 days"]["y"] == pytest.approx([95.386834, 217.974964, 102.439323, 33.625049])
    assert traces["Provision"]["x"] == ["FY2017", "FY2018", "FY2019", "FY2020", "FY2021"]
    assert traces["Provision"]["y"] == pytest.approx([605.163716, 1143.414087, 2159.235919,
                                                      1434.446417, -195.177565])
    assert traces["Ending allowance"]["y"][-1] == pytest.approx(267.039108)
    bars = [t for s in specs for t in s["data"] if "guarantee liabilities" in str(t.get("name"))]
    assert bars[0]["x"] == ["2017", "2018", "2019", "2020", "2021"]
    assert bars[0]["y"] == pytest.approx([2082, 10703, 2223, 221, 37])
    captions = " ".join(c.value for c in at.caption)
    assert "qudian_20f_fy2019_loan_aging_details.htm" in captions
    assert "RMB units, as stated" in captions
    assert "no guarantee exposure loaded" not in captions

    # the picker drives the URL; Full Truck Alliance's five years of provisions
    at.selectbox(key="ov_filer").select(FTA).run()
    _ok(at)
    assert at.query_params["filer"] in (FTA, [FTA])
    metrics = headlines(at)
    # FTA FY2023 R15: 81,659 / 3,675,492 = 2.22%; 2022: 60,353 / 2,750,808 = 2.19%
    assert metrics["90+ days past due, % of loans"] == ("2.22%", "red ↑ +0.03 pt on 2022-12-31")
    # provision 2023 234,599 vs 2022 194,272 (RMB thousands): +20.8%
    assert metrics["Provision for 2023, RMB millions"] == ("234.6", "red ↑ +20.8% on 2022")
    specs = _charts(at)
    assert len(specs) == 2
    prov = next(t for s in specs for t in s["data"] if t.get("name") == "Provision")
    assert prov["x"] == ["FY2019", "FY2020", "FY2021", "FY2022", "FY2023"]
    assert prov["y"] == pytest.approx([127.790, 94.160, 97.658, 194.272, 234.599])
    over90 = next(t for s in specs for t in s["data"] if t.get("name") == "Over 90 days")
    assert over90["y"] == pytest.approx([60.353, 81.659])
    captions = " ".join(c.value for c in at.caption)
    assert "Note 6, Loans receivable, net: aging of loans" in captions
    assert "RMB thousands, as stated" in captions
    # the chart with nothing to show says what would fill it, in one line
    assert "Guarantee exposure:** no guarantee exposure loaded for this filer" in captions


def test_headlines_follow_the_tables() -> None:
    f = _bundled()
    h = overview.delinquency_headline(f[f["entity"] == FTA])
    assert h is not None and h.number == pytest.approx(81_659 / 3_675_492)
    a = overview.allowance_headline(f[f["entity"] == FTA])
    assert a is not None and a.number == pytest.approx(234_599_000)
    assert "provision / net write-offs 1.29×" in a.detail
    assert overview.guarantee_headline(f[f["entity"] == FTA]) is None
    # FTA has two of the three charts; Qudian all three (data/README.md)
    assert overview.default_filer(f) == QD
    assert overview.default_filer(f.iloc[0:0]) is None


@pytest.mark.parametrize(("delta", "colour", "tone"), [
    ("+0.03 pt on 2022-12-31", "inverse", ("↑", "bad")),
    ("−1.87 pt on 2020-12-31", "inverse", ("↓", "good")),
    ("-86.5% on 2020-12-31", "inverse", ("↓", "good")),
    ("+20.8% on 2022", "normal", ("↑", "good")),
    ("−3.1% on 2022", "normal", ("↓", "bad")),
    ("+1.2% on 2022", "off", ("↑", "neutral")),
    ("", "inverse", ("", "neutral")),
    ("+0.00 pt on 2022-12-31", "inverse", ("", "neutral")),
    ("−0.0% on 2022", "normal", ("", "neutral")),
    ("+0.03 pt on 2022-12-31", "off", ("↑", "neutral")),
])
def test_a_headlines_change_reads_as_good_or_bad_news(delta: str, colour: str,
                                                      tone: tuple[str, str]) -> None:
    h = overview.Headline(label="x", value="1", delta=delta, as_of="", detail="", number=1.0,
                          delta_color=colour)
    assert overview.change_tone(h) == tone


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_one_currency_name_on_every_page() -> None:
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    for page in ("overview", "sources", "delinquency", "allowance", "guarantee", "facts",
                 "presentation"):
        at.switch_page(f"views/{page}.py").run()
        _ok(at)
        texts = [e.value for kind in ("markdown", "caption", "info", "warning", "metric")
                 for e in at.get(kind) if isinstance(getattr(e, "value", None), str)]
        texts += [m.label for m in at.metric]
        for v in tables(at):
            v = v.data if hasattr(v, "data") else v
            texts += [str(c) for c in v.columns]
            texts += [str(x) for c in v.columns
                      if not pd.api.types.is_numeric_dtype(v[c]) for x in v[c]]
        for spec in _charts(at):
            texts.append(json.dumps(spec["layout"]))
        joined = " ".join(texts)
        assert "CNY" not in joined, page
        assert page == "sources" or "RMB" in joined, page


def test_an_all_junk_upload_shows_no_success_banner() -> None:
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    at.switch_page("views/sources.py").run()
    at.file_uploader(key="uploader").set_value(
        [("junk1.bin", b"\x00\x01\x02\x03binary", "application/octet-stream"),
         ("junk2.htm", b"\x00\xff\xfe not html", "text/html")]).run()
    _ok(at)
    assert not at.success, [s.value for s in at.success]
    said = " ".join(e.value for e in [*at.error, *at.warning])
    assert "0 of 2 files read" in said or "2 of 2 files read" not in said


def test_banner_counts_read_and_unread() -> None:
    src = pd.DataFrame({"source": ["a.htm", "b.txt", "c.zip#x.htm", "c.zip#y.htm"],
                        "status": ["ok", "error", "ok", "error"],
                        "message": ["", "not a filing: binary", "", "bad part"],
                        "facts": [12, 0, 3, 0]})
    kind, msg = load_banner(["a.htm", "b.txt"], src)
    assert kind == "warning" and msg.startswith("1 of 2 files read") and "b.txt: not a filing" in msg
    kind, msg = load_banner(["b.txt"], src)
    assert kind == "error" and msg.startswith("0 of 1 file read")
    kind, msg = load_banner(["a.htm", "c.zip"], src)
    assert kind == "success" and msg.startswith("2 of 2 files read, 15 figures")


def test_a_fragment_with_a_known_filers_figures_joins_that_filer() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not beside the project ({SEEDS})")
    seed = SEEDS / "002_cb6f4609249da9f4.txt"  # FTA FY2023 R15, names no filer
    frag = extract_bytes([(seed.name, seed.read_bytes())]).facts
    facts = pd.concat([_bundled(), frag], ignore_index=True)
    facts["entity_reported"] = facts["entity"]
    (rec,) = identity.recognise(facts)
    assert rec.source == seed.name and rec.filer == FTA
    assert rec.matched >= 20 and "2023-12-31" in rec.dates
    assert "figures it shares with Full Truck Alliance Co. Ltd." in rec.reason
    joined = identity.apply(facts, [rec])
    assert set(joined.loc[joined["source"] == seed.name, "entity"]) == {FTA}
    assert joined["entity"].nunique() == 3
    # a label from the analyst is never second-guessed
    assert identity.recognise(facts, exclude={seed.name}) == []
    # figures no known filer has: nothing recognised
    other = frag.copy()
    other["value"] = other["value"] + 1
    assert identity.recognise(pd.concat([_bundled(), other], ignore_index=True)
                              .assign(entity_reported=lambda d: d["entity"])) == []


def test_year_end_ticks_stay_readable_on_a_narrow_chart() -> None:
    from itertools import pairwise

    import plotly.graph_objects as go

    from dashboard.ui.panels import _year_end_ticks

    def ticks(years: range) -> list[str]:
        fig = go.Figure(go.Bar(x=[f"{y}-12-31" for y in years], y=[1] * len(years)))
        _year_end_ticks(fig)
        return list(fig.layout.xaxis.ticktext or [])

    assert ticks(range(2018, 2022)) == ["2018", "2019", "2020", "2021"]
    many = ticks(range(2012, 2025))
    assert 3 <= len(many) <= 6 and many[-1] == "2024"
    assert len({int(b) - int(a) for a, b in pairwise(many)}) == 1  # evenly spaced
