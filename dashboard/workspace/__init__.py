"""The analyst's workspace: labels kept across restarts and the inputs the app has been given. No streamlit."""
