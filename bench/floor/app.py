"""The floor the app's first chart stands on: a bare Streamlit page (a title and one Plotly
chart of four bars, nothing read, nothing computed), timed by `bench/browser.floor_seconds`
the way the app is, so that each app figure can be read against what Streamlit and Plotly
cost on the same machine in the same run."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=["2018", "2019", "2020", "2021"], y=[4, 3, 2, 1])),
                key="floor_chart")
