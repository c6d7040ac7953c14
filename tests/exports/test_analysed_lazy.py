"""exports.analyse computes each analyst table when first read: the Presentation page's
first chart (the aging) waits for the aging tables only, and every table is the one the
eager computation gave."""

from __future__ import annotations

import pandas as pd

from dashboard import analysis as m
from dashboard import exports
from dashboard.extract.pipeline import extract_paths


def test_tables_are_computed_when_read_and_are_the_full_computations(seeds_dir, monkeypatch):
    facts = extract_paths([seeds_dir], workers=1).facts
    calls: list[str] = []
    real = m.allowance_table

    def counted(*a, **k):
        calls.append("allowance")
        return real(*a, **k)

    monkeypatch.setattr(m, "allowance_table", counted)
    done = exports.analyse(facts, facts)
    first = next(exports.each_chart_item(facts, None, done))
    assert first.key == "delinquency" and calls == []  # the aging chart read no rollforward
    own = done.own
    d = own[own["disclosure"] == "delinquency"]
    buckets = m.delinquency_buckets(d)
    pd.testing.assert_frame_equal(done.buckets, buckets)
    pd.testing.assert_frame_equal(done.summary, m.delinquency_summary(d, buckets=buckets))
    assert not done.allowance.empty and calls == ["allowance"]
    assert done.allowance is done.allowance and calls == ["allowance"]  # kept, not recomputed
    pd.testing.assert_frame_equal(
        done.allowance, real(own, summary=done.summary, context=facts))
    keys = [i.key for i in exports.chart_items(facts, None, done)]
    assert keys[0] == "delinquency" and "allowance" in keys and "guarantee" in keys
