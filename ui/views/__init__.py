"""Page scripts run by st.navigation (see ui/app.py)."""
