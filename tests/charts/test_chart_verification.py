"""A chart's footnote counts the figures the chart draws (its main population, the aging
table's lines, the maximum exposure) and how many of them the page's arithmetic confirms,
on real bank pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.analysis.verification import verification
from dashboard.charts.allowance import allowance_chart
from dashboard.charts.delinquency import delinquency_chart
from dashboard.charts.sources import chart_facts
from dashboard.extract.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[2]
BANKS = ROOT.parent / "shared" / "corpus" / "real_banks" / "text_extracts"


def _footnote(fig) -> str:  # noqa: ANN001
    text = next(a.text for a in fig.layout.annotations if a.name == "footnote")
    return " ".join(text.replace("<br>", " ").split())


@pytest.mark.skipif(not BANKS.is_dir(), reason="../shared real bank pages are not here")
@pytest.mark.parametrize(("page", "disclosure", "counts", "sentence"), [
    # Zions: 147 delinquency figures on the page, of which the chart draws the whole
    # portfolio's aging lines; the classes' '90+ accruing' columns are not drawn, not counted
    ("CIK109380_10Q_2021Q3_R27.txt", "delinquency", (5, 0, 5, 0, 0),
     "Page arithmetic: all 5 figures tie or foot (footing 5)."),
    ("CIK49196_10K_FY2022_R40.txt", "allowance", (28, 20, 8, 0, 0),
     "Page arithmetic: all 28 figures tie or foot (rollforward 20, footing 8)."),
])
def test_chart_footnote_counts_what_the_chart_draws(page: str, disclosure: str,
                                                    counts: tuple[int, ...], sentence: str) -> None:
    facts = extract_paths([BANKS / page]).facts
    drawn = chart_facts(facts, disclosure)
    v = verification(drawn)
    assert (v.figures, v.rollforward, v.footing, v.derived, v.none) == counts
    make = {"delinquency": delinquency_chart, "allowance": allowance_chart}
    assert _footnote(make[disclosure](facts)).endswith(sentence)
