"""Presentation exports: the deck, the workbook, the HTML report and chart images, from the
five seeds, made by the command line and by the app, opened with python-pptx and openpyxl.

Chart images need Chromium (kaleido); the deck → PDF → PNG rendering needs LibreOffice and
poppler; the app's download test needs Playwright. Each of those skips, saying why, where its
tool is missing. Rendered slides go to artifacts/exports/.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu

from dashboard import exports
from dashboard.cli import main
from dashboard.exports import content, images, layout
from dashboard.exports.deck import build_deck
from dashboard.extract.pipeline import extract_paths
from dashboard.facts.checks import run_checks
from tests.ui.apptest import presentation_specs

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "exports"
APP = ROOT / "dashboard" / "ui" / "app.py"

FTA = "002_cb6f4609249da9f4"  # Full Truck Alliance's FY2023 note (seed 002)
GUARANTOR = "001_782b71719b0e53f7"
DEPOSITS = "000_6b5b1b647386c7ed"

needs_browser = pytest.mark.skipif(not images.browser_available(),
                                   reason="no Chromium for kaleido (bash scripts/setup.sh as root)")


def _seed_paths(seeds_dir: Path) -> list[str]:
    paths = sorted(str(p) for p in seeds_dir.iterdir())
    assert len(paths) == 5
    return paths


def _run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> content.Report:
    res = extract_paths(_seed_paths(seeds_dir))
    return content.build(res.facts, res.sources, run_checks(res.facts))


@pytest.fixture(scope="module")
def cli_outputs(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`python -m dashboard report <the five seeds> -o …` for each format, run once."""
    out = tmp_path_factory.mktemp("report")
    files = {}
    for ext in ("pptx", "xlsx", "html"):
        path = out / f"seeds.{ext}"
        code, err = _run("report", *_seed_paths(seeds_dir), "-o", str(path))
        if ext == "pptx" and not images.browser_available():
            assert code == 1 and images.SETUP_HINT in err
        else:
            assert code == 0, err
        files[ext] = path
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(files["pptx"], ARTIFACTS / "seeds.pptx")
    shutil.copy(files["xlsx"], ARTIFACTS / "seeds.xlsx")
    return files


def _texts(slide) -> str:  # noqa: ANN001
    parts = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            parts.append(sh.text_frame.text)
    return "\n".join(parts)


def _shape(slide, prefix: str):  # noqa: ANN001, ANN202
    found = [sh for sh in slide.shapes if sh.name.startswith(prefix)]
    return found[0] if found else None


def _table(slide) -> list[list[str]]:  # noqa: ANN001
    sh = next(s for s in slide.shapes if s.has_table)
    return [[c.text for c in row.cells] for row in sh.table.rows]


def _row(grid: list[list[str]], label: str) -> list[str]:
    return next(r for r in grid if r[0].strip().startswith(label))


# ─── the key tables as a note is laid out ───────────────────────────────────────────────────

def test_formats() -> None:
    assert layout.fmt_value(234_599_000, "money", 1000) == "234,599"
    assert layout.fmt_value(-6067, "money", 1) == "(6,067)"
    assert layout.fmt_value(None, "money", 1000) == "–"  # an en dash, as in every table
    assert layout.fmt_value(0.021940, "pct") == "2.19%"
    assert layout.fmt_value(-0.9006, "pct") == "(90.06%)"
    assert layout.fmt_value(1.2852, "times") == "1.29×"
    assert layout.fmt_value(1_900_000, "money", 1000) == "1,900"


