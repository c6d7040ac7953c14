"""The filing's own fiscal year and period (dei:DocumentFiscalYearFocus and
DocumentFiscalPeriodFocus) are carried from inline XBRL, an instance and an R1 cover page into
the document's metadata and the sources table, on real filings: Apple's 10-Q for the quarter
ended 29 March 2025 (a September 52/53-week year: FY2025 Q2) and Tesla's 10-Q for June 2024
(a calendar year: 2024 Q2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis import periods
from dashboard.extract.pipeline import extract_paths
from dashboard.model.documents import fiscal_focus

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT.parent / "shared" / "corpus" / "original"
APPLE = ORIGINAL / "aapl-10q-20250329"
TESLA = ORIGINAL / "tsla-20240630_htm.xml"


def need(*paths: Path) -> list[Path]:
    for p in paths:
        if not p.exists():
            pytest.skip(f"{p} is not here (the shared corpus sits beside the checkout in CI)")
    return list(paths)


def focus_of(sources, name: str) -> tuple[str, str, str]:
    row = sources[sources["source"] == name].iloc[0]
    return row["fiscal_year_focus"], row["fiscal_period_focus"], row["period"]


def test_focus_from_inline_xbrl_and_the_cover_page() -> None:
    r = extract_paths(need(APPLE / "aapl-20250329.htm", APPLE / "R1.htm"))
    assert focus_of(r.sources, "aapl-20250329.htm") == ("2025", "Q2", "2025-03-29")
    assert focus_of(r.sources, "R1.htm") == ("2025", "Q2", "2025-03-29")


def test_focus_from_an_instance_with_its_facts() -> None:
    r = extract_paths(need(TESLA))
    assert focus_of(r.sources, TESLA.name) == ("2024", "Q2", "2024-06-30")
    assert not r.facts.empty  # the facts the focus labels


def test_a_cover_page_names_its_filers_fiscal_calendar() -> None:
    """R1.htm carries no credit figures; its focus still says Apple's year closes in
    September, so the 13 weeks to 29 March 2025 are FY2025 Q2, not a calendar year's Q1."""
    r = extract_paths(need(APPLE / "R1.htm"))
    focus = periods.focus_from_sources(r.sources)
    assert focus["R1.htm"] == periods.Focus(2025, "Q2", date(2025, 3, 29), "Apple Inc.")
    quarter = pd.DataFrame({"entity": ["Apple Inc."], "source": ["R4.htm"],
                            "period_start": [date(2024, 12, 29)],
                            "period_end": [date(2025, 3, 29)]})
    cal = periods.calendars(quarter, focus)["Apple Inc."]
    assert (cal.year_end_month, cal.year_offset, cal.basis) == (9, 0, "dei")
    assert periods.label_periods(quarter, focus)["period_label"].tolist() == ["FY2025 Q2"]
    # without the cover page nothing says the year closes in September
    assert periods.label_periods(quarter)["period_label"].tolist() == ["FY2025 Q1"]
    # a cover page of another filer says nothing about this one
    other = quarter.assign(entity="Someone else")
    assert periods.calendars(other, focus)["Someone else"].basis != "dei"


@pytest.mark.parametrize(("key", "text", "kept"), [
    ("fiscal_year_focus", " 2024 ", "2024"), ("fiscal_year_focus", "FY 2024", "2024"),
    ("fiscal_year_focus", "n/a", ""), ("fiscal_period_focus", "q3", "Q3"),
    ("fiscal_period_focus", "FY", "FY"), ("fiscal_period_focus", "Quarter 3", ""),
])
def test_focus_values_as_kept(key: str, text: str, kept: str) -> None:
    assert fiscal_focus(key, text) == kept
