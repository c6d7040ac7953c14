"""The last real pages' layouts (../shared/corpus/real_*): measures named over column groups,
transposed rollforwards, stacked tables below a short one, nonaccrual memo lines. Each test
reads one real page, asserts figures its MANIFEST records and the parts that must stay parts;
they skip cleanly where ../shared is absent."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import extract_paths
from tests.conftest import CORPUS, need, one

LENDERS = CORPUS / "real_lenders" / "text_extracts"
BANKS = CORPUS / "real_banks" / "text_extracts"


def page(folder: Path, name: str) -> pd.DataFrame:
    return extract_paths([need(folder / name)]).facts


def whole(facts: pd.DataFrame) -> pd.DataFrame:
    return facts[(facts["segment"] == "") & (facts["population"] == "")]


def test_a_measure_and_a_scale_per_group_of_columns():
    # AmEx FY2011: "Maximum amount of undiscounted future payments (Billions)" over 2011 | 2010,
    # then "Amount of related liability (Millions)" over 2011 | 2010; the Total row is the sum
    f = page(LENDERS, "CIK4962_10K_FY2011_R48.txt")
    w = whole(f)
    assert one(w, metric="max_exposure", period_end="2011-12-31")["value"] == 52e9
    assert one(w, metric="max_exposure", period_end="2010-12-31")["value"] == 68e9
    types = f[(f["metric"] == "max_exposure") & (f["segment"] != "")]
    assert set(types["segment"]) == {"Card and travel operations", "Other"}
    # the liability columns (194, 213 millions) are no maximum exposure
    assert not f["value"].isin([194e6, 213e6, 194e9, 213e9]).any()


def test_the_caption_names_the_measure_of_a_table_of_guarantee_types():
    # Caterpillar: "The maximum potential amount of future payments … was as follows:" over
    # cells run together; "Total guarantees" (42 + 341 = 383) is the whole maximum
    f = page(LENDERS, "CIK18230_10Q_2023Q3_R19.txt")
    w = whole(f)
    assert one(w, metric="max_exposure", period_end="2023-09-30")["value"] == 383e6
    assert one(w, metric="max_exposure", period_end="2022-12-31")["value"] == 511e6
    assert len(w) == 2  # the recorded liability ($4 million) in the prose is no maximum


def test_a_transposed_rollforward_with_an_unlabelled_total_row():
    f = page(LENDERS, "CIK1528061_10Q_2018Q3_R26.txt")
    q = f[f["period_start"].astype(str) == "2018-07-01"]
    w = whole(q)
    assert one(w, metric="allowance_begin")["value"] == 14_557
    assert one(w, metric="write_off")["value"] == 27_707
    assert one(w, metric="allowance_end")["value"] == 15_620
    short = q[q["segment"] == "Short-term consumer loans"]
    assert one(short, metric="provision")["value"] == 11_437
    # the balance table above: "September 30, | December 31," over "2018 | 2017"
    assert one(whole(f), metric="allowance_end", period_end="2017-12-31")["value"] == 16_327
    assert not f["value"].isin([97_797, 110_666]).any()  # receivables "before allowance"


def test_nonaccrual_memo_lines_do_not_outvote_the_balance():
    f = whole(page(BANKS, "CIK740971_10Q_2012Q2_R30.txt"))
    assert one(f, metric="nonaccrual", period_end="2012-06-30")["value"] == 8_848_000
    assert one(f, metric="nonaccrual", period_end="2011-12-31")["value"] == 8_475_000


def test_a_provision_table_above_stacked_rollforwards():
    # CIK868671: loans / unfunded / total provision over 3M and 9M columns, then rollforwards
    # stacked under their own headings with Total first
    f = page(BANKS, "CIK868671_10Q_2023Q3_R25.txt")
    w = whole(f)
    assert one(w, metric="provision", period_start="2022-01-01", period_end="2022-09-30")["value"] == 11_373_000
    combined = f[f["label"] == "Total provision for credit losses"]
    assert (combined["population"] != "").all()  # loans plus unfunded: never the loans' provision
    assert "Residential Real Estate" in set(f["segment"])
