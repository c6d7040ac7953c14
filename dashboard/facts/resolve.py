"""Resolve: every change to the facts after normalise, in one pure stage.

Normalise makes each fact once (its table's scale, its sign, its dates). What the facts of
one document cannot say alone is decided here, over the whole batch, into new frames (the
input frames are never touched):

1. `share_filer_identity`: the parts of one container (a zip, a submission, a folder) take the
   filer the one named part names (`container_filer`);
2. `infer_scale_across_documents`: a document printing without a unit takes the scale of
   another document that prints the same figures for the same dates with a known scale;
3. `resolve`: the analyst's and the manifests' words — a filer named per file or part, merges
   (alias → canonical), a scale given per filer or for the batch, the filer, form, period
   and note a manifest gives a sample — and `Resolved.consolidated`, the selection rule
   (`dashboard.facts.selection.pick_facts`) over the result.

`extract`, `library facts`, the app, the exports and the command line all come through here,
so a fact is named and scaled the same way wherever it is shown. `read_manifest` is the one
reader of a folder's `manifest.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.extract.scale import apply_given_scale
from dashboard.facts.consolidate import consolidate
from dashboard.facts.entities import canonical_name, resolve_entities, unify_names
from dashboard.facts.selection import HELD, implausible_scale
from dashboard.model.documents import FilingMeta
from dashboard.model.numbers import scaled

# the per-document frame the stage reads: what each document says about its filer
DOCUMENT_COLUMNS = ("doc", "source", "stem", "container", "entity", "cik", "form", "period",
                    "accession")
META_COLUMNS = ("entity", "cik", "form", "period", "accession")  # a document's filing metadata


# ─── manifests ──────────────────────────────────────────────────────────────────────────────

def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """{file name: {filer, form, period, accession, note, …}} from `folder/manifest.json`
    (as in data/); empty when there is none or it cannot be read."""
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return {str(s["file"]): {k: str(v) for k, v in s.items()}
                for s in doc.get("samples", []) if isinstance(s, dict) and "file" in s}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def manifest_entry(manifest: Mapping[str, Mapping[str, str]], source: object) -> Mapping[str, str]:
    """The manifest's entry for a source (`file`, `folder/file` or `file#part`)."""
    base = str(source).split("#", 1)[0]
    return manifest.get(base) or manifest.get(base.rsplit("/", 1)[-1], {})


# ─── within a batch: a container's filer, a scale across documents ─────────────────────────

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


# ─── the analyst's and the manifests' words ─────────────────────────────────────────────────

@dataclass(frozen=True)
class Labels:
    """What is said about the facts from outside the filings. Every part is optional.

    `source_filers`: source (`file` or `file#part`) → filer name (the analyst's labels);
    `manifest`: file name → {filer, form, period, note} (a folder's manifest.json);
    `manifest_filers`: whether the manifest's filer names the facts (a label wins over it);
    `aliases`: filer name → the name it was merged into; `filer_scales`: filer → scale word
    for figures whose scale nothing states; `scale`: that word for every filer;
    `entity`: one filer for every fact (`extract --entity`); `manifest_columns`: the
    sources' columns the manifest fills where the file states nothing.
    """

    source_filers: Mapping[str, str] = field(default_factory=dict)
    manifest: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    manifest_filers: bool = True
    aliases: Mapping[str, str] = field(default_factory=dict)
    filer_scales: Mapping[str, str] = field(default_factory=dict)
    scale: str | None = None
    entity: str | None = None
    manifest_columns: tuple[str, ...] = ("form", "period", "note")


@dataclass(frozen=True)
class Resolved:
    """The facts as the analyst reads them, and the sources they come from."""

    facts: pd.DataFrame
    sources: pd.DataFrame

    @property
    def consolidated(self) -> pd.DataFrame:
        """One figure per fact (the selection rule; `dashboard.facts.consolidate`)."""
        return consolidate(self.facts)


