"""What every browser test shares: one headless Chromium and one running app on the bundled
samples for the whole test session, and a fresh page (its own browser context: no cookies,
storage or session carried over) for each visit.

Starting Chromium, and the app's first visitor filling its library with the samples, are
most of what a browser test costs; each is done once per session, not once per page. A test that needs a library of its own starts its own app (`AppServer`) and still
opens its pages in the shared Chromium.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import AppServer, launch_browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHARTS_DRAWN = "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n"
# the app's script is running (Streamlit shows its "Running..." status)
RUNNING = "[data-testid='stStatusWidgetRunningIcon']"
# resolves once nothing in the page has changed for 300 ms (Plotly lays out its text, and
# Streamlit swaps in elements, after the first paint), or after 10 s of changes
QUIET = """() => new Promise(resolve => {
  let timer;
  const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 300); });
  const cap = setTimeout(done, 10000);
  function done() { obs.disconnect(); clearTimeout(cap); resolve(true); }
  obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  timer = setTimeout(done, 300);
})"""


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium (Playwright) for the session; skips, saying why, without one."""
    with launch_browser() as browser:
        if isinstance(browser, str):
            pytest.skip(browser)
        yield browser


@pytest.fixture(scope="session")
def app_url(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh library (it fills itself with the bundled samples on the first
    visit), started as `bash scripts/app.sh` starts it, for every test that only reads it."""
    home = tmp_path_factory.mktemp("app") / "home"
    home.mkdir()
    app = AppServer(home)
    try:
        yield app.url
    finally:
        app.stop()


@pytest.fixture
def new_page(chromium: Any) -> Iterator[Callable[..., Any]]:
    """`new_page(width=1400, height=1000, dark=False, **context_options)`: a page in a fresh
    browser context of the shared Chromium, closed after the test."""
    contexts: list[Any] = []

    def make(*, width: int = 1400, height: int = 1000, dark: bool = False, **options: Any) -> Any:
        ctx = chromium.new_context(viewport={"width": width, "height": height},
                                   color_scheme="dark" if dark else "light", **options)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def wait_drawn(page: Any, charts: int, timeout: float = 90_000) -> None:
    """Wait until the page's title is there, its script has finished its run, `charts` Plotly
    charts are drawn and the page has stopped changing (so text and charts are the final ones)."""
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_selector(RUNNING, state="detached", timeout=timeout)
    if charts:
        page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=timeout)
    page.evaluate(QUIET)


def page_errors(page: Any) -> list[str]:
    """The texts of the exceptions the app shows on the page."""
    return page.eval_on_selector_all("[data-testid='stException']",
                                     "els => els.map(e => e.textContent)")
