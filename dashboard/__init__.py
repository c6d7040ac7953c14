"""Credit-quality notes from SEC filings as tidy facts.

The core (everything outside `dashboard.ui`) never imports streamlit.
"""

from dashboard.model.schema import FACT_COLUMNS, empty_facts, facts_frame

__all__ = ["FACT_COLUMNS", "empty_facts", "facts_frame"]
__version__ = "0.1.0"
