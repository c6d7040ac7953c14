"""Peer groups, the ranking at the latest common period, the peer page (AppTest) and the
committee pack on the bundled samples (real FTA, Qifu and Qudian figures)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis import peers
from dashboard.analysis.ratios import credit_ratios
from dashboard.exports import apply_manifest, read_manifest
from dashboard.extract.pipeline import extract_paths
from dashboard.model.schema import facts_frame
from tests.conftest import CORPUS, DATA, need
from tests.ui.apptest import tables

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "ui" / "app.py"
FTA = "Full Truck Alliance Co. Ltd."
QFIN = "Qifu Technology, Inc."
QD = "Qudian Inc."

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def sample_ratios() -> pd.DataFrame:
    man = read_manifest(DATA)
    res = extract_paths([DATA / name for name in man])
    facts, _ = apply_manifest(res.facts, res.sources, man)
    return credit_ratios(facts)


# ─── groups ─────────────────────────────────────────────────────────────────────────────────

def test_groups_save_reopen_and_delete(tmp_path: Path) -> None:
    store = peers.JsonGroups(tmp_path / "g.json")
    store.save_group("  China   lenders ", [FTA, QFIN, FTA])
    assert store.groups() == {"China lenders": [FTA, QFIN]}
    again = peers.JsonGroups(tmp_path / "g.json")  # another process sees it
    assert again.groups()["China lenders"] == [FTA, QFIN]
    again.delete_group("China lenders")
    assert store.groups() == {}
    with pytest.raises(peers.GroupNameError):
        store.save_group("   ", [FTA])
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert peers.JsonGroups(tmp_path / "bad.json").groups() == {}


def test_groups_live_in_the_filing_library(home: Path) -> None:
    """Groups saved before the library existed (JSON in the user data folder) move into it."""
    from dashboard.library.home import data_dir

    peers.JsonGroups(data_dir() / "peer_groups.json").save_group("old", [FTA])
    store = peers.group_store()
    assert isinstance(store, peers.LibraryGroups)
    assert Path(store.library.root).is_relative_to(home)
    store.save_group(" g ", [QD, QD])
    again = peers.group_store()  # another session of the same library
    assert again.groups() == {"g": [QD], "old": [FTA]}
    again.delete_group("old")
    assert store.groups() == {"g": [QD]}
    with pytest.raises(peers.GroupNameError):
        store.save_group("", [QD])


# ─── ranking ────────────────────────────────────────────────────────────────────────────────

def test_ranking_at_the_latest_common_period(sample_ratios: pd.DataFrame) -> None:
    r = peers.rank_ratio(sample_ratios, "provision_to_nco", [FTA, QFIN, QD])
    # all three lenders report FY2021 (Qudian's samples end there): FTA 97,658 / 72,942;
    # Qifu 965,419 / (475,352 − 37,059); Qudian's is a release (−195,177,565), for which the
    # ratio is not meaningful: listed with the reason, not ranked (the Provision page's rule)
    assert set(r["reference_end"].dropna()) == {date(2021, 12, 31)}
    top = r.iloc[0]
    assert top["entity"] == QFIN and top["rank"] == 1
    assert top["value"] == pytest.approx(965_419 / 438_293)
    assert top["prior_value"] == pytest.approx(698_701 / (636_766 - 8_193))
    assert top["delta"] == pytest.approx(top["value"] - top["prior_value"])
    fta = r[r["entity"] == FTA].iloc[0]
    assert fta["value"] == pytest.approx(97_658 / 72_942) and fta["rank"] == 2
    qd = r[r["entity"] == QD].iloc[0]
    assert pd.isna(qd["rank"]) and pd.isna(qd["value"])
    assert "release" in qd["period_note"] and "not meaningful" in qd["period_note"]
    assert list(r["entity"]) == [QFIN, FTA, QD]
    # 2020 is still Qudian's series: additions 1,434,446,417 / charge-offs 2,127,088,049 (the
    # rollforward ties with its ASC 326 adjustment of 13,023,667, so the charge-offs are net)
    line = peers.series(sample_ratios, [QD])
    pn = line[line["ratio"] == "provision_to_nco"].set_index("period_end")["value"]
    assert pn[date(2020, 12, 31)] == pytest.approx(1_434_446_417 / 2_127_088_049)
    assert date(2021, 12, 31) not in pn.index


def test_periods_that_do_not_match_are_named() -> None:
    """Arithmetic only: a June year end compared with December year ends."""
    def rows(ent: str, end: str, over90: float) -> list[dict]:
        return [{"entity": ent, "source": f"{ent}.htm", "disclosure": "delinquency",
                 "metric": "past_due", "days_from": 91, "value": over90, "currency": "USD",
                 "scale": 1, "scale_basis": "stated", "period_end": date.fromisoformat(end)},
                {"entity": ent, "source": f"{ent}.htm", "disclosure": "delinquency",
                 "metric": "total_loans", "value": 1000.0, "currency": "USD", "scale": 1,
                 "scale_basis": "stated", "period_end": date.fromisoformat(end)}]
    f = facts_frame(rows("A", "2024-12-31", 10) + rows("B", "2024-12-31", 20)
                    + rows("C", "2024-06-30", 30) + rows("C", "2023-06-30", 40))
    r = credit_ratios(f)
    t = peers.rank_ratio(r, "npl90_to_loans", ["A", "B", "C"])
    c = t[t["entity"] == "C"].iloc[0]
    assert c["period_end"] == date(2024, 6, 30) and not c["aligned"]
    assert "not 2024-12-31" in c["period_note"]
    assert c["delta"] == pytest.approx(0.03 - 0.04)
    assert list(t["entity"]) == ["A", "B", "C"]  # lower past due ranks first
    notes = " ".join(peers.calendar_notes(r, ["A", "B", "C"]))
    assert "different dates" in notes and "C: 30 June" in notes


def test_amounts_across_currencies_only_in_us_dollars(sample_ratios: pd.DataFrame) -> None:
    tsla = {"entity": "Tesla, Inc.", "source": "tsla.htm", "disclosure": "guarantee",
            "metric": "max_exposure", "value": 1.45e9, "currency": "USD", "scale": 10**9,
            "scale_basis": "stated", "period_end": date(2024, 12, 31)}
    both = pd.concat([sample_ratios, credit_ratios(facts_frame([tsla]))], ignore_index=True)
    lines = peers.series(both, [QD, "Tesla, Inc."])
    g = lines[lines["ratio"] == "max_exposure"]
    assert set(g["currency"]) == {"USD"}
    qd = g[g["entity"] == QD].set_index("period_end")
    # Qudian's RMB 274m at 2020-12-31 appears as the filing's own US$ 42m (34 + 8), not as RMB;
    # 2018 and 2021 likewise (US$ 1,557m, US$ 6m)
    assert qd.loc[date(2020, 12, 31), "value"] == 42_000_000.0
    assert qd.loc[date(2018, 12, 31), "value"] == 1_557_000_000.0
    assert qd.loc[date(2021, 12, 31), "value"] == 6_000_000.0
    # 2017's RMB 2,082m has no translation of its own: converted at the FY2018 filing's rate
    # (10,703 / 1,557), and labelled so
    assert qd.loc[date(2017, 12, 31), "value"] == pytest.approx(2_082e6 / (10_703 / 1_557))
    assert "convenience-translation rate" in qd.loc[date(2017, 12, 31), "usd_basis"]


# ─── the page ───────────────────────────────────────────────────────────────────────────────

def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.slow  # three sessions of the Peers page: 7 s
def test_peer_page_saves_a_group_and_reopens_it_from_the_url() -> None:
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    _ok(at)
    at.switch_page("views/peers.py").run()
    _ok(at)
    assert at.title[0].value == "Peers"
    at.multiselect(key="p_filers").set_value([FTA, QFIN]).run()
    at.selectbox(key="p_highlight").set_value(FTA).run()
    _ok(at)
    charts = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert charts, "no small multiples drawn"
    # a panel title wraps onto short lines so neighbours never run together
    panel_titles = {a["text"].replace("<br>", " ") for a in charts[0]["layout"]["annotations"]}
    assert "Provision / net write-offs" in panel_titles
    assert "90+ days past due / total loans" in panel_titles
    rank = next(t for t in tables(at) if "Rank" in t.columns)
    row = rank[(rank["Ratio"] == "Provision / net write-offs") & (rank["Rank"] == "1")].iloc[0]
    assert "Qifu" in row["Filer"] and row["Value"] == "1.47×"
    assert at.query_params.get("highlight") in (FTA, [FTA])
    at.text_input(key="p_name").set_value("China lenders").run()
    at.button(key="p_save").click().run()
    _ok(at)
    assert peers.group_store().groups()["China lenders"] == [FTA, QFIN]
    assert at.query_params.get("group") in ("China lenders", ["China lenders"])

    fresh = AppTest.from_file(str(APP), default_timeout=90)
    fresh.query_params["group"] = "China lenders"
    fresh.run()
    fresh.switch_page("views/peers.py").run()
    _ok(fresh)
    assert fresh.multiselect(key="p_filers").value == [FTA, QFIN]
    assert fresh.query_params.get("group") in ("China lenders", ["China lenders"])
    fresh.button(key="p_delete").click().run()
    _ok(fresh)
    assert "China lenders" not in peers.group_store().groups()
    assert fresh.selectbox(key="p_group").value == "–"
    assert "group" not in fresh.query_params


# ─── the committee pack ─────────────────────────────────────────────────────────────────────

@pytest.mark.slow
def test_pack_renders_with_libreoffice_and_has_its_slides(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from pptx import Presentation

    from dashboard.cli import main

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; scripts/setup.sh installs it")
    peers.group_store().save_group("China lenders", [FTA, QFIN, QD])
    out = tmp_path / "pack.pptx"
    rc = main(["report", str(DATA), "--peers", "China lenders", "--highlight", FTA,
               "-o", str(out)])
    assert rc == 0
    prs = Presentation(str(out))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    assert titles[0] == "Peer credit review — China lenders"
    for name in ("90+ days past due / total loans", "Provision / net write-offs",
                 "Maximum guarantee exposure", "Ranking at the latest common period",
                 "Ratios not computed, and why"):
        assert name in titles, titles
    for slide in prs.slides:
        foot = [sh for sh in slide.shapes if sh.name == "Source footnote"]
        assert foot, f"no source footnote on slide {slide.shapes.title.text}"
    def text(slide) -> str:  # noqa: ANN001
        out = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        out += [c.text for sh in slide.shapes if sh.has_table for row in sh.table.rows
                for c in row.cells]
        return " ".join(out)

    texts = {s.shapes.title.text: text(s) for s in prs.slides}
    # the footnote names filer, form, period and page, and the derived figure
    assert "20-F 2023-12-31, fta_20f_fy2023_loan_aging_details.htm" in \
        texts["30+ days past due / total loans"]
    # the 30+ figure is the filer's 31-60 bucket and up, derived, and the note says which
    assert "derived (31-60 days + " in texts["30+ days past due / total loans"]
    assert "not 30+" in texts["30+ days past due / total loans"]
    # the latest period all three report is 2021 (Qudian's rollforward ends there), where
    # Qifu ranks first: 965,419 / (475,352 − 37,059) = 2.20×
    assert "2.20×" in texts["Provision / net write-offs"]
    # LibreOffice renders every slide
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(out)], check=True, timeout=240, capture_output=True,
                   env={**__import__("os").environ, "HOME": str(tmp_path)})
    pdf = tmp_path / "pack.pdf"
    assert pdf.stat().st_size > 20_000
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=120)
        assert len(list(tmp_path.glob("page-*.png"))) == len(prs.slides)
    for ext in (".xlsx", ".html"):
        other = tmp_path / f"pack{ext}"
        assert main(["report", str(DATA), "--peers", "China lenders", "-o", str(other)]) == 0
        assert other.stat().st_size > 5_000
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "pack.xlsx")
    assert {"Ranking", "Ratios", "Not computed", "Sources"} <= set(wb.sheetnames)
    html = (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert "Provision / net write-offs" in html and "fta_20f_fy2023" in html


@pytest.mark.slow
def test_pack_from_the_library_without_paths(tmp_path: Path) -> None:
    """A group saved on the page (the app's filer names) gives its pack from the library
    alone: `report --peers GROUP -o pack.html`, no files."""
    from dashboard.cli import main

    at = AppTest.from_file(str(APP), default_timeout=120).run()  # takes in the samples
    at.switch_page("views/peers.py").run()
    at.multiselect(key="p_filers").set_value([FTA, QFIN]).run()
    at.text_input(key="p_name").set_value("Lenders").run()
    at.button(key="p_save").click().run()
    _ok(at)
    out = tmp_path / "pack.html"
    assert main(["report", "--peers", "Lenders", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Provision / net write-offs" in html and "1.47×" in html
    assert "20-F 2022-12-31, qfin_20f_fy2022_allowance_details.htm" in html


def test_pack_of_an_unknown_group_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli import main

    assert main(["report", str(DATA), "--peers", "nobody", "-o", "x.pptx"]) == 2
    assert "no peer group named 'nobody'" in capsys.readouterr().err


def test_small_multiples_one_panel_per_ratio_one_line_per_filer(
        sample_ratios: pd.DataFrame) -> None:
    from dashboard.charts import peers as peer_charts

    lines = peers.series(sample_ratios, [FTA, QFIN, QD])
    fig = peer_charts.small_multiples(lines, highlight=QFIN)
    panels = [a.text.replace("<br>", " ") for a in fig.layout.annotations
              if not a.text.startswith("Source")]
    assert panels[0] == "90+ days past due / total loans"
    assert "Maximum guarantee exposure (RMB millions)" in panels
    by = {(t.name, t.xaxis): t for t in fig.data}
    assert len(by) == len(fig.data)  # one line per filer per panel
    qfin = [t for t in fig.data if t.name == QFIN]
    fta = [t for t in fig.data if t.name == FTA]
    assert qfin and all(t.line.width == 4 and t.line.color == peer_charts.HIGHLIGHT for t in qfin)
    assert all(t.line.width == 2 and t.line.color != peer_charts.HIGHLIGHT for t in fta)
    # Qudian's exposure in RMB millions, 2017-2021: 2,082; 10,703 (+ nil); 2,223 + 11,916;
    # 221 + 53; 37 (+ nil)
    qd = [list(t.y) for t in fig.data if t.name == QD]
    assert [2_082.0, 10_703.0, 14_139.0, 274.0, 37.0] in qd
    # and its 90+ ratio at 2018-2021, the first panel: the 91-180 day buckets over the total
    # (data/README.md): 298,090,833 / 9,668,809,444; 629,975,114 / 9,423,973,944;
    # 254,885,248 / 4,789,696,238; 91,016,662 / 2,639,004,889
    first = next(t for t in fig.data if t.name == QD and t.xaxis == "x")
    assert list(first.y) == pytest.approx([298_090_833 / 9_668_809_444, 629_975_114 / 9_423_973_944,
                                           254_885_248 / 4_789_696_238, 91_016_662 / 2_639_004_889])
    foot = next(a.text for a in fig.layout.annotations if a.text.startswith("Source"))
    assert "qfin_20f_fy2022_allowance_details.htm" in foot.replace("<br>", " ")


@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_peer_page_offers_the_filing_librarys_filers() -> None:
    """A filing taken into the library after the app opened is offered and compared. The
    extract names no filer but repeats the 2021-12-31 aging of Qudian's bundled FY2022 page,
    so it joins Qudian (before the Qudian samples it stood alone under its file name)."""
    from dashboard.library import Library

    at = AppTest.from_file(str(APP), default_timeout=120).run()
    _ok(at)
    qd = need(CORPUS / "text_extracts" / "QD_1692705_20F_FY2022_R67.txt")
    Library.open(None).ingest_paths([qd])
    at.switch_page("views/peers.py").run()
    _ok(at)
    options = at.multiselect(key="p_filers").options
    assert QD in options and "QD_1692705_20F_FY2022_R67" not in options
    at.multiselect(key="p_filers").set_value([FTA, QD]).run()
    _ok(at)
    rank = next(t for t in tables(at) if "Rank" in t.columns)
    row = rank[(rank["Ratio"] == "90+ days past due / total loans") & (rank["Filer"] == QD)]
    # its aging ends at 2021-12-31, FTA's latest is 2023-12-31: not ranked together, and said so
    assert row.iloc[0]["Value"] == "–"
    assert "latest figure 2021-12-31, none within six months before 2023-12-31" in \
        row.iloc[0]["Notes"]
    # ... but drawn, 2018-2021; 2021: 91-120 + 121-150 + 151-180 = 91,016,662 of 2,639,004,889
    import base64

    import numpy as np

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    line = next(t for t in spec["data"] if t["name"] == QD and t.get("xaxis", "x") == "x")
    y = line["y"]
    if isinstance(y, dict):  # plotly's typed-array encoding
        y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    assert len(y) == 4 and y[-1] == pytest.approx(91_016_662 / 2_639_004_889)


def test_the_comparison_is_said_in_one_line() -> None:
    """The Peers page keeps its group widgets in a popover; this line says what is compared."""
    assert peers.comparison_summary(["A Bank", "B Lender"], "Banks", "B Lender") == (
        "Comparing 2 filers: A Bank, B Lender · saved group 'Banks' · highlighted: B Lender")
    assert peers.comparison_summary(["A Bank"]) == "Comparing 1 filer: A Bank"
    assert "Change the comparison" in peers.comparison_summary([])
