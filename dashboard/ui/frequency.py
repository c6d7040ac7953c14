"""The frequency control: the filer's fiscal years or its fiscal quarters, picked in the sidebar
and kept in the URL (`?frequency=quarterly`; annual, the default, leaves the URL as it is)."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis.periods import ANNUAL, FREQUENCIES, QUARTERLY

KEY = "f_frequency"
LABELS = {ANNUAL: "Annual", QUARTERLY: "Quarterly"}
HELP = ("Annual: the filer's fiscal years (a year not yet filed whole shows its year to date, "
        "labelled). Quarterly: its fiscal quarters; a quarter filed only as year to date is the "
        "difference of two year-to-dates, marked derived. Two durations are never added.")


def read_query() -> None:
    """Take the URL's frequency once, when the session opens."""
    want = str(st.query_params.get("frequency", "") or "").lower()
    if want in FREQUENCIES:
        st.session_state[KEY] = want


def value() -> str:
    """The frequency chosen (the radio's key), annual until one is."""
    if st.session_state.get(KEY) not in FREQUENCIES:
        st.session_state[KEY] = ANNUAL
    return str(st.session_state[KEY])


def control() -> str:
    """The radio (drawn where the caller is, the sidebar): the frequency chosen."""
    value()
    return str(st.radio("Frequency", list(FREQUENCIES), key=KEY, horizontal=True,
                        format_func=LABELS.get, help=HELP))


def query(frequency: str) -> dict[str, str]:
    """The URL's query parameter for a frequency."""
    return {"frequency": frequency} if frequency != ANNUAL else {}
