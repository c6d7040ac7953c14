"""Start loading the browser's chart library as a page opens, not when its first chart arrives.

Streamlit's frontend fetches and evaluates Plotly's bundle (4.5 MB, most of a second of the
browser's time) only when the first chart element reaches it, after the page's data is read:
the browser idles while the server computes, then the server idles while the browser reads the
bundle. Importing the same module at the top of every page, from the same address the frontend
imports it from, lets the two overlap; the frontend then finds the module already evaluated (a
module is evaluated once per page). Where the bundle cannot be found (another Streamlit build),
nothing is sent and the charts load as before.
"""

from __future__ import annotations

import inspect
import json
import re
from functools import cache
from pathlib import Path

import streamlit as st

# the element's key: start_loading hides its (empty) box, so no page moves by its gap
KEY = "chart-library"
# what a Streamlit build's Plotly chunk is called ("PlotlyChart.D9Z0_fxz.js"); anything else
# found is not put into the page's script
CHUNK = re.compile(r"PlotlyChart\.[\w-]+\.js")


@cache
def bundle_name() -> str | None:
    """The file name of Streamlit's Plotly chunk in this installation (its hash changes with
    every Streamlit build), or None: none found, or a Streamlit whose st.html runs no script."""
    if "unsafe_allow_javascript" not in inspect.signature(st.html).parameters:
        return None
    js = Path(st.__file__).resolve().parent / "static" / "static" / "js"
    found = sorted(p.name for p in js.glob("PlotlyChart.*.js"))
    return found[0] if len(found) == 1 and CHUNK.fullmatch(found[0]) else None


@cache
def _script(name: str) -> str:
    # resolved against the frontend's own entry module, as the frontend resolves its chunks,
    # so both name one module under any page and base URL path
    return ("<script>(() => {const entry = document.querySelector("
            "'script[type=module][src*=\"static/js/index.\"]');"
            f"if (entry) import(new URL({json.dumps(name)}, entry.src).href).catch(() => {{}});}})();"
            "</script>")


def start_loading() -> None:
    """Put, as the page's first element, the import of the chart library (hidden, nothing to
    see); a no-op where the bundle is not found."""
    name = bundle_name()
    if name is None:
        return
    st.html(f"<style>.st-key-{KEY} {{display: none}}</style>")
    with st.container(key=KEY):
        st.html(_script(name), unsafe_allow_javascript=True)
