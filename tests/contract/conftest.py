"""The backend fixture of the store contract suite: SQLite always, Elasticsearch when a server is named."""

from __future__ import annotations

import os
import uuid

import pytest

ES_SKIP = "set CLAIMTRACK_ES_URL=http://localhost:9200 to run these against Elasticsearch"


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.es)])
def store(request, tmp_path):
    if request.param == "sqlite":
        from index.sqlite_store import SQLiteStore

        s = SQLiteStore(tmp_path / "store" / "claimtrack.db")
        yield s
        s.close()
        return
    if not os.environ.get("CLAIMTRACK_ES_URL"):
        pytest.skip(ES_SKIP)
    from index.es_store import ElasticsearchStore

    from claimtrack.settings import Settings

    # A fresh prefix per test: its own indices and aliases, removed afterwards.
    settings = Settings(backend="elasticsearch", es_prefix=f"ct-test-{uuid.uuid4().hex[:10]}")
    s = ElasticsearchStore.from_settings(settings)
    try:
        yield s
    finally:
        s.drop_everything(confirm=settings.es_prefix)
        s.close()