def hold_implausible(facts: pd.DataFrame) -> pd.DataFrame:
    """Figures whose scale is assumed and implausible beside the filer's figures of the same
    metric (`selection.implausible_scale`) say so in their note, with those figures' size;
    the selection then keeps them out of charts and ratios (`selection.held_out`) until the
    analyst gives the filer's scale on the Sources page. A new frame."""
    bad = implausible_scale(facts)
    if not bad.any():
        return facts
    out = facts.copy()
    size = pd.to_numeric(out["value"], errors="coerce").abs()
    known = out["scale_basis"].astype(str) != "assumed"
    notes = []
    for i in out.index[bad.to_numpy()]:
        r = out.loc[i]
        peers = size[known & (out["entity"] == r["entity"]) & (out["metric"] == r["metric"])
                     & (out["currency"] == r["currency"]) & (size > 0)]
        what = (f"scale assumed ({int(r['scale'] or 1):,}) and implausible beside the filer's "
                f"other {r['metric']} figures ({peers.min():,.0f} to {peers.max():,.0f}): "
                f"{HELD} until its scale is given on the Sources page")
        old = "" if pd.isna(r["note"]) else str(r["note"])
        notes.append("; ".join(x for x in (old, what) if x))
    out.loc[bad.to_numpy(), "note"] = notes
    return out


def filer_map(sources: Iterable[str], labels: Labels) -> dict[str, str]:
    """{source: filer} from the analyst's labels, then the manifest's filer."""
    out: dict[str, str] = {}
    for s in sources:
        name = labels.source_filers.get(s) or labels.source_filers.get(s.split("#", 1)[0])
        if not name and labels.manifest_filers:
            name = manifest_entry(labels.manifest, s).get("filer", "")
        if name:
            out[s] = name
    return out


def resolve(facts: pd.DataFrame, sources: pd.DataFrame | None = None,
            labels: Labels | None = None, *, keep_reported: bool = True) -> Resolved:
    """The facts and sources named and scaled as the labels say; new frames, inputs untouched.

    Facts: `entity` becomes the filer a label or the manifest gives (else stays), then follows
    merges; the filer's own name is kept in `entity_reported` (unless `keep_reported` is
    False); figures of an assumed scale take the scale given for their filer or the batch;
    a filer's segment and population names equal but for case and spacing take the latest
    filing's spelling (`entities.unify_names`).
    Sources: `filer` (the name the facts go by), and the manifest's form, period and note
    where the file states none.
    """
    labels = labels or Labels()
    src = pd.DataFrame() if sources is None else sources.copy()
    out = facts.copy()
    names = filer_map(sorted(set(out["source"].astype(str).tolist())
                             | (set(src["source"].astype(str).tolist()) if "source" in src
                                else set())), labels)
    out = resolve_entities(out, names, labels.aliases)
    if labels.entity:
        out["entity"] = pd.Series(labels.entity, index=out.index, dtype="string")
    if labels.scale or labels.filer_scales:
        out = apply_given_scale(out, labels.scale, per_filer=dict(labels.filer_scales) or None)
    # one name per segment and population whatever the capitalisation or spacing, as the
    # latest filing prints it: "Loan Principal" (FY2019) and "Loan principal" (FY2022) are one
    out = unify_names(out)
    out = hold_implausible(out)
    if not keep_reported:
        out = out.drop(columns=["entity_reported"])
    if "source" in src.columns:
        if "entity" in src.columns:
            src["filer"] = [labels.entity or canonical_name(names.get(str(s)) or str(e or ""),
                                                            labels.aliases)
                            for s, e in zip(src["source"], src["entity"], strict=True)]
        if labels.manifest:
            for col in labels.manifest_columns:
                if col not in src.columns:
                    src[col] = ""
                src[col] = [(str(v) if isinstance(v, str) and v else "")
                            or manifest_entry(labels.manifest, s).get(col, "")
                            for s, v in zip(src["source"], src[col].fillna(""), strict=True)]
    return Resolved(facts=out, sources=src)
