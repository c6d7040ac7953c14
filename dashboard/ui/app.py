"""Entry point: `streamlit run dashboard/ui/app.py` (see scripts/app.sh)."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import dashboard  # noqa: F401
except ImportError:  # run from a checkout that was not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from dashboard.ui import chart_library, sidebar, state, warm

HERE = Path(__file__).resolve().parent
# pages that draw no chart: the browser's chart library is not loaded ahead for them
PAGES_WITHOUT_CHARTS = ("sources", "facts")

# No page icons: a page's icon becomes the favicon, and a ":material/…:" one is fetched from
# the internet (the app must work offline); emoji depend on the viewer's fonts.
st.set_page_config(page_title="Credit notes", layout="wide", initial_sidebar_state="expanded")

pages = [
    st.Page(str(HERE / "views" / "overview.py"), title="Overview",
            url_path="overview", default=True),
    st.Page(str(HERE / "views" / "sources.py"), title="Sources", url_path="sources"),
    st.Page(str(HERE / "views" / "delinquency.py"), title="Delinquency", url_path="delinquency"),
    st.Page(str(HERE / "views" / "allowance.py"), title="Provision vs write-off", url_path="provision"),
    st.Page(str(HERE / "views" / "guarantee.py"), title="Guarantee exposure", url_path="guarantee"),
    st.Page(str(HERE / "views" / "facts.py"), title="Facts & checks", url_path="facts"),
    st.Page(str(HERE / "views" / "presentation.py"), title="Presentation", url_path="presentation"),
    st.Page(str(HERE / "views" / "peers.py"), title="Peers", url_path="peers"),
]
nav = st.navigation(pages)
if getattr(nav, "url_path", "") not in PAGES_WITHOUT_CHARTS:
    chart_library.start_loading()  # before the page's data is read: see chart_library
# the URL as opened, before the sidebar filters rewrite it (the Peers page reads ?group=)
st.session_state.setdefault("_first_qp", {k: st.query_params.get_all(k) for k in st.query_params})
if getattr(nav, "url_path", "") != "delinquency" and st.session_state.get("_qp_read"):
    st.session_state["_page_qp"] = {}
# the server computes the other pages' default views only while no page is computed (warm.py)
with warm.RUNS.running():
    # read once per library stamp and shared by reruns and sessions; unnamed fragments join the
    # filer whose figures they are. With the library alone, the sidebar comes from its directory
    # (a few aggregate queries) and a page reads the facts only when it asks (state.current).
    if state.library_only():
        d = state.directory()
        st.session_state["_loaded"] = None
        st.session_state["_recognised"] = d.recognitions
        fc = d.facets
        counts = (d.n_sources, d.n_facts, len(d.facets.entities))
    else:
        data = state.loaded_recognised()
        st.session_state["_loaded"] = data
        fc = state.facets(data)
        counts = (len(data.sources), len(data.facts), len(fc.entities))
    # the filters the page reads, from the widgets' keys or the URL; their widgets are drawn after
    # the page (sidebar.run), so the page's first chart does not wait for them in the browser
    filters = st.session_state["_filters"] = state.read_filters(fc)
    sidebar.run(nav, fc, filters, counts)
