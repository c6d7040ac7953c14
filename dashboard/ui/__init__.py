"""The Streamlit app: the only package that imports streamlit. Start it with `bash scripts/app.sh`."""
