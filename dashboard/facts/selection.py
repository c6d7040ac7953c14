"""Selection: which figure stands when several filings (or a table and a sentence) give one fact.

Pure pandas over whole frames: every rule is a sort, a group-wise first or a grouped
aggregate, never a Python loop over groups (the selection runs over every fact of a library
on each consolidation). `pick_facts` picks per fact key; `pick_delinquency` picks a whole
bucket table per balance-sheet date; `pick_population` picks the population a chart shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PICK_KEY = ["entity", "disclosure", "metric", "population", "segment", "currency", "days_from",
            "days_to", "period_start", "period_end"]

# an assumed scale this many times off the filer's other figures of the metric is not a
# figure's size but a missing word ("RMB 31" beside RMB 162 million and RMB 637 million)
IMPLAUSIBLE_FACTOR = 1000.0
HELD = "held out of charts"  # the words `resolve` writes in the note of such a figure
_PEER_KEY = ["entity", "disclosure", "metric", "currency", "population"]


def implausible_scale(facts: pd.DataFrame) -> pd.Series:
    """Per fact, whether its scale is assumed and its size implausible beside the same filer's
    figures of the same metric (and currency and population) whose scale is stated, inferred
    or given: IMPLAUSIBLE_FACTOR times (three orders of magnitude) or more from their median.
    Such a figure keeps its row (the facts table shows it, with a note) but no chart or ratio
    reads it until the analyst gives its scale (then its basis is no longer 'assumed')."""
    out = pd.Series(False, index=facts.index)
    if facts.empty or "scale_basis" not in facts.columns:
        return out
    size = pd.to_numeric(facts["value"], errors="coerce").abs()
    assumed = (facts["scale_basis"].astype(str) == "assumed") & (size > 0)
    if not assumed.any():
        return out
    # only the filers with an assumed figure are compared (a library holds few)
    mine = facts["entity"].isin(pd.unique(facts.loc[assumed, "entity"]))
    sub, sz, asm = facts[mine], size[mine], assumed[mine]
    keys = pd.MultiIndex.from_frame(sub[_PEER_KEY].astype(str))
    known = (~asm & (sz > 0)).to_numpy()
    ref = sz[known].groupby(keys[known]).median()
    against = pd.Series(ref.reindex(keys).to_numpy(), index=sub.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        far = (against / sz >= IMPLAUSIBLE_FACTOR) | (sz / against >= IMPLAUSIBLE_FACTOR)
    out[sub.index[(asm & far.fillna(False)).to_numpy()]] = True
    return out


def held_out(facts: pd.DataFrame) -> pd.Series:
    """The facts `resolve` marked as of an implausible assumed scale (still 'assumed')."""
    if facts.empty or "note" not in facts.columns:
        return pd.Series(False, index=facts.index)
    return (facts["scale_basis"].astype(str) == "assumed") & facts["note"].fillna("").astype(
        str).str.contains(HELD, regex=False)


def source_recency(facts: pd.DataFrame) -> pd.Series:
    """A proxy for how recent each source's filing is: the latest period end it reports."""
    ends = pd.to_datetime(facts["period_end"], errors="coerce")
    return ends.groupby(facts["source"]).max()


def agree(a: float, scale_a: float, b: float, scale_b: float) -> bool:
    """Two figures agree when they differ by no more than the rounding of the coarser one."""
    tol = 0.5 * max(scale_a or 1, scale_b or 1)
    return abs(a - b) <= max(tol, 1e-9 * max(abs(a), abs(b)))


def _agree_vec(a: np.ndarray, sa: np.ndarray, b: np.ndarray, sb: np.ndarray) -> np.ndarray:
    """`agree` element-wise; a missing figure agrees with nothing (as in `agree`)."""
    sa = np.where(sa == 0, 1.0, sa)  # `scale or 1`: a zero scale counts as units
    sb = np.where(sb == 0, 1.0, sb)
    tol = 0.5 * np.maximum(sa, sb)
    with np.errstate(invalid="ignore"):
        bound = np.fmax(tol, 1e-9 * np.fmax(np.abs(a), np.abs(b)))
        return np.abs(a - b) <= bound


def _joined(text: pd.Series, by: pd.Series, sep: str) -> pd.Series:
    """Per group, its texts joined in the order given (an empty object Series when none)."""
    if text.empty:
        return pd.Series(dtype=object)
    return text.groupby(by.to_numpy(), sort=False).agg(sep.join).astype(object)


def _first_per_group(order: pd.DataFrame, gid: str) -> pd.DataFrame:
    return order.drop_duplicates(gid, keep="first")


