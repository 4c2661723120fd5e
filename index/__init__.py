"""Storage and search of documents, claims, flags and reviews.

`open_store(settings)` returns the configured backend behind the `Store` protocol.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from claimtrack.errors import StoreError
from index.base import DocState, Store

__all__ = ["DocState", "Store", "StoreSettings", "open_store"]


class StoreSettings(Protocol):
    """What opening a store reads (`claimtrack.settings.Settings` has it all)."""

    @property
    def backend(self) -> str: ...

    @property
    def db_path(self) -> Path: ...

    @property
    def data_dir(self) -> Path: ...

    @property
    def es_url(self) -> str | None: ...

    @property
    def es_user(self) -> str | None: ...

    @property
    def es_password(self) -> str | None: ...

    @property
    def es_api_key(self) -> str | None: ...

    @property
    def es_prefix(self) -> str: ...


def open_store(settings: StoreSettings) -> Store:
    if settings.backend == "sqlite":
        from index.sqlite_store import SQLiteStore

        return SQLiteStore(settings.db_path)
    if settings.backend == "elasticsearch":
        try:
            from index.es_store import ElasticsearchStore
        except ImportError as exc:  # pragma: no cover - the backend module ships with the package
            raise StoreError(f"Elasticsearch backend unavailable: {exc}") from exc
        return ElasticsearchStore.from_settings(settings)
    raise StoreError(f"unknown backend {settings.backend!r}", hint="set CLAIMTRACK_BACKEND=sqlite or elasticsearch")
