"""Resolve: every change to the facts after normalise, in one pure stage.

Normalise makes each fact once (its table's scale, its sign, its dates). What the facts of
one document cannot say alone is decided here, over the whole batch, into new frames (the
input frames are never touched):

(The batch a file was read in has already given its documents a container's filer and a scale
across documents: `dashboard.extract.batch`, extraction's last step.)

`resolve`: the analyst's and the manifests' words — a filer named per file or part, merges
   (alias → canonical), a scale given per filer or for the batch, the filer, form, period
   and note a manifest gives a sample — and `Resolved.consolidated`, the selection rule
   (`dashboard.facts.selection.pick_facts`) over the result.

`extract`, `library facts`, the app, the exports and the command line all come through here,
so a fact is named and scaled the same way wherever it is shown. `read_manifest` is the one
reader of a folder's `manifest.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.extract.scale import apply_given_scale
from dashboard.facts.consolidate import consolidate
from dashboard.facts.entities import canonical_name, resolve_entities, unify_names
from dashboard.facts.selection import HELD, implausible_scale

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
