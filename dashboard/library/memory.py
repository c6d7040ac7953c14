"""Arrow's memory pool for every process that reads or writes the library.

Arrow's default pool on Linux (mimalloc) made one first read in three to six new processes
take two to three times as long as the others (on the 10,000-fragment library: 150–230 ms
against 65–75 ms), mostly when the process started just after a large one had ended (an
ingest); jemalloc, also bundled with pyarrow, read in 68–89 ms in every one of 40 new
processes, and the ingest's processes peaked lower with it (`bench/library.py`). Arrow's
jemalloc hands freed pages back to the operating system at once, so a long-running app does
not hold on to a large read's memory. An ARROW_DEFAULT_MEMORY_POOL set by the user wins;
where pyarrow was built without jemalloc (Windows), its default stays.
"""

from __future__ import annotations

import contextlib
import os

import pyarrow as pa


def use_steady_pool() -> str:
    """Make jemalloc this process's Arrow pool where it is available and the user did not
    choose one; the name of the pool in use."""
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        # pyarrow built without jemalloc: its default pool it is
        with contextlib.suppress(NotImplementedError):
            pa.set_memory_pool(pa.jemalloc_memory_pool())
    return pa.default_memory_pool().backend_name
