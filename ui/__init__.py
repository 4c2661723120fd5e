"""The Streamlit app: thin pages over claimtrack and index.

`claimtrack ui` runs `streamlit run APP_PATH`; the store comes from CLAIMTRACK_DB / CLAIMTRACK_BACKEND.
"""

from pathlib import Path

APP_PATH: Path = Path(__file__).with_name("app.py")

__all__ = ["APP_PATH"]
