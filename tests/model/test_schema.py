"""`conform` gives the contract's frame; for a frame that already is one (most of what the
analysis passes on) it only selects the columns, and the result is the same."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from dashboard.extract.pipeline import extract_paths
from dashboard.model import schema


def _full(df: pd.DataFrame) -> pd.DataFrame:
    """conform without its shortcut."""
    keep = schema._conforms
    schema._conforms = lambda _: False
    try:
        return schema.conform(df)
    finally:
        schema._conforms = keep


@pytest.fixture(scope="module")
def seed_facts(seeds_dir) -> pd.DataFrame:
    facts = extract_paths([seeds_dir], workers=1).facts
    assert len(facts) > 40
    return facts


def test_a_conformed_frame_takes_the_shortcut_and_comes_out_the_same(seed_facts):
    shuffled = seed_facts.assign(extra="x")[["extra", *reversed(schema.FACT_COLUMNS)]]
    shuffled.index = range(5, 5 + len(shuffled))
    assert schema._conforms(shuffled)
    out = schema.conform(shuffled)
    pd.testing.assert_frame_equal(out, _full(shuffled), check_exact=True)
    assert list(out.columns) == list(schema.FACT_COLUMNS)
    assert list(out.index) == list(range(len(out)))


@pytest.mark.parametrize("spoil", ["missing string", "datetime", "date outside nanoseconds",
                                   "float as object", "no column"])
def test_a_frame_that_is_not_the_contracts_is_converted(seed_facts, spoil):
    df = seed_facts.copy()
    if spoil == "missing string":
        df.loc[0, "label"] = pd.NA
    elif spoil == "datetime":
        df["period_end"] = df["period_end"].astype(object)
        df.loc[0, "period_end"] = datetime(2021, 12, 31, 10, 30)
    elif spoil == "date outside nanoseconds":
        df["period_end"] = df["period_end"].astype(object)
        df.loc[0, "period_end"] = date(9999, 12, 31)
    elif spoil == "float as object":
        df["value"] = df["value"].astype(object)
    else:
        df = df.drop(columns=["note"])
    assert not schema._conforms(df)  # so the full conversion runs; what it gives:
    out = schema.conform(df)
    assert out.dtypes.to_dict() == schema._contract_dtypes()
    assert out["value"].tolist() == pytest.approx(seed_facts["value"].tolist(), nan_ok=True)
    if spoil == "no column":
        assert set(out["note"]) == {""}
    if spoil == "missing string":
        assert out.loc[0, "label"] == ""
    if spoil == "datetime":
        assert out.loc[0, "period_end"] == date(2021, 12, 31)
