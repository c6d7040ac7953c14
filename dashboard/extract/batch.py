"""The last step of extraction, over a batch read together (`extract`'s files, one ingested
unit), in one pure pass into new frames (the input frames are never touched):

1. `share_filer_identity`: the parts of one container (a zip, a submission, a folder) take the
   filer the one named part names (`container_filer`);
2. `infer_scale_across_documents`: a document printing without a unit takes the scale of
   another document that prints the same figures for the same dates with a known scale.

`resolve_batch` runs both. The analyst's words (labels, merges, given scales) come after, in
`dashboard.facts.resolve`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from dashboard.model.documents import FilingMeta
from dashboard.model.numbers import scaled

# the per-document frame the stage reads: what each document says about its filer
DOCUMENT_COLUMNS = ("doc", "source", "stem", "container", "entity", "cik", "form", "period",
                    "accession")
META_COLUMNS = ("entity", "cik", "form", "period", "accession")  # a document's filing metadata


def container_filer(metas: Iterable[FilingMeta]) -> FilingMeta | None:
    """The filing metadata a container's parts share: that of the one filer named in it, or
    None when none or several are named. Parts whose facts carry no filer (or only their
    file's stem) take its name."""
    metas = list(metas)
    if len({m.entity for m in metas if m.entity}) != 1:
        return None
    return next(m for m in metas if m.entity)


def shared_identity(documents: Sequence[Mapping[str, object]]) -> dict[int, dict[str, str]]:
    """The rule of `share_filer_identity` over plain records (one mapping per document, with
    DOCUMENT_COLUMNS' metadata): for each document (by position) in a container that names
    exactly one filer, its metadata with the blanks filled from that filer's first document.
    The library applies it once per file, where a frame per file would cost more than the
    parse."""
    named: dict[str, list[int]] = {}
    for i, d in enumerate(documents):
        if str(d["container"] or "") and str(d["entity"] or ""):
            named.setdefault(str(d["container"]), []).append(i)
    out: dict[int, dict[str, str]] = {}
    for i, d in enumerate(documents):
        held = named.get(str(d["container"] or ""))
        if not held or len({str(documents[j]["entity"]) for j in held}) != 1:
            continue
        first = documents[held[0]]
        out[i] = {c: str(d[c]) if str(d[c] or "") else str(first[c] or "") for c in META_COLUMNS}
        out[i]["_shared"] = str(first["entity"])
    return out


def share_filer_identity(facts: pd.DataFrame, documents: pd.DataFrame
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parts of one filing (a submission, a zip, a folder) share the filer its cover page names.

    `facts` carries `doc` (the row of its document in `documents`, which has DOCUMENT_COLUMNS).
    A fragment that names no filer carries its file's stem; when exactly one filer is named
    within its container (R1.htm's dei facts, the SEC header, dei in the XBRL), that name
    wins, and the blanks of each part's metadata are filled from that filer's document.
    """
    docs = documents.copy()
    out = facts.copy()
    shares = shared_identity(docs.to_dict("records"))
    if not shares:
        return out, docs
    rows = list(shares)
    for col in META_COLUMNS:
        docs.loc[docs.index[rows], col] = [shares[i][col] for i in rows]
    name_of = pd.Series({int(docs["doc"].iloc[i]): shares[i]["_shared"] for i in rows})
    stem_of = docs.set_index("doc")["stem"]
    new = out["doc"].map(name_of)
    mask = new.notna() & ((out["entity"].astype(str) == "")
                          | (out["entity"].astype(str) == out["doc"].map(stem_of).astype(str)))
    if mask.any():
        out.loc[mask, "entity"] = new[mask].astype(str)
    return out, docs


_SCALE_KEY = ["metric", "period_end", "days_from", "days_to", "_abs_raw"]


def infer_scale_across_documents(facts: pd.DataFrame, min_matches: int = 2) -> pd.DataFrame:
    """Give assumed-scale facts the scale of another document that prints the same figures.

    Consecutive filings repeat the prior year: FY2022's page without units shows 2,750,808 where
    FY2023's page, whose scale is known, shows the same 2,750,808 for the same date and line.
    Two or more such figures (of at least four digits, so that coincidences do not count) are
    the evidence; the note names the other document. `facts` carries `doc` (the document a
    fact comes from) and `raw` (the figure as printed); every assumed fact of a document with
    a printed figure takes the scale its best evidence gives.
    """
    out = facts.copy()
    if out.empty or "raw" not in out.columns:
        return out
    raw = pd.to_numeric(out["raw"], errors="coerce")
    work = out[_SCALE_KEY[:-1] + ["doc", "source", "scale", "scale_basis"]].assign(
        _abs_raw=raw.abs(), _pos=range(len(out)))
    has_raw = raw.notna().to_numpy()
    known = work[has_raw & (work["scale_basis"] != "assumed").to_numpy()
                 & (work["_abs_raw"] >= 1000).to_numpy()]
    assumed = work[has_raw & (work["scale_basis"] == "assumed").to_numpy()]
    if known.empty or assumed.empty:
        return out
    # the last document printing a figure speaks for it, as a dict filled in order would
    known = known.drop_duplicates(_SCALE_KEY, keep="last")[
        _SCALE_KEY + ["scale", "source"]].rename(columns={"scale": "_k", "source": "_other"})
    hits = assumed.merge(known, on=_SCALE_KEY, how="inner", sort=False)
    hits = hits[hits["_other"].astype(str) != hits["source"].astype(str)]
    if hits.empty:
        return out
    hits = hits.sort_values("_pos", kind="stable")
    votes = hits.groupby(["doc", "_k", "_other"], sort=False).agg(
        n=("_pos", "size"), first=("_pos", "min")).reset_index()
    # the most votes; a tie goes to the evidence met first
    best = votes.sort_values(["doc", "n", "first"], ascending=[True, False, True],
                             kind="stable").drop_duplicates("doc")
    best = best[best["n"] >= min_matches].set_index("doc")
    if best.empty:
        return out
    change = assumed[assumed["doc"].isin(best.index)]
    idx = out.index[change["_pos"].to_numpy()]
    k = change["doc"].map(best["_k"]).astype(int).to_numpy()
    why = [f"scale inferred as {int(s):,} from {o}, which prints {int(n)} of the same figures "
           "for the same dates with a known scale"
           for s, o, n in zip(k, change["doc"].map(best["_other"]),
                              change["doc"].map(best["n"]), strict=True)]
    out.loc[idx, "value"] = [scaled(float(v), int(s)) for v, s in
                             zip(out.loc[idx, "value"], k, strict=True)]
    out.loc[idx, "scale"] = k
    out.loc[idx, "scale_basis"] = "inferred"
    out.loc[idx, "note"] = ["; ".join(x for x in (str(n) if pd.notna(n) else "", w) if x)
                            for n, w in zip(out.loc[idx, "note"], why, strict=True)]
    return out


def resolve_batch(facts: pd.DataFrame, documents: pd.DataFrame
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A batch read together (`extract`'s files, one ingested unit): the container's filer,
    then the scale across documents. New frames; `facts` keeps its `doc` and `raw`."""
    facts, documents = share_filer_identity(facts, documents)
    return infer_scale_across_documents(facts), documents


