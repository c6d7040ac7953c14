"""Analyst tables computed from the tidy facts: pure pandas, no streamlit.

Everything here takes a facts frame that follows the contract (`dashboard.model.schema`) and returns
a new frame; nothing is mutated. Figures from several filings of one filer are reconciled by
`dashboard.facts.selection`, bucket schemes are kept as the filer reported them, and anything
computed here rather than read from a filing carries `derived=True` and a formula in words:
the delinquency buckets and summary (90+ amount and ratio), the allowance rollforward (net
build, net write-offs, coverage) and the guarantee exposure (US$ translation, year on year).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from dashboard.analysis import periods
from dashboard.analysis.rollforward import rollforward_ratios
from dashboard.facts.selection import pick_delinquency, pick_facts, pick_population
from dashboard.model.schema import FACT_COLUMNS, conform

ALLOWANCE_METRICS = ("allowance_begin", "provision", "write_off", "recovery", "allowance_other",
                     "allowance_end")


# ─── filtering ──────────────────────────────────────────────────────────────────────────────

def fact_year(facts: pd.DataFrame) -> pd.Series:
    """The calendar year of each fact's period end (the fiscal year for a duration)."""
    return pd.to_datetime(facts["period_end"], errors="coerce").dt.year.astype("Int64")


def filter_facts(
    facts: pd.DataFrame,
    *,
    entities: Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
    currency: str | None = None,
    segment: str | None = None,
    disclosure: str | None = None,
) -> pd.DataFrame:
    """Rows matching every filter given (None or empty means no filter on that column)."""
    mask = pd.Series(True, index=facts.index)
    ents = list(entities or [])
    if ents:
        mask &= facts["entity"].isin(ents)
    if years is not None:
        y = fact_year(facts)
        mask &= y.between(years[0], years[1]).fillna(False).astype(bool)
    if currency:
        mask &= facts["currency"] == currency
    if segment is not None:
        mask &= facts["segment"] == segment
    if disclosure:
        mask &= facts["disclosure"] == disclosure
    return facts[mask]


# ─── delinquency ────────────────────────────────────────────────────────────────────────────

def bucket_label(days_from: object, days_to: object) -> str:
    """'0-30 days', '61-90 days', 'over 90 days' from the contract's bucket bounds."""
    lo = None if pd.isna(days_from) else int(days_from)
    hi = None if pd.isna(days_to) else int(days_to)
    if lo is None and hi is None:
        return "past due"
    if hi is None:
        n = lo - 1 if lo and (lo - 1) % 10 == 0 else lo
        return f"over {n} days"
    if lo is None:
        return f"up to {hi} days"
    return f"{lo}-{hi} days"


def _over90(buckets: pd.DataFrame) -> tuple[float | None, str, bool, str]:
    """(value, status, derived, formula) of the 90+ days past due amount from one date's buckets.

    status is 'reported' (one open-ended bucket from 90/91), 'derived' (a sum of buckets all
    beyond 90), 'not reported' (no bucket beyond 90) or 'not derivable' (a bucket straddles 90).
    """
    if buckets.empty:
        return None, "not reported", False, ""
    lo = buckets["days_from"].astype("Float64")
    hi = buckets["days_to"].astype("Float64")
    straddle = (lo.fillna(0) < 90) & (hi.isna() | (hi > 90))
    if straddle.any():
        names = ", ".join(bucket_label(a, b) for a, b in zip(lo[straddle], hi[straddle],
                                                               strict=True))
        return None, "not derivable", False, f"the filer's bucket {names} straddles 90 days"
    beyond = buckets[(lo >= 90).fillna(False).astype(bool)]
    if beyond.empty:
        return None, "not reported", False, "no bucket beyond 90 days"
    total = float(beyond["value"].sum())
    if len(beyond) == 1:
        return total, "reported", False, beyond["bucket"].iloc[0]
    formula = " + ".join(beyond["bucket"].tolist())
    return total, "derived", True, formula