def test_note_tables_carry_the_seed_figures(seeds: content.Report) -> None:
    allow = {t.entity: t for t in seeds.tables["allowance"]}
    fta = allow[FTA]
    assert fta.unit == "RMB thousands" and fta.periods == ["FY2021", "FY2022", "FY2023"]
    prov = next(r for r in fta.rows if r.label.startswith("Provision for credit losses"))
    assert prov.values == [97_658_000, 194_272_000, 234_599_000]  # table beats the rounded sentence
    wo = next(r for r in fta.rows if r.label == "Write-offs")
    assert wo.values == [-72_942_000, -157_030_000, -182_538_000]
    dep = allow[DEPOSITS]
    assert dep.unit == "RMB" and dep.segment == "security deposits"
    assert next(r for r in dep.rows if r.label.startswith("Provision")).values == [6838, -6067]

    (g,) = seeds.tables["guarantee"]
    assert g.entity == GUARANTOR and g.unit == "RMB" and g.periods == ["2023-12-31", "2024-12-31"]
    assert g.rows[0].values == [667_733_409, 2_572_977_752]
    usd = next(r for r in g.rows if r.currency == "USD")
    assert usd.values == [None, 352_496_507] and usd.unit(g) == "US$"

    aging = {t.entity: t for t in seeds.tables["delinquency"]}[FTA]
    over90 = next(r for r in aging.rows if r.label == "over 90 days past due")
    assert over90.values == [60_353_000, 81_659_000]
    ratio = next(r for r in aging.rows if r.label.startswith("90+ days past due, %"))
    assert ratio.values[1] == pytest.approx(81_659 / 3_675_492)


def test_closing_lists_every_inferred_or_assumed_scale(seeds: content.Report) -> None:
    sections = dict(content.closing_sections(seeds))
    assert "Checks: 7 of 7 passed" in sections
    scales = "\n".join(sections["Scales not stated by the filing (inferred or assumed)"])
    assert f"INFERRED: {FTA}" in scales and "RMB thousands" in scales
    assert "RMB98 million where the table shows 97,658" in scales
    assert f"INFERRED: {GUARANTOR}" in scales and "whole US$" in scales
    assert f"ASSUMED: {DEPOSITS}" in scales


# ─── the deck ───────────────────────────────────────────────────────────────────────────────

@pytest.mark.slow
def test_cli_deck_slides_titles_footnotes_tables(cli_outputs: dict[str, Path]) -> None:
    prs = Presentation(str(cli_outputs["pptx"]))
    assert (prs.slide_width, prs.slide_height) == (Emu(12_192_000), Emu(6_858_000))  # 16:9
    slides = list(prs.slides)
    titles = [s.shapes.title.text for s in slides]
    assert titles[0] == "Credit quality review — 4 filers"
    assert titles[-1] == "Checks and assumptions behind these figures"
    first = _texts(slides[0])
    assert f"{FTA}; {GUARANTOR}" in first or FTA in first
    assert "balance-sheet dates 2021-12-31 to 2024-12-31" in first
    assert "fiscal years 2020–2024" in first

    # charts first in each section, in the app's order, each with its source footnote
    chart_slides = [s for s in slides if _shape(s, "Chart")]
    assert [s.shapes.title.text.split(" — ")[0] for s in chart_slides] == [
        "Loans past due by aging bucket", "Provision vs write-off: allowance rollforward",
        "Maximum guarantee exposure (undiscounted)"]
    for s in chart_slides:
        foot = _shape(s, "Source footnote").text_frame.text
        # notes about the figures (balance dates, bases) may come first, then the source
        assert "Source: " in foot and ".txt" in foot.split("Source: ", 1)[1]
    guar = chart_slides[2]
    assert f"{GUARANTOR}.txt" in _shape(guar, "Source footnote").text_frame.text
    # the US$ convenience translation is not drawn: the chart's notes send the reader to the
    # guarantee table, whose slide carries it (below)
    assert "US$ translation is in each bar's hover and in the guarantee table" in \
        _shape(guar, "Source footnote").text_frame.text
    if images.browser_available():
        for s in chart_slides:
            pic = _shape(s, "Chart:")
            assert pic.shape_type == 13  # a picture
            assert pic.image.content_type == "image/png"
            w, h = pic.image.size
            assert w >= 2000 and 2.4 < w / h < 2.8  # 2× the slide area, its aspect
    # native tables, in the filer's unit, negatives in parentheses
    table_slides = {s.shapes.title.text: s for s in slides if any(x.has_table for x in s.shapes)}
    fta = _table(table_slides[f"Allowance for credit losses: rollforward — {FTA}"])
    assert fta[0] == ["RMB thousands", "FY2021", "FY2022", "FY2023"]
    assert _row(fta, "Provision for credit losses")[1:] == ["97,658", "194,272", "234,599"]
    assert _row(fta, "Write-offs")[1:] == ["(72,942)", "(157,030)", "(182,538)"]
    assert _row(fta, "Balance at end of year")[1:] == ["65,117", "102,359", "154,420"]
    assert _row(fta, "Provision / net write-offs")[3] == "1.29×"
    dep = _table(table_slides[f"Allowance for credit losses: rollforward — {DEPOSITS} "
                              "(security deposits)"])
    assert dep[0][0] == "RMB" and _row(dep, "Provision")[1:] == ["6,838", "(6,067)"]
    g = _table(table_slides[f"Maximum guarantee exposure (undiscounted) — {GUARANTOR} "
                            "(guarantee liabilities)"])
    assert g[0] == ["RMB", "2023-12-31", "2024-12-31"]
    assert _row(g, "Maximum exposure")[1:] == ["667,733,409", "2,572,977,752"]
    usd = _row(g, "US$ translation")
    assert usd[0].endswith("(US$)") and usd[1:] == ["–", "352,496,507"]
    aging = _table(table_slides[f"Loan aging: past due by bucket — {FTA}"])
    assert _row(aging, "Total loans")[1:] == ["2,750,808", "3,675,492"]
    assert _row(aging, "90+ days past due, % of total loans")[1:] == ["2.19%", "2.22%"]
    for s in table_slides.values():
        assert _shape(s, "Source footnote").text_frame.text.startswith("Source: ")
    closing = _texts(slides[-1])
    assert "Checks: 7 of 7 passed" in closing and "No check failed." in closing
    assert f"INFERRED: {FTA}" in closing and f"INFERRED: {GUARANTOR}" in closing


