"""Analyst views from tidy facts: real figures in, exact numbers out."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sample_facts import (
    FTA,
    QD,
    QFIN,
    frame,
    fta_aging,
    fta_allowance,
    fta_fy2022_aging,
    fta_narrative_provisions,
    qd_guarantee,
    qd_six_buckets,
    qfin_allowance,
    tesla_guarantee,
)

from dashboard import analysis as m


def _one(df: pd.DataFrame, **where: object) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for k, v in where.items():
        mask &= df[k] == v
    hit = df[mask]
    assert len(hit) == 1, f"{len(hit)} rows for {where}"
    return hit.iloc[0]


# ─── delinquency ────────────────────────────────────────────────────────────────────────────

def test_reported_over_90_and_ratio() -> None:
    s = m.delinquency_summary(frame(fta_aging()))
    r23 = _one(s, period_end=date(2023, 12, 31))
    assert r23["over_90"] == 81_659_000
    assert r23["over_90_status"] == "reported" and not r23["over_90_derived"]
    assert r23["over_90_ratio"] == pytest.approx(81_659 / 3_675_492)
    assert r23["total_loans"] == 3_675_492_000
    assert r23["past_due_total"] == 159_960_000 == r23["buckets_sum"]
    r22 = _one(s, period_end=date(2022, 12, 31))
    assert r22["over_90"] == 60_353_000
    assert r22["scheme"] == "0-30 days / 31-60 days / 61-90 days / over 90 days"


def test_six_bucket_filer_keeps_its_buckets_and_over_90_is_derived() -> None:
    f = frame(qd_six_buckets())
    b = m.delinquency_buckets(f)
    assert b["bucket"].tolist() == ["1-30 days", "31-60 days", "61-90 days", "91-120 days",
                                    "121-150 days", "151-180 days"]
    s = _one(m.delinquency_summary(f), entity=QD)
    assert s["over_90"] == 27_904_847 + 29_486_766 + 33_625_049 == 91_016_662
    assert s["over_90_status"] == "derived" and s["over_90_derived"]
    assert s["over_90_formula"] == "91-120 days + 121-150 days + 151-180 days"
    assert s["over_90_ratio"] == pytest.approx(91_016_662 / 2_639_004_889)
    wide = m.delinquency_wide(f)
    assert wide["over 90 days (roll-up)"].iloc[0] == "91,016,662 (derived)"


def test_bucket_straddling_90_gives_no_over_90() -> None:
    s = m.delinquency_summary(frame(fta_fy2022_aging()))
    r21 = _one(s, period_end=date(2021, 12, 31))
    assert r21["over_90_status"] == "not derivable"
    assert pd.isna(r21["over_90"]) and pd.isna(r21["over_90_ratio"])
    assert "over 60 days" in r21["over_90_formula"]


def test_one_filing_per_date_so_schemes_never_mix() -> None:
    # the FY2022 filing cuts 2022-12-31 into "over 60"; the FY2023 one into 61-90 + over 90
    f = frame(fta_fy2022_aging(), fta_aging())
    b = m.delinquency_buckets(f)
    d22 = b[b["period_end"] == date(2022, 12, 31)]
    assert set(d22["source"]) == {"fta_aging.htm"}
    assert "over 60 days" not in set(d22["bucket"])
    assert d22["value"].sum() == 133_774_000  # not 133,774 + 81,170 thousand
    d21 = b[b["period_end"] == date(2021, 12, 31)]
    assert set(d21["bucket"]) == {"0-30 days", "31-60 days", "over 60 days"}


@pytest.mark.parametrize(("lo", "hi", "label"), [
    (0, 30, "0-30 days"), (91, None, "over 90 days"), (90, None, "over 90 days"),
    (61, None, "over 60 days"), (181, None, "over 180 days"), (None, None, "past due"),
])
def test_bucket_labels(lo: int | None, hi: int | None, label: str) -> None:
    assert m.bucket_label(pd.NA if lo is None else lo, pd.NA if hi is None else hi) == label


# ─── allowance ──────────────────────────────────────────────────────────────────────────────

def test_rollforward_flows_ratios_and_ties() -> None:
    t = m.allowance_table(frame(fta_aging(), fta_allowance()))
    r = _one(t, year=2023)
    assert r["allowance_begin"] == 102_359_000 and r["allowance_end"] == 154_420_000
    assert r["provision"] == 234_599_000 and r["write_off"] == 182_538_000
    assert r["net_build"] == 52_061_000 and not r["net_build_derived"]
    assert r["rollforward_difference"] == 0
    assert r["provision_to_write_off"] == pytest.approx(234_599 / 182_538)
    avg = (2_750_808_000 + 3_675_492_000) / 2
    assert r["average_loans"] == avg
    assert r["write_off_to_avg_loans"] == pytest.approx(182_538_000 / avg)
    assert r["allowance_to_over_90"] == pytest.approx(154_420 / 81_659)
    r22 = _one(t, year=2022)
    assert pd.isna(r22["write_off_to_avg_loans"])  # loans at 2021-12-31 are not loaded
    assert r22["allowance_to_over_90"] == pytest.approx(102_359 / 60_353)


def test_recoveries_enter_the_tie() -> None:
    t = m.allowance_table(frame(qfin_allowance()))
    assert (t["rollforward_difference"] == 0).all()
    r = _one(t, entity=QFIN, year=2022)
    assert r["recovery"] == 30_642_000
    assert r["net_write_off"] == 1_102_422_000 - 30_642_000
    assert r["net_build"] == 1_457_419_000 - 948_893_000


def test_precise_table_figure_beats_the_rounded_sentence() -> None:
    t = m.allowance_table(frame(fta_allowance(), fta_narrative_provisions()))
    assert _one(t, year=2021)["provision"] == 97_658_000
    assert _one(t, year=2022)["provision"] == 194_272_000
    r20 = _one(t, year=2020)  # only the sentence speaks of 2020
    assert r20["provision"] == 94_000_000 and pd.isna(r20["write_off"])


def test_balance_sheet_allowance_and_rollforward_end_are_one_fact() -> None:
    rows = fta_allowance()
    rows.append({"entity": FTA, "source": "bs.htm", "disclosure": "allowance",
                 "metric": "allowance_end", "period_end": date(2023, 12, 31),
                 "value": 154_420_000.0, "currency": "CNY", "scale": 1000,
                 "scale_basis": "stated", "label": "Less: allowance for loan losses"})
    t = m.allowance_table(frame(rows))
    assert _one(t, year=2023)["allowance_end"] == 154_420_000


def test_a_restated_figure_takes_the_latest_filing() -> None:
    old = {"entity": FTA, "source": "old.htm", "disclosure": "allowance", "metric": "write_off",
           "period_start": date(2021, 1, 1), "period_end": date(2021, 12, 31),
           "value": 70_000_000.0, "currency": "CNY", "scale": 1000}
    picked = m.pick_facts(frame(fta_allowance(), [old]))
    w21 = _one(picked, metric="write_off", period_end=date(2021, 12, 31))
    assert w21["value"] == 72_942_000  # fta_allowance.htm reaches 2023, so it is newer
    assert "restated" in w21["note_pick"] and "70,000,000" in w21["note_pick"]


# ─── guarantees ─────────────────────────────────────────────────────────────────────────────

def test_usd_translation_rides_along_and_yoy_stays_in_currency() -> None:
    t = m.guarantee_table(frame(qd_guarantee(), tesla_guarantee()))
    assert set(t["currency"]) == {"CNY", "USD"}
    qd = t[t["entity"] == QD]
    assert qd["currency"].tolist() == ["CNY", "CNY"]  # the US$ 34m is not a series of its own
    r20 = _one(qd, year=2020)
    assert r20["value"] == 221_000_000 and r20["usd_translation"] == 34_000_000
    assert r20["yoy_change"] == -2_002_000_000
    assert r20["yoy_pct"] == pytest.approx(-2002 / 2223)
    ts = _one(t, entity="Tesla, Inc.", year=2024)
    assert ts["currency"] == "USD" and pd.isna(ts["usd_translation"])
    assert ts["yoy_change"] == 1_450_000_000 - 166_000_000


# ─── names, filters, display ────────────────────────────────────────────────────────────────

def test_labels_and_merges_resolve_entities() -> None:
    f = frame(fta_aging("002.txt"), fta_allowance("004.txt"))
    f["entity"] = ["002"] * len(fta_aging()) + ["004"] * len(fta_allowance())
    out = m.resolve_entities(f, {"004.txt": "FTA"}, {"002": "FTA"})
    assert set(out["entity"]) == {"FTA"}
    assert set(out["entity_reported"]) == {"002", "004"}
    assert m.canonical_name("a", {"a": "b", "b": "a"}) == "b"  # a loop stops


def test_part_label_wins_over_file_label() -> None:
    f = frame(fta_aging("filing.zip#R15.htm"), qd_guarantee("filing.zip#R18.htm"))
    out = m.resolve_entities(f, {"filing.zip": "Whole zip", "filing.zip#R18.htm": "Qudian"})
    assert set(out.loc[out["source"] == "filing.zip#R18.htm", "entity"]) == {"Qudian"}
    assert set(out.loc[out["source"] == "filing.zip#R15.htm", "entity"]) == {"Whole zip"}


def test_filters() -> None:
    f = frame(fta_aging(), qd_guarantee(), tesla_guarantee())
    assert set(m.filter_facts(f, currency="USD")["entity"]) == {QD, "Tesla, Inc."}
    assert set(m.fact_year(m.filter_facts(f, years=(2019, 2020)))) == {2019, 2020}
    assert m.filter_facts(f, entities=[FTA], disclosure="guarantee").empty


def test_units_and_money() -> None:
    assert m.unit_label("CNY", 1_000_000) == "RMB millions"
    assert m.unit_label("USD", 1_000) == "US$ thousands"
    assert m.display_scale([2_223_000_000.0, 221e6]) == 1_000_000
    assert m.money(2_572_977_752, "CNY") == "RMB 2,572,977,752"
    assert m.scale_basis_note(frame(fta_aging())) == "RMB thousands, as stated"


def test_one_filing_contradicting_itself_shows_neither_figure() -> None:
    rows = fta_allowance()
    # a beginning balance mis-read as an ending balance: two ends for 2021 in one file
    rows.append(dict(rows[0], metric="allowance_end", value=40_401_000.0))
    t = m.allowance_table(frame(rows))
    r = _one(t, year=2021)
    assert pd.isna(r["allowance_end"])
    assert r["net_build"] == 97_658_000 - 72_942_000 and r["net_build_derived"]


def test_an_opening_balance_read_alone_is_no_period_of_the_table() -> None:
    """ING's half-year 6-K (R15) is cut after its rollforward's first line, 'Opening balance as
    at 1 January 2019' (4,568, a total wider than the loans'): a balance that opens a period the
    page does not report gets no row; the year-end allowance (4,491) keeps its own."""
    from pathlib import Path

    from dashboard.extract.pipeline import extract_paths

    page = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts" / \
        "CIK1039765_6K_2019Q2_R15.txt"
    if not page.exists():
        pytest.skip("the real page is not here")
    facts = extract_paths([page]).facts
    assert 4568.0 in set(facts.loc[facts["metric"] == "allowance_begin", "value"])  # no unit: 1
    t = m.allowance_table(facts)
    assert list(t["period_end"].astype(str).str[:10]) == ["2018-12-31"]
    assert t["allowance_begin"].isna().all() and list(t["allowance_end"]) == [4491.0]
