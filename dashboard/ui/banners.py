"""What a banner says after files come in: counts of what was read and what was not, and a
success colour only when everything was read. Pure (no streamlit), so it is tested directly."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.workspace.inputs import split_source


def load_banner(names: Sequence[str], sources: pd.DataFrame) -> tuple[str, str]:
    """(kind, message) for the files just added; kind is a streamlit call name:
    'success' only when every file was read with figures or read cleanly, 'warning' when some
    were not, 'error' when none was.

    A file counts as read when none of its parts failed; the message names the files that
    were not read and why ("0 of 2 files read: junk.bin: not a filing …")."""
    names = list(dict.fromkeys(names))
    if not names:
        return "info", "No new file."
    status: dict[str, list[tuple[str, str, int]]] = {n: [] for n in names}
    if not sources.empty:
        for s, st_, msg, n in zip(sources["source"].astype(str), sources["status"].astype(str),
                                  sources["message"].fillna("").astype(str),
                                  pd.to_numeric(sources.get("facts", 0), errors="coerce")
                                  .fillna(0).astype(int), strict=True):
            base = split_source(s)[0]
            if base in status:
                status[base].append((st_, msg, n))
    failed = {n: "; ".join(dict.fromkeys(m for st_, m, _ in rows if st_ == "error" and m))
              or "no part of it could be read"
              for n, rows in status.items()
              if not rows or all(st_ == "error" for st_, _, _ in rows)}
    read = [n for n in names if n not in failed]
    facts = sum(n for rows in status.values() for _, _, n in rows)
    head = f"{len(read)} of {len(names)} file{'s' if len(names) != 1 else ''} read"
    if not failed:
        return "success", f"{head}, {facts:,} figures found: {', '.join(read)}."
    why = "; ".join(f"{n}: {m}" for n, m in failed.items())
    return ("error" if not read else "warning"), f"{head}. Not read: {why}."
