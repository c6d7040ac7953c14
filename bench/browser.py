"""The app in headless Chromium, timed the way a visitor sees it: shared by `bench/run.py` (the
samples) and `bench/library_app.py` (a 10,000-fragment library).

A server is started the way `bash scripts/app.sh` starts it (`python -m dashboard.ui.launch`),
on a free localhost port, with its own CREDIT_NOTES_HOME; a page is timed from the request to a
selector being visible, in a fresh browser context, with the browser's own marks of the steps
in between.
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
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART = ".js-plotly-plot .main-svg"
LANDING = CHART  # the landing page is the Overview: its first chart drawn


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


FLOOR_APP = ROOT / "bench" / "floor" / "app.py"
# the second floors: the app's shell without the app (st.navigation with its eight pages; and
# with its sidebar's filter widgets), each with one Plotly chart
NAV_FLOOR_APP = ROOT / "bench" / "floor" / "nav_app.py"
SHELL_FLOOR_APP = ROOT / "bench" / "floor" / "shell_app.py"


class AppServer:
    """The app as `bash scripts/app.sh` starts it, on a free localhost port, for one measurement.
    `home` is its CREDIT_NOTES_HOME (its library is `home/library`). With `script`, that
    Streamlit script instead (`streamlit run`, same flags): the floor of `floor_seconds`."""

    def __init__(self, home: Path, script: Path | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, CREDIT_NOTES_HOME=str(home),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        # what `bash scripts/app.sh` runs, or a bare script
        start = ["-m", "dashboard.ui.launch"] if script is None else \
            ["-m", "streamlit", "run", str(script)]
        cmd = [sys.executable, *start,
               "--server.headless", "true", "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
        self.log = home / f"streamlit-{self.port}.log"
        self._out = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        t0 = time.perf_counter()
        # a floor script reads the app's Streamlit configuration as the app does (from beside
        # app.py): started in that folder, it is the project's configuration
        cwd = ROOT if script is None else ROOT / "dashboard" / "ui"
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self._out,
                                     stderr=subprocess.STDOUT)
        self._wait_healthy()
        self.start_seconds = time.perf_counter() - t0

    def _wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"streamlit did not answer within {timeout:.0f} s")

    def log_text(self) -> str:
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._out.close()


@contextmanager
def launch_browser() -> Iterator[Any]:
    """Headless Chromium (Playwright), or a string saying why there is none."""
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not exe:
        yield f"no Chromium at {CHROMIUM}"
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield "python playwright is not installed"
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


_MARKS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const plotly = performance.getEntriesByType('resource').find(e => e.name.includes('PlotlyChart'));
  return {dom_loaded: nav ? nav.domContentLoadedEventEnd / 1000 : null,
          plotly_js_requested: plotly ? plotly.startTime / 1000 : null,
          plotly_js_loaded: plotly ? plotly.responseEnd / 1000 : null,
          plotly_js_mb: plotly ? plotly.encodedBodySize / 1048576 : null};
}"""


def time_page(browser: Any, url: str, selector: str, *, screenshot: Path | None = None,
              timeout: float = 60.0) -> tuple[float, dict[str, Any]]:
    """Seconds from requesting the page to `selector` being visible, in a fresh browser
    context, and when the steps before it happened (seconds from the request)."""
    ms = timeout * 1000
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("h1", state="visible", timeout=ms)
        title = time.perf_counter() - t0
        page.wait_for_selector(selector, state="visible", timeout=ms)
        seconds = time.perf_counter() - t0
        errors = page.eval_on_selector_all("[data-testid='stException']",
                                           "els => els.map(e => e.textContent)")
        if errors:
            raise RuntimeError(f"the app raised: {errors}")
        marks = page.evaluate(_MARKS_JS)
        marks["title_drawn"] = title
        if screenshot is not None:
            page.wait_for_timeout(1500)  # let every chart finish drawing
            page.screenshot(path=str(screenshot), full_page=True)
        return seconds, marks
    finally:
        ctx.close()


def floor_once(browser: Any, home: Path, script: Path = FLOOR_APP) -> tuple[float, float, dict]:
    """One run of the bare page (or another floor `script`) on a new server: (cold, warm,
    the cold visit's marks)."""
    app = AppServer(home, script=script)
    try:
        seconds, marks = time_page(browser, app.url + "/", CHART)
        warm = time_page(browser, app.url + "/", CHART)[0]
        return seconds, warm, {**marks, "chart_drawn": seconds}
    finally:
        app.stop()


def floor_seconds(browser: Any, tmp: Path, repeat: int = 3,
                  script: Path = FLOOR_APP) -> dict[str, Any]:
    """What a bare Streamlit page with one small Plotly chart (bench/floor/app.py, or another
    `script`) takes to draw, timed like the app (new server, fresh browser context; `repeat`
    runs), cold and on a second visit (warm): the part of every app figure that is
    Streamlit's and Plotly's, not the app's."""
    home = tmp / f"floor-home-{script.stem}"
    home.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"cold": [], "warm": [], "marks": []}
    for _ in range(max(1, repeat)):
        cold, warm, marks = floor_once(browser, home, script)
        out["cold"].append(cold)
        out["warm"].append(warm)
        out["marks"].append(marks)
    return out
