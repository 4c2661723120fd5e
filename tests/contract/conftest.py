"""The backend fixtures of the store contract suite: SQLite always, Elasticsearch when a server is named."""

from __future__ import annotations

import os
import uuid

import pytest

ES_SKIP = "set CLAIMTRACK_ES_URL=http://localhost:9200 to run these against Elasticsearch"


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.es)])
def store_factory(request, tmp_path):
    """`make()` gives a new, empty store of the backend under test; all are closed (and for
    Elasticsearch, their indices deleted) after the test."""
    made = []
    if request.param == "elasticsearch" and not os.environ.get("CLAIMTRACK_ES_URL"):
        pytest.skip(ES_SKIP)

    def make():
        if request.param == "sqlite":
            from index.sqlite_store import SQLiteStore

            s = SQLiteStore(tmp_path / f"store{len(made)}" / "claimtrack.db")
            made.append((s, None))
            return s
        from claimtrack.settings import Settings
        from index.es_store import ElasticsearchStore

        # A fresh prefix per store: its own indices and aliases, removed afterwards.
        settings = Settings(backend="elasticsearch", es_prefix=f"ct-test-{uuid.uuid4().hex[:10]}")
        s = ElasticsearchStore.from_settings(settings)
        made.append((s, settings.es_prefix))
        return s

    make.backend = request.param
    yield make
    for s, prefix in made:
        try:
            if prefix is not None:
                s.drop_everything(confirm=prefix)
        finally:
            s.close()


@pytest.fixture
def store(store_factory):
    return store_factory()
