"""Where the analyst's data lives: `CREDIT_NOTES_HOME`, else the platform's user data folder
(`~/.local/share/credit-notes` on Linux). The library sits in it (`library/`), with what the
app kept there before the library existed (`labels.sqlite3`, `peer_groups.json`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR = "credit-notes"


def data_dir() -> Path:
    """The analyst's data folder: `CREDIT_NOTES_HOME`, else the platform's user data dir."""
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