def _loans_at(group: pd.DataFrame) -> tuple[float | None, bool]:
    """Total loans at one date: reported, else current + total past due (derived)."""
    tl = group.loc[group["metric"] == "total_loans", "value"]
    if not tl.empty:
        return float(tl.iloc[0]), False
    cur = group.loc[group["metric"] == "current", "value"]
    pdt = group.loc[group["metric"] == "past_due_total", "value"]
    if not cur.empty and not pdt.empty:
        return float(cur.iloc[0]) + float(pdt.iloc[0]), True
    if not cur.empty:
        pdb = group.loc[group["metric"] == "past_due", "value"]
        if not pdb.empty:
            return float(cur.iloc[0]) + float(pdb.sum()), True
    return None, False


def _bucket_order(lo: object, hi: object) -> float:
    """Sort key: by lower bound; an open-ended bucket after closed ones that start with it."""
    if pd.isna(lo):
        return float(hi) - 0.5 if not pd.isna(hi) else 1e9
    return float(lo) + (0.5 if pd.isna(hi) else 0.0)


def delinquency_buckets(facts: pd.DataFrame) -> pd.DataFrame:
    """Past-due buckets, one row each, as the filer reported them.

    Columns: entity, segment, currency, period_end, bucket, days_from, days_to, order, value,
    total_loans, pct_of_loans, label, source, locator, scale, scale_basis, derived.
    """
    cols = ["entity", "segment", "currency", "period_end", "bucket", "days_from", "days_to",
            "order", "value", "total_loans", "pct_of_loans", "label", "source", "locator",
            "scale", "scale_basis", "derived"]
    d = pick_delinquency(facts)
    pdue = d[d["metric"] == "past_due"]
    if pdue.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for keys, g in d.groupby(["entity", "segment", "currency", "period_end"], dropna=False,
                             sort=True):
        loans, _ = _loans_at(g)
        for _, r in g[g["metric"] == "past_due"].iterrows():
            rows.append({
                "entity": keys[0], "segment": keys[1], "currency": keys[2], "period_end": keys[3],
                "bucket": bucket_label(r["days_from"], r["days_to"]),
                "days_from": r["days_from"], "days_to": r["days_to"],
                "order": _bucket_order(r["days_from"], r["days_to"]),
                "value": float(r["value"]), "total_loans": loans,
                "pct_of_loans": (float(r["value"]) / loans) if loans else None,
                "label": r["label"], "source": r["source"], "locator": r["locator"],
                "scale": r["scale"], "scale_basis": r["scale_basis"], "derived": False,
            })
    out = _floats(pd.DataFrame(rows, columns=cols), ["value", "total_loans", "pct_of_loans"])
    return out.sort_values(["entity", "segment", "currency", "period_end", "order"]).reset_index(
        drop=True)


