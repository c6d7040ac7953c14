"""How filers name a period's length. "Quarter Ended September 30, 2025" heads a bank's 10-Q
rollforward (a mirror of an EDGAR R page, R32, 2025 Q3); read as nothing, the rollforward took
twelve months and its quarter's provision was dated as a year's."""

from __future__ import annotations

import pytest

from dashboard.model.dates import bare_year, duration_months


@pytest.mark.parametrize(("text", "months"), [
    ("Quarter Ended September 30, 2025", 3),
    ("For the quarter ended June 30, 2024", 3),
    ("Fiscal quarters ended", 3),
    ("Three Months Ended", 3),
    ("Six-Month Period Ended June 30, 2025", 6),
    ("9 Months Ended", 9),
    ("Years ended December 31,", 12),
    ("Headquarters ended its lease", None),
    ("December 31, 2024", None),
])
def test_duration_months(text: str, months: int | None) -> None:
    assert duration_months(text) == months


@pytest.mark.parametrize(("text", "year"), [
    ("2019", 2019), (" 2020 ", 2020), ("2019 2018", None), ("September 30, 2019", None),
    ("1,999", None), ("Total", None),
])
def test_bare_year(text: str, year: int | None) -> None:
    assert bare_year(text) == year