def test_failed_checks_and_missing_charts_are_on_the_closing_slide(
        seeds: content.Report) -> None:
    facts = seeds.facts.copy()
    broken = (facts["entity"] == FTA) & (facts["metric"] == "write_off") & \
        (facts["period_end"].astype(str) == "2023-12-31")
    facts.loc[broken, "value"] = 172_538_000.0  # off by 10 million: the rollforward breaks
    report = content.build(facts, seeds.sources, run_checks(facts),
                           issues=["bad.htm: not a filing"])
    problems: list[str] = []
    prs = Presentation(io.BytesIO(build_deck(report, renderer=None, problems=problems)))
    slides = list(prs.slides)
    closing = "\n".join(_texts(s) for s in slides
                        if s.shapes.title.text.startswith("Checks and assumptions"))
    assert "Checks: 6 of 7 passed, 1 failed" in closing
    assert f"FAIL: allowance rollforward ties — {FTA}, 2023-12-31" in closing
    assert "Files not read" in closing and "bad.htm: not a filing" in closing
    assert "Charts not drawn" in closing and problems
    chart = next(s for s in slides if _shape(s, "Chart missing"))
    assert "Chart not drawn" in _shape(chart, "Chart missing").text_frame.text
    assert _shape(chart, "Source footnote") is not None
    # the table still shows what was reported, and flags the difference
    fta = next(s for s in slides if s.shapes.title.text.endswith(f"rollforward — {FTA}"))
    assert _row(_table(fta), "Rollforward difference")[3] == "10,000"


def test_long_closing_lists_continue_on_more_slides(seeds: content.Report) -> None:
    report = content.build(seeds.facts, seeds.sources, seeds.checks,
                           issues=[f"file{i:02d}.htm: could not be decoded " + "x" * 150
                                   for i in range(30)])
    prs = Presentation(io.BytesIO(build_deck(report, renderer=None)))
    closing = [s for s in prs.slides if s.shapes.title.text.startswith("Checks and")]
    assert len(closing) >= 3
    text = "\n".join(_texts(s) for s in closing)
    assert all(f"file{i:02d}.htm" in text for i in range(30))


# ─── the workbook ───────────────────────────────────────────────────────────────────────────