def delinquency_summary(facts: pd.DataFrame, buckets: pd.DataFrame | None = None
                        ) -> pd.DataFrame:
    """One row per (entity, segment, currency, date): totals, the 90+ amount and ratio.

    `over_90_status` says whether the 90+ figure was reported, derived (with `over_90_formula`),
    not reported, or not derivable from the filer's buckets; `scheme` lists the buckets.
    `buckets`: `delinquency_buckets(facts)` when the caller has it already.
    """
    cols = ["entity", "segment", "currency", "period_end", "scheme", "n_buckets",
            "past_due_total", "current", "total_loans", "total_loans_derived",
            "past_due_ratio", "over_90", "over_90_ratio", "over_90_status", "over_90_derived",
            "over_90_formula", "buckets_sum", "source"]
    d = pick_delinquency(facts)
    if d.empty:
        return pd.DataFrame(columns=cols)
    buckets = delinquency_buckets(facts) if buckets is None else buckets
    rows = []
    for keys, g in d.groupby(["entity", "segment", "currency", "period_end"], dropna=False,
                             sort=True):
        b = buckets[(buckets["entity"] == keys[0]) & (buckets["segment"] == keys[1])
                    & (buckets["currency"] == keys[2]) & (buckets["period_end"] == keys[3])]
        loans, loans_derived = _loans_at(g)
        pdt = g.loc[g["metric"] == "past_due_total", "value"]
        cur = g.loc[g["metric"] == "current", "value"]
        past_due_total = float(pdt.iloc[0]) if not pdt.empty else (
            float(b["value"].sum()) if not b.empty else None)
        over, status, derived, formula = _over90(b)
        rows.append({
            "entity": keys[0], "segment": keys[1], "currency": keys[2], "period_end": keys[3],
            "scheme": " / ".join(b["bucket"].tolist()), "n_buckets": len(b),
            "past_due_total": past_due_total,
            "current": float(cur.iloc[0]) if not cur.empty else None,
            "total_loans": loans, "total_loans_derived": loans_derived,
            "past_due_ratio": past_due_total / loans if loans and past_due_total is not None
            else None,
            "over_90": over, "over_90_ratio": over / loans if loans and over is not None else None,
            "over_90_status": status, "over_90_derived": derived, "over_90_formula": formula,
            "buckets_sum": float(b["value"].sum()) if not b.empty else None,
            "source": ", ".join(sorted(set(g["source"]))),
        })
    return _floats(pd.DataFrame(rows, columns=cols),
                   ["past_due_total", "current", "total_loans", "past_due_ratio", "over_90",
                    "over_90_ratio", "buckets_sum"])


