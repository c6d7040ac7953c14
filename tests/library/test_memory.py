"""The library's processes use jemalloc as Arrow's pool where pyarrow has it (see
dashboard/library/memory.py), unless the user chose a pool."""

from __future__ import annotations

import os
import subprocess
import sys

import pyarrow as pa
import pytest


def _has_jemalloc() -> bool:
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    return True


def _pool_after_import(env: dict[str, str]) -> str:
    code = "import dashboard.library, pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout.strip()


@pytest.mark.skipif(not _has_jemalloc(), reason="this pyarrow was built without jemalloc")
def test_importing_the_library_makes_jemalloc_the_arrow_pool():
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    assert _pool_after_import(env) == "jemalloc"


def test_a_pool_the_user_chose_is_kept():
    env = dict(os.environ, ARROW_DEFAULT_MEMORY_POOL="system")
    assert _pool_after_import(env) == "system"