def _find(ws, *values: object) -> int:  # noqa: ANN001
    for row in ws.iter_rows(min_row=1):
        vals = [c.value for c in row]
        if all(v in vals for v in values):
            return row[0].row
    raise AssertionError(f"no row with {values} in {ws.title}")


def test_cli_workbook(cli_outputs: dict[str, Path], seeds: content.Report) -> None:
    wb = openpyxl.load_workbook(cli_outputs["xlsx"])
    assert wb.sheetnames == ["Facts", "Delinquency", "Allowance", "Guarantee", "Checks",
                             "Provenance", "Sources"]
    facts = wb["Facts"]
    assert facts.freeze_panes == "A2"
    header = [c.value for c in facts[1]]
    assert header[:4] == ["fact_id", "entity", "disclosure", "metric"]
    vcol = header.index("value (whole currency units)") + 1
    r = _find(facts, GUARANTOR, 2_572_977_752)
    cell = facts.cell(row=r, column=vcol)
    assert cell.value == 2_572_977_752 and cell.number_format == '#,##0;(#,##0);0'
    assert facts.max_row == len(seeds.facts) + 1
    assert facts.column_dimensions["B"].width >= 20

    allow = wb["Allowance"]
    assert allow.freeze_panes == "E4"
    assert [c.value for c in allow[3]][:4] == ["Filer", "Segment", "Line", "Unit"]
    periods = [c.value for c in allow[3]][4:]
    assert periods == ["FY2020", "FY2021", "FY2022", "FY2023", "FY2024"]
    assert "mixed units" in str(allow.cell(row=2, column=5).value)  # RMB, thousands, millions
    r = _find(allow, FTA, "Provision for credit losses (reversal)")
    assert allow.cell(row=r, column=4).value == "RMB thousands"
    prov = allow.cell(row=r, column=5 + periods.index("FY2023"))
    assert prov.value == 234_599 and prov.number_format == '#,##0;(#,##0);0'
    r = _find(allow, FTA, "Write-offs")
    assert allow.cell(row=r, column=5 + periods.index("FY2023")).value == -182_538
    r = _find(allow, FTA, "Net write-offs / average loans")
    wo = allow.cell(row=r, column=5 + periods.index("FY2023"))
    assert wo.value == pytest.approx(0.0568, abs=1e-4) and wo.number_format.startswith("0.00%")

    guar = wb["Guarantee"]
    assert guar.cell(row=2, column=5).value == "RMB"
    r = _find(guar, GUARANTOR, "Maximum exposure, guarantee liabilities")
    assert [guar.cell(row=r, column=c).value for c in (5, 6)] == [667_733_409, 2_572_977_752]
    r = _find(guar, GUARANTOR, "US$ translation given in the filing, guarantee liabilities")
    assert guar.cell(row=r, column=4).value == "US$"
    assert guar.cell(row=r, column=6).value == 352_496_507

    aging = wb["Delinquency"]
    r = _find(aging, FTA, "Total loans")
    assert [aging.cell(row=r, column=c).value for c in (6, 7)] == [2_750_808, 3_675_492]
    assert aging.cell(row=2, column=5).value == "RMB thousands"

    prov_sheet = wb["Provenance"]
    head = [c.value for c in prov_sheet[1]]
    assert {"source", "locator", "label", "note"} <= set(head)
    r = _find(prov_sheet, GUARANTOR, 352_496_507)
    got = dict(zip(head, [c.value for c in prov_sheet[r]], strict=True))
    assert got["source"] == f"{GUARANTOR}.txt" and re.match(r"paragraph \d+, sentence \d+, chars \d+-\d+$", got["locator"])
    assert "convenience translation" in got["note"] and "US$352,496,507" in got["label"]
    assert prov_sheet.max_row == len(seeds.facts) + 1

    checks = wb["Checks"]
    statuses = [c.value for c in checks["J"][1:8]]
    assert [c.value for c in checks[1]][9] == "status" and statuses == ["ok"] * 7


