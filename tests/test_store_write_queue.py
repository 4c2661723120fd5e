"""Writes queued on disk while Elasticsearch is unreachable: nothing lost, sent in order.

No server here: the Elasticsearch store is pointed at a real closed port on loopback (the
client's real connection errors), and the queue is replayed into a real SQLite store to show
that what was queued is complete and in order.
"""

from __future__ import annotations

import json
import socket

import pytest
from elasticsearch import Elasticsearch

from claimtrack.errors import StoreError
from index.base import DocState
from index.es_store import ElasticsearchStore
from index.sqlite_store import SQLiteStore
from index.write_queue import WriteQueue, apply_write
from tests.support.store_corpus import fish_flag


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def store_whose_server_went_away(queue_path) -> ElasticsearchStore:
    """A running store (started while the server was up) whose server is now gone. Built without
    the start-up check, which would refuse an unreachable server, as it should."""
    url = closed_port_url()
    store = ElasticsearchStore.__new__(ElasticsearchStore)
    store._setup(Elasticsearch(url, max_retries=0, request_timeout=2), "claimtrack", url=url, queue_path=queue_path)
    return store


def test_writes_are_queued_in_order_and_replay_completely(tmp_path, corpus):  # noqa: F811
    queue = tmp_path / "es-queue" / "claimtrack.jsonl"
    es = store_whose_server_went_away(queue)
    zh, en, en2 = corpus["docs"]
    for doc in corpus["docs"]:
        assert es.put_document(doc) == DocState.NEW  # queued: the caller goes on and extracts
        es.replace_claims(doc.id, corpus["claims"][doc.id])
    assert es.sync_flags([fish_flag(corpus)]) == {"new": 0, "kept": 0, "reopened": 0, "retired": 0, "queued": 1}
    es.record_run({"at": "2025-07-01T00:00:00+00:00", "documents": 3})
    assert es.pending_writes() == 8
    ops = [json.loads(line)["op"] for line in queue.read_text().splitlines()]
    assert ops == ["put_document", "replace_claims"] * 3 + ["sync_flags", "record_run"]

    # Still down: flushing fails loudly and keeps everything.
    with pytest.raises(StoreError, match="cannot reach Elasticsearch"):
        es.flush_queue()
    assert es.pending_writes() == 8
    # Reads are not faked while the server is away.
    with pytest.raises(StoreError):
        es.stats()

    # Everything queued is enough to rebuild the same content elsewhere.
    with SQLiteStore(tmp_path / "replayed.db") as target:
        sent = WriteQueue(queue).replay(lambda op, payload: apply_write(target, op, payload))
        assert sent == 8
        assert target.stats() == {"documents": 3, "claims": 4, "clusters": 3, "flags": 1, "open_flags": 1,
                                  "reviews": 0}
        assert target.get_document(zh.id) == zh
        assert [c.id for c in target.search("意识")] == [corpus["claims"][zh.id][0].id]
        assert target.list_runs()[0]["documents"] == 3
    assert not queue.exists()


def test_replay_stops_at_the_first_failure_and_keeps_the_rest(tmp_path):
    q = WriteQueue(tmp_path / "q.jsonl")
    for i in range(5):
        q.append("record_run", {"run": {"n": i}})
    seen = []

    def send(op, payload):
        if payload["run"]["n"] == 2:
            raise StoreError("down")
        seen.append(payload["run"]["n"])

    with pytest.raises(StoreError):
        q.replay(send)
    assert seen == [0, 1] and len(q) == 3
    assert q.replay(lambda op, payload: seen.append(payload["run"]["n"])) == 3
    assert seen == [0, 1, 2, 3, 4] and len(q) == 0


def test_partial_last_line_from_a_crash_is_ignored(tmp_path):
    path = tmp_path / "q.jsonl"
    q = WriteQueue(path)
    q.append("record_run", {"run": {"n": 1}})
    with path.open("a") as fh:
        fh.write('{"op": "record_run", "payl')
    assert len(q) == 1


def test_unknown_ops_are_refused(tmp_path):
    q = WriteQueue(tmp_path / "q.jsonl")
    with pytest.raises(StoreError):
        q.append("drop_everything", {})
    with pytest.raises(StoreError):
        apply_write(object(), "drop_everything", {})


def test_without_a_queue_an_outage_is_an_error(tmp_path, corpus):  # noqa: F811
    es = store_whose_server_went_away(None)
    with pytest.raises(StoreError, match="cannot reach Elasticsearch"):
        es.put_document(corpus["docs"][0])
    assert es.pending_writes() == 0
