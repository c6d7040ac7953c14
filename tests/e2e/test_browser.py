"""The real app in a real browser: the app started as `bash scripts/app.sh` starts it, on a free
localhost port, in headless Chromium (both shared by the session: tests/e2e/conftest.py).

Skips (saying why) when Chromium or Playwright is missing. Screenshots go to artifacts/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from dashboard.ui import chart_library
from tests.e2e.conftest import ARTIFACTS, page_errors, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def _open(new_page: Callable[..., Any], url: str, path: str, shot: str, *, dark: bool = False,
          charts: int = 1, height: int = 1000) -> tuple[Any, list[str]]:
    """Open `path` at 1400 px, wait for `charts` Plotly charts, check that the page shows no
    exception and save a full-page screenshot; return the page and its chart titles."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = new_page(height=height, dark=dark)
    page.goto(url + path, wait_until="domcontentloaded")
    wait_drawn(page, charts)
    titles = page.eval_on_selector_all(".js-plotly-plot .gtitle",
                                       "els => els.map(e => e.textContent)")
    errors = page_errors(page)
    assert not errors, errors
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    return page, titles


def test_three_charts_render_from_the_bundled_samples(app_url: str,
                                                      new_page: Callable[..., Any]) -> None:
    titles = []
    for path, shot in (("/delinquency", "browser-delinquency.png"),
                       ("/provision", "browser-provision.png"),
                       ("/guarantee", "browser-guarantee.png")):
        _, got = _open(new_page, app_url, path, shot)
        assert got, f"no chart title on {path}"
        titles.extend(got)
    joined = " | ".join(titles)
    assert "Loans past due" in joined and "Full Truck Alliance" in joined
    assert "Provision vs write-off" in joined
    assert "Maximum guarantee exposure" in joined and "Qudian" in joined
    for name in ("browser-delinquency.png", "browser-provision.png", "browser-guarantee.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000


def test_dark_theme_and_shared_url(app_url: str, new_page: Callable[..., Any]) -> None:
    _, titles = _open(new_page, app_url, "/delinquency?view=pct&currency=CNY",
                      "browser-delinquency-dark.png", dark=True)
    assert any("% of total loans" in t for t in titles), titles


def _shots(new_page: Callable[..., Any], url: str, path: str, shot: str, *, charts: int,
           height: int = 1000) -> tuple[list[str], list[str]]:
    """`_open`, returning the chart titles and the page's visible text lines."""
    page, titles = _open(new_page, url, path, shot, charts=charts, height=height)
    text = page.inner_text("section.main, [data-testid='stMain']")
    return titles, text.splitlines()


def test_landing_page_is_the_overview_with_the_charts(app_url: str,
                                                      new_page: Callable[..., Any]) -> None:
    # the first screen: Qudian, whose three charts all have figures (data/README.md)
    titles, lines = _shots(new_page, app_url, "/", "browser-overview.png", charts=3)
    text = "\n".join(lines)
    assert "Overview" in text and "Qudian Inc." in text
    assert any("past due" in t for t in titles) and any("Provision" in t for t in titles)
    assert any("guarantee" in t.lower() for t in titles), titles
    # 2021: 91,016,662 of 2,639,004,889 = 3.45% (90+ derived from the 91-180 day buckets)
    assert "90+ days past due, % of loans" in text and "3.45%" in text
    assert "no guarantee exposure loaded" not in text
    # the picker's other filer, from the URL: two charts and a line for the third
    titles, lines = _shots(new_page, app_url, "/?filer=Full+Truck+Alliance+Co.+Ltd.",
                           "browser-overview-fta.png", charts=2)
    text = "\n".join(lines)
    assert "2.22%" in text  # FTA FY2023 R15: 81,659 / 3,675,492
    assert "no guarantee exposure loaded for this filer" in text
    assert (ARTIFACTS / "browser-overview.png").stat().st_size > 10_000


def test_peer_page_shows_every_panel(app_url: str, new_page: Callable[..., Any]) -> None:
    """The Peers page (issue 11) with the bundled filers: the small multiples draw a panel per
    computable ratio and the page shows no exception."""
    fta, qfin = "Full Truck Alliance Co. Ltd.", "Qifu Technology, Inc."
    path = f"/peers?peer={quote(fta)}&peer={quote(qfin)}&highlight={quote(fta)}"
    page, titles = _open(new_page, app_url, path, "browser-peers.png")
    assert any("Peer credit ratios" in t for t in titles), titles
    # a panel title wrapped onto lines is one <tspan class="line"> per line: read them as words
    panels = page.eval_on_selector_all(
        ".js-plotly-plot .annotation-text",
        "els => els.map(e => [...e.querySelectorAll('tspan.line')].map(t => t.textContent)"
        ".join(' ') || e.textContent)")
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(ARTIFACTS / "browser-peers-chart.png"))
    assert not page.query_selector_all("[data-testid='stException']")
    for name in ("90+ days past due / total loans", "30+ days past due / total loans",
                 "Net write-offs / average loans", "Provision / average loans",
                 "Allowance / total loans", "Allowance coverage of 90+ past due",
                 "Provision / net write-offs"):
        assert name in panels, panels


# a server slower than any real one, so the test reads no race: each of the server's messages
# (one per element) reaches the page 150 ms after the one before, in order; and the time the
# page's title appears, kept in the page (milliseconds from navigation)
_SLOW_SERVER_AND_TITLE_SEEN = """{
  const listen = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, ...rest) {
    if (type !== 'message') return listen.call(this, type, listener, ...rest);
    let last = Promise.resolve();
    return listen.call(this, type, (event) => {
      last = last.then(() => new Promise((done) => setTimeout(done, 150))).then(() => listener(event));
    }, ...rest);
  };
  new MutationObserver((_, obs) => {
    if (document.querySelector('h1')) { window.__titleAt = performance.now(); obs.disconnect(); }
  }).observe(document, {childList: true, subtree: true});
}"""


def test_the_chart_library_loads_once_as_the_page_opens(app_url: str,
                                                        new_page: Callable[..., Any]) -> None:
    # dashboard/ui/chart_library.py imports Plotly's chunk as each chart page's first element;
    # the frontend's own import of it, when the first chart's element arrives (after the title),
    # must find the same module: one fetch, started before the title appeared
    page = new_page()
    page.add_init_script(_SLOW_SERVER_AND_TITLE_SEEN)
    page.goto(app_url + "/provision", wait_until="domcontentloaded")
    wait_drawn(page, 1)
    fetched = page.evaluate("() => performance.getEntriesByType('resource')"
                            ".filter(e => e.name.includes('PlotlyChart')).map(e => e.startTime)")
    assert len(fetched) == 1, fetched
    boxes = page.eval_on_selector_all(f".st-key-{chart_library.KEY}",
                                      "els => els.map(e => getComputedStyle(e).display)")
    if chart_library.bundle_name() is None:
        assert boxes == []
        return
    assert boxes == ["none"]
    assert fetched[0] < page.evaluate("() => window.__titleAt"), "fetched only with the chart"
