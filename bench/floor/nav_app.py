"""The second floor: what Streamlit costs for the app's shell, without the app. A multipage app
(st.navigation with the app's eight pages, its page configuration) whose landing page is a
title and one Plotly chart of four bars, nothing read, nothing computed; in `shell_app.py`
beside it, the sidebar also holds the app's filters as the app shows them: what each is set
to, and the five widgets in a popover. Timed by
`bench/browser.floor_seconds` like the app, so each page's figure can be read against the
shell it stands on as well as against the bare page (`app.py`)."""

import plotly.graph_objects as go
import streamlit as st

TITLES = ("Overview", "Sources", "Delinquency", "Provision vs write-off", "Guarantee exposure",
          "Facts & checks", "Presentation", "Peers")


def landing() -> None:
    st.title("Floor")
    st.plotly_chart(go.Figure(go.Bar(x=["2018", "2019", "2020", "2021"], y=[4, 3, 2, 1])),
                    key="floor_chart")


def other() -> None:
    st.title("Other")


def main(sidebar: bool) -> None:
    st.set_page_config(page_title="Floor", layout="wide", initial_sidebar_state="expanded")
    pages = [st.Page(landing, title=TITLES[0], url_path="overview", default=True)]
    pages += [st.Page(other, title=t, url_path=f"page{i}") for i, t in enumerate(TITLES[1:])]
    nav = st.navigation(pages)
    if sidebar:
        _filters()
    nav.run()


def _filters() -> None:
    with st.sidebar:
        st.markdown("**Filters**")
        with st.popover("Change filters", width="stretch"):
            st.multiselect("Filer", ["A", "B", "C"], key="f_filer", placeholder="All filers")
            st.slider("Years", 2017, 2023, (2017, 2023), key="f_years")
            st.selectbox("Currency", ["All", "CNY", "USD"], key="f_currency")
            st.selectbox("Segment", ["All", "Whole portfolio"], key="f_segment")
            st.radio("Frequency", ["Annual", "Quarterly"], key="f_frequency", horizontal=True)
        st.caption("Filer: all filers  \nYears: all (2017–2023)  \nCurrency: all  \n"
                   "Segment: all  \nFrequency: Annual")
        st.caption("16 sources · 231 facts · 3 filers")


if __name__ == "__main__":
    main(sidebar=False)
