"""Analyst views computed from the tidy facts: pure pandas, no streamlit.

Everything here takes a facts frame that follows the contract (`dashboard.schema`) and returns
a new frame; nothing is mutated. Figures from several filings of one filer are reconciled
(`pick_facts`), bucket schemes are kept as the filer reported them, and anything computed here
rather than read from a filing carries `derived=True` and a formula in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from dashboard.schema import FACT_COLUMNS, conform

CURRENCY_NAMES: dict[str, str] = {"CNY": "RMB", "USD": "US$", "HKD": "HK$", "EUR": "€"}
SCALE_WORDS: dict[int, str] = {1: "", 1_000: "thousands", 1_000_000: "millions",
                               1_000_000_000: "billions"}
ALLOWANCE_METRICS = ("allowance_begin", "provision", "write_off", "recovery", "allowance_other",
                     "allowance_end")


# ─── entity names ───────────────────────────────────────────────────────────────────────────

def canonical_name(name: str, aliases: Mapping[str, str] | None) -> str:
    """Follow alias → canonical links (filer merges) to the end; cycles stop where they loop."""
    if not aliases:
        return name
    seen = {name}
    while name in aliases and aliases[name] not in seen:
        name = aliases[name]
        seen.add(name)
    return name


def resolve_entities(
    facts: pd.DataFrame,
    source_filers: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Replace `entity` by the analyst's labels.

    `source_filers` maps a source (`file`, or `file#part` for one part) to a filer name; a
    mapping for a part wins over one for its file. `aliases` maps a filer name to the name it
    was merged into. The filer's own name is kept in `entity_reported`.
    """
    out = facts.copy()
    out["entity_reported"] = out["entity"].astype("string")
    if out.empty:
        return out
    names = out["entity"].astype(str).tolist()
    if source_filers:
        for i, src in enumerate(out["source"].astype(str)):
            base = src.split("#", 1)[0]
            name = source_filers.get(src) or source_filers.get(base)
            if name:
                names[i] = name
    out["entity"] = pd.Series([canonical_name(n, aliases) for n in names], index=out.index,
                              dtype="string")
    return out


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


# ─── reconciling several filings ────────────────────────────────────────────────────────────

def _source_recency(facts: pd.DataFrame) -> pd.Series:
    """A proxy for how recent each source's filing is: the latest period end it reports."""
    ends = pd.to_datetime(facts["period_end"], errors="coerce")
    return ends.groupby(facts["source"]).max()


def _agree(a: float, scale_a: float, b: float, scale_b: float) -> bool:
    """Two figures agree when they differ by no more than the rounding of the coarser one."""
    tol = 0.5 * max(scale_a or 1, scale_b or 1)
    return abs(a - b) <= max(tol, 1e-9 * max(abs(a), abs(b)))


_KEY = ["entity", "disclosure", "metric", "population", "segment", "currency", "days_from", "days_to",
        "period_start", "period_end"]


def pick_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """One figure per fact key when several filings (or a table and a sentence) give it.

    When all candidates agree within rounding, the most precise (smallest scale) wins, then
    the most recent filing. When they disagree, the most recent filing wins (a restatement)
    and `note_pick` says what the other filing had; when one filing disagrees with itself,
    no figure is picked. Delinquency is picked per balance-sheet
    date as a whole table (see `pick_delinquency`), so bucket schemes never mix.
    """
    if facts.empty:
        out = facts.copy()
        out["note_pick"] = pd.Series(dtype="string")
        return out
    df = facts.copy()
    recency = _source_recency(df)
    df["_recency"] = df["source"].map(recency)
    df["_scale"] = pd.to_numeric(df["scale"], errors="coerce").fillna(1).astype(float)
    df["note_pick"] = ""
    key = [c for c in _KEY if c in df.columns]
    keep: list[int] = []
    notes: dict[int, str] = {}
    grouped = df.groupby(key, dropna=False, sort=False)
    for _, g in grouped:
        if len(g) == 1:
            keep.append(g.index[0])
            continue
        by_recent = g.sort_values(["_recency", "_scale"], ascending=[False, True])
        latest = by_recent.iloc[0]
        consistent = all(_agree(latest["value"], latest["_scale"], r["value"], r["_scale"])
                         for _, r in g.iterrows())
        if consistent:
            best = g.sort_values(["_scale", "_recency"], ascending=[True, False]).index[0]
            keep.append(best)
            others = sorted(set(g["source"]) - {df.at[best, "source"]})
            if others:
                notes[best] = "also in " + ", ".join(others)
        elif (g["source"] == latest["source"]).sum() > 1 and not all(
                _agree(latest["value"], latest["_scale"], r["value"], r["_scale"])
                for _, r in g[g["source"] == latest["source"]].iterrows()):
            # one filing giving two different figures for one fact is a reading error, not a
            # restatement: show neither rather than guess (the facts table keeps both)
            continue
        else:
            keep.append(by_recent.index[0])
            others = [f"{r['source']}: {r['value']:,.0f}" for _, r in by_recent.iloc[1:].iterrows()
                      if not _agree(latest["value"], latest["_scale"], r["value"], r["_scale"])]
            notes[by_recent.index[0]] = "restated; earlier figure " + "; ".join(others)
    out = df.loc[sorted(keep)].copy()
    for idx, note in notes.items():
        out.at[idx, "note_pick"] = note
    return out.drop(columns=["_recency", "_scale"])


