"""Every figure of the five seed fragments comes out with the right metric, dates, currency,
scale and sign. Figures are read off the seeds themselves."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.extract.pipeline import extract_paths
from tests.conftest import one, pick


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    result = extract_paths(sorted(seeds_dir.iterdir()))
    assert result.issues == []
    return result


def of(result, prefix: str) -> pd.DataFrame:
    f = result.facts
    return f[f["source"].str.startswith(prefix)]


def test_guarantee_narrative_gives_three_facts(seeds):
    f = of(seeds, "001_")
    g = pick(f, metric="max_exposure")
    assert len(g) == 3
    assert one(g, period_end="2023-12-31", currency="CNY")["value"] == 667_733_409
    assert one(g, period_end="2024-12-31", currency="CNY")["value"] == 2_572_977_752
    usd = one(g, period_end="2024-12-31", currency="USD")
    assert usd["value"] == 352_496_507
    assert "convenience translation" in usd["note"]
    assert set(g["disclosure"]) == {"guarantee"}
    assert "RMB667,733,409" in usd["label"]  # the sentence is the provenance
    assert usd["locator"].startswith("paragraph")


def test_security_deposit_allowance_and_reversal(seeds):
    f = of(seeds, "000_")
    prov = pick(f, metric="provision")
    assert one(prov, period_end="2023-12-31")["value"] == 6_838
    rev = one(prov, period_end="2024-12-31")
    assert rev["value"] == -6_067  # "RMB(6,067)" is a reversal: negative provision
    assert str(rev["period_start"]) == "2024-01-01"
    assert one(f, metric="allowance_end", period_end="2023-12-31")["value"] == 6_838
    assert one(f, metric="allowance_end", period_end="2024-12-31")["value"] == 771
    assert set(f["segment"]) == {"security deposits"}
    # no unit is given anywhere on the page: the scale is assumed, and the reader is told
    assert set(f["scale_basis"]) == {"assumed"}
    assert all(n for n in f["note"])


AGING_2022 = {(0, 30): 31_206, (31, 60): 21_398, (61, 90): 20_817, (91, None): 60_353}
AGING_2023 = {(0, 30): 39_609, (31, 60): 21_041, (61, 90): 17_651, (91, None): 81_659}


@pytest.mark.parametrize("day,buckets,total,current,loans", [
    ("2022-12-31", AGING_2022, 133_774, 2_617_034, 2_750_808),
    ("2023-12-31", AGING_2023, 159_960, 3_515_532, 3_675_492),
])
def test_line_broken_aging_table(seeds, day, buckets, total, current, loans):
    f = of(seeds, "002_")
    for (lo, hi), v in buckets.items():
        row = one(f, metric="past_due", period_end=day, days_from=lo,
                  **({"days_to": hi} if hi is not None else {}))
        assert row["value"] == v * 1000
        if hi is None:
            assert pd.isna(row["days_to"])
    assert one(f, metric="past_due_total", period_end=day)["value"] == total * 1000
    assert one(f, metric="current", period_end=day)["value"] == current * 1000
    assert set(pick(f, metric="total_loans", period_end=day)["value"]) == {loans * 1000}


def test_rollforward_signs_and_inferred_scale(seeds):
    f = of(seeds, "002_")
    table = f[~f["locator"].str.startswith("paragraph")]
    rows = {
        2021: (40_401, 97_658, 72_942, 65_117),
        2022: (65_117, 194_272, 157_030, 102_359),
        2023: (102_359, 234_599, 182_538, 154_420),
    }
    for year, (begin, prov, wo, end) in rows.items():
        day = f"{year}-12-31"
        flows = table[table["period_start"].notna()]
        assert one(flows, metric="allowance_begin", period_end=day)["value"] == begin * 1000
        assert one(flows, metric="provision", period_end=day)["value"] == prov * 1000
        assert one(flows, metric="write_off", period_end=day)["value"] == wo * 1000
        assert one(flows, metric="allowance_end", period_end=day)["value"] == end * 1000
    # "RMB235 million" in the narrative next to 234,599 in the table: thousands, inferred
    assert set(table["scale"]) == {1000}
    assert set(table["scale_basis"]) == {"inferred"}
    note = one(table, metric="provision", period_end="2023-12-31")["note"]
    assert "scale inferred as 1,000" in note and "3 figure(s) agree" in note
    assert "RMB98 million" in note  # the evidence is named


def test_narrative_million_amounts(seeds):
    f = of(seeds, "002_")
    said = f[f["locator"].str.startswith("paragraph")]
    prov = pick(said, metric="provision")
    assert sorted(prov["value"]) == [98e6, 194e6, 235e6]
    assert set(prov["scale_basis"]) == {"stated"}
    assert one(said, metric="nonaccrual", period_end="2022-12-31")["value"] == 54e6
    assert one(said, metric="nonaccrual", period_end="2023-12-31")["value"] == 69e6
    assert one(said, metric="nonaccrual_net", period_end="2023-12-31")["value"] == 1.7e6


def test_prior_year_narrative_only_seed(seeds):
    f = of(seeds, "004_")
    prov = pick(f, metric="provision")
    assert dict(zip(prov["period_end"].astype(str), prov["value"], strict=True)) == {
        "2020-12-31": 94e6, "2021-12-31": 98e6, "2022-12-31": 194e6,
    }
    assert one(f, metric="nonaccrual", period_end="2021-12-31")["value"] == 36.6e6
    assert one(f, metric="nonaccrual", period_end="2022-12-31")["value"] == 53.6e6
    assert one(f, metric="nonaccrual_net", period_end="2021-12-31")["value"] == 4.1e6
    assert one(f, metric="nonaccrual_net", period_end="2022-12-31")["value"] == 1.9e6
    # interest rates ("20%~36%") and terms are not credit figures
    assert len(f) == 7


def test_seed_without_figures_says_so(seeds):
    assert of(seeds, "003_").empty
    src = seeds.sources.set_index("source").loc["003_d186381f0f42e8eb.txt"]
    assert src["status"] == "ok"
    assert "classified as a guarantee note, but it holds no figures to chart" in src["message"]
    assert "not in this fragment" in src["message"]
    assert "allowance for doubtful accounts" in src["message"]


def test_every_seed_fact_is_complete(seeds):
    f = seeds.facts
    assert f["currency"].isin(["CNY", "USD"]).all()
    assert f["period_end"].notna().all()
    assert f["locator"].ne("").all() and f["label"].ne("").all()
    assert f["scale_basis"].isin(["stated", "inferred", "assumed"]).all()
