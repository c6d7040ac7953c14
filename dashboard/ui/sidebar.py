"""The page first, then the sidebar's filters: app.py reads the filters (filters.read_filters)
before the page and draws their widgets after it, so the browser draws the page's first chart
without first loading and mounting the widgets' code. A page that ends early says so with
`stop()` (not `st.stop()`, after which nothing more reaches the browser): its sidebar is still
drawn."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard.ui.filters import Filters, draw_filters
from dashboard.workspace.view import Facets


class PageEnd(BaseException):  # noqa: N818 - a signal, like Streamlit's StopException
    """Raised by `stop()`; a BaseException, as Streamlit's own, so that a page's
    `except Exception` does not catch it."""


def stop() -> NoReturn:
    """End the page here (its `st.stop()`): app.py still draws the sidebar, then stops."""
    raise PageEnd


def run(page: StreamlitPage, fc: Facets, f: Filters, counts: tuple[int, int, int]) -> None:
    """Run the page, then draw the sidebar's filters and counts in a place kept for them above
    whatever the page adds to the sidebar (the Presentation's exports) — whether the page ran
    to its end, ended with `stop()`, asked for a rerun or failed."""
    box = st.sidebar.container()
    ended = False
    try:
        page.run()
    except PageEnd:
        ended = True
    finally:
        with box:
            draw_filters(fc, f)
            st.caption(f"{counts[0]} sources · {counts[1]} facts · {counts[2]} filers")
    if ended:
        # as st.stop() in the page would have: widgets the page did not reach keep their state
        st.stop()
