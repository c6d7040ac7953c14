"""Credit ratios on real figures (bundled samples and the shared corpus), hand-checked, and the
ratios that must not be computed: missing, mismatched or misaligned inputs give a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis.ratios import (
    COMPUTED,
    NOT_COMPUTED,
    credit_ratios,
    period_kind,
)
from dashboard.exports import apply_manifest, read_manifest
from dashboard.extract.pipeline import extract_paths
from dashboard.model.schema import facts_frame
from tests.conftest import CORPUS, DATA, need

FTA = "Full Truck Alliance Co. Ltd."
QFIN = "Qifu Technology, Inc."
QD = "Qudian Inc."
NAMES = {"FTA": FTA, "QFIN": QFIN, "QD": QD}


def _samples() -> pd.DataFrame:
    man = read_manifest(DATA)
    res = extract_paths([DATA / name for name in man])
    facts, _ = apply_manifest(res.facts, res.sources, man)
    return facts


@pytest.fixture(scope="module")
def sample_ratios() -> pd.DataFrame:
    return credit_ratios(_samples())


@pytest.fixture(scope="module")
def corpus_facts() -> pd.DataFrame:
    """The bundled samples and the text extracts read as one batch (so a scale the extract
    does not state is inferred from the samples' stated one), each named after its filer."""
    folder = need(CORPUS / "text_extracts")
    man = read_manifest(DATA)
    res = extract_paths([DATA / name for name in man] + sorted(folder.glob("*.txt")))
    facts, _ = apply_manifest(res.facts, res.sources, man)
    prefix = [Path(s).name.split("_")[0] for s in facts["source"]]
    facts["entity"] = [NAMES.get(p, e) for p, e in zip(prefix, facts["entity"], strict=True)]
    return facts


@pytest.fixture(scope="module")
def corpus_ratios(corpus_facts: pd.DataFrame) -> pd.DataFrame:
    return credit_ratios(corpus_facts)


def _one(r: pd.DataFrame, entity: str, ratio: str, end: str, start: str | None = None,
         population: str = "") -> pd.Series:
    hit = r[(r["entity"] == entity) & (r["ratio"] == ratio)
            & (r["period_end"] == date.fromisoformat(end)) & (r["population"] == population)]
    if start:
        hit = hit[hit["period_start"] == date.fromisoformat(start)]
    assert len(hit) == 1, hit.to_string()
    return hit.iloc[0]


# ─── hand-checked figures ───────────────────────────────────────────────────────────────────

def test_fta_2023_aging_ratios_from_the_sample(sample_ratios: pd.DataFrame) -> None:
    r = _one(sample_ratios, FTA, "npl90_to_loans", "2023-12-31")
    assert r["status"] == COMPUTED
    # over 90: 81,659 / total loans 3,675,492 (RMB thousands, note 6 of the FY2023 20-F)
    assert r["value"] == pytest.approx(81_659 / 3_675_492)
    assert round(r["value"] * 100, 4) == 2.2217
    assert r["numerator"] == 81_659_000 and r["denominator"] == 3_675_492_000
    assert "91+ days" in r["basis_note"] and "not 90+" in r["basis_note"]
    assert "fta_20f_fy2023_loan_aging_details.htm" in r["inputs"]
    assert "Over 90 days past due" in r["inputs"] or "over 90" in r["inputs"].lower()
    r30 = _one(sample_ratios, FTA, "dpd30_to_loans", "2023-12-31")
    # 31-60 + 61-90 + over 90 = 21,041 + 17,651 + 81,659 = 120,351
    assert r30["value"] == pytest.approx(120_351 / 3_675_492)
    assert r30["derived"] and "31+ days" in r30["basis_note"] and "not 30+" in r30["basis_note"]
    assert "31-60 days + 61-90 days + over 90 days" in r30["numerator_label"]


def test_fta_2023_allowance_ratios_from_the_samples(sample_ratios: pd.DataFrame) -> None:
    avg = (2_750_808 + 3_675_492) / 2  # 3,213,150
    nco = _one(sample_ratios, FTA, "nco_to_avg_loans", "2023-12-31")
    assert nco["status"] == COMPUTED and nco["period_kind"] == "FY"
    assert nco["value"] == pytest.approx(182_538 / avg)  # 5.681 %
    assert nco["denominator"] == pytest.approx(avg * 1000)
    # FTA prints no recoveries line; 102,359 + 234,599 − 182,538 = 154,420 ties, so gross = net
    assert "ties without one" in nco["basis_note"]
    assert nco["annualisation"] == ""
    prov = _one(sample_ratios, FTA, "provision_to_avg_loans", "2023-12-31")
    assert prov["value"] == pytest.approx(234_599 / avg)  # 7.301 %
    allow = _one(sample_ratios, FTA, "allowance_to_loans", "2023-12-31")
    assert allow["value"] == pytest.approx(154_420 / 3_675_492)  # 4.201 %
    cover = _one(sample_ratios, FTA, "allowance_to_npl90", "2023-12-31")
    assert cover["value"] == pytest.approx(154_420 / 81_659)  # 1.89×
    build = _one(sample_ratios, FTA, "provision_to_nco", "2023-12-31")
    assert build["value"] == pytest.approx(234_599 / 182_538)
    assert {"fta_20f_fy2023_allowance_details.htm", "fta_20f_fy2023_loan_aging_details.htm"} \
        <= set(nco["sources"].split(", "))


def test_fta_2022_average_uses_2021_loans_from_the_fy2022_sample(
        sample_ratios: pd.DataFrame) -> None:
    r = _one(sample_ratios, FTA, "nco_to_avg_loans", "2022-12-31")
    # write-offs 157,030 (no recoveries line) over the average of 1,842,784 and 2,750,808
    assert r["status"] == COMPUTED, r["reason"]
    assert r["value"] == pytest.approx(157_030 / ((1_842_784 + 2_750_808) / 2))
    # 2019's loans are in no sample: the 2020 average cannot be taken
    r20 = _one(sample_ratios, FTA, "nco_to_avg_loans", "2020-12-31")
    assert r20["status"] == NOT_COMPUTED and pd.isna(r20["value"])
    assert "2019-12-31" in r20["reason"] and "total loans" in r20["reason"]


def test_qifu_net_write_offs_use_recoveries(sample_ratios: pd.DataFrame) -> None:
    r = _one(sample_ratios, QFIN, "provision_to_nco", "2022-12-31")
    # provision 1,580,306 / (write-off 1,102,422 − recoveries 30,642)
    assert r["value"] == pytest.approx(1_580_306 / (1_102_422 - 30_642))
    assert "write-offs − recoveries" in r["numerator_label"] or \
        "write-offs − recoveries" in r["denominator_label"]
    # Qifu's sample has no loan book figures: the loan ratios say so
    a = _one(sample_ratios, QFIN, "allowance_to_loans", "2022-12-31")
    assert a["status"] == NOT_COMPUTED and "total loans not reported" in a["reason"]


def test_qudian_guarantee_alone_with_the_filings_translation(sample_ratios: pd.DataFrame) -> None:
    r = _one(sample_ratios, QD, "max_exposure", "2020-12-31")
    # guarantee 221 + risk assurance 53 (RMB millions); US$ 34 + 8 as the filing translates
    assert r["value"] == 274_000_000 and r["derived"]
    assert r["value_usd"] == 42_000_000
    assert "convenience translation" in r["usd_basis"]
    # with the Qudian aging samples the book is loaded: 274,000,000 / 4,789,696,238 (the
    # FY2021 note's receivables at 2020-12-31)
    g = _one(sample_ratios, QD, "guarantee_to_loans", "2020-12-31")
    assert g["value"] == pytest.approx(274_000_000 / 4_789_696_238)


def test_corpus_years_and_bucket_schemes(corpus_ratios: pd.DataFrame) -> None:
    # 2022-12-31 is cut 61-90 / over 90 in the FY2023 filing and 'over 60' in FY2022's: the
    # newer, finer table is used, never a mix
    r = _one(corpus_ratios, FTA, "npl90_to_loans", "2022-12-31")
    assert r["value"] == pytest.approx(60_353 / 2_750_808)
    # 2021-12-31 exists only as 'over 60': 90+ cannot be taken from it
    r21 = _one(corpus_ratios, FTA, "npl90_to_loans", "2021-12-31")
    assert r21["status"] == NOT_COMPUTED and "straddles 90 days" in r21["reason"]
    # ... but 30+ can (31-60 + over 60 = 14,518 + 47,386)
    d21 = _one(corpus_ratios, FTA, "dpd30_to_loans", "2021-12-31")
    assert d21["value"] == pytest.approx((14_518 + 47_386) / 1_842_784)
    # the FY2022 filing gives 2021 loans, so 2022 average loans exist
    n22 = _one(corpus_ratios, FTA, "nco_to_avg_loans", "2022-12-31")
    assert n22["status"] == COMPUTED, n22["reason"]
    assert n22["value"] == pytest.approx(157_030 / ((1_842_784 + 2_750_808) / 2))


def test_qudian_six_buckets_roll_up(corpus_ratios: pd.DataFrame) -> None:
    # the R67 page is the aging of one product's loans, named in its title: its own population
    pop = "Domestic consumer loans - Uncollateralized"
    r = _one(corpus_ratios, QD, "npl90_to_loans", "2021-12-31", population=pop)
    over90 = 27_904_847 + 29_486_766 + 33_625_049  # 91-120 + 121-150 + 151-180 = 91,016,662
    assert r["numerator"] == over90 and r["denominator"] == 2_639_004_889
    assert r["value"] == pytest.approx(over90 / 2_639_004_889)
    assert r["derived"] and "end at 180 days" in r["basis_note"]
    d = _one(corpus_ratios, QD, "dpd30_to_loans", "2021-12-31", population=pop)
    assert d["numerator"] == 33_536_939 + 29_620_946 + over90
    # the guarantee covers the whole book, not that product: never divided by its loans
    # (only by the whole book's, which the bundled samples give: 37,000,000 / 2,639,004,889)
    g = corpus_ratios[(corpus_ratios["entity"] == QD) & (corpus_ratios["ratio"] == "guarantee_to_loans")
                      & (corpus_ratios["status"] == COMPUTED)]
    assert set(g["population"]) == {""}, g.to_string()
    assert _one(corpus_ratios, QD, "guarantee_to_loans", "2021-12-31")["value"] == \
        pytest.approx(37_000_000 / 2_639_004_889)
    assert _one(corpus_ratios, QD, "max_exposure", "2021-12-31")["value"] == 37_000_000


# ─── inputs that must not be divided ────────────────────────────────────────────────────────

def test_different_currencies_are_not_divided() -> None:
    facts = _samples()
    loans = (facts["metric"] == "total_loans") & (facts["entity"] == FTA)
    facts.loc[loans, "currency"] = "USD"
    r = _one(credit_ratios(facts), FTA, "allowance_to_loans", "2023-12-31")
    assert r["status"] == NOT_COMPUTED and pd.isna(r["value"])
    assert "different currencies" in r["reason"] and "USD" in r["reason"]


def test_populations_are_not_divided(corpus_facts: pd.DataFrame) -> None:
    """Qifu's loans subject to guarantee are another population than its on-balance-sheet
    loans: its allowance is never divided by them."""
    f = corpus_facts[corpus_facts["entity"] == QFIN].copy()
    guaranteed = f["segment"] == "loans subject to guarantee"
    f.loc[guaranteed, "population"] = "loans subject to guarantee"
    f.loc[guaranteed, "segment"] = ""
    r = credit_ratios(f)
    main = _one(r, QFIN, "allowance_to_loans", "2022-12-31")
    assert main["status"] == NOT_COMPUTED
    assert "population" in main["reason"] and "loans subject to guarantee" in main["reason"]
    # within the guaranteed population, its own aging works: no 90+ (nil) of 24,823,317
    g = r[(r["population"] == "loans subject to guarantee") & (r["ratio"] == "npl90_to_loans")
          & (r["period_end"] == date(2024, 12, 31))].iloc[0]
    assert g["status"] == COMPUTED and g["value"] == 0.0


def test_assumed_scale_is_not_divided_by_a_stated_one() -> None:
    """The FY2022 R44 extract read alone has no stated scale (assumed); dividing the sample's
    stated FY2023 write-offs by its 2021 loans could be off by 1,000×."""
    r44 = need(CORPUS / "text_extracts" / "FTA_1838413_20F_FY2022_R44.txt")
    res = extract_paths([r44])
    alone = res.facts.assign(entity=FTA)
    assert set(alone["scale_basis"]) == {"assumed"}
    f = pd.concat([_samples(), alone], ignore_index=True)
    r = _one(credit_ratios(f), FTA, "nco_to_avg_loans", "2022-12-31")
    assert r["status"] == NOT_COMPUTED and "different scale bases" in r["reason"]
    assert "assumed" in r["reason"]


def _fact(metric: str, value: float, end: str, start: str | None = None, **kw: object) -> dict:
    disclosure = kw.pop("disclosure", "allowance")
    row = {"entity": "Bank", "source": "q.htm", "disclosure": disclosure, "metric": metric,
           "value": value, "currency": "USD", "scale": 1000, "scale_basis": "stated",
           "period_end": date.fromisoformat(end), "locator": f"row {metric}",
           "period_start": date.fromisoformat(start) if start else None}
    row.update(kw)
    return row


def test_quarters_are_annualised_and_named() -> None:
    """Arithmetic only (not a filer's figures): a quarter's write-offs × 4 over average loans."""
    f = facts_frame([
        _fact("total_loans", 1_000_000, "2024-03-31", disclosure="delinquency"),
        _fact("total_loans", 1_200_000, "2024-06-30", disclosure="delinquency"),
        _fact("write_off", 3_000, "2024-06-30", "2024-04-01"),
        _fact("recovery", 500, "2024-06-30", "2024-04-01"),
        _fact("provision", 4_000, "2024-06-30", "2024-04-01"),
    ])
    r = _one(credit_ratios(f), "Bank", "nco_to_avg_loans", "2024-06-30")
    assert r["period_kind"] == "Q" and r["period_label"] == "quarter ended 2024-06-30"
    assert r["value"] == pytest.approx((3_000 - 500) / 1_100_000 * 4)
    assert "annualised" in r["annualisation"] and "× 4" in r["annualisation"]
    b = _one(credit_ratios(f), "Bank", "provision_to_nco", "2024-06-30")
    assert b["value"] == pytest.approx(4_000 / 2_500) and b["annualisation"] == ""
    assert period_kind(date(2024, 1, 1), date(2024, 9, 30)) == "9M"


def test_missing_recoveries_and_untied_rollforward_gives_no_net_write_offs() -> None:
    f = facts_frame([
        _fact("total_loans", 1_000_000, "2023-12-31", disclosure="delinquency"),
        _fact("total_loans", 1_200_000, "2024-12-31", disclosure="delinquency"),
        _fact("allowance_begin", 20_000, "2024-12-31", "2024-01-01"),
        _fact("provision", 9_000, "2024-12-31", "2024-01-01"),
        _fact("write_off", 6_000, "2024-12-31", "2024-01-01"),
        _fact("allowance_end", 25_000, "2024-12-31"),  # 20 + 9 − 6 = 23 ≠ 25
    ])
    r = _one(credit_ratios(f), "Bank", "nco_to_avg_loans", "2024-12-31")
    assert r["status"] == NOT_COMPUTED and "does not tie" in r["reason"]
    p = _one(credit_ratios(f), "Bank", "provision_to_avg_loans", "2024-12-31")
    assert p["status"] == COMPUTED and p["value"] == pytest.approx(9_000 / 1_100_000)


def test_a_bank_bucket_from_30_days_is_exactly_30_plus() -> None:
    aging = [("past_due", 30, 59, 700), ("past_due", 60, 89, 200), ("past_due", 90, None, 100)]
    rows = [_fact(mm, v, "2024-12-31", disclosure="delinquency", days_from=lo, days_to=hi)
            for mm, lo, hi, v in aging]
    rows.append(_fact("total_loans", 100_000, "2024-12-31", disclosure="delinquency"))
    r = credit_ratios(facts_frame(rows))
    d30 = _one(r, "Bank", "dpd30_to_loans", "2024-12-31")
    assert d30["value"] == pytest.approx(1_000 / 100_000) and d30["basis_note"] == ""
    d90 = _one(r, "Bank", "npl90_to_loans", "2024-12-31")
    assert d90["value"] == pytest.approx(100 / 100_000) and d90["basis_note"] == ""
