"""The allowance chart per frequency on real 10-Q pages: the axis names each fiscal period,
a year to date is hatched and never a bare year, a derived quarter is striped and its hover
names both filed periods."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.charts.allowance import allowance_chart
from dashboard.extract.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[2]
BANKS = ROOT.parent / "shared" / "corpus" / "real_banks" / "text_extracts"


def facts_of(name: str):
    path = BANKS / name
    if not path.exists():
        pytest.skip(f"the shared corpus is not beside the project ({path})")
    return extract_paths([path]).facts


def trace(fig, name: str) -> dict:
    return next(t for t in fig.to_plotly_json()["data"] if t.get("name") == name)


def test_cik701347_annual_and_quarterly_axes() -> None:
    f = facts_of("CIK701347_10Q_2011Q3_R11.txt")
    annual = allowance_chart(f, segment="")
    wo = trace(annual, "Write-off")
    assert list(wo["x"]) == ["FY2010 9M", "FY2011 9M"]
    assert list(wo["y"]) == pytest.approx([169.757, 30.268])  # US$ millions, as filed
    assert list(wo["marker"]["pattern"]["shape"]) == ["x", "x"]
    assert "per fiscal year" in annual.layout.title.text
    # notes about the figures are printed under the plot, with the source footnote
    foot = next(a.text for a in annual.layout.annotations if a.name == "footnote")
    assert "hatched: year to date" in foot.replace("<br>", " ")
    quarterly = allowance_chart(f, segment="", frequency="quarterly")
    wo = trace(quarterly, "Write-off")
    assert list(wo["x"]) == ["FY2010 Q3", "FY2011 Q3"]
    assert list(wo["y"]) == pytest.approx([79.047, 5.943])
    end = trace(quarterly, "Ending allowance")
    assert list(end["y"]) == pytest.approx([217.602, 143.430])
    assert "per fiscal quarter" in quarterly.layout.title.text


def test_cik705432_derived_fourth_quarter_is_striped_and_named() -> None:
    f = facts_of("CIK705432_10Q_2024Q3_R48.txt")
    fig = allowance_chart(f, segment="", frequency="quarterly")
    wo = trace(fig, "Write-off")
    assert list(wo["x"]) == ["FY2023 Q3", "FY2023 Q4", "FY2024 Q3"]
    assert list(wo["y"]) == pytest.approx([1.262, 1.572, 0.773])
    assert list(wo["marker"]["pattern"]["shape"]) == ["", "/", ""]
    hover = wo["customdata"][1][4]
    assert "derived: FY2023 (" in hover and "− FY2023 9M (" in hover
