"""The tenth batch's real pages (tests/real_pages): whole-portfolio figures that a table's
structure and arithmetic prove, though its words do not name them as the engine expected."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import extract_paths

PAGES = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts"
BANKS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real_banks" / "text_extracts"


@cache
def _facts(path: Path) -> pd.DataFrame:
    return extract_paths([path]).facts


def whole(path: Path, metric: str) -> dict[str, float]:
    f = _facts(path)
    f = f[(f.metric == metric) & (f.segment == "") & (f.population == "")]
    return {str(d): v for d, v in zip(f.period_end, f.value, strict=True)}


def test_aging_columns_decide_the_topic_over_a_caption_naming_the_allowance():
    # "total outstanding loans, gross of the related allowance": buckets and a current column
    page = PAGES / "CIK1386278_10Q_2018Q1_R30.txt"
    assert whole(page, "current") == {"2018-03-31": 17_879_000, "2017-12-31": 16_620_000}
    assert whole(page, "total_loans") == {"2018-03-31": 20_164_000, "2017-12-31": 18_861_000}
    assert whole(page, "past_due_total") == {"2018-03-31": 2_285_000, "2017-12-31": 2_241_000}


def test_total_loans_over_subtotals_at_two_levels():
    # classes → "Commercial and business lending" → "Total commercial" → "Total loans"
    page = PAGES / "CIK7789_10Q_2016Q2_R15.txt"
    assert whole(page, "total_loans") == {"2016-06-30": 19_815_286_000, "2015-12-31": 18_714_343_000}


def test_loans_net_of_allowance_proves_the_gross_line():
    page = PAGES / "CIK845877_10Q_2015Q2_R13.txt"
    assert whole(page, "total_loans") == {"2015-06-30": 3_665_571_000, "2014-12-31": 3_525_939_000}
    assert whole(page, "allowance_end") == {"2015-06-30": 5_939_000, "2014-12-31": 5_864_000}


def test_bare_total_of_a_loans_schedule_by_date():
    page = PAGES / "CIK311094_10Q_2021Q3_R22.txt"
    assert whole(page, "total_loans") == {"2021-09-30": 1_132_472_000, "2020-12-31": 1_256_243_000}


def test_bare_total_beside_counts_and_interest_is_no_composition():
    # "Number of Loans | Amount | Accrued Interest" of student loans by status: not the book
    f = _facts(BANKS / "CIK1137547_10Q_2020Q1_R29.txt")
    assert not f[(f.metric == "total_loans") & f.segment.isin(["Number of Loans", "Amount", "Accrued Interest"])].shape[0]


def test_maximum_amount_of_future_payments_on_a_details_page():
    page = PAGES / "CIK719739_10Q_2022Q3_R92.txt"
    assert whole(page, "max_exposure") == {"2022-09-30": 3_824_000_000}


def test_gross_loans_under_the_last_group_heading_is_the_whole_book():
    page = PAGES / "CIK1435508_10Q_2011Q2_R8.txt"
    assert whole(page, "total_loans") == {"2011-06-30": 359_479_000, "2010-09-30": 348_705_000}
    assert whole(page, "allowance_end") == {"2011-06-30": 4_447_000, "2010-09-30": 3_811_000}
