"""The allowance chart per frequency on real 10-Q pages: the axis names each fiscal period,
a year to date is hatched and never a bare year, a derived quarter is striped and its hover
names both filed periods."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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


def test_the_footnote_counts_the_periods_drawn() -> None:
    """Huntington's Q1 2020 10-Q beside its FY2022 10-K (CIK49196): per quarter the chart
    draws only the 10-Q's quarters, so its footnote names only the 10-Q and counts only those
    quarters' figures; per year it names both. CIK701347's quarter: 12 figures, not the 24
    of the quarter and the nine months to the same dates."""
    q = facts_of("CIK49196_10Q_2020Q1_R27.txt")
    k = facts_of("CIK49196_10K_FY2022_R40.txt")
    both = pd.concat([q, k], ignore_index=True).assign(entity="Huntington")

    def foot(fig) -> str:
        return next(a.text for a in fig.layout.annotations if a.name == "footnote") \
            .replace("<br>", " ")

    quarterly = foot(allowance_chart(both, frequency="quarterly"))
    assert "CIK49196_10Q_2020Q1_R27.txt" in quarterly
    assert "CIK49196_10K_FY2022_R40.txt" not in quarterly
    annual = foot(allowance_chart(both, frequency="annual"))
    assert "CIK49196_10Q_2020Q1_R27.txt" in annual and "CIK49196_10K_FY2022_R40.txt" in annual
    one = facts_of("CIK701347_10Q_2011Q3_R11.txt")
    assert "all 12 figures tie or foot" in foot(allowance_chart(one, segment="",
                                                                frequency="quarterly"))