def pick_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """One figure per fact key when several filings (or a table and a sentence) give it.

    When all candidates agree within rounding, the most precise (smallest scale) wins, then
    the most recent filing. When they disagree, the most recent filing wins (a restatement)
    and `note_pick` says what the other filing had; when one filing disagrees with itself,
    no figure is picked. Ties keep the order the facts came in. Delinquency is picked per
    balance-sheet date as a whole table (see `pick_delinquency`), so bucket schemes never mix.
    A figure `resolve` held out (an implausible assumed scale, `held_out`) is never picked.
    """
    facts = facts[~held_out(facts)] if not facts.empty else facts
    if facts.empty:
        out = facts.copy()
        out["note_pick"] = pd.Series(dtype="string")
        return out
    key = [c for c in PICK_KEY if c in facts.columns]
    df = pd.DataFrame({
        "_gid": facts.groupby(key, dropna=False, sort=False).ngroup().to_numpy(),
        "_pos": np.arange(len(facts)),
        "_recency": facts["source"].map(source_recency(facts)).to_numpy(),
        "_scale": pd.to_numeric(facts["scale"], errors="coerce").fillna(1).astype(float).to_numpy(),
        "_value": pd.to_numeric(facts["value"], errors="coerce").astype(float).to_numpy(),
        "_source": facts["source"].to_numpy(),
    })
    size = df.groupby("_gid")["_pos"].transform("size").to_numpy()
    # the latest filing first (then the finer scale, then the order given): NaT sorts last
    recent = df.sort_values(["_gid", "_recency", "_scale", "_pos"],
                            ascending=[True, False, True, True], kind="stable")
    latest = _first_per_group(recent, "_gid").set_index("_gid")
    lv = latest["_value"].reindex(df["_gid"]).to_numpy()
    ls = latest["_scale"].reindex(df["_gid"]).to_numpy()
    lsrc = latest["_source"].reindex(df["_gid"]).to_numpy()
    df["_agrees"] = _agree_vec(lv, ls, df["_value"].to_numpy(), df["_scale"].to_numpy())
    df["_same_src"] = df["_source"].to_numpy() == lsrc
    consistent = df.groupby("_gid")["_agrees"].transform("all").to_numpy()
    # one filing giving two different figures for one fact is a reading error, not a
    # restatement: show neither rather than guess (the facts table keeps both)
    same = df[df["_same_src"]]
    self_conflict = (same.groupby("_gid")["_agrees"].agg(["size", "all"])
                     .pipe(lambda t: (t["size"] > 1) & ~t["all"]))
    conflicted = self_conflict.reindex(df["_gid"]).fillna(False).to_numpy(dtype=bool)

    single = size == 1
    multi_ok = ~single & consistent
    restated = ~single & ~consistent & ~conflicted

    # agreeing figures: the most precise, then the most recent
    precise = df[multi_ok].sort_values(["_gid", "_scale", "_recency", "_pos"],
                                       ascending=[True, True, False, True], kind="stable")
    best = _first_per_group(precise, "_gid")
    best_src = best.set_index("_gid")["_source"]
    others = df[multi_ok][["_gid", "_source"]].drop_duplicates()
    others = others[others["_source"].to_numpy() != best_src.reindex(others["_gid"]).to_numpy()]
    also = _joined(others.sort_values(["_gid", "_source"], kind="stable")["_source"].astype(str),
                   others.sort_values(["_gid", "_source"], kind="stable")["_gid"], ", ")
    also_note = "also in " + also

    # disagreeing figures: the latest filing's, with what the others had
    rest_order = recent[restated[recent["_pos"].to_numpy()]]
    rest_first = _first_per_group(rest_order, "_gid")
    earlier = rest_order[~rest_order["_pos"].isin(rest_first["_pos"])
                         & ~df["_agrees"].to_numpy()[rest_order["_pos"].to_numpy()]]
    earlier_txt = pd.Series([f"{s}: {v:,.0f}" for s, v in zip(earlier["_source"], earlier["_value"],
                                                              strict=True)],
                            index=earlier.index, dtype=object)
    rest_note = "restated; earlier figure " + _joined(earlier_txt, earlier["_gid"], "; ") \
        .reindex(rest_first["_gid"]).fillna("").to_numpy()
    rest_note = pd.Series(rest_note, index=rest_first["_gid"].to_numpy(), dtype=object)

    keep_pos = np.concatenate([df.loc[single, "_pos"].to_numpy(), best["_pos"].to_numpy(),
                               rest_first["_pos"].to_numpy()])
    notes = np.full(len(df), "", dtype=object)
    bp, bg = best["_pos"].to_numpy(), best["_gid"].to_numpy()
    notes[bp] = also_note.reindex(bg).fillna("").to_numpy()
    rp, rg = rest_first["_pos"].to_numpy(), rest_first["_gid"].to_numpy()
    notes[rp] = rest_note.reindex(rg).to_numpy()

    out = facts.iloc[np.sort(keep_pos)].copy()
    # a list, so the column takes pandas' own string type, as assigning "" does
    out["note_pick"] = notes[np.sort(keep_pos)].tolist()
    # the kept facts in the order of their labels, as a label-sorted selection gives them
    return out.sort_index(kind="stable")


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
    figure from one filing: the most recent one, then the one with the most buckets, then
    the first by name.
    """
    d = facts[facts["disclosure"] == "delinquency"]
    d = d[~held_out(d)] if not d.empty else d
    if d.empty:
        return d.copy()
    by = [c for c in ("entity", "population", "segment", "currency", "period_end") if c in d.columns]
    gid = d.groupby(by, dropna=False, sort=False).ngroup().to_numpy()
    src = d["source"].to_numpy()
    per = pd.DataFrame({"_gid": gid, "_source": src})
    cand = per.groupby(["_gid", "_source"], sort=True).size().rename("_n").reset_index()
    rec = cand["_source"].map(source_recency(facts))
    # a filing with no dated figure ranks below every dated one
    cand["_rec"] = rec.fillna(pd.Timestamp.min) if len(rec) else rec
    best = cand.sort_values(["_gid", "_rec", "_n", "_source"],
                            ascending=[True, False, False, True], kind="stable") \
        .drop_duplicates("_gid").set_index("_gid")["_source"]
    keep = src == best.reindex(gid).to_numpy()
    return d[keep].sort_index(kind="stable")
