"""Consolidation: one figure per fact when several sources report it.

Filings repeat prior years' figures, and a page may give a figure both in a table and in a
sentence ("RMB98 million" beside 97,658 thousand). Charts need one value per key: the most
precise and authoritative one, from the latest filing. Which source won is kept, and the
disagreements are what `checks.cross_filing_checks` reports.
"""

from __future__ import annotations

import pandas as pd

from dashboard.schema import conform

# lower is better
_BASIS_RANK = {"stated": 0, "inferred": 1, "assumed": 2}
BALANCE_LIKE = frozenset({
    "allowance_end", "total_loans", "past_due", "past_due_total", "current", "nonaccrual_loans",
    "nonaccrual_loans_net", "max_exposure", "net_loans", "guarantee_liability_end",
})


def _rank(df: pd.DataFrame) -> pd.Series:
    xbrl = df["concept"].ne("") & ~df["locator"].str.startswith("paragraph") & df["locator"].str.contains(
        "context", regex=False)
    sentence = df["locator"].str.startswith("paragraph")
    basis = df["scale_basis"].map(_BASIS_RANK).fillna(3)
    return (~xbrl).astype(int) * 10 + sentence.astype(int) * 5 + basis * 20 + df["scale"].fillna(1).map(
        lambda s: len(str(int(s))))


def consolidate(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per (entity, metric, segment, currency, bucket, period): the best-supported figure.

    Balances are keyed by their date alone, so a closing allowance from a balance table and the
    same figure from a rollforward count once.
    """
    if facts.empty:
        return facts
    df = facts.copy()
    df["_rank"] = _rank(df)
    df["_start"] = df["period_start"].where(~df["metric"].isin(BALANCE_LIKE), None).astype("string").fillna("")
    df["_days_from"] = df["days_from"].astype("string").fillna("")
    df["_days_to"] = df["days_to"].astype("string").fillna("")
    # latest filing first among equals: a source naming a later period is the newer filing
    df["_order"] = range(len(df))
    df = df.sort_values(["_rank", "_order"], ascending=[True, False], kind="stable")
    key = ["entity", "disclosure", "metric", "segment", "currency", "_days_from", "_days_to", "_start",
           "period_end"]
    best = df.drop_duplicates(subset=key, keep="first")
    best = best.drop(columns=[c for c in best.columns if c.startswith("_")])
    return conform(best.sort_values(["entity", "disclosure", "metric", "period_end"], kind="stable"))