def test_cli_html_report_and_usage_errors(cli_outputs: dict[str, Path], seeds_dir: Path,
                                          tmp_path: Path) -> None:
    html = cli_outputs["html"].read_text(encoding="utf-8")
    assert html.count('<div id="chart-') == 3
    # self-contained: plotly.js inline once, no script fetched from the network
    assert '<script src="http' not in html and html.count("Plotly.newPlot") == 3
    assert len(html) > 3_000_000
    assert "234,599" in html and "2,572,977,752" in html
    code, err = _run("report", *_seed_paths(seeds_dir), "-o", str(tmp_path / "deck.doc"))
    assert code == 2 and "unknown report format" in err
    code, err = _run("report", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.xlsx"))
    assert code == 1 and "missing.txt: no such file or folder" in err
    assert (tmp_path / "x.xlsx").exists()


# ─── chart images ───────────────────────────────────────────────────────────────────────────

@needs_browser
def test_chart_png_svg_html_downloads(seeds: content.Report) -> None:
    item = next(c for c in seeds.charts if c.key == "guarantee")
    got = {d.file_name: d for d in images.figure_downloads(item.figure, "guarantee")}
    assert set(got) == {"guarantee.png", "guarantee.svg", "guarantee.html"}
    png = got["guarantee.png"].data()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (w, h) == (2 * images.SLIDE_WIDTH, 2 * images.SLIDE_HEIGHT)
    svg = got["guarantee.svg"].data().decode()
    assert svg.startswith("<svg") and "Maximum guarantee exposure" in svg
    html = got["guarantee.html"].data().decode()
    assert '<script src="http' not in html and len(html) > 3_000_000
    assert "2572.977752" in html


def test_styles_restyle_the_same_figure(seeds: content.Report) -> None:
    item = next(c for c in seeds.charts if c.key == "allowance")
    big = images.presentation_style(item.figure)
    assert big.layout.font.size >= 18 and big.layout.title.font.size >= 26
    assert images.title_text(big) == item.title  # wrapped onto lines, same words
    assert images.footnote_text(big) == item.footnote
    assert [t.name for t in big.data] == [t.name for t in item.figure.data]
    assert [list(t.y) for t in big.data] == [list(t.y) for t in item.figure.data]
    slide = images.slide_style(item.figure)
    assert not slide.layout.title.text and images.footnote_text(slide) == ""
    assert slide.layout.legend.orientation == "h"  # above the plot: it gets the full width
    assert [t.name for t in slide.data] == [t.name for t in item.figure.data]


def test_no_browser_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     seeds: content.Report) -> None:
    images.close_session()
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    assert images.find_browser() is None and not images.browser_available()
    with pytest.raises(images.BrowserNotFound, match="run bash scripts/setup.sh as root"):
        images.render(seeds.charts[0].figure)
    downloads = images.figure_downloads(seeds.charts[0].figure, "x")
    assert [d.file_name for d in downloads] == ["x.html"]
    problems: list[str] = []
    deck = exports.deck_bytes(seeds.facts, seeds.sources, problems=problems)
    assert problems and images.SETUP_HINT in problems[0]
    assert len(Presentation(io.BytesIO(deck)).slides) == 11


# ─── the rendered deck: LibreOffice → PDF → PNG, for a person to look at ────────────────────

@pytest.mark.slow
def test_deck_renders_to_pages(cli_outputs: dict[str, Path]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice (soffice) or poppler (pdftoppm) missing: bash scripts/setup.sh "
                    "as root installs libreoffice-impress and poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    work = cli_outputs["pptx"].parent
    profile = work / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(cli_outputs["pptx"])],
                   check=True, capture_output=True, timeout=120)
    pdf = work / "seeds.pdf"
    assert pdf.exists()
    for old in ARTIFACTS.glob("seeds-slide-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / "seeds-slide")],
                   check=True, capture_output=True, timeout=120)
    pages = sorted(ARTIFACTS.glob("seeds-slide-*.png"))
    n = len(Presentation(str(cli_outputs["pptx"])).slides)
    assert len(pages) == n
    for p in pages:
        head = p.read_bytes()[:24]
        w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert 1.7 < w / h < 1.8  # 16:9 pages
        assert p.stat().st_size > 5_000  # not blank


