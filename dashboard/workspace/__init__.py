"""The analyst's workspace: the view of the library with their names, merges, given scales and
recognitions applied (`view`), and the files the app has been given (`inputs`). No streamlit."""
