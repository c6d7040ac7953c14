"""Arrow's memory pool for every process that reads or writes the library.

With Arrow's default pool on Linux (mimalloc), a first read in a new process started just
after a large one had ended (an ingest) often took two to three times as long as usual; with
jemalloc, also bundled with pyarrow, it did not, and the ingest's driver peaked lower (the
README's library section has the figures). Arrow's jemalloc hands freed pages back to the
operating system within about a second, so a long-running app does not hold on to a large
read's memory.
An ARROW_DEFAULT_MEMORY_POOL set by the user wins; where pyarrow was built without jemalloc
(Windows), its default stays.
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
