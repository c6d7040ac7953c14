"""What a page asks for, in one import (`from dashboard.ui import state`): the library and its
labels (store), the scratch files (scratch), what is loaded and derived from it (loaded), the
sidebar's filters (filters) and the small shared widgets (widgets). Each lives in its module;
this one only names them for the pages."""

from __future__ import annotations

from dashboard.ui.filters import (
    ALL,
    WHOLE,
    Filters,
    apply,
    first_query,
    read_filters,
    write_query_params,
)
from dashboard.ui.loaded import (
    InOrder,
    chosen,
    current,
    current_filters,
    derived,
    directory,
    facets,
    filer_loaded,
    library_only,
    loaded,
    loaded_recognised,
    noted_sources,
    recognised,
    sources_for,
)
from dashboard.ui.scratch import add_files, add_folder, inputs, remove_inputs, reset_inputs
from dashboard.ui.sidebar import stop
from dashboard.ui.store import (
    already_in_library,
    ingest_files,
    ingest_folder,
    library,
    manifest,
    stamp,
    store,
)
from dashboard.ui.widgets import PLOTLY_CONFIG, committee_table, explain_empty, fmt_date, page_table
from dashboard.workspace.view import Directory, Facets, LibraryFile, Loaded

__all__ = [
    "ALL", "PLOTLY_CONFIG", "WHOLE", "Directory", "Facets", "Filters", "InOrder", "LibraryFile",
    "Loaded",
    "add_files", "add_folder", "already_in_library", "apply", "chosen", "committee_table",
    "current", "current_filters", "derived", "directory", "explain_empty", "first_query", "facets",
    "filer_loaded", "fmt_date", "ingest_files", "ingest_folder", "inputs", "library",
    "library_only", "loaded", "loaded_recognised", "manifest", "noted_sources", "page_table",
    "recognised",
    "read_filters", "remove_inputs", "reset_inputs", "sources_for", "stamp", "stop", "store",
    "write_query_params",
]
