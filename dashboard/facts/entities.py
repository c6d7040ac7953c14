"""Filer names: the analyst's labels (per file or part) and merges (alias → canonical name).

Pure functions over the tidy facts; `resolve` applies them, nothing else relabels facts.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


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
        for i, src in enumerate(out["source"].astype(str).tolist()):  # plain str: fast to walk
            base = src.split("#", 1)[0]
            name = source_filers.get(src) or source_filers.get(base)
            if name:
                names[i] = name
    out["entity"] = pd.Series([canonical_name(n, aliases) for n in names], index=out.index,
                              dtype="string")
    return out


def name_key(name: object) -> str:
    """How two segment or population names are compared: case and spacing aside ("Loan
    Principal" in one filing is "Loan principal" in the next)."""
    return " ".join(str(name or "").split()).casefold()


def unify_names(facts: pd.DataFrame, columns: tuple[str, ...] = ("segment", "population")
                ) -> pd.DataFrame:
    """Each filer's segment and population names written one way: names equal but for case
    and spacing (`name_key`) take the spelling of the latest filing that prints them (the
    source with the latest period end; the later row on a tie). A new frame."""
    out = facts.copy()
    if out.empty:
        return out
    recency = pd.to_datetime(out["period_end"], errors="coerce").groupby(
        out["source"].astype(str)).transform("max")
    for col in columns:
        if col not in out.columns:
            continue
        # as text whatever the column was read as (a CSV's all-empty column comes as floats)
        names = out[col].astype("string").fillna("").astype(str)
        keys = names.map(name_key)
        frame = pd.DataFrame({"entity": out["entity"].astype(str).to_numpy(),
                              "key": keys.to_numpy(), "name": names.to_numpy(),
                              "when": recency.to_numpy(), "pos": range(len(out))})
        spelled = frame[frame["key"] != ""].sort_values(["when", "pos"], na_position="first")
        latest = spelled.drop_duplicates(["entity", "key"], keep="last").set_index(
            ["entity", "key"])["name"]
        want = pd.MultiIndex.from_arrays([frame["entity"], frame["key"]])
        new = latest.reindex(want).to_numpy()
        changed = pd.notna(new) & (new != frame["name"].to_numpy())
        if changed.any():
            out.loc[out.index[changed], col] = new[changed]
    return out
