"""The filing library: thousands of filings read once, kept on disk, queried with DuckDB.

    from dashboard.library import Library
    lib = Library.open()                      # CREDIT_NOTES_HOME/library, or the user data folder
    lib.ingest_paths(["filings/"])            # on a local Dask cluster when it pays
    lib.facts(filers=["Qifu Technology"], years=(2020, 2024))

See core.py for the parts, dataset.py for the layout on disk and how writes stay safe.
"""

from dashboard.library.core import (
    IngestReport,
    Library,
    LibraryBusy,
    LibraryLabels,
    LibraryWriteError,
    default_library_dir,
)
from dashboard.library.memory import use_steady_pool
from dashboard.library.version import EXTRACTOR_VERSION

use_steady_pool()

__all__ = ["EXTRACTOR_VERSION", "IngestReport", "Library", "LibraryBusy", "LibraryLabels",
           "LibraryWriteError", "default_library_dir"]
