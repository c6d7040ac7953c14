"""Consolidation: one figure per fact when several sources report it.

Filings repeat prior years' figures, and a page may give a figure both in a table and in a
sentence ("RMB98 million" beside 97,658 thousand). Charts and the `--consolidated` output need
one value per key. The choice is `selection.pick_facts` (the app's): figures that agree within
rounding give the most precise one; figures that disagree give the latest filing's, noted as a
restatement; a filing that disagrees with itself gives none. Here balances are also keyed by
their date alone, so a closing allowance from a balance table and the same figure closing a
rollforward count once. Populations a filing reports side by side (customer financing and other
receivables; "… (Details) - Domestic consumer loans") are kept apart: one value per metric, date
and population.
"""

from __future__ import annotations

import pandas as pd

from dashboard.facts.selection import pick_facts
from dashboard.model.schema import conform

BALANCE_LIKE = frozenset({
    "allowance_end", "total_loans", "past_due", "past_due_total", "current", "nonaccrual",
    "nonaccrual_net", "past_due_and_nonaccrual", "max_exposure", "net_loans", "guarantee_liability_end",
})


def consolidate(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per (entity, metric, population, segment, currency, bucket, period): the best-supported figure,
    its `note` saying which other sources gave it or what an earlier filing had."""
    if facts.empty:
        return facts
    df = facts.reset_index(drop=True)
    starts = df["period_start"].copy()
    df["period_start"] = df["period_start"].where(~df["metric"].isin(BALANCE_LIKE), None)
    picked = pick_facts(df)
    picked["period_start"] = starts.loc[picked.index]
    picked["note"] = [
        "; ".join(x for x in (str(n), str(p)) if x and x != "nan")
        for n, p in zip(picked["note"], picked["note_pick"].fillna(""), strict=True)
    ]
    picked = picked.drop(columns=["note_pick"])
    return conform(picked.sort_values(["entity", "disclosure", "metric", "period_end"], kind="stable"))
