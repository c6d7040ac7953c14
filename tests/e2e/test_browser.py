"""The real app in a real browser: `streamlit run` on a free localhost port, headless Chromium.

Skips (saying why) when Chromium or Playwright is missing. Screenshots go to artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 45.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout:.0f}s")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium; scripts/setup.sh does)")
    pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
    port = _free_port()
    env = dict(os.environ, CREDIT_NOTES_HOME=str(tmp_path_factory.mktemp("home")),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "ui" / "app.py"),
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            yield url
        except Exception:
            print(log.read_text(errors="replace")[-4000:])
            raise
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _open(url: str, path: str, shot: str, *, dark: bool = False, charts: int = 1) -> list[str]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                    color_scheme="dark" if dark else "light")
            page.goto(url + path, wait_until="domcontentloaded")
            page.wait_for_function(
                f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                timeout=60_000)
            page.wait_for_timeout(800)  # let plotly finish laying out text
            titles = page.eval_on_selector_all(
                ".js-plotly-plot .gtitle", "els => els.map(e => e.textContent)")
            errors = page.eval_on_selector_all("[data-testid='stException']",
                                               "els => els.map(e => e.textContent)")
            assert not errors, errors
            page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
            return titles
        finally:
            browser.close()


def test_three_charts_render_from_the_bundled_samples(app_url: str) -> None:
    titles = []
    for path, shot in (("/delinquency", "browser-delinquency.png"),
                       ("/provision", "browser-provision.png"),
                       ("/guarantee", "browser-guarantee.png")):
        got = _open(app_url, path, shot)
        assert got, f"no chart title on {path}"
        titles.extend(got)
    joined = " | ".join(titles)
    assert "Loans past due" in joined and "Full Truck Alliance" in joined
    assert "Provision vs write-off" in joined
    assert "Maximum guarantee exposure" in joined and "Qudian" in joined
    for name in ("browser-delinquency.png", "browser-provision.png", "browser-guarantee.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000


def test_dark_theme_and_shared_url(app_url: str) -> None:
    titles = _open(app_url, "/delinquency?view=pct&currency=CNY", "browser-delinquency-dark.png",
                   dark=True)
    assert any("% of total loans" in t for t in titles), titles


def _shots(url: str, path: str, shot: str, *, charts: int,
           height: int = 1000) -> tuple[list[str], list[str]]:
    """Open `path` at 1400 px, wait for `charts` Plotly charts, save a full-page screenshot;
    return the chart titles and the page's visible text lines."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": height})
            page.goto(url + path, wait_until="domcontentloaded")
            page.wait_for_selector("h1", timeout=60_000)
            if charts:
                page.wait_for_function(
                    "document.querySelectorAll('.js-plotly-plot .main-svg').length >= "
                    f"{charts}", timeout=60_000)
            page.wait_for_timeout(1200)
            errors = page.eval_on_selector_all("[data-testid='stException']",
                                               "els => els.map(e => e.textContent)")
            assert not errors, errors
            titles = page.eval_on_selector_all(
                ".js-plotly-plot .gtitle", "els => els.map(e => e.textContent)")
            text = page.inner_text("section.main, [data-testid='stMain']")
            page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
            return titles, text.splitlines()
        finally:
            browser.close()


def test_landing_page_is_the_overview_with_the_charts(app_url: str) -> None:
    # the first screen: Qudian, whose three charts all have figures (data/README.md)
    titles, lines = _shots(app_url, "/", "browser-overview.png", charts=3)
    text = "\n".join(lines)
    assert "Overview" in text and "Qudian Inc." in text
    assert any("past due" in t for t in titles) and any("Provision" in t for t in titles)
    assert any("guarantee" in t.lower() for t in titles), titles
    # 2021: 91,016,662 of 2,639,004,889 = 3.45% (90+ derived from the 91-180 day buckets)
    assert "90+ days past due, % of loans" in text and "3.45%" in text
    assert "no guarantee exposure loaded" not in text
    # the picker's other filer, from the URL: two charts and a line for the third
    titles, lines = _shots(app_url, "/?filer=Full+Truck+Alliance+Co.+Ltd.",
                           "browser-overview-fta.png", charts=2)
    text = "\n".join(lines)
    assert "2.22%" in text  # FTA FY2023 R15: 81,659 / 3,675,492
    assert "no guarantee exposure loaded for this filer" in text
    assert (ARTIFACTS / "browser-overview.png").stat().st_size > 10_000


@pytest.mark.timeout(300)  # six pages in a row: on a loaded 2-core machine each takes 20-40 s
def test_every_page_at_1400_px(app_url: str) -> None:
    """Screenshots of every page for a human to look at; no exception on any."""
    for path, shot, charts in (("/sources", "page-sources.png", 0),
                               ("/delinquency", "page-delinquency.png", 1),
                               ("/provision", "page-provision.png", 1),
                               ("/guarantee", "page-guarantee.png", 1),
                               ("/facts", "page-facts.png", 0),
                               ("/presentation", "page-presentation.png", 1)):
        # tall enough that the tables under the charts are in the picture (the app scrolls
        # inside its own container, so a full-page screenshot stops at the viewport)
        _shots(app_url, path, shot, charts=charts, height=2400)
        assert (ARTIFACTS / shot).stat().st_size > 10_000


def test_peer_page_shows_every_panel(app_url: str) -> None:
    """The Peers page (issue 11) with the bundled filers: the small multiples draw a panel per
    computable ratio and the page shows no exception."""
    from urllib.parse import quote

    fta, qfin = "Full Truck Alliance Co. Ltd.", "Qifu Technology, Inc."
    path = f"/peers?peer={quote(fta)}&peer={quote(qfin)}&highlight={quote(fta)}"
    titles = _open(app_url, path, "browser-peers.png")
    assert any("Peer credit ratios" in t for t in titles), titles
    from playwright.sync_api import sync_playwright

    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app_url + path, wait_until="domcontentloaded")
            page.wait_for_function(
                "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1",
                timeout=60_000)
            page.wait_for_timeout(800)
            panels = page.eval_on_selector_all(
                ".js-plotly-plot .annotation-text", "els => els.map(e => e.textContent)")
            chart = page.locator(".js-plotly-plot").first
            chart.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            chart.screenshot(path=str(ARTIFACTS / "browser-peers-chart.png"))
            assert not page.query_selector_all("[data-testid='stException']")
        finally:
            browser.close()
    for name in ("90+ days past due / total loans", "30+ days past due / total loans",
                 "Net write-offs / average loans", "Provision / average loans",
                 "Allowance / total loans", "Allowance coverage of 90+ past due",
                 "Provision / net write-offs"):
        assert name in panels, panels
