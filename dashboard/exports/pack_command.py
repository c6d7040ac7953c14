"""`python -m dashboard report [PATH ...] --peers GROUP -o OUT`: the pack of a saved peer group,
from the files given or from the filing library, as a deck, workbook or page."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from dashboard.analysis import peers
from dashboard.analysis.ratios import credit_ratios
from dashboard.exports import _with_manifests, apply_manifest, read_manifest
from dashboard.exports.pack import build_pack, pack_kinds
from dashboard.exports.pack_deck import build_deck
from dashboard.exports.pack_html import build_html
from dashboard.exports.pack_workbook import build_workbook
from dashboard.extract.pipeline import extract_paths
from dashboard.library import Library
from dashboard.workspace.view import Workspace


def _library_facts(filers: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The group's facts and sources from the filing library, as the app and `library facts`
    name them (dashboard.workspace: labels, the bundled manifest, merges, recognitions)."""
    data, _ = Workspace(Library.open(None)).everything()
    facts = data.facts.drop(columns=["entity_reported"], errors="ignore")
    sources = data.sources.drop(columns=["filer"], errors="ignore")
    facts = facts[facts["entity"].isin(list(filers))]
    return facts, sources[sources["source"].isin(set(facts["source"]))]


def build_peer_report(paths: Sequence[str], out: str, group: str, *,
                      highlight: str | None = None) -> int:
    """`python -m dashboard report [PATH ...] --peers GROUP -o OUT`: the committee pack of a
    saved peer group, from the files given or, with none, from the filing library.
    Exit 0 when written and complete, 1 when written with problems, 2 for a usage error."""
    target = Path(out)
    ext = target.suffix.lower()
    if ext not in pack_kinds():
        print(f"python -m dashboard: error: {target.name}: unknown report format "
              f"'{target.suffix}'; use one of {', '.join(pack_kinds())}", file=sys.stderr)
        return 2
    groups = peers.group_store().groups()
    if group not in groups:
        known = ", ".join(sorted(groups)) or "none saved yet (save one on the Peers page)"
        print(f"python -m dashboard: error: no peer group named '{group}'; groups: {known}",
              file=sys.stderr)
        return 2
    filers = groups[group]
    issues: list[str] = []
    if paths:
        ps = [Path(p) for p in paths]
        issues += [f"{p}: no such file or folder" for p in ps if not p.exists()]
        res = extract_paths(_with_manifests([p for p in ps if p.exists()]))
        issues += [i.line() for i in res.issues]
        manifest: dict[str, dict[str, str]] = {}
        for p in ps:
            if p.exists():
                manifest.update(read_manifest(p if p.is_dir() else p.parent))
        facts, sources = apply_manifest(res.facts, res.sources, manifest)
    else:
        facts, sources = _library_facts(filers)
    for line in issues:
        print(line, file=sys.stderr)
    absent = [f for f in filers if f not in set(facts["entity"].astype(str))]
    for f in absent:
        print(f"{f}: in the group '{group}' but no figures of this filer were read",
              file=sys.stderr)
    ratios = credit_ratios(facts[facts["entity"].isin(filers)])
    pack = build_pack(ratios, sources, filers, group, highlight=highlight, issues=issues)
    status = 1 if (issues or absent or not pack.ratio_keys) else 0
    if ext == ".pptx":
        drawn: list[str] = []
        data = build_deck(pack, problems=drawn)
        for line in drawn:
            print(f"{target.name}: charts not drawn: {line}", file=sys.stderr)
            status = 1
    elif ext == ".xlsx":
        data = build_workbook(pack)
    else:
        data = build_html(pack)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return status