def main_populations(facts: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Per (entity, disclosure), the population a chart shows unless the analyst picks one:
    the unnamed one ('' — the filer's own total) when reported, else the one with most figures."""
    out: dict[tuple[str, str], str] = {}
    if facts.empty or "population" not in facts.columns:
        return out
    for (ent, disc), g in facts.groupby(["entity", "disclosure"], sort=False):
        pops = g["population"].fillna("").astype(str)
        counts = pops.value_counts()
        out[(str(ent), str(disc))] = "" if "" in counts.index else str(counts.index[0])
    return out


def pick_population(facts: pd.DataFrame, population: str | None = None) -> pd.DataFrame:
    """One receivable population per series, so that a chart never draws two different totals
    for one filer, metric and date: the one named, or per filer and disclosure the main one."""
    if facts.empty or "population" not in facts.columns:
        return facts
    pops = facts["population"].fillna("").astype(str)
    if population is not None:
        return facts[pops == population]
    main = main_populations(facts)
    want = [main.get((str(e), str(d)), "") for e, d in zip(facts["entity"], facts["disclosure"], strict=True)]
    return facts[pops.to_numpy() == pd.Series(want, index=facts.index, dtype="object").to_numpy()]


def pick_delinquency(facts: pd.DataFrame) -> pd.DataFrame:
    """Delinquency facts with one source per (entity, population, segment, currency, date).

    Filings can cut the same date into different buckets (one year "over 60", the next
    "61-90" and "over 90"). Mixing them would count loans twice, so each date takes every
    figure from one filing: the most recent one, then the one with the most buckets.
    """
    d = facts[facts["disclosure"] == "delinquency"]
    if d.empty:
        return d.copy()
    recency = _source_recency(facts)
    chosen = []
    by = [c for c in ("entity", "population", "segment", "currency", "period_end") if c in d.columns]
    for _, g in d.groupby(by, dropna=False, sort=False):
        if g["source"].nunique() == 1:
            chosen.append(g)
            continue
        counts = g.groupby("source").size()
        def rank(src: str, counts: pd.Series = counts) -> tuple[pd.Timestamp, int]:
            r = recency.get(src, pd.NaT)
            return (pd.Timestamp.min if pd.isna(r) else r, int(counts[src]))

        best = max(counts.index, key=rank)
        chosen.append(g[g["source"] == best])
    return pd.concat(chosen).sort_index()


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


def delinquency_summary(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per (entity, segment, currency, date): totals, the 90+ amount and ratio.

    `over_90_status` says whether the 90+ figure was reported, derived (with `over_90_formula`),
    not reported, or not derivable from the filer's buckets; `scheme` lists the buckets.
    """
    cols = ["entity", "segment", "currency", "period_end", "scheme", "n_buckets",
            "past_due_total", "current", "total_loans", "total_loans_derived",
            "past_due_ratio", "over_90", "over_90_ratio", "over_90_status", "over_90_derived",
            "over_90_formula", "buckets_sum", "source"]
    d = pick_delinquency(facts)
    if d.empty:
        return pd.DataFrame(columns=cols)
    buckets = delinquency_buckets(facts)
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


def delinquency_wide(facts: pd.DataFrame) -> pd.DataFrame:
    """A table an analyst reads: one row per (entity, segment, currency, date), one column per
    bucket in the filer's order, then totals and the 90+ roll-up (marked when derived)."""
    b = delinquency_buckets(facts)
    s = delinquency_summary(facts)
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

def allowance_table(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per (entity, segment, currency, year) of the allowance rollforward, with ratios.

    Columns: allowance_begin, provision, write_off, recovery, allowance_other, allowance_end,
    net_build (ending − beginning when both are known, else provision − write-off + recovery
    + other), net_build_derived, rollforward_difference (begin + provision − write-off +
    recovery + other − end), provision_to_write_off, net_write_off, average_loans,
    write_off_to_avg_loans, over_90, allowance_to_over_90, sources.
    """
    cols = ["entity", "segment", "currency", "year", "period_start", "period_end",
            *ALLOWANCE_METRICS, "net_build", "net_build_derived", "rollforward_difference",
            "provision_to_write_off", "net_write_off", "average_loans", "write_off_to_avg_loans",
            "over_90", "allowance_to_over_90", "sources", "labels"]
    a = facts[(facts["disclosure"] == "allowance") & facts["metric"].isin(ALLOWANCE_METRICS)]
    # an ending balance is an instant: the rollforward's last line and the balance sheet's
    # allowance at the same date are one fact, whatever duration the table hung it on
    a = a.assign(period_start=a["period_start"].where(a["metric"] != "allowance_end", None))
    a = pick_facts(a)
    if a.empty:
        return pd.DataFrame(columns=cols)
    a = a.assign(year=fact_year(a))
    summary = delinquency_summary(facts)
    rows = []
    for (ent, seg, cur, year), g in a.groupby(["entity", "segment", "currency", "year"],
                                              dropna=False, sort=True):
        vals: dict[str, float | None] = {}
        for m in ALLOWANCE_METRICS:
            v = g.loc[g["metric"] == m, "value"]
            vals[m] = float(v.sum()) if not v.empty else None
        begin, end = vals["allowance_begin"], vals["allowance_end"]
        flows = [vals["provision"], -(vals["write_off"] or 0.0) if vals["write_off"] is not None
                 else None, vals["recovery"], vals["allowance_other"]]
        if begin is not None and end is not None:
            net, net_derived = end - begin, False
        elif vals["provision"] is not None and vals["write_off"] is not None:
            net, net_derived = sum(f for f in flows if f is not None), True
        else:
            net, net_derived = None, False
        diff = None
        if begin is not None and end is not None and vals["provision"] is not None \
                and vals["write_off"] is not None:
            diff = begin + sum(f for f in flows if f is not None) - end
        prov, wo = vals["provision"], vals["write_off"]
        net_wo = wo - (vals["recovery"] or 0.0) if wo is not None else None
        pend = g["period_end"].dropna().max() if g["period_end"].notna().any() else None
        pstart = g["period_start"].dropna().min() if g["period_start"].notna().any() else None
        avg = _average_loans(summary, ent, seg, cur, pend, pstart)
        over = _over90_at(summary, ent, seg, cur, pend)
        rows.append({
            "entity": ent, "segment": seg, "currency": cur, "year": int(year),
            "period_start": pstart, "period_end": pend, **vals,
            "net_build": net, "net_build_derived": net_derived, "rollforward_difference": diff,
            "provision_to_write_off": prov / wo if prov is not None and wo else None,
            "net_write_off": net_wo, "average_loans": avg,
            "write_off_to_avg_loans": wo / avg if wo is not None and avg else None,
            "over_90": over,
            "allowance_to_over_90": end / over if end is not None and over else None,
            "sources": ", ".join(sorted(set(g["source"]))),
            "labels": "; ".join(dict.fromkeys(g["label"].astype(str))),
        })
    return _floats(pd.DataFrame(rows, columns=cols),
                   [*ALLOWANCE_METRICS, "net_build", "rollforward_difference",
                    "provision_to_write_off", "net_write_off", "average_loans",
                    "write_off_to_avg_loans", "over_90", "allowance_to_over_90"])


def _floats(df: pd.DataFrame, cols: Iterable[str]) -> pd.DataFrame:
    for c in cols:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df


def _summary_rows(summary: pd.DataFrame, ent: str, seg: str, cur: str) -> pd.DataFrame:
    s = summary[(summary["entity"] == ent) & (summary["currency"] == cur)]
    same = s[s["segment"] == seg]
    return same if not same.empty else s[s["segment"] == ""]


def _as_date(v: object) -> date | None:
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def _loans_on(s: pd.DataFrame, when: date | None) -> float | None:
    if when is None or s.empty:
        return None
    hit = s[[_as_date(p) == when for p in s["period_end"]]]
    vals = hit["total_loans"].dropna()
    return float(vals.iloc[0]) if not vals.empty else None


def _average_loans(summary: pd.DataFrame, ent: str, seg: str, cur: str, pend: object,
                   pstart: object) -> float | None:
    """Average of total loans at the start and end of the year; None unless both are known."""
    s = _summary_rows(summary, ent, seg, cur)
    end = _as_date(pend)
    if end is None:
        return None
    start = _as_date(pstart)
    prior_end = (pd.Timestamp(start) - pd.Timedelta(days=1)).date() if start else \
        (pd.Timestamp(end) - pd.DateOffset(years=1)).date()
    a, b = _loans_on(s, prior_end), _loans_on(s, end)
    if a is None or b is None:
        return None
    return (a + b) / 2


def _over90_at(summary: pd.DataFrame, ent: str, seg: str, cur: str, pend: object) -> float | None:
    s = _summary_rows(summary, ent, seg, cur)
    end = _as_date(pend)
    if end is None or s.empty:
        return None
    hit = s[[_as_date(p) == end for p in s["period_end"]]]["over_90"].dropna()
    return float(hit.iloc[0]) if not hit.empty else None


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


# ─── display helpers shared by charts and pages ─────────────────────────────────────────────

def currency_name(code: str) -> str:
    """'RMB' for CNY, 'US$' for USD; the ISO code otherwise."""
    return CURRENCY_NAMES.get(str(code), str(code) or "?")


def display_scale(values: Iterable[float]) -> int:
    """A readable divisor for a set of figures: millions from a million up, else thousands."""
    vals = [abs(v) for v in values if v is not None and pd.notna(v)]
    top = max(vals) if vals else 0
    if top >= 1_000_000:
        return 1_000_000
    if top >= 1_000:
        return 1_000
    return 1


def unit_label(currency: str, scale: int) -> str:
    """'RMB millions', 'US$ thousands', 'RMB'."""
    word = SCALE_WORDS.get(int(scale), f"× {int(scale):,}")
    return f"{currency_name(currency)} {word}".strip()


def money(value: float | None, currency: str) -> str:
    """The exact figure in whole units: 'RMB 2,223,000,000'."""
    if value is None or pd.isna(value):
        return "—"
    return f"{currency_name(currency)} {value:,.0f}"


def scale_basis_note(facts: pd.DataFrame) -> str:
    """'RMB thousands, as stated' — the scale of the figures as the filer gave them."""
    parts = []
    for (cur, scale, basis), g in facts.groupby(["currency", "scale", "scale_basis"],
                                                 dropna=False, sort=True):
        s = int(scale) if pd.notna(scale) else 1
        unit = unit_label(str(cur), s) if s != 1 else f"{currency_name(str(cur))} units"
        how = {"stated": "as stated", "inferred": "scale inferred", "assumed": "scale assumed",
               "given": "scale given by the analyst"}.get(str(basis), str(basis))
        if basis in ("assumed", "given"):
            # how many of the figures rest on a scale nobody printed
            how += f" ({len(g)} figure{'s' if len(g) != 1 else ''})"
        parts.append(f"{unit}, {how}")
    return "; ".join(dict.fromkeys(parts))


def ensure_contract(facts: pd.DataFrame | None) -> pd.DataFrame:
    """The contract's columns whatever comes in (keeps extra columns such as entity_reported)."""
    if facts is None:
        return conform(pd.DataFrame())
    extra = [c for c in facts.columns if c not in FACT_COLUMNS]  # what conform() keeps
    out = conform(facts)
    for c in extra:
        out[c] = facts[c].to_numpy()
    return out
