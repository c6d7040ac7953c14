"""The deck and the workbook per frequency, on a real 10-Q page with both durations
(CIK701347's rollforward for the three and the nine months ended September 30, 2011 and
2010): each column is one period of one duration with the page's own figures, and the lines
and notes name the period ("Balance at beginning of quarter"), never "of year" beside a
quarter or nine months."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from dashboard import exports
from dashboard.analysis import periods
from dashboard.exports import build_report, content, deck_bytes
from dashboard.extract.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT.parent / "shared" / "corpus" / "real_banks" / "text_extracts" / \
    "CIK701347_10Q_2011Q3_R11.txt"


@pytest.fixture()
def page() -> Path:
    if not PAGE.exists():
        pytest.skip(f"the shared corpus is not beside the project ({PAGE})")
    return PAGE


def allowance_sheet(path: Path) -> tuple[str, list[str], dict[str, list]]:
    """(the unit note, the period heads, line → figures) of the whole portfolio."""
    rows = [r for r in openpyxl.load_workbook(path)["Allowance"].iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Filer")
    note = str(rows[head - 1][4])
    periods = [str(v) for v in rows[head][4:] if v]
    lines = {str(r[2]): list(r[4:4 + len(periods)]) for r in rows[head + 1:]
             if r and r[1] == "whole portfolio"}
    return note, periods, lines


@pytest.mark.parametrize(("frequency", "heads", "begin", "end", "span", "note"), [
    ("quarterly", ["FY2010 Q3", "FY2011 Q3"], [201_959, 166_934], [217_602, 143_430],
     "quarter", "fiscal quarters"),
    ("annual", ["FY2010 9M", "FY2011 9M"], [205_279, 192_854], [217_602, 143_430],
     "period", "fiscal years to date"),
])
def test_workbook_lines_name_the_period(page: Path, tmp_path: Path, frequency: str,
                                        heads: list[str], begin: list[int], end: list[int],
                                        span: str, note: str) -> None:
    out = tmp_path / "w.xlsx"
    assert build_report([page], out, frequency=frequency) == 0
    unit_note, periods, lines = allowance_sheet(out)
    assert periods == heads
    # the page's own figures for each duration (thousands), never the two durations added
    assert lines[f"Balance at beginning of {span}"] == begin
    assert lines[f"Balance at end of {span}"] == end
    assert not any("of year" in label for label in lines)
    assert note in unit_note and "years ended" not in unit_note


def test_deck_table_slide_names_the_quarter(page: Path, tmp_path: Path) -> None:
    r = extract_paths([page])
    facts = periods.series(r.facts, "quarterly")
    prs = Presentation(io.BytesIO(deck_bytes(facts, r.sources, images_wanted=False)))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            elif shape.has_text_frame:
                texts.append(shape.text_frame.text)
    assert "Balance at beginning of quarter" in texts and "FY2011 Q3" in texts
    assert not [t for t in texts if "beginning of year" in t or "years ended" in t]
    assert any("fiscal quarters" in t for t in texts)


def test_a_quarterly_tables_footnote_counts_its_own_figures(page: Path) -> None:
    """The Presentation page's path (facts as loaded, the table per quarter): the page
    arithmetic under the quarterly table counts the two quarters' figures (begin, provision,
    charge-offs, recoveries, net charge-offs, end: 12), not the nine months' to the same dates
    beside them (24)."""
    r = extract_paths([page])
    done = exports.analyse(r.facts, r.facts, frequency="quarterly")
    report = exports.build(r.facts, r.sources, done=done,
                           charts=exports.chart_items(r.facts, r.sources, done))
    (table,) = [t for t in report.tables["allowance"] if t.segment == ""]
    assert table.periods == ["FY2010 Q3", "FY2011 Q3"]
    assert "all 12 figures tie or foot (rollforward 12)" in content.table_footnote(table, report)
    annual = exports.analyse(r.facts, r.facts, frequency="annual")
    report = exports.build(r.facts, r.sources, done=annual,
                           charts=exports.chart_items(r.facts, r.sources, annual))
    (table,) = [t for t in report.tables["allowance"] if t.segment == ""]
    assert table.periods == ["FY2010 9M", "FY2011 9M"]
    assert "all 12 figures tie or foot (rollforward 12)" in content.table_footnote(table, report)
