"""A smoke run of bench/library.py with a tiny corpus (the real run is not a unit test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # both shapes built, extracted, ingested and queried: 8 s
def test_library_bench_smoke(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "library.py"), "--n", "24", "--filers", "3",
         "--workers", "1", "--query-processes", "1", "--json", str(tmp_path / "bench.json")],
        capture_output=True, text=True, timeout=240, check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    assert "ratio extract / ingest" in text and "re-ingest (nothing new)" in text
    assert "query: facts of one filer" in text and "same facts as extract: True" in text
    assert (tmp_path / "bench.json").is_file()
