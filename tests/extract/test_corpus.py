"""The ground-truth figures of ../shared/corpus/MANIFEST.md, and the negative samples."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.extract.pipeline import extract_paths
from dashboard.facts.checks import run_checks
from tests.conftest import one, pick

TEXT = "text_extracts"


def facts_of(corpus_dir: Path, name: str) -> pd.DataFrame:
    result = extract_paths([corpus_dir / TEXT / name])
    assert result.issues == []
    return result.facts


# (file, date, 0-30, 31-60, 61-90 or None, over-60/over-90, total past due, current, total)
FTA_AGING = [
    ("FTA_1838413_20F_FY2023_R15.txt", "2022-12-31", 31_206, 21_398, 20_817, 60_353, 133_774, 2_617_034, 2_750_808),
    ("FTA_1838413_20F_FY2023_R15.txt", "2023-12-31", 39_609, 21_041, 17_651, 81_659, 159_960, 3_515_532, 3_675_492),
    ("FTA_1838413_20F_FY2022_R44.txt", "2021-12-31", 22_522, 14_518, None, 47_386, 84_426, 1_758_358, 1_842_784),
    ("FTA_1838413_20F_FY2022_R44.txt", "2022-12-31", 31_206, 21_398, None, 81_170, 133_774, 2_617_034, 2_750_808),
    ("FTA_1838413_20F_FY2021_R45.txt", "2020-12-31", 16_137, 6_755, None, 24_182, 47_074, 1_307_284, 1_354_358),
    ("FTA_1838413_20F_FY2021_R45.txt", "2021-12-31", 22_522, 14_518, None, 47_386, 84_426, 1_758_358, 1_842_784),
]


@pytest.mark.parametrize("name,day,b0,b31,b61,tail,total,current,loans", FTA_AGING)
def test_fta_aging_buckets(corpus_dir, name, day, b0, b31, b61, tail, total, current, loans):
    f = facts_of(corpus_dir, name)
    aging = pick(f, metric="past_due", period_end=day)
    got = {(int(r.days_from), None if pd.isna(r.days_to) else int(r.days_to)): r.value
           for r in aging.itertuples()}
    want = {(0, 30): b0, (31, 60): b31}
    if b61 is None:
        want[(61, None)] = tail  # "Over 60 days past due"
    else:
        want[(61, 90)] = b61
        want[(91, None)] = tail
    assert got == want  # the page states no scale: figures as printed, scale assumed
    assert one(f, metric="past_due_total", period_end=day)["value"] == total
    assert one(f, metric="current", period_end=day)["value"] == current
    assert set(pick(f, metric="total_loans", period_end=day)["value"]) == {loans}
    assert set(f["scale_basis"]) == {"assumed"}
    assert set(f["currency"]) == {"CNY"}


FTA_ROLL = [
    ("FTA_1838413_20F_FY2021_R45.txt", 2019, 19_998, 127_790, 55_147, 92_641),
    ("FTA_1838413_20F_FY2021_R45.txt", 2021, 40_401, 97_658, 72_942, 65_117),
    ("FTA_1838413_20F_FY2022_R44.txt", 2020, 92_641, 94_160, 146_400, 40_401),
    ("FTA_1838413_20F_FY2022_R44.txt", 2022, 65_117, 194_272, 157_030, 102_359),
    ("FTA_1838413_20F_FY2023_R15.txt", 2023, 102_359, 234_599, 182_538, 154_420),
]


@pytest.mark.parametrize("name,year,begin,prov,wo,end", FTA_ROLL)
def test_fta_rollforward_shown_negative_comes_out_positive(corpus_dir, name, year, begin, prov, wo, end):
    f = facts_of(corpus_dir, name)
    roll = f[f["period_start"].astype(str) == f"{year}-01-01"]
    assert one(roll, metric="allowance_begin")["value"] == begin
    assert one(roll, metric="provision")["value"] == prov
    assert one(roll, metric="write_off")["value"] == wo
    assert one(roll, metric="allowance_end")["value"] == end
    assert pick(roll, metric="recovery").empty
    checks = run_checks(f)
    ties = checks[checks["check"] == "allowance rollforward ties"]
    assert len(ties) == 3 and set(ties["status"]) == {"ok"}


def test_fta_cross_filing_restated_bucket_is_consistent(corpus_dir):
    """FY2022 shows 'over 60' = 81,170 for 2022; FY2023 splits it 20,817 + 60,353."""
    r = extract_paths([corpus_dir / TEXT / "FTA_1838413_20F_FY2022_R44.txt",
                       corpus_dir / TEXT / "FTA_1838413_20F_FY2023_R15.txt"])
    f = r.facts.assign(entity="FTA")
    over60 = one(f, metric="past_due", period_end="2022-12-31", days_from=61, source="FTA_1838413_20F_FY2022_R44.txt")
    later = pick(f, metric="past_due", period_end="2022-12-31", source="FTA_1838413_20F_FY2023_R15.txt")
    assert later[later["days_from"] >= 61]["value"].sum() == over60["value"] == 81_170
    checks = run_checks(f)
    same = checks[checks["check"] == "same fact across filings"]
    assert len(same) > 5 and set(same["status"]) == {"agrees"}


def test_qfin_allowance_details_page(corpus_dir):
    f = facts_of(corpus_dir, "QFIN_1741530_20F_FY2022_R61.txt")
    want = {2020: (351_639, 698_701, 636_766, 8_193, 421_767),
            2021: (421_767, 965_419, 475_352, 37_059, 948_893),
            2022: (948_893, 1_580_306, 1_102_422, 30_642, 1_457_419)}
    for year, vals in want.items():
        roll = f[f["period_end"].astype(str) == f"{year}-12-31"]
        for metric, v in zip(("allowance_begin", "provision", "write_off", "recovery", "allowance_end"),
                             vals, strict=True):
            row = one(roll, metric=metric)
            assert row["value"] == v * 1000
            assert row["scale_basis"] == "stated" and row["currency"] == "CNY"
            assert str(row["period_start"]) == f"{year}-01-01"
    ties = run_checks(f)
    assert set(ties[ties["check"] == "allowance rollforward ties"]["status"]) == {"ok"}


def test_qfin_guarantee_rollforwards_and_guaranteed_loan_aging(corpus_dir):
    f = facts_of(corpus_dir, "QFIN_1741530_20F_FY2025_R44.txt")
    sr = f[f["segment"] == "stand-ready guarantee liabilities"]
    y24 = sr[sr["period_end"].astype(str) == "2024-12-31"]
    assert one(y24, metric="guarantee_liability_begin")["value"] == 3_949_601
    assert one(y24, metric="guarantee_provision")["value"] == 2_350_319
    assert one(y24, metric="guarantee_released")["value"] == 3_916_718
    assert one(y24, metric="guarantee_liability_end")["value"] == 2_383_202
    cg = f[f["segment"] == "contingent guarantee liabilities"]
    y25 = cg[cg["period_end"].astype(str) == "2025-12-31"]
    assert one(y25, metric="guarantee_liability_begin")["value"] == 1_820_350
    assert one(y25, metric="guarantee_provision")["value"] == 1_667_742
    assert one(y25, metric="net_payout")["value"] == 1_615_943
    assert one(y25, metric="guarantee_liability_end")["value"] == 1_872_149
    aging = f[f["segment"] == "loans subject to guarantee"]
    assert one(aging, metric="past_due", period_end="2025-12-31", days_from=0)["value"] == 367_325
    assert one(aging, metric="past_due", period_end="2024-12-31", days_from=91)["value"] == 0  # "—"
    assert one(aging, metric="total_loans", period_end="2024-12-31")["value"] == 24_823_317
    checks = run_checks(f)
    g = checks[checks["check"] == "guarantee liability rollforward ties"]
    assert len(g) == 4 and set(g["status"]) == {"ok"}
    assert pick(f, metric="max_exposure").empty  # not in this extract


def test_qd_six_bucket_details_page_in_yuan(corpus_dir):
    f = facts_of(corpus_dir, "QD_1692705_20F_FY2022_R67.txt")
    assert set(f["scale"]) == {1} and set(f["scale_basis"]) == {"stated"}
    total = f[f["segment"] == ""]
    buckets = pick(total, metric="past_due")
    assert sorted(zip(buckets["days_from"], buckets["value"], strict=True)) == [
        (1, 43_935_291), (31, 33_536_939), (61, 29_620_946),
        (91, 27_904_847), (121, 29_486_766), (151, 33_625_049)]
    assert one(total, metric="past_due_total")["value"] == 198_109_838
    assert one(total, metric="current")["value"] == 2_440_895_051
    assert one(total, metric="total_loans")["value"] == 2_639_004_889
    principal = f[f["segment"] == "Loan principal"]
    assert one(principal, metric="past_due", days_from=151)["value"] == 33_625_049
    assert one(principal, metric="total_loans")["value"] == 2_594_964_685
    over90 = pick(principal, metric="past_due")
    assert over90[over90["days_from"] > 90]["value"].sum() == 91_016_662


QD_EXPOSURE = [  # (file, date, segment, RMB million, US$ million or None)
    ("QD_1692705_20F_FY2018_R18.txt", "2017-12-31", "guarantee liabilities", 2_082, None),
    ("QD_1692705_20F_FY2018_R18.txt", "2018-12-31", "guarantee liabilities", 10_703, 1_557),
    ("QD_1692705_20F_FY2019_R19.txt", "2019-12-31", "guarantee liabilities", 2_223, 319),
    ("QD_1692705_20F_FY2019_R19.txt", "2018-12-31", "risk assurance liabilities", 0, None),
    ("QD_1692705_20F_FY2019_R19.txt", "2019-12-31", "risk assurance liabilities", 11_916, 1_712),
    ("QD_1692705_20F_FY2020_R18.txt", "2020-12-31", "guarantee liabilities", 221, 34),
    ("QD_1692705_20F_FY2020_R18.txt", "2020-12-31", "risk assurance liabilities", 53, 8),
    ("QD_1692705_20F_FY2021_R19.txt", "2021-12-31", "guarantee liabilities", 37, 6),
    ("QD_1692705_20F_FY2021_R19.txt", "2021-12-31", "risk assurance liabilities", 0, None),
]


@pytest.mark.parametrize("name,day,segment,rmb,usd", QD_EXPOSURE)
def test_qd_max_exposure_from_narrative(corpus_dir, name, day, segment, rmb, usd):
    f = pick(facts_of(corpus_dir, name), metric="max_exposure", segment=segment, period_end=day)
    cny = one(f, currency="CNY")
    assert cny["value"] == rmb * 1_000_000
    assert cny["disclosure"] == "guarantee" and cny["scale_basis"] == "stated"
    if usd is not None:
        assert one(f, currency="USD")["value"] == usd * 1_000_000


def test_qd_series_across_four_filings_deduplicates(corpus_dir):
    from dashboard.facts.consolidate import consolidate

    files = sorted((corpus_dir / TEXT).glob("QD_1692705_20F_FY20[12]*_R1*.txt"))
    assert len(files) == 4
    f = extract_paths(files).facts.assign(entity="Qudian")
    best = consolidate(f)
    g = pick(best, metric="max_exposure", segment="guarantee liabilities", currency="CNY")
    assert dict(zip(g["period_end"].astype(str), g["value"] / 1e6, strict=True)) == {
        "2017-12-31": 2_082, "2018-12-31": 10_703, "2019-12-31": 2_223, "2020-12-31": 221, "2021-12-31": 37}
    checks = run_checks(f)
    same = checks[checks["check"] == "same fact across filings"]
    assert len(same) >= 4 and set(same["status"]) == {"agrees"}


def test_qfin_narrative_only_page(corpus_dir):
    f = facts_of(corpus_dir, "QFIN_1741530_20F_FY2020_R14.txt")
    wo = pick(f, metric="write_off")
    assert one(wo, period_end="2019-12-31")["value"] == 162e6
    assert one(wo, period_end="2020-12-31")["value"] == 637e6
    odd = one(wo, period_end="2018-12-31")  # "RMB 31," with no unit: kept, flagged
    assert odd["value"] == 31 and odd["scale_basis"] == "assumed" and "no unit" in odd["note"]
    nil = pick(f, metric="nonaccrual")
    assert sorted(nil["period_end"].astype(str)) == ["2019-12-31", "2020-12-31"] and set(nil["value"]) == {0}
    acc = pick(f, metric="accrued_interest_receivable")
    assert sorted(acc["value"]) == [42_770, 87_278]


APPLE = "original/aapl-10q-20250329"


def test_apple_r_pages_yield_no_credit_facts(corpus_dir):
    pages = sorted((corpus_dir / APPLE).glob("R*.htm"))
    assert len(pages) == 42
    r = extract_paths(pages)
    assert r.issues == []
    assert r.facts.empty, r.facts[["source", "metric", "label"]].to_string()
    assert set(r.sources["kind"]) == {"rpage_html"}
    assert not r.sources["message"].str.contains("classified as").any()


def test_scale_inferred_from_another_filing_printing_the_same_figures(corpus_dir, seeds_dir):
    r = extract_paths([seeds_dir / "002_cb6f4609249da9f4.txt", corpus_dir / TEXT / "FTA_1838413_20F_FY2022_R44.txt"])
    f = r.facts[r.facts["source"] == "FTA_1838413_20F_FY2022_R44.txt"]
    assert set(f["scale_basis"]) == {"inferred"} and set(f["scale"]) == {1000}
    assert one(f, metric="past_due", period_end="2021-12-31", days_from=61)["value"] == 47_386_000
    assert "002_cb6f4609249da9f4.txt" in f["note"].iloc[0]
