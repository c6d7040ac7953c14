"""Shared fixtures. Tests that read ../shared skip cleanly where it is absent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import settings

# Hypothesis's per-example deadline measures the machine, not the code: on shared cores
# running two test workers, a first example that warms a cache can take many times the next.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
DATA = ROOT / "data"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpus sits beside the checkout in CI)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return need(CORPUS)


@pytest.fixture(scope="session", autouse=True)
def _streamlit_components_scanned_once() -> Iterator[None]:
    """Every AppTest run scans the metadata of every installed distribution for Streamlit
    components; what is installed does not change during a session, so the first scan's answer
    is reused."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:
        yield
        return
    real = manifest_scanner.scan_component_manifests
    found: list[Any] = []

    def once(max_workers: int | None = None) -> list[Any]:
        if not found:
            found.append(real(max_workers))
        return list(found[0])

    manifest_scanner.scan_component_manifests = once
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = real


def pick(facts: pd.DataFrame, **where: object) -> pd.DataFrame:
    """Rows matching every column=value given (dates may be given as 'YYYY-MM-DD')."""
    mask = pd.Series(True, index=facts.index)
    for col, want in where.items():
        if col in ("period_end", "period_start") and isinstance(want, str):
            want = date.fromisoformat(want)
        if want is None:
            mask &= facts[col].isna()
        else:
            mask &= facts[col] == want
    return facts[mask]


REAL_PAGES = ROOT / "tests" / "real_pages" / "text_extracts"  # the project's own real pages


def real_page(name: str, text: str | None = None) -> pd.DataFrame:
    """The facts of one of tests/real_pages' pages as `extract` reads it (of `text` instead,
    under the page's name, when given: a page changed by a test)."""
    from dashboard.extract.pipeline import extract_bytes

    data = (REAL_PAGES / name).read_bytes() if text is None else text.encode()
    return extract_bytes([(name, data)]).facts


def rendered_line(*cells: str) -> str:
    """Cells as the search corpus's text extracts render an R page's line: each cell's text then
    a "|" line, an empty cell a bare "|" (for tests' invented pages in that rendering)."""
    return "".join(f"{c}\n|\n" if c else "|\n" for c in cells)


def rendered_row(label: str, *figures: str, dollar: bool = False) -> str:
    """A table row in that rendering: the label, then per figure an empty cell, the currency
    sign's cell ("$" with `dollar`), the figure and the closing parenthesis of a negative one."""
    cells = [label]
    for v in figures:
        negative = v.startswith("(")
        cells += ["", "$" if dollar else "", v.rstrip(")"), ")" if negative else ""]
    return rendered_line(*cells)


def piped_row(label: str, *figures: str, dollar: str = "every") -> str:
    """A table row in a pipe-per-cell rendering of an R page (each cell its own line, opening
    with "|"): the label's cell and an empty one, then per figure the currency sign's cell ("$"
    before every figure, before the first only with dollar="first", never with "none"), the
    figure, the closing parenthesis of a negative one and an empty cell."""
    out = f"|{label}\n|\n"
    for k, v in enumerate(figures):
        sign = "$" if dollar == "every" or (dollar == "first" and k == 0) else ""
        out += f"|{sign}\n|{v.rstrip(')')}\n" + ("|)\n" if v.startswith("(") else "|\n") + "|\n"
    return out


def whole(facts: pd.DataFrame, **where: object) -> pd.DataFrame:
    """The whole-portfolio facts (no segment, no population) matching every column=value."""
    rows = pick(facts, **where)
    return rows[(rows.segment.fillna("") == "") & (rows.population.fillna("") == "")]


def whole_values(facts: pd.DataFrame, metric: str, end: str, **where: object) -> list[float]:
    """The values, sorted, of the whole-portfolio facts of a metric at a date."""
    return sorted(whole(facts, metric=metric, period_end=end, **where).value.tolist())


def by_start(rows: pd.DataFrame) -> dict[str, float]:
    """The figures as printed (value / scale), by the start of their period."""
    return {str(s)[:10]: v / k for s, v, k in zip(rows.period_start, rows.value, rows.scale,
                                                  strict=True)}


def one(facts: pd.DataFrame, **where: object) -> pd.Series:
    rows = pick(facts, **where)
    assert len(rows) == 1, f"expected one fact for {where}, found {len(rows)}:\n{rows.to_string()}"
    return rows.iloc[0]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fork-tests", choices=("first", "only", "skip"), default="first",
        help="the tests marked fork: run them first (default), only them, or leave them out. "
             "scripts/test.sh runs them on their own, then the rest on xdist workers (whose "
             "processes run threads, so extraction would not fork there)")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With `--fork-tests=only`, a test file that never names the fork mark is not imported
    (importing every test module would cost more than the fork tests themselves)."""
    if config.getoption("--fork-tests") != "only" or collection_path.suffix != ".py" \
            or not collection_path.name.startswith("test_"):
        return None
    return b"fork" not in collection_path.read_bytes() or None


# Under xdist (`--dist loadgroup`) a module's tests run on one worker, so its module-scoped
# fixtures are made once, and so do all the browser tests, which share one app and one
# Chromium (tests/e2e/conftest.py). The longest groups, listed here longest first, start
# first, so the two workers finish together (`--no-loadscope-reorder` keeps this order).
HEAVY_GROUPS = ("e2e", "test_exports.py", "test_peers.py", "test_pages.py", "test_app.py",
                "test_library_app.py", "test_fetch_app.py")


def _group(item: pytest.Item) -> str:
    path = Path(str(item.fspath))
    return "e2e" if path.parent.name == "e2e" else path.name


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `fork` run first: extraction forks its workers only from a process that runs
    no other thread, and later tests (the app, Dask, the fetch server) start threads that stay.
    Then the heavy groups, longest first; every test tagged with its xdist group."""
    which = config.getoption("--fork-tests")
    if which != "first":
        want = which == "only"
        keep, drop = [], []
        for item in items:
            (keep if (item.get_closest_marker("fork") is not None) == want else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep
    order = {name: n for n, name in enumerate(HEAVY_GROUPS)}
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group(item)))
    items.sort(key=lambda item: (item.get_closest_marker("fork") is None,
                                 order.get(_group(item), len(order))))