# ─── the app: presentation view and its downloads ───────────────────────────────────────────

@pytest.mark.slow  # an app session or more: 3.5-5.5 s
def test_presentation_view_in_deck_order(seeds_dir: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("views/sources.py").run()  # the app opens on Overview
    at.file_uploader(key="uploader").set_value(
        [(Path(p).name, Path(p).read_bytes(), "text/plain") for p in _seed_paths(seeds_dir)]).run()
    # seed 002 repeats the bundled FTA figures, so it joins that filer (dashboard.facts.identity)
    at.multiselect(key="f_filer").set_value(
        [DEPOSITS, GUARANTOR, "Full Truck Alliance Co. Ltd."]).run()
    at.switch_page("views/presentation.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # one tab per chart, in the deck's order; only the open tab's chart is drawn
    assert [t.label for t in at.tabs] == ["Delinquency", "Provision vs write-off",
                                          "Guarantee exposure"]
    assert len(at.get("plotly_chart")) == 1
    specs = presentation_specs(at)
    titles = [s["layout"]["title"]["text"].split(" — ")[0] for s in specs]
    assert titles == ["Loans past due by aging bucket",
                      "Provision vs write-off: allowance rollforward",
                      "Maximum guarantee exposure (undiscounted)"]
    for s in specs:
        assert s["layout"]["font"]["size"] >= 18 and s["layout"]["height"] >= 700
    # nothing but the charts in the main area; the exports are in the sidebar
    assert not at.main.get("download_button") and not at.main.get("button")
    assert not at.main.get("toggle") and not at.main.get("selectbox")
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert labels[:3] in (["Deck (.pptx)", "Workbook (.xlsx)", "Report (.html, interactive)"],
                          ["Deck (.pptx), charts not drawn", "Workbook (.xlsx)",
                           "Report (.html, interactive)"])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
    if not images.browser_available():
        pytest.skip("no Chromium to drive the app (bash scripts/setup.sh as root)")
    port = _free_port()
    env = dict(os.environ, CREDIT_NOTES_HOME=str(tmp_path / "home"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 45
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log.read_text(errors="replace")[-3000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.browser
@pytest.mark.timeout(150)
def test_app_downloads_deck_and_workbook_of_the_seeds(app_url: str, seeds_dir: Path,
                                                       tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=images.find_browser(),
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000},
                                    accept_downloads=True)
            page.goto(app_url + "/sources", wait_until="domcontentloaded")
            page.locator("input[type=file]").first.set_input_files(_seed_paths(seeds_dir))
            page.get_by_text("5 of 5 files read").wait_for(timeout=60_000)
            page.get_by_role("link", name="Presentation").click()
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            # one tab per chart of the deck; only the open one is drawn
            page.get_by_role("tab", name="Guarantee exposure").wait_for(timeout=60_000)
            page.wait_for_timeout(800)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "app-presentation.png"))
            got = {}
            for label, name in (("Deck (.pptx)", "deck.pptx"), ("Workbook (.xlsx)", "book.xlsx")):
                with page.expect_download(timeout=90_000) as dl:
                    page.get_by_role("button", name=label, exact=True).click()
                got[name] = tmp_path / name
                dl.value.save_as(got[name])
        finally:
            browser.close()
    prs = Presentation(str(got["deck.pptx"]))
    cells = [c.text for s in prs.slides for sh in s.shapes if sh.has_table
             for row in sh.table.rows for c in row.cells]
    assert "2,572,977,752" in cells and "234,599" in cells and "(6,067)" in cells
    assert any(sh.shape_type == 13 for s in prs.slides for sh in s.shapes)  # chart pictures
    wb = openpyxl.load_workbook(got["book.xlsx"])
    values = {c.value for row in wb["Guarantee"].iter_rows() for c in row}
    assert {2_572_977_752, 352_496_507} <= values
    facts = pd.read_excel(got["book.xlsx"], sheet_name="Facts")
    assert (facts["value (whole currency units)"] == 234_599_000).any()
