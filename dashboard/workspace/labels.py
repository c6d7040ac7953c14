"""The analyst's labels, kept across restarts: a small SQLite file in a user data folder.

Two things are kept:
- the filer's name for a source, keyed by the SHA-256 of the file's bytes and the part inside it
  (so a renamed copy of the same file keeps its label, and a changed file does not inherit one);
- filer merges: an alias name and the canonical name it was merged into;
- the scale the analyst says a filer prints in ("thousands"), for figures whose filing states
  none and where nothing implies one (`scale.apply_given_scale`).

`CREDIT_NOTES_HOME` overrides the folder; by default it is the platform's user data folder
(`~/.local/share/credit-notes` on Linux). No streamlit here.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

APP_DIR = "credit-notes"
DB_NAME = "labels.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS source_filer (
    content_hash TEXT NOT NULL,
    part TEXT NOT NULL DEFAULT '',
    filer TEXT NOT NULL,
    source_name TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL,
    PRIMARY KEY (content_hash, part)
);
CREATE TABLE IF NOT EXISTS filer_scale (
    filer TEXT PRIMARY KEY,
    scale TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS filer_alias (
    alias TEXT PRIMARY KEY,
    canonical TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


def data_dir() -> Path:
    """The folder for the label store: `CREDIT_NOTES_HOME`, else the platform's user data dir."""
    env = os.environ.get("CREDIT_NOTES_HOME", "").strip()
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_DIR


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class LabelStore:
    """Filer names per source and filer merges, in SQLite. Each call opens its own connection,
    so one store object is safe to share between Streamlit sessions and threads."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / DB_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=10)
        try:
            yield con
            con.commit()
        finally:
            con.close()

    # ── filer names per source ──
    def set_filer(self, content_hash: str, filer: str, *, part: str = "",
                  source_name: str = "") -> None:
        """Name the filer of one file (or one part of it). An empty name removes the label."""
        filer = " ".join(filer.split())
        with self._connect() as con:
            if not filer:
                con.execute("DELETE FROM source_filer WHERE content_hash=? AND part=?",
                            (content_hash, part))
                return
            con.execute(
                "INSERT INTO source_filer(content_hash, part, filer, source_name, updated) "
                "VALUES (?,?,?,?,?) ON CONFLICT(content_hash, part) DO UPDATE SET "
                "filer=excluded.filer, source_name=excluded.source_name, "
                "updated=excluded.updated",
                (content_hash, part, filer, source_name, _now()))

    def filer_for(self, content_hash: str, part: str = "") -> str | None:
        with self._connect() as con:
            row = con.execute("SELECT filer FROM source_filer WHERE content_hash=? AND part=?",
                              (content_hash, part)).fetchone()
        return row[0] if row else None

    def filers(self, hashes: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
        """{(content_hash, part): filer}, for the given hashes or all."""
        with self._connect() as con:
            rows = con.execute("SELECT content_hash, part, filer FROM source_filer").fetchall()
        wanted = set(hashes) if hashes is not None else None
        return {(h, p): f for h, p, f in rows if wanted is None or h in wanted}

    # ── merges ──
    def merge(self, names: Iterable[str], canonical: str) -> list[str]:
        """Merge filer names into `canonical`; returns the aliases written."""
        canonical = " ".join(canonical.split())
        if not canonical:
            raise ValueError("a merge needs the name to merge into")
        written = []
        with self._connect() as con:
            con.execute("DELETE FROM filer_alias WHERE alias=?", (canonical,))
            for n in names:
                n = " ".join(str(n).split())
                if n and n != canonical:
                    con.execute(
                        "INSERT INTO filer_alias(alias, canonical, updated) VALUES (?,?,?) "
                        "ON CONFLICT(alias) DO UPDATE SET canonical=excluded.canonical, "
                        "updated=excluded.updated", (n, canonical, _now()))
                    written.append(n)
        return written

    def unmerge(self, alias: str) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM filer_alias WHERE alias=?", (alias,))

    def aliases(self) -> dict[str, str]:
        """{alias: canonical}."""
        with self._connect() as con:
            return dict(con.execute("SELECT alias, canonical FROM filer_alias").fetchall())

    # ── scales the analyst gives ──
    def set_filer_scale(self, filer: str, scale: str) -> None:
        """Say the scale ("units", "thousands", "millions") of a filer's unstated figures; an
        empty scale forgets it."""
        from dashboard.extract.scale import given_scale

        filer = " ".join(filer.split())
        with self._connect() as con:
            if not scale:
                con.execute("DELETE FROM filer_scale WHERE filer=?", (filer,))
                return
            given_scale(scale)  # a word that is no scale is refused before it is kept
            con.execute(
                "INSERT INTO filer_scale(filer, scale, updated) VALUES (?,?,?) ON CONFLICT(filer) "
                "DO UPDATE SET scale=excluded.scale, updated=excluded.updated",
                (filer, scale.strip().lower(), _now()))

    def filer_scales(self) -> dict[str, str]:
        """{filer: scale word}."""
        with self._connect() as con:
            return dict(con.execute("SELECT filer, scale FROM filer_scale").fetchall())

    def clear(self) -> None:
        """Forget every label, merge and given scale."""
        with self._connect() as con:
            con.execute("DELETE FROM source_filer")
            con.execute("DELETE FROM filer_alias")
            con.execute("DELETE FROM filer_scale")
