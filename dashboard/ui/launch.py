"""Start the dashboard with its heavy modules already imported.

`streamlit run` imports pandas, plotly, DuckDB and the extraction engine only when the first
visitor's session runs the app script — about a second on the first page view. Importing them
here, in the server's own process, before handing over to Streamlit's command line, and
computing the landing page's data in the background as the server starts (`warm_when_ready`),
means the first chart waits mostly for the browser. Arguments are `streamlit run` flags
(`python -m dashboard.ui.launch --server.port 8600`).
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from pathlib import Path

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner_utils import script_run_context
from streamlit.web.cli import main as streamlit_main

from dashboard.library import default_library_dir
from dashboard.ui import store, warm

APP = Path(__file__).resolve().parent / "app.py"
WARM_THREAD = "credit-notes-warm"


def preload() -> None:
    """Import what every page needs, so the first session finds it in memory."""
    import lxml.html  # noqa: F401
    import pandas  # noqa: F401
    import plotly.graph_objects as go
    import plotly.io
    import plotly.tools  # noqa: F401  (st.plotly_chart imports it)

    import dashboard.analysis  # noqa: F401
    import dashboard.analysis.overview  # noqa: F401
    import dashboard.charts.allowance  # noqa: F401
    import dashboard.charts.delinquency  # noqa: F401
    import dashboard.charts.guarantee  # noqa: F401
    import dashboard.exports.pack  # noqa: F401  (the Peers page's committee pack)
    import dashboard.extract.pipeline  # noqa: F401
    import dashboard.facts.checks  # noqa: F401
    import dashboard.facts.identity  # noqa: F401
    import dashboard.library  # noqa: F401  (DuckDB and pyarrow, the slowest to import)

    # st.plotly_chart writes a figure with plotly.io.to_json, whose JSON machinery plotly
    # imports on first use (0.05 s in the first visitor's first chart otherwise)
    plotly.io.to_json(go.Figure(), validate=False)


def warm_when_ready(timeout: float = 60.0) -> threading.Thread:
    """In a background thread: on a fresh machine, read the bundled samples into the library
    at once (`store.open_filled`, while the server starts); then, once Streamlit's runtime
    exists (its caches are the ones every session reads), compute the landing page's data
    and charts (`warm.warm`): the library read, the Overview's default filer; then the other
    pages' (`warm.warm_rest`, `warm.warm_later`). The server
    answers meanwhile; a visitor who asks before it is done waits for the same computation
    (Streamlit computes a cached value once), never for a second one. A failure here only costs that head start: the session computes
    it again and shows the error."""
    started = time.perf_counter()

    def run() -> None:
        deadline = time.monotonic() + timeout
        try:  # on a fresh machine, the samples go in while the server is still starting
            store.open_filled(str(default_library_dir()))
        except Exception:  # noqa: BLE001 - the session opens it again and says what failed
            logging.getLogger(__name__).warning("filling the library failed", exc_info=True)
        while not runtime.exists():
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)
        # Streamlit checks, on the first element any thread of the process writes, whether it
        # runs in a REPL, by walking the stack with inspect.stack(): it maps the file of every
        # module loaded and reads the source of every frame, a tenth of a second inside the
        # first visitor's script run. An element written here, outside any session (it goes
        # nowhere), pays it in the background instead.
        st.empty()
        t0 = time.perf_counter()
        try:
            warm.warm()
        except Exception:  # noqa: BLE001 - the session will compute it and say what failed
            logging.getLogger(__name__).warning("warming the landing page failed",
                                                exc_info=True)
            return
        _freeze()
        # one line on the server's output, read by bench/library_app.py
        print(f"credit-notes: landing page computed in {time.perf_counter() - t0:.2f} s, "
              f"{time.perf_counter() - started:.2f} s after launch", file=sys.stderr, flush=True)
        t1 = time.perf_counter()
        try:  # then what the other pages read, still before anyone asks for it
            if not warm.warm_rest():
                return  # a large library: the other pages read it when first visited
        except Exception:  # noqa: BLE001 - as above: a page computes it and says what failed
            logging.getLogger(__name__).warning("warming the other pages failed", exc_info=True)
            return
        _freeze()
        print(f"credit-notes: every fact and the Delinquency page computed in "
              f"{time.perf_counter() - t1:.2f} s, {time.perf_counter() - started:.2f} s after "
              "launch", file=sys.stderr, flush=True)
        try:  # then the other chart pages, each while no visitor's page is being computed
            warm.warm_later()
        except Exception:  # noqa: BLE001 - as above
            logging.getLogger(__name__).warning("warming the chart pages failed", exc_info=True)
            return
        _freeze()
        print(f"credit-notes: every chart page's default view computed, "
              f"{time.perf_counter() - started:.2f} s after launch", file=sys.stderr, flush=True)

    quiet_warm_thread()
    t = threading.Thread(target=run, name=WARM_THREAD, daemon=True)
    t.start()
    return t


class _NoSessionInWarmThread(logging.Filter):
    """Streamlit warns, on each cached call or element outside a session, that the thread has
    no ScriptRunContext. The warm-up thread has none by design (it fills the caches every
    session reads), so its warnings say nothing to a user starting the app; another thread's
    still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == WARM_THREAD
                    and "missing ScriptRunContext" in record.getMessage())


def quiet_warm_thread() -> None:
    """Leave out of the server's output the warm-up thread's missing-ScriptRunContext
    warnings (only those)."""
    log = logging.getLogger(script_run_context.__name__)
    if not any(isinstance(f, _NoSessionInWarmThread) for f in log.filters):
        log.addFilter(_NoSessionInWarmThread())


def _freeze() -> None:
    """Leave what exists now (modules, the libraries' objects, the cached frames) out of every
    later garbage collection: a full collection of this heap takes a tenth of a second and
    holds the interpreter, so the server could neither send a page's elements nor serve the
    browser its chart library meanwhile. (No collection first: it would hold the interpreter
    just as long, while a first visitor's browser loads the page.)"""
    gc.freeze()


# Streamlit collects garbage after every script run (runner.postScriptGC): a full collection
# of this process's heap (pandas, plotly, DuckDB, the cached frames) holds the interpreter a
# tenth of a second or more, during which the page's elements wait to be sent and the browser
# waits for the chart library. The script's garbage is freed as it goes (reference counts)
# and Python's own collector still runs; the flags given on the command line come after
# these, so they win.
DEFAULT_FLAGS = ["--runner.postScriptGC", "false"]


def main(argv: list[str] | None = None) -> None:
    preload()
    _freeze()
    warm_when_ready()
    sys.argv = ["streamlit", "run", str(APP), *DEFAULT_FLAGS,
                *(sys.argv[1:] if argv is None else argv)]
    streamlit_main()


if __name__ == "__main__":
    main()
