"""Start the dashboard with its heavy modules already imported.

`streamlit run` imports pandas, plotly and the extraction engine only when the first visitor's
session runs the app script — about half a second on the first page view. Importing them here,
in the server's own process, before handing over to Streamlit's command line means the first
chart waits only for the browser. Arguments are `streamlit run` flags
(`python -m dashboard.ui.launch --server.port 8600`).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def preload() -> None:
    """Import what every page needs, so the first session finds it in memory."""
    import lxml.html  # noqa: F401
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    import dashboard.charts  # noqa: F401
    import dashboard.checks  # noqa: F401
    import dashboard.metrics  # noqa: F401
    import dashboard.pipeline  # noqa: F401


def main(argv: list[str] | None = None) -> None:
    preload()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    streamlit_main()


if __name__ == "__main__":
    main()
