"""Presentation exports of a selection of facts: a PowerPoint deck, an Excel workbook, a
self-contained HTML report, and each chart as PNG/SVG (slide resolution) or interactive HTML.

Pure core code (no streamlit): every function takes the facts frame (plus, optionally, the
extraction's sources table and the checks) and returns bytes, so the app can hand them to a
download button and the command line can write them to a file:

    deck_bytes(facts, sources, checks)       -> .pptx
    workbook_bytes(facts, sources, checks)   -> .xlsx
    html_bytes(facts, sources, checks)       -> .html
    images.figure_downloads(fig, stem)       -> PNG / SVG / HTML of one chart

`build_report(paths, out)` is `python -m dashboard report PATH... -o OUT`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from dashboard.analysis import periods
from dashboard.exports import images
from dashboard.exports.content import (
    CHART_NAMES,
    ChartItem,
    Report,
    build,
    chart_item,
    chart_items,
    chart_keys,
    each_chart_item,
)
from dashboard.exports.html import build_html
from dashboard.exports.layout import Analysed, analyse
from dashboard.extract.pipeline import extract_paths
from dashboard.facts.resolve import Labels, read_manifest, resolve

__all__ = ["CHART_NAMES", "REPORT_FORMATS", "Analysed", "ChartItem", "Report", "analyse",
           "apply_manifest", "build", "build_report", "chart_item", "chart_items", "chart_keys",
           "deck_bytes", "each_chart_item", "html_bytes", "images", "read_manifest",
           "workbook_bytes"]

REPORT_FORMATS = (".pptx", ".xlsx", ".html")


def deck_bytes(facts: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
               checks: pd.DataFrame | None = None, *, issues: Iterable[str] = (),
               images_wanted: bool = True, problems: list[str] | None = None,
               report: Report | None = None, context: pd.DataFrame | None = None) -> bytes:
    """The .pptx deck (of `report` when the caller built it already). Without a browser the
    chart slides say how to get one and the reason is appended to `problems` (see
    `images.browser_available()` to warn beforehand). `context`: the facts before the
    page's filters, which the ratios may read."""
    from dashboard.exports.deck import _png, build_deck

    return build_deck(report or build(facts, sources, checks, issues, context=context),
                      renderer=_png if images_wanted else None, problems=problems)


def workbook_bytes(facts: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                   checks: pd.DataFrame | None = None, *, issues: Iterable[str] = (),
                   report: Report | None = None, context: pd.DataFrame | None = None
                   ) -> bytes:
    from dashboard.exports.workbook import build_workbook

    return build_workbook(report or build(facts, sources, checks, issues, context=context))


def html_bytes(facts: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
               checks: pd.DataFrame | None = None, *, issues: Iterable[str] = (),
               report: Report | None = None, context: pd.DataFrame | None = None) -> bytes:
    return build_html(report or build(facts, sources, checks, issues, context=context))


# ─── a folder's manifest.json (as in data/): filer, form, period and note per file ──────────

def apply_manifest(facts: pd.DataFrame, sources: pd.DataFrame,
                   manifest: Mapping[str, Mapping[str, str]], *, name_filers: bool = True,
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill the filer name, form, period and note the files do not state from a manifest
    (dashboard.facts.resolve; the sources' `entity` becomes the filer the facts go by)."""
    if not manifest:
        return facts, sources
    res = resolve(facts, sources, Labels(manifest=manifest, manifest_filers=name_filers),
                  keep_reported=False)
    sources = res.sources
    filer = sources.pop("filer")
    if name_filers:
        sources["entity"] = filer
    return res.facts, sources


def _with_manifests(paths: list[Path]) -> list[Path]:
    """A folder with a manifest.json (as data/) stands for the files its manifest lists, as
    in the app; its README and the manifest itself are not filings."""
    out: list[Path] = []
    for p in paths:
        listed = read_manifest(p) if p.is_dir() else {}
        files = [p / name for name in listed if (p / name).is_file()]
        out.extend(files or [p])
    return out


# ─── the command line ───────────────────────────────────────────────────────────────────────

def build_report(paths: Iterable[str | Path], out: Path, *, entity: str | None = None,
                 frequency: str | None = None) -> int:
    """`python -m dashboard report PATH... -o OUT [--entity NAME] [--frequency F]`: OUT's
    extension picks the deck (.pptx), workbook (.xlsx) or page (.html). `frequency` (annual or
    quarterly; annual when None) picks the periods the rollforward tables and charts show.

    Exit 0 when everything was read and drawn; 1 when the report was written but a file could
    not be read, nothing was found, or the deck's charts could not be drawn (no browser); 2 for
    a usage error. Problems go to standard error, one line each.
    """
    out = Path(out)
    ext = out.suffix.lower()
    if ext not in REPORT_FORMATS:
        print(f"python -m dashboard: error: {out.name}: unknown report format '{out.suffix}'; "
              f"use one of {', '.join(REPORT_FORMATS)}", file=sys.stderr)
        return 2
    paths = [Path(p) for p in paths]
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        print(f"{p}: no such file or folder", file=sys.stderr)
    result = extract_paths(_with_manifests([p for p in paths if p.exists()]))
    problems = [issue.line() for issue in result.issues]
    for line in problems:
        print(line, file=sys.stderr)
    facts, sources = result.facts, result.sources
    manifest: dict[str, dict[str, str]] = {}
    for p in paths:
        if p.exists():
            manifest.update(read_manifest(p if p.is_dir() else p.parent))
    facts, sources = apply_manifest(facts, sources, manifest, name_filers=not entity)
    if entity:
        facts = facts.assign(entity=entity)
        sources = sources.assign(entity=entity)
    if frequency:
        # one duration per series, derived marked, named by the filings' own fiscal focus
        facts = periods.series(facts, frequency, focus=periods.focus_from_sources(sources))
    issues = [*problems, *(f"{p}: no such file or folder" for p in missing)]
    status = 1 if issues else 0
    if facts.empty:
        print("no delinquency, allowance or guarantee figures found in the files given",
              file=sys.stderr)
        status = 1
    if ext == ".pptx":
        drawn: list[str] = []
        data = deck_bytes(facts, sources, issues=issues, problems=drawn)
        for line in drawn:
            print(f"{out.name}: charts not drawn: {line}", file=sys.stderr)
            status = 1
    elif ext == ".xlsx":
        data = workbook_bytes(facts, sources, issues=issues)
    else:
        data = html_bytes(facts, sources, issues=issues)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return status