def delinquency_wide(facts: pd.DataFrame, buckets: pd.DataFrame | None = None,
                     summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """A table an analyst reads: one row per (entity, segment, currency, date), one column per
    bucket in the filer's order, then totals and the 90+ roll-up (marked when derived).
    `buckets`, `summary`: this module's tables of `facts`, when the caller has them."""
    b = delinquency_buckets(facts) if buckets is None else buckets
    s = delinquency_summary(facts, buckets=b) if summary is None else summary
    if s.empty:
        return pd.DataFrame()
    key = ["entity", "segment", "currency", "period_end"]
    order = b.drop_duplicates("bucket").sort_values("order")["bucket"].tolist() if not b.empty \
        else []
    wide = b.pivot_table(index=key, columns="bucket", values="value", aggfunc="sum") \
        if not b.empty else pd.DataFrame(index=pd.MultiIndex.from_frame(s[key]))
    wide = wide.reindex(columns=order).reset_index()
    out = s[key + ["past_due_total", "current", "total_loans", "over_90", "over_90_status",
                   "over_90_formula", "over_90_ratio"]].merge(wide, on=key, how="left")
    out["over 90 days (roll-up)"] = [
        f"{v:,.0f}{' (derived)' if st == 'derived' else ''}" if v is not None and pd.notna(v)
        else st for v, st in zip(out["over_90"], out["over_90_status"], strict=True)]
    return out[key + order + ["past_due_total", "current", "total_loans",
                              "over 90 days (roll-up)", "over_90_ratio", "over_90_formula"]]


# ─── allowance rollforward ──────────────────────────────────────────────────────────────────

_ADOPTION = ("allowance_adoption_adjustment", "allowance_begin_before_adoption")


def _adoption(g: pd.DataFrame) -> float:
    """The adoption adjustment a year's rollforward adds to its opening balance; nil when the
    opening balance given is already after it (a "before adoption" line beside it), as the
    rollforward check reads it (checks.rollforward_checks)."""
    if (g["metric"] == "allowance_begin_before_adoption").any():
        return 0.0
    return float(g.loc[g["metric"] == "allowance_adoption_adjustment", "value"].sum())


def allowance_table(facts: pd.DataFrame, summary: pd.DataFrame | None = None,
                    context: pd.DataFrame | None = None, frequency: str | None = None, *,
                    focus: periods.FocusMap | None = None) -> pd.DataFrame:
    """One row per (entity, segment, currency, period) of the allowance rollforward, with ratios.

    Each row is one period of one duration, never a sum of two: `frequency` "annual" (the
    default) gives the filer's fiscal years (a year its quarters make, marked derived; a fiscal
    year with only a year-to-date figure as that, labelled "FY2024 9M"), "quarterly" its fiscal
    quarters (one printed only as year to date derived from two year-to-dates, marked);
    facts that `periods.series` picked already are taken as they are. See `periods`.

    Columns: year (the fiscal year), period_label ("FY2024 Q3"), fiscal_quarter, months,
    period_kind, derived, derivation, allowance_begin, provision, write_off, recovery,
    allowance_other, allowance_end, adoption (an accounting change's adjustment to the opening
    balance, ASC 326's cumulative effect; empty when none), net_build (ending − beginning −
    adoption when both balances are known, else provision − write-off + recovery + other),
    net_build_derived, rollforward_difference (begin + adoption + provision − write-off +
    recovery + other − end), net_write_off, and the ratios as
    `dashboard.ratios` defines them for that exact period (`rollforward_ratios`; a quarter's
    flow ratios annualised, said in ratio_notes): provision_to_write_off (provision / net
    write-offs), write_off_to_avg_loans (net write-offs / average loans),
    provision_to_avg_loans, allowance_to_over_90, with average_loans, over_90 and ratio_notes;
    then sources. The ratios read `context` (the facts before a page's filters) when given,
    else `facts`; `summary` is accepted and no longer read.
    """
    cols = ["entity", "segment", "currency", "year", "period_label", "fiscal_quarter", "months",
            "period_kind", "period_start", "period_end", *ALLOWANCE_METRICS, "adoption",
            "net_build",
            "net_build_derived", "rollforward_difference", "provision_to_write_off",
            "net_write_off", "average_loans", "write_off_to_avg_loans", "provision_to_avg_loans",
            "over_90", "allowance_to_over_90", "ratio_notes", "derived", "derivation",
            "frequency", "sources", "labels"]
    a = allowance_facts(facts, frequency, focus=focus)
    if a.empty:
        return pd.DataFrame(columns=cols)
    rows = [_allowance_row(g) for g in _periods(a)]
    # the ratios: one definition (dashboard.ratios), for each row's own period
    table = rollforward_ratios(pd.DataFrame(rows), facts, context)
    out = _floats(table.reindex(columns=cols),
                  [*ALLOWANCE_METRICS, "adoption", "net_build", "rollforward_difference",
                   "provision_to_write_off", "net_write_off", "average_loans",
                   "write_off_to_avg_loans", "provision_to_avg_loans", "over_90",
                   "allowance_to_over_90"])
    out["_end"] = pd.to_datetime(out["period_end"], errors="coerce")
    return out.sort_values(["entity", "segment", "currency", "_end", "months"],
                           kind="stable").drop(columns="_end").reset_index(drop=True)


def allowance_facts(facts: pd.DataFrame, frequency: str | None = None, *,
                    focus: periods.FocusMap | None = None) -> pd.DataFrame:
    """The rollforward facts `allowance_table` tables, one per line and period of the
    frequency: empty exactly when the table is, and a tenth of its cost (no ratio computed),
    so a page can say whether there is a rollforward before drawing it."""
    # the tie is the one the checks hold the filer's table to (checks.ROLLFORWARDS): an
    # accounting change's adoption adjustment (ASC 326) is one of its flows
    a = facts[(facts["disclosure"] == "allowance")
              & facts["metric"].isin([*ALLOWANCE_METRICS, *_ADOPTION])]
    # two reserves side by side (loans and unfunded commitments) are two series, never one sum
    a = pick_population(a)
    freq = frequency or periods.picked_frequency(a)
    if frequency is not None or freq is None:
        a = periods.series(a, freq or periods.ANNUAL, focus=focus)
    return pick_facts(a)


def _periods(a: pd.DataFrame) -> list[pd.DataFrame]:
    """The facts of each period of each series: a rollforward column (one exact start and
    end), and an ending balance given alone (the balance sheet's allowance) as a period of its
    own unless a column ends that day: it is that column's closing balance (the column's own
    closing line stands when it prints one). An opening balance given alone is no period."""
    key = ["entity", "segment", "currency"]
    dur = a[a["period_start"].notna()]
    inst = a[a["period_start"].isna()]
    groups = [g for _, g in dur.groupby([*key, "period_start", "period_end"], dropna=False,
                                        sort=True)]
    ends: dict[tuple[str, str, str, object], list[int]] = {}
    closing = inst[inst["metric"] == "allowance_end"]
    for i, e, sg, c, p in zip(closing.index, closing["entity"], closing["segment"],
                              closing["currency"], closing["period_end"], strict=True):
        ends.setdefault((str(e), str(sg), str(c), p), []).append(i)
    used: set[int] = set()
    for i, g in enumerate(groups):
        first = g.iloc[0]
        hit = ends.get((str(first["entity"]), str(first["segment"]), str(first["currency"]),
                        first["period_end"]), [])
        if not hit:
            continue
        used.update(hit)  # one balance on that day, whichever table printed it
        if not (g["metric"] == "allowance_end").any():
            groups[i] = pd.concat([g, inst.loc[hit[:1]]])
    # an opening balance read with no period (a rollforward cut after its first line) opens a
    # period the page does not report: no row of its own (it stays among the facts)
    rest = inst[~inst.index.isin(used) & (inst["metric"] != "allowance_begin")]
    groups += [g for _, g in rest.groupby([*key, "period_end"], dropna=False, sort=True)]
    return groups


def _allowance_row(g: pd.DataFrame) -> dict:
    """One period's rollforward and provenance (its ratios: `rollforward_ratios`)."""
    first = g.sort_values("period_start", na_position="last").iloc[0]
    ent, seg, cur = first["entity"], first["segment"], first["currency"]
    given: dict[str, float] = {}
    for metric, value in zip(g["metric"].astype(str), g["value"], strict=True):
        given.setdefault(metric, float(value))
    vals: dict[str, float | None] = {m: given.get(m) for m in ALLOWANCE_METRICS}
    begin, end = vals["allowance_begin"], vals["allowance_end"]
    flows = [vals["provision"], -(vals["write_off"] or 0.0) if vals["write_off"] is not None
             else None, vals["recovery"], vals["allowance_other"]]
    adoption = _adoption(g)
    if begin is not None and end is not None:
        # an accounting change's opening adjustment (ASC 326) is no build through provisions
        net, net_derived = end - begin - adoption, False
    elif vals["provision"] is not None and vals["write_off"] is not None:
        net, net_derived = sum(f for f in flows if f is not None), True
    else:
        net, net_derived = None, False
    diff = None
    if begin is not None and end is not None and vals["provision"] is not None \
            and vals["write_off"] is not None:
        diff = begin + sum(f for f in flows if f is not None) + adoption - end
    wo = vals["write_off"]
    net_wo = wo - (vals["recovery"] or 0.0) if wo is not None else None
    pend, pstart = first["period_end"], first["period_start"]
    pstart = None if pstart is None or (not isinstance(pstart, date) and pd.isna(pstart)) \
        else pstart
    months = periods.duration_months(pstart, pend)
    kind = str(first.get("period_kind", "") or "")
    fy, fq = first.get("fiscal_year"), first.get("fiscal_quarter")
    label = str(first.get("period_label", "") or "")
    if pstart is None and fy is not None and pd.notna(fy):
        # an ending balance alone sits at the end of the period it closes
        freq = str(first.get("frequency", "") or "")
        q = int(fq) if fq is not None and pd.notna(fq) else None
        label = periods.fiscal_label(int(fy), q, None,
                                     periods.QUARTER if freq == periods.QUARTERLY and q
                                     else periods.YEAR if q == 4 else periods.BALANCE, pend)
    derived = bool(g["derived"].any()) if "derived" in g.columns else False
    sources = set(g["source"].astype(str))
    if "derived_from" in g.columns:
        sources |= {s for v in g["derived_from"].astype(str) for s in v.split("; ") if s}
    return {
        "entity": ent, "segment": seg, "currency": cur,
        "year": int(fy) if fy is not None and pd.notna(fy) else _year_of(pend),
        "period_label": label or str(_year_of(pend)),
        "fiscal_quarter": int(fq) if fq is not None and pd.notna(fq) else None,
        "months": months, "period_kind": kind, "period_start": pstart, "period_end": pend,
        **vals, "adoption": adoption or None,
        "net_build": net, "net_build_derived": net_derived, "rollforward_difference": diff,
        "net_write_off": net_wo,
        "derived": derived, "frequency": str(first.get("frequency", "") or ""),
        "derivation": "; ".join(dict.fromkeys(
            str(v) for v in g.get("derivation", pd.Series(dtype=str)) if v and str(v) != "nan")),
        "sources": ", ".join(sorted(sources)),
        "labels": "; ".join(dict.fromkeys(g["label"].astype(str))),
    }


def _year_of(d: object) -> int | None:
    t = pd.to_datetime(d, errors="coerce")
    return None if pd.isna(t) else int(t.year)


def _floats(df: pd.DataFrame, cols: Iterable[str]) -> pd.DataFrame:
    for c in cols:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df


# ─── guarantees ─────────────────────────────────────────────────────────────────────────────

def guarantee_table(facts: pd.DataFrame, metric: str = "max_exposure") -> pd.DataFrame:
    """Maximum exposure per (entity, segment, currency, date) with the US$ translation and YoY.

    A US$ figure given beside a figure in another currency for the same entity, segment and
    date is the filing's convenience translation: it goes in `usd_translation`, not in a
    series of its own. Year-on-year change is within one series (never across currencies).
    """
    cols = ["entity", "segment", "currency", "period_end", "year", "value", "usd_translation",
            "yoy_change", "yoy_pct", "label", "source", "locator", "scale", "scale_basis",
            "note_pick"]
    g = facts[(facts["disclosure"] == "guarantee") & (facts["metric"] == metric)]
    if g.empty:
        return pd.DataFrame(columns=cols)
    g = pick_facts(g)
    key = ["entity", "segment", "period_end"]
    non_usd = g[g["currency"] != "USD"]
    trans_keys = set(map(tuple, non_usd[key].astype(str).values.tolist()))
    is_usd = g["currency"] == "USD"
    is_trans = is_usd & g[key].astype(str).apply(tuple, axis=1).isin(trans_keys)
    trans = g[is_trans]
    main = g[~is_trans].copy()
    tmap = {tuple(map(str, r[key])): float(r["value"]) for _, r in trans.iterrows()}
    main["usd_translation"] = [tmap.get(tuple(map(str, r[key]))) for _, r in main.iterrows()]
    main["year"] = fact_year(main)
    main = main.sort_values(["entity", "segment", "currency", "period_end"])
    prev = main.groupby(["entity", "segment", "currency"], dropna=False)["value"].shift(1)
    main["yoy_change"] = main["value"] - prev
    main["yoy_pct"] = main["yoy_change"] / prev.abs()
    return main[cols].reset_index(drop=True)


def ensure_contract(facts: pd.DataFrame | None) -> pd.DataFrame:
    """The contract's columns whatever comes in (keeps extra columns such as entity_reported)."""
    if facts is None:
        return conform(pd.DataFrame())
    extra = [c for c in facts.columns if c not in FACT_COLUMNS]  # what conform() keeps
    out = conform(facts)
    for c in extra:
        out[c] = facts[c].to_numpy()
    return out
