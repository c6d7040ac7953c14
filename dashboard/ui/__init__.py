"""The Streamlit app: the only package that imports streamlit. Start it with `bash scripts/app.sh`.

`python -m dashboard.ui.launch` imports the pages' modules before Streamlit's runtime exists,
to have them in memory for the first visitor; each cached function defined then makes
Streamlit warn that no runtime was found and memory caches are used, which they are in the
app anyway. Those warnings (only while no runtime exists) are left out of the server's
output."""

from __future__ import annotations

import logging

from streamlit import runtime
from streamlit.runtime.caching import cache_data_api


class _NoRuntimeYet(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return runtime.exists() or "No runtime found" not in record.getMessage()


_log = logging.getLogger(cache_data_api.__name__)
if not any(isinstance(f, _NoRuntimeYet) for f in _log.filters):
    _log.addFilter(_NoRuntimeYet())
