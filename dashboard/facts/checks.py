"""Cross-checks, shown beside the facts rather than hidden:

- rollforward: beginning + provision − write-off + recovery (+ other) = ending, within each
  period of its own duration (a quarter, nine months, a year: never across two);
  for guarantee liabilities: beginning + provision − payouts − releases (+ other) = ending;
- durations: one filing's rollforwards of different durations (the quarter and the year to
  date) agree on the balance they share (the closing balance on the day both end, the
  opening balance on the day both start);
- buckets: the past-due buckets sum to the total past due;
- loans: total past due + current = total loans;
- across filings: the same fact reported twice agrees (within the printed precision) or is
  flagged as restated.

Tolerances follow the printed precision: a table in thousands may be off by rounding of half
a thousand per term; a sentence's "RMB98 million" agrees with 97,658 thousand.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.model.durations import duration_months

CHECK_COLUMNS = ("check", "entity", "disclosure", "segment", "currency", "period_end", "expected",
                 "actual", "difference", "status", "detail", "sources", "population",
                 "period_start", "months")

ROLLFORWARDS: dict[str, tuple[str, str, dict[str, int]]] = {
    # name: (begin metric, end metric, {flow metric: sign in the identity})
    "allowance rollforward ties": (
        "allowance_begin", "allowance_end",
        {"provision": 1, "write_off": -1, "recovery": 1, "allowance_other": 1,
         "allowance_adoption_adjustment": 1},
    ),
    "guarantee liability rollforward ties": (
        "guarantee_liability_begin", "guarantee_liability_end",
        {"guarantee_provision": 1, "net_payout": -1, "guarantee_released": -1,
         "guarantee_write_off": -1, "guarantee_recovery": 1, "guarantee_other": 1},
    ),
}


def _is_sentence(df: pd.DataFrame) -> pd.Series:
    return df["locator"].str.startswith("paragraph")


def _precision(row: pd.Series) -> float:
    """Half a unit of what the filer printed, in whole currency units."""
    return 0.5 * float(row["scale"] if pd.notna(row["scale"]) else 1)


def _row(check: str, key: dict, expected: float, actual: float, tol: float, detail: str,
         sources: Iterable[str], ok_status: str = "ok", bad_status: str = "fail") -> dict:
    diff = actual - expected
    return {
        "check": check, **key, "expected": expected, "actual": actual, "difference": diff,
        "status": ok_status if abs(diff) <= tol else bad_status, "detail": detail,
        "sources": ", ".join(sorted(set(sources))),
    }


def _key(g: pd.DataFrame, disclosure: str) -> dict:
    first = g.iloc[0]
    start = first["period_start"] if "period_start" in g.columns else None
    start = None if start is None or pd.isna(start) else start
    return {"entity": first["entity"], "disclosure": disclosure, "segment": first["segment"],
            "currency": first["currency"], "period_end": first["period_end"],
            "population": first.get("population", ""), "period_start": start,
            "months": duration_months(start, first["period_end"])}


def _span(start: object, end: object) -> str:
    """'3 months 2011-07-01 to 2011-09-30': which duration a check is about."""
    months = duration_months(start, end)
    return f"{months} months {start} to {end}" if months else f"at {end}"


def rollforward_checks(facts: pd.DataFrame) -> list[dict]:
    out: list[dict] = []
    tables = facts[~_is_sentence(facts) & facts["period_start"].notna()]
    for name, (begin, end, flows) in ROLLFORWARDS.items():
        sub = tables[tables["metric"].isin([begin, end, *flows, "allowance_begin_before_adoption"])]
        for _, g in sub.groupby(["entity", "source", "population", "segment", "currency", "period_start",
                                 "period_end"], dropna=False, sort=True):
            metrics: dict[str, float] = {}
            for m, v in zip(g["metric"], g["value"], strict=True):
                metrics.setdefault(m, v)  # the first closing line closes the flows above it
            if "allowance_begin_before_adoption" in set(g["metric"]):
                # the opening balance given is already after the adoption adjustment
                metrics.pop("allowance_adoption_adjustment", None)
            if begin not in metrics or end not in metrics or not any(f in metrics for f in flows):
                continue
            expected = metrics[begin] + sum(s * metrics[f] for f, s in flows.items() if f in metrics)
            tol = sum(_precision(r) for _, r in g.iterrows()) + 1e-6
            terms = " ".join(
                f"{'+' if s > 0 else '−'} {f} {metrics[f]:,.0f}" for f, s in flows.items() if f in metrics
            )
            first = g.iloc[0]
            detail = (f"{_span(first['period_start'], first['period_end'])}: {begin} "
                      f"{metrics[begin]:,.0f} {terms} = {expected:,.0f}; reported {metrics[end]:,.0f}")
            out.append(_row(name, _key(g, g.iloc[0]["disclosure"]), expected, metrics[end], tol,
                            detail, g["source"]))
    return out


def duration_checks(facts: pd.DataFrame) -> list[dict]:
    """One filing, one series: its rollforwards of different durations (the three months and
    the nine months ended the same day) print the same closing balance on the day they both
    end and the same opening balance on the day they both start."""
    out: list[dict] = []
    tables = facts[~_is_sentence(facts) & facts["period_start"].notna()]
    bal = tables[tables["metric"].str.endswith("_end") | tables["metric"].str.endswith("_begin")]
    if bal.empty:
        return out
    series = ["entity", "source", "population", "segment", "currency", "metric"]
    for (*_, metric), g in bal.groupby(series, dropna=False, sort=True):
        day = "period_end" if str(metric).endswith("_end") else "period_start"
        for _, same in g.groupby(day, sort=True):
            same = same.drop_duplicates(["period_start", "period_end"])
            if len(same) < 2:
                continue
            same = same.assign(_m=[duration_months(s, e) for s, e in
                                   zip(same["period_start"], same["period_end"], strict=True)])
            same = same.sort_values("_m", kind="stable")
            base = same.iloc[0]
            for _, other in same.iloc[1:].iterrows():
                tol = max(_precision(base), _precision(other)) + 1e-6
                detail = (f"{metric} {base[day]}: {float(base['value']):,.0f} in the "
                          f"{_span(base['period_start'], base['period_end'])} rollforward, "
                          f"{float(other['value']):,.0f} in the "
                          f"{_span(other['period_start'], other['period_end'])} one")
                out.append(_row("quarter and year-to-date rollforwards agree",
                                _key(same.loc[[other.name]], str(base["disclosure"])),
                                float(base["value"]), float(other["value"]), tol, detail,
                                [base["source"]]))
    return out


def delinquency_checks(facts: pd.DataFrame) -> list[dict]:
    out: list[dict] = []
    sub = facts[(facts["disclosure"] == "delinquency") & ~_is_sentence(facts)]
    for _, g in sub.groupby(["entity", "source", "population", "segment", "currency", "period_end"], dropna=False,
                            sort=True):
        buckets = g[g["metric"] == "past_due"]
        totals = g[g["metric"] == "past_due_total"]
        current = g[g["metric"] == "current"]
        loans = g[g["metric"] == "total_loans"]
        key = _key(g, "delinquency")
        if len(buckets) >= 2 and len(totals):
            total = float(totals["value"].iloc[0])
            s = float(buckets["value"].sum())
            tol = _precision(totals.iloc[0]) * (len(buckets) + 1)
            detail = " + ".join(f"{v:,.0f}" for v in buckets["value"]) + f" = {s:,.0f}; total past due {total:,.0f}"
            out.append(_row("buckets sum to total past due", key, total, s, tol, detail, g["source"]))
        if len(totals) and len(current) and len(loans):
            total = float(totals["value"].iloc[0]) + float(current["value"].iloc[0])
            reported = float(loans["value"].iloc[0])
            tol = _precision(loans.iloc[0]) * 3
            detail = (f"past due {float(totals['value'].iloc[0]):,.0f} + current "
                      f"{float(current['value'].iloc[0]):,.0f} = {total:,.0f}; total loans {reported:,.0f}")
            out.append(_row("past due + current = total loans", key, total, reported, tol, detail,
                            g["source"]))
    return out


FACT_KEY = ["entity", "disclosure", "metric", "population", "segment", "currency", "days_from", "days_to",
            "period_end"]


def cross_filing_checks(facts: pd.DataFrame) -> list[dict]:
    """The same fact from two sources: agrees within the coarser precision, or restated."""
    out: list[dict] = []
    df = facts.copy()
    df["_start"] = df["period_start"].astype("string").fillna("")
    key = [*FACT_KEY, "_start"]
    for _, g in df.groupby(key, dropna=False, sort=True):
        if g["source"].nunique() < 2:
            continue
        g = g.sort_values("source")
        base = g.iloc[0]
        for _, other in g.iloc[1:].iterrows():
            if other["source"] == base["source"]:
                continue
            tol = max(_precision(base), _precision(other)) + 1e-6
            detail = (f"{base['metric']} {base['period_end']}: {base['value']:,.0f} in {base['source']} "
                      f"vs {other['value']:,.0f} in {other['source']}")
            k = {"entity": base["entity"], "disclosure": base["disclosure"], "segment": base["segment"],
                 "currency": base["currency"], "period_end": base["period_end"], "population": base["population"]}
            out.append(_row("same fact across filings", k, float(base["value"]), float(other["value"]),
                            tol, detail, [base["source"], other["source"]], "agrees", "restated"))
    return out


def unsegmented_total_checks(facts: pd.DataFrame) -> list[dict]:
    """One filing, one population, one date: one unsegmented figure per metric.

    Two different whole-portfolio totals for the same metric and date mean two populations
    (or two reserves) were read as one; the chart could draw either, so the conflict is shown.
    """
    out: list[dict] = []
    df = facts[(facts["segment"] == "") & ~_is_sentence(facts)].copy()
    if df.empty:
        return out
    df["_start"] = df["period_start"].astype("string").fillna("")
    key = ["entity", "source", "disclosure", "metric", "population", "currency", "days_from", "days_to",
           "_start", "period_end"]
    for _, g in df.groupby(key, dropna=False, sort=True):
        if len(g) < 2:
            continue
        values = sorted(set(g["value"].round(6)))
        if len(values) < 2:
            continue
        first = g.iloc[0]
        detail = (f"{first['metric']} {first['period_end']} has {len(values)} different unsegmented figures in "
                  f"{first['source']}: " + ", ".join(f"{v:,.0f}" for v in values)
                  + " — name the population each belongs to")
        out.append(_row("one unsegmented total per metric and date", _key(g, first["disclosure"]),
                        values[0], values[-1], 0.0, detail, g["source"], "ok", "conflict"))
    return out


def run_checks(facts: pd.DataFrame) -> pd.DataFrame:
    """Every check over a facts frame, one row per check performed."""
    if facts.empty:
        return pd.DataFrame(columns=list(CHECK_COLUMNS))
    if "population" not in facts.columns:
        facts = facts.assign(population="")
    rows = [*rollforward_checks(facts), *duration_checks(facts), *delinquency_checks(facts),
            *cross_filing_checks(facts),
            *unsegmented_total_checks(facts)]
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
