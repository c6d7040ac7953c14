"""The analyst's data folder, under the name `library/core.py` and `analysis/peers.py` import it
by until they import `dashboard.library.home` (the labels themselves are the library's
`LibraryLabels`). The lead removes this module then."""

from dashboard.library.home import data_dir

__all__ = ["data_dir"]
