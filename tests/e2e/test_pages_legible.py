"""Every page legible at 1400 px: in headless Chromium, no text of a chart runs into another
text's box, and no table cell shows None/nan. Screenshots go to artifacts/legible/ for a
person to look at.

The boxes are the rendered SVG text elements' client rectangles (after Plotly's transforms
and rotation), read in the page; the table cells are the HTML tables' cells and the data
grid's accessible cells (the grid draws on a canvas). Runs on the bundled samples and, where ../shared holds them, on a
library that adds one bank's credit-note pages.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.browser import AppServer  # noqa: E402

ARTIFACTS = ROOT / "artifacts" / "legible"
BANKS = ROOT.parent / "shared" / "corpus" / "real_banks"
BANK = "CIK49196"  # a 10-K and a 10-Q allowance rollforward, in US$ millions
LENDERS = ROOT.parent / "shared" / "corpus" / "real_lenders"
# a 10-Q's aging and rollforward at quarter ends: the Overview's dates on two lines, the
# aging's legend four rows tall in a third of the page
LENDER = "CIK1101215_10Q_2014Q1_R26"

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

# (path, screenshot name, charts to wait for)
PAGES = [("/", "overview", 3), ("/?years=2019-2021", "overview-three-years", 3),
         ("/sources", "sources", 0), ("/delinquency", "delinquency", 1),
         ("/delinquency?view=pct", "delinquency-pct", 1), ("/provision", "provision", 1),
         ("/guarantee", "guarantee", 1), ("/facts", "facts", 0),
         ("/presentation", "presentation", 1),
         ("/presentation?chart=delinquency_pct", "presentation-delinquency-pct", 1),
         ("/presentation?chart=allowance", "presentation-allowance", 1),
         ("/presentation?chart=guarantee", "presentation-guarantee", 1), ("/peers", "peers", 1)]

# every text of every chart: its words and its box on screen
_TEXT_BOXES = """() => {
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, p) => {
    // the legend's own box: nothing else of the chart may be drawn under it
    plot.querySelectorAll('.legend rect.bg').forEach(bg => {
      const r = bg.getBoundingClientRect();
      if (r.width >= 1 && r.height >= 1)
        out.push({plot: p, text: '(the legend)', legend: 'box', x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
    });
    plot.querySelectorAll('.main-svg text').forEach(t => {
      if (t.closest('.hoverlayer')) return;
      const words = (t.textContent || '').trim();
      if (!words) return;
      const style = getComputedStyle(t);
      if (style.display === 'none' || style.visibility === 'hidden'
          || parseFloat(style.opacity) === 0 || parseFloat(t.getAttribute('opacity') || 1) === 0)
        return;
      const r = t.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return;
      out.push({plot: p, text: words.slice(0, 60), legend: t.closest('.legend') ? 'text' : '',
                x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
    });
  });
  return out;
}"""

_CELLS = """() => [...document.querySelectorAll('[data-testid=stDataFrame] td, .cn-table td')]
  .map(td => (td.innerText || '').trim())"""

_BOXES_FILLED = """() => [...document.querySelectorAll("[data-testid='stExpander'] details")]
  .every(d => d.open && (d.querySelector("[data-testid='stExpanderDetails']")?.innerText || '')
  .trim().length > 0)"""

BAD_CELLS = {"None", "nan", "NaN", "<NA>", "NaT", "none"}


def overlaps(boxes: list[dict[str, Any]], slack: float = 1.5) -> list[tuple[str, str]]:
    """Pairs of texts of one chart whose boxes intersect by more than `slack` px both ways; a
    legend's box counts as a text that only its own entries may sit in."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["plot"] != b["plot"]:
                continue
            if {a.get("legend"), b.get("legend")} in ({"box", "text"}, {"box"}):
                continue  # the legend's entries inside its box
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if w > slack and h > slack:
                out.append((a["text"], b["text"]))
    return out


def test_overlap_arithmetic() -> None:
    a = {"plot": 0, "text": "8%", "x0": 0, "y0": 0, "x1": 20, "y1": 12}
    b = {"plot": 0, "text": "6.68%", "x0": 10, "y0": 5, "x1": 40, "y1": 17}
    c = {"plot": 0, "text": "2020", "x0": 21, "y0": 0, "x1": 40, "y1": 12}
    assert overlaps([a, b]) == [("8%", "6.68%")]
    assert overlaps([a, c]) == []
    assert overlaps([a, dict(b, plot=1)]) == []
    # a date under the axis that the legend's box covers (dates on two lines, a tall legend)
    box = {"plot": 0, "text": "(the legend)", "legend": "box", "x0": 0, "y0": 30, "x1": 200, "y1": 90}
    tick = {"plot": 0, "text": "2013 12-31", "legend": "", "x0": 50, "y0": 20, "x1": 80, "y1": 40}
    entry = {"plot": 0, "text": "31-60 days", "legend": "text", "x0": 10, "y0": 35, "x1": 90, "y1": 50}
    assert overlaps([box, tick, entry]) == [("(the legend)", "2013 12-31"), ("2013 12-31", "31-60 days")]
    assert overlaps([box, entry]) == []


@pytest.fixture
def browser(chromium: Any) -> Any:
    """The session's one Chromium, shared by every browser test (tests/e2e/conftest.py)."""
    return chromium


def _settle(page: Any, step_ms: int = 300, most_ms: int = 8000) -> None:
    """Until every chart's text stays where it is: three looks `step_ms` apart find the same
    boxes (plotly lays its text out again after the first paint), at most `most_ms`."""
    last, same = None, 0
    for _ in range(max(3, most_ms // step_ms)):
        page.wait_for_timeout(step_ms)
        now = page.evaluate(_TEXT_BOXES)
        same = same + 1 if now == last else 0
        if same == 2:
            return
        last = now


def _walk(browser: Any, url: str, tag: str,
          pages: list[tuple[str, str, int]] = PAGES) -> list[str]:
    """Open every page, save its screenshot, and return what is wrong on each."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for path, name, charts in pages:
        ctx = browser.new_context(viewport={"width": 1400, "height": 2600})
        try:
            page = ctx.new_page()
            page.goto(url + path, wait_until="domcontentloaded")
            page.wait_for_selector("h1", timeout=120_000)
            if charts:  # the charts, or an exception that stops them
                page.wait_for_function(
                    "document.querySelectorAll('.js-plotly-plot .main-svg').length >= "
                    f"{charts} || document.querySelector(\"[data-testid='stException']\")",
                    timeout=120_000)
            _settle(page)  # plotly lays out its text after the first paint
            summaries = page.query_selector_all("[data-testid='stExpander'] summary")
            for summary in summaries:
                summary.click()
            if summaries:  # a box's content may be sent only once it is open (a rerun)
                page.wait_for_function(_BOXES_FILLED, timeout=60_000)
                page.wait_for_timeout(400)  # the tables inside drawn
                _settle(page)
            errors = page.eval_on_selector_all("[data-testid='stException']",
                                               "els => els.map(e => e.textContent)")
            problems += [f"{name}: exception {e[:200]}" for e in errors]
            problems += [f"{name}: '{a}' overlaps '{b}'"
                         for a, b in overlaps(page.evaluate(_TEXT_BOXES))]
            bad = [c for c in page.evaluate(_CELLS) if c in BAD_CELLS]
            if bad:
                problems.append(f"{name}: {len(bad)} table cell(s) show {sorted(set(bad))}")
            text = page.inner_text("[data-testid='stMain']")
            if ".." in text.replace("...", ""):
                at = text.index("..")
                problems.append(f"{name}: a double full stop: '{text[max(0, at - 40):at + 3]}'")
            page.screenshot(path=str(ARTIFACTS / f"{tag}-{name}.png"), full_page=True)
        finally:
            ctx.close()
    return problems


def test_every_page_legible_on_the_samples(browser: Any, app_url: str) -> None:
    problems = _walk(browser, app_url, "samples")  # the session's app on the samples
    assert not problems, "\n".join(problems)


def test_every_page_legible_with_a_bank(browser: Any, tmp_path: Path) -> None:
    """The samples and one bank's credit-note pages in one library (ingested after the
    samples, as the Sources page would): four filers' group labels under one axis, a bank's
    own bucket scheme, US$ figures beside RMB ones."""
    pages = sorted((BANKS / "text_extracts").glob(f"{BANK}_*.txt")) if BANKS.is_dir() else []
    if not pages:
        pytest.skip(f"no pages of {BANK} at {BANKS}")
    lender = LENDERS / "text_extracts" / f"{LENDER}.txt"
    pages += [lender] if lender.exists() else []
    from dashboard.library.core import Library

    home = tmp_path / "home"
    home.mkdir()
    app = AppServer(home)
    try:  # the first visit fills the fresh library with the samples
        ctx = browser.new_context()
        ctx.new_page().goto(app.url + "/sources", wait_until="domcontentloaded")
        ctx.pages[0].wait_for_selector("h1", timeout=120_000)
        ctx.close()
    finally:
        app.stop()
    report = Library.open(home / "library").ingest_paths(pages, workers=1)
    assert report.files == len(pages)
    app = AppServer(home)
    try:
        extra = [(f"/?filer={LENDER}", "overview-quarter-dates", 2)] if lender.exists() else []
        problems = _walk(browser, app.url, f"bank-{BANK}", [*PAGES, *extra])
    finally:
        app.stop()
    assert not problems, "\n".join(problems)
