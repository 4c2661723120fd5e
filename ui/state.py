"""Per-process and per-session state of the app: the store handle, the interface language, the
logged-in reviewer. Pages get everything from here; nothing else holds globals."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from claimtrack.settings import Settings
from index import Store, open_store
from ui.i18n import t


def settings() -> Settings:
    return Settings()  # reads CLAIMTRACK_* each time: cheap, and tests can change the environment


@st.cache_resource(show_spinner=False)
def _store_for(backend: str, location: str) -> Store:  # noqa: ARG001 - both are cache keys
    return open_store(Settings())


def store() -> Store:
    """The store the environment names, opened once per (backend, location) and shared by sessions."""
    s = settings()
    location = str(s.db_path) if s.backend == "sqlite" else (s.es_url or "")
    return _store_for(s.backend, location)


def lang() -> str:
    if "ui_lang" not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state["ui_lang"] = wanted if wanted in ("en", "zh") else settings().ui_lang
    return st.session_state["ui_lang"]


def tr(key: str, **fields: object) -> str:
    return t(key, lang(), **fields)


def user() -> str | None:
    return st.session_state.get("ui_user")


def db_label() -> str:
    s = settings()
    return str(Path(s.db_path)) if s.backend == "sqlite" else f"{s.backend}: {s.es_url}"
