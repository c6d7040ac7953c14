"""Charts: pure functions from analyst tables and facts to Plotly figures. No streamlit."""
