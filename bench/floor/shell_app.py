"""The second floor with the app's sidebar filters (see nav_app.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import nav_app  # noqa: E402

nav_app.main(sidebar=True)
