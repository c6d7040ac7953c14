"""Whose figures are these? Recognise the filer of a fragment that does not name itself. Pure.

An R page or a text extract of one note carries no registrant name, so the pipeline names its
facts after the file (`002_cb6f…`). When the same figures for the same dates are already
loaded under a named filer (the filer's other filings repeat the prior year's figures, and a
re-downloaded note repeats them all), the fragment is that filer's. The evidence is counted,
not guessed: each fragment fact is compared on (disclosure, metric, bucket bounds, period
end, currency, value) with every named filer's facts, and the fragment joins a filer only when

- at least `MIN_MATCHES` of its figures are identical to that filer's, and
- at least `MIN_SHARE` of the fragment's comparable figures are, and
- no other filer comes close (the best has strictly more matches than the runner-up).

Every recognition says why ("14 of 14 figures identical to Full Truck Alliance Co. Ltd.'s
for 2022-12-31 and 2023-12-31"), so the analyst can confirm or undo it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from dashboard.model import display

MIN_MATCHES = 3
MIN_SHARE = 0.5
_KEY = ["disclosure", "metric", "days_from", "days_to", "period_end", "currency"]


@dataclass(frozen=True)
class Recognition:
    source: str  # the fragment's source (file or file#part)
    reported: str  # the name the pipeline gave it (the file's stem)
    filer: str  # the filer it was recognised as
    matched: int  # figures identical to the filer's
    compared: int  # the fragment's figures that could be compared
    dates: tuple[str, ...]  # the dates the identical figures are for
    example: str  # one identical figure, for the analyst to check

    @property
    def reason(self) -> str:
        when = " and ".join(self.dates) if len(self.dates) <= 3 else \
            f"{len(self.dates)} dates, {self.dates[0]} to {self.dates[-1]}"
        return (f"{self.matched} of the {self.compared} figures it shares with {self.filer} "
                f"are identical at the precision given, for {when} (e.g. {self.example})")


def _stem(source: str) -> str:
    base = source.split("#", 1)[0]
    return PurePosixPath(base.replace("\\", "/")).name.rsplit(".", 1)[0]


def unnamed_sources(facts: pd.DataFrame, exclude: set[str] | frozenset[str] = frozenset()
                    ) -> list[str]:
    """Sources whose facts are named only after their file: the filer was not in the
    document and no label or manifest named it. `exclude`: sources the analyst has labelled
    (a label, even the file's own name, is the analyst's word and is never second-guessed)."""
    if facts.empty:
        return []
    reported = facts["entity_reported"] if "entity_reported" in facts.columns \
        else facts["entity"]
    # one comparison per fact, not a group per source: the app asks this of every loaded fact,
    # and a large library has thousands of sources
    codes, uniques = pd.factorize(facts["source"].astype(str), sort=True)
    names = [str(u) for u in uniques]
    bases = [u.split("#", 1)[0] for u in names]
    stems = [np.array(col, dtype=object)[codes] for col in
             ([_stem(u) for u in names], [_stem(b) for b in bases], bases)]
    rep = reported.astype(str).to_numpy(dtype=object)
    ent = facts["entity"].astype(str).to_numpy(dtype=object)
    named_row = ~((rep == stems[0]) | (rep == stems[1]) | (rep == stems[2])) | \
        ~((ent == stems[0]) | (ent == stems[1]) | (ent == stems[2]))
    named = np.bincount(codes, weights=named_row, minlength=len(names)) > 0
    return [u for u, b, n in zip(names, bases, named, strict=True)
            if not n and u not in exclude and b not in exclude]


def _keyed(facts: pd.DataFrame) -> pd.DataFrame:
    k = facts[_KEY + ["value", "entity", "source", "label"]].copy()
    k["scale"] = pd.to_numeric(facts["scale"], errors="coerce").fillna(1) \
        if "scale" in facts.columns else 1.0
    for c in ("days_from", "days_to"):
        k[c] = pd.to_numeric(k[c], errors="coerce").fillna(-1).astype(int)
    k["period_end"] = pd.to_datetime(k["period_end"], errors="coerce").dt.strftime("%Y-%m-%d")
    k["value"] = pd.to_numeric(k["value"], errors="coerce").round(0)
    return k.dropna(subset=["period_end", "value"])


def recognise(facts: pd.DataFrame, exclude: set[str] | frozenset[str] = frozenset()
              ) -> list[Recognition]:
    """Recognitions for every unnamed source in `facts` (the tidy facts, with entities as
    currently resolved) that the evidence ties to exactly one named filer."""
    unnamed = unnamed_sources(facts, exclude)
    if not unnamed:
        return []
    k = _keyed(facts)
    is_unnamed = k["source"].astype(str).isin(unnamed)
    known = k[~is_unnamed]
    known = known[known["value"] != 0]  # a nil matches anything
    if known.empty:
        return []
    known_keys = known.drop_duplicates(_KEY + ["value", "entity"])
    # every fragment at once: one merge, not one per fragment
    frags = k[is_unnamed & (k["value"] != 0)].assign(source=lambda x: x["source"].astype(str))
    frags = frags.drop_duplicates(["source"] + _KEY + ["value"])
    if frags.empty:
        return []
    pairs = frags.drop(columns=["entity"]).merge(
        known_keys[_KEY + ["value", "entity"]].rename(columns={"value": "known"}), on=_KEY)
    # identical, or identical at the precision the fragment gives ("RMB 94 million" for
    # a table's 94,160 thousand): the known figure rounded to the fragment's scale
    step = pairs["scale"].clip(lower=1)
    same = (pairs["value"] == pairs["known"]) | (
        (step > 1) & ((pairs["known"] / step).round() * step == pairs["value"]))
    hits = pairs[same]
    if hits.empty:
        return []
    per = hits.groupby(["source", "entity"], sort=False).size().rename("n").reset_index()
    per = per.sort_values(["source", "n"], ascending=[True, False], kind="stable")
    top = per.groupby("source", sort=False).head(2)
    best = top.groupby("source", sort=False).agg(
        entity=("entity", "first"), n=("n", "first"), runner=("n", lambda x: int(x.iloc[1])
                                                              if len(x) > 1 else 0))
    # facts both report: the fragment's figures whose key a named filer also has
    comparable = frags.merge(known[_KEY].drop_duplicates(), on=_KEY)
    compared = comparable.drop_duplicates(["source"] + _KEY + ["value"]).groupby(
        "source").size()
    best = best.join(compared.rename("compared"), how="left")
    ok = best[(best["n"] >= MIN_MATCHES) & (best["n"] / best["compared"] >= MIN_SHARE)
              & (best["n"] > best["runner"])]
    if ok.empty:
        return []
    first_entity = facts.assign(_s=facts["source"].astype(str)).drop_duplicates("_s").set_index(
        "_s")["entity"]
    hits_of = {src: g for src, g in hits[hits["source"].isin(ok.index)].groupby("source",
                                                                                sort=False)}
    out = []
    for src in unnamed:  # in the order the fragments are listed
        if src not in ok.index:
            continue
        row = ok.loc[src]
        bestname, n = str(row["entity"]), int(row["n"])
        mine = hits_of[src]
        mine = mine[mine["entity"] == bestname].sort_values("period_end")
        ex = mine.iloc[-1].copy()
        ex["value"] = ex["known"]
        what = str(ex["metric"]).replace("_", " ")
        if ex["days_from"] >= 0 or ex["days_to"] >= 0:
            lo = "" if ex["days_from"] < 0 else int(ex["days_from"])
            hi = "" if ex["days_to"] < 0 else int(ex["days_to"])
            what += f" {lo}-{hi} days" if hi != "" else f" over {lo} days"
        example = f"{ex['period_end']} {what} {display.money(ex['value'], ex['currency'])}"
        out.append(Recognition(source=src, reported=str(first_entity[src]), filer=bestname,
                               matched=n, compared=int(row["compared"]),
                               dates=tuple(sorted(set(mine["period_end"]))), example=example))
    return out


def apply(facts: pd.DataFrame, recognitions: list[Recognition]) -> pd.DataFrame:
    """The facts with each recognised source's entity set to its filer; `entity_reported`
    keeps the name the file gave."""
    if not recognitions:
        return facts
    out = facts.copy()
    if "entity_reported" not in out.columns:
        out["entity_reported"] = out["entity"]
    names = {r.source: r.filer for r in recognitions}
    mask = out["source"].astype(str).isin(names)
    out.loc[mask, "entity"] = out.loc[mask, "source"].astype(str).map(names)
    return out
