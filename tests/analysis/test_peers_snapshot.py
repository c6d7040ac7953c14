"""The peer ranking and the ratios not computed, for the bundled samples' three filers and for
twelve (the samples' filers copied under new names, as bench/peers.py builds its groups), are
the ones the ranking gave before it read each filer's rows once per ratio: every cell, as text
(tests/analysis/fixtures/peers_samples_ranking.csv, written by that earlier code)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bench import peers as bp
from dashboard.analysis import peers
from dashboard.analysis.ratios import credit_ratios

SNAPSHOT = Path(__file__).parent / "fixtures" / "peers_samples_ranking.csv"


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return pd.read_csv(SNAPSHOT, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("n", [3, 12])
@pytest.mark.parametrize("table", ["ranking", "not_computed"])
def test_the_peer_tables_are_the_earlier_codes_cell_for_cell(expected, table, n):
    facts = bp.sample_facts()
    facts = bp.copies(facts, n) if n > 3 else facts
    got = getattr(peers, table)(credit_ratios(facts), sorted(set(facts["entity"])))
    want = expected[expected["_case"] == f"{table} of {n}"].drop(columns="_case")
    want = want[list(got.columns)].reset_index(drop=True)
    assert len(got) == len(want) > 0
    pd.testing.assert_frame_equal(got.astype(str).fillna("").reset_index(drop=True), want,
                                  check_dtype=False)
