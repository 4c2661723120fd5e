"""The ingest path in process: real extractor, real SQLite file; resuming after a kill."""

from __future__ import annotations

import pytest

from claimtrack.pipeline import extract, ingest, refresh_flags
from claimtrack.schema import Document
from claimtrack.settings import Settings
from index.sqlite_store import SQLiteStore

pytestmark = pytest.mark.slow

DOCS = [
    Document.create("https://a.example/1", "Kyle Fish said there is about a 20% chance that current models are "
                    "conscious.", site="A", lang="en", published="2025-08-01"),
    Document.create("https://b.example/2", "Kyle Fish estimated a 15 percent chance that current AI models are "
                    "conscious.", site="B", lang="en", published="2025-04-25"),
    Document.create("https://c.example/3", "研究员凯尔·菲什表示，当前模型具有意识的概率大约是 20%。", site="C",
                    lang="zh", published="2025-09-01"),
]


@pytest.fixture(scope="module")
def extractor():
    from nlp import Extractor

    return Extractor(Settings())


def snapshot(store):
    claims = sorted((c.id, c.cluster_id) for c in store.iter_claims())
    flags = sorted((f.id, tuple(f.claims)) for f in store.list_flags())
    return claims, flags


def test_killed_between_claims_and_document_resumes_to_the_same_store(tmp_path, extractor):
    whole = SQLiteStore(tmp_path / "whole.db")
    ingest(DOCS, whole, extractor)
    refresh_flags(whole)

    killed = SQLiteStore(tmp_path / "killed.db")
    ingest(DOCS[:1], killed, extractor)
    # The state a kill leaves after the claims of document 2 were written, before the document was.
    killed.replace_claims(DOCS[1].id, extract(extractor, DOCS[1]))
    report = ingest(DOCS, killed, extractor)
    refresh_flags(killed)
    assert report.documents_unchanged == 1 and report.documents_new == 2
    assert snapshot(killed) == snapshot(whole)
    assert snapshot(whole)[1], "Fish's 15% against 20% is flagged"


def test_changed_text_is_re_extracted_and_the_old_version_kept(tmp_path, extractor):
    store = SQLiteStore(tmp_path / "s.db")
    ingest(DOCS, store, extractor)
    before = {c.id for c in store.list_claims(doc_id=DOCS[0].id)}
    edited = DOCS[0].model_copy(update={"text": DOCS[0].text.replace("20%", "25%")})
    report = ingest([edited], store, extractor)
    assert report.documents_changed == 1
    after = store.list_claims(doc_id=DOCS[0].id)
    assert {c.id for c in after}.isdisjoint(before)
    assert [c.value.low for c in after] == [0.25]
    assert [v.text for v in store.list_document_versions(DOCS[0].id)] == [DOCS[0].text]
    again = ingest([edited], store, extractor)
    assert again.documents_unchanged == 1 and again.claims == 0
