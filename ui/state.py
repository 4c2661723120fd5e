"""Per-process and per-session state of the app: the store handle, the interface language, the
logged-in reviewer. Pages get everything from here; nothing else holds globals."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import streamlit as st

from claimtrack.settings import Settings
from index import Store, open_store
from ui.i18n import t


def settings() -> Settings:
    """Settings for the current CLAIMTRACK_* environment (built once per distinct environment)."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("CLAIMTRACK_")))
    return _settings_for(env)


@functools.lru_cache(maxsize=8)
def _settings_for(env: tuple[tuple[str, str], ...]) -> Settings:  # noqa: ARG001 - the cache key
    return Settings()


@st.cache_resource(show_spinner=False)
def _store_for(backend: str, location: str) -> Store:  # noqa: ARG001 - both are cache keys
    db = open_store(Settings())
    db.search("意识 model", limit=1)  # loads the Chinese segmenter now, not on the first user's query
    return db


def store() -> Store:
    """The store the environment names, opened once per (backend, location) and shared by sessions."""
    s = settings()
    location = str(s.db_path) if s.backend == "sqlite" else (s.es_url or "")
    return _store_for(s.backend, location)


@st.cache_data(ttl=5, show_spinner=False)
def _stats_for(backend: str, location: str) -> dict[str, int]:
    return _store_for(backend, location).stats()


def stats() -> dict[str, int]:
    """Store counts, at most a few seconds old (cleared by this app's own writes)."""
    s = settings()
    location = str(s.db_path) if s.backend == "sqlite" else (s.es_url or "")
    return _stats_for(s.backend, location)


def forget_stats() -> None:
    _stats_for.clear()


@st.cache_data(ttl=60, show_spinner=False)
def _facets_for(backend: str, location: str) -> dict[str, list[tuple[str, str, int]]]:
    return _store_for(backend, location).facets()


def facets() -> dict[str, list[tuple[str, str, int]]]:
    """The filters' pick lists (`Store.facets`), at most a minute old: counted by the store over
    every claim, so they cost one store call a minute whatever the page does."""
    s = settings()
    location = str(s.db_path) if s.backend == "sqlite" else (s.es_url or "")
    return _facets_for(s.backend, location)


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


def latest_run() -> dict | None:
    """The store's last run (with its digest, when the nightly run wrote one)."""
    runs = store().list_runs(limit=1)
    return runs[0] if runs else None
