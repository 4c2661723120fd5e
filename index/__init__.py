"""Storage and search of documents, claims, flags and reviews.

`open_store(settings)` returns the configured backend behind the `Store` protocol.
"""

from __future__ import annotations

from claimtrack.errors import StoreError
from claimtrack.settings import Settings
from index.base import DocState, Store

__all__ = ["DocState", "Store", "open_store"]


def open_store(settings: Settings) -> Store:
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
