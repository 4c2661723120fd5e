"""The Elasticsearch backend without a server: mappings, analysis and queries it builds, checked
against the client's own DSL types, and its one-line errors when no server answers.

(The behaviour against a real server is the contract suite, tests/contract, with CLAIMTRACK_ES_URL.)
"""

from __future__ import annotations

import socket
import sqlite3
import unicodedata

import pytest
from elasticsearch.dsl import Index, Q, Search

from claimtrack.errors import StoreError
from claimtrack.schema import Flag, Review, ReviewInfo
from claimtrack.settings import Settings
from index.es_mappings import KINDS, UNICODE61_PATTERN, VERSIONS, IndexNames, index_body, mappings
from index.es_queries import (
    claim_source,
    claims_filter,
    document_source,
    flag_source,
    flags_filter,
    review_source,
    run_source,
    search_body,
    version_source,
)
from index.segment import claim_fts_text

NAMES = IndexNames("claimtrack")


def props(kind: str) -> dict:
    return index_body(kind, NAMES)["mappings"]["properties"]


def assert_fits(source: dict, properties: dict, where: str) -> None:
    """A `dynamic: strict` index rejects any field it does not map: every key must be mapped."""
    for key, value in source.items():
        assert key in properties, f"{where}.{key} is not in the mapping"
        field = properties[key]
        if field.get("type") == "object" and field.get("enabled", True) and isinstance(value, dict):
            assert_fits(value, field["properties"], f"{where}.{key}")


@pytest.mark.parametrize("kind", KINDS)
def test_every_index_is_strict_versioned_and_aliased(kind):
    body = index_body(kind, NAMES)
    assert body["mappings"]["dynamic"] == "strict"
    assert body["aliases"] == {f"claimtrack-{kind}": {"is_write_index": True}}
    assert NAMES.index(kind) == f"claimtrack-{kind}-v{VERSIONS[kind]}"
    assert NAMES.version_of(kind, NAMES.index(kind)) == VERSIONS[kind]
    assert NAMES.version_of(kind, "claimtrack-other-v1") is None
    # The client's own Index type takes the body back unchanged.
    idx = Index(NAMES.index(kind))
    idx.settings(**body["settings"])
    assert idx.to_dict()["settings"] == body["settings"]
    assert "aliases" not in index_body(kind, NAMES, with_alias=False)


def test_claims_mapping_fields():
    p = props("claims")
    for keyword in ("id", "doc_id", "cluster_id", "claimant_id", "subject_id", "proposition_key", "lang", "site",
                    "qualifier", "value_unit", "fingerprint"):
        assert p[keyword] == {"type": "keyword"}, keyword
    for long_keyword in ("url", "cites"):  # kept, not indexed, past Lucene's term limit
        assert p[long_keyword] == {"type": "keyword", "ignore_above": 2048}
    assert p["value_low"]["type"] == p["value_high"]["type"] == "double"
    assert p["published"]["type"] == "date" and p["published"]["ignore_malformed"] is True
    assert p["fts_text"] == {"type": "text", "analyzer": "claimtrack_folded"}  # folded before it is sent
    assert p["quote"]["analyzer"] == "claimtrack_text"
    assert p["quote"]["fields"]["en"] == {"type": "text", "analyzer": "english"}
    assert p["data"] == {"type": "object", "enabled": False}


def test_analysis_mirrors_fts5_porter_unicode61():
    analysis = index_body("claims", NAMES)["settings"]["analysis"]
    assert analysis["analyzer"]["claimtrack_text"] == {
        "type": "custom", "tokenizer": "claimtrack_unicode61", "filter": ["lowercase", "asciifolding", "porter_stem"]}
    assert analysis["analyzer"]["claimtrack_folded"] == {
        "type": "custom", "tokenizer": "claimtrack_unicode61", "filter": ["lowercase", "asciifolding"]}
    assert analysis["tokenizer"]["claimtrack_unicode61"] == {"type": "pattern", "pattern": UNICODE61_PATTERN}


def test_pattern_tokenizer_splits_like_sqlite_unicode61():
    """The ES tokenizer pattern (Java regex, same \\p classes in the `regex` module) plus lowercase and
    asciifolding gives the tokens SQLite's unicode61 gives, on segmented Chinese and English."""
    regex = pytest.importorskip("regex")
    samples = ["意识 体验 的 概率 大约 是 百分之二十 百分 二十",
               "Kyle Fish says ASL-3 (Claude Opus 4) at ~15% — isn't it café-level naïve?",
               "凯尔 · 菲什 认为 Claude_3.5 2025-06-10 x/y@z"]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    for i, text in enumerate(samples):
        db.execute("INSERT INTO t(rowid, x) VALUES (?, ?)", (i + 1, text))
        sqlite_tokens = [r[0] for r in db.execute("SELECT term FROM v WHERE doc = ? ORDER BY offset", (i + 1,))]
        es_tokens = [fold(tok) for tok in regex.split(UNICODE61_PATTERN, text) if tok]
        assert es_tokens == sqlite_tokens, text


def fold(token: str) -> str:
    """lowercase + asciifolding, for the characters in the samples."""
    return "".join(c for c in unicodedata.normalize("NFKD", token.lower()) if not unicodedata.combining(c))


def test_sources_fit_their_strict_mappings(corpus):  # noqa: F811
    doc = corpus["docs"][0]
    claim = corpus["claims"][doc.id][0]
    assert_fits(claim_source(claim, fts_text=claim_fts_text(claim), fingerprint="f", seq=1), props("claims"), "claims")
    assert_fits(document_source(doc, stored_at="2025-01-01T00:00:00+00:00", seq=1), props("documents"), "documents")
    assert_fits(version_source(doc, replaced_at="2025-01-01", seq=2), props("document-versions"), "versions")
    flag = Flag(id="f1", kind="value_conflict", severity=0.5, cluster_id="c", claims=["a", "b"], summary="s",
                status="confirmed", review=ReviewInfo(by="ana", at="2025-01-01T00:00:00+00:00", note="n"))
    src = flag_source(flag, active=True, updated_at="2025-01-01")
    assert_fits(src, props("flags"), "flags")
    assert src["review"] == {"by": "ana", "at": "2025-01-01T00:00:00+00:00", "note": "n"}
    assert_fits(review_source(Review(flag_id="f1", status="dismissed", by="bo"), seq=3), props("reviews"), "reviews")
    assert_fits(run_source({"at": "x", "n": 1, "nested": {"a": [1]}}, at="x", seq=4), props("runs"), "runs")
    assert set(mappings()) == set(KINDS)


def test_claim_source_carries_the_search_text(corpus):  # noqa: F811
    doc = corpus["docs"][0]
    claim = corpus["claims"][doc.id][0]
    src = claim_source(claim, fts_text=claim_fts_text(claim), fingerprint="f", seq=1)
    words = src["fts_text"].split()
    assert "意识" in words and "kyle" in words and "fish" in words
    assert src["data"]["id"] == claim.id and src["lang"] == "zh" and src["claimant_id"] == "kyle_fish"


def test_search_body_requires_every_word():
    body = search_body("Kyle Fish", lang="en", limit=7)
    q = body["query"]["bool"]
    assert q["must"] == [{"match": {"fts_text": {"query": "kyle", "operator": "and"}}},
                         {"match": {"fts_text": {"query": "fish", "operator": "and"}}}]
    assert q["filter"] == [{"term": {"lang": "en"}}]
    assert q["should"][0]["match"]["quote.en"]["query"] == "Kyle Fish"
    assert body["size"] == 7 and body["sort"] == ["_score", {"seq": "desc"}]
    # The client's DSL reads it back as the same query.
    assert Q(body["query"]).to_dict() == body["query"]
    assert Search.from_dict({"query": body["query"]}).to_dict()["query"] == body["query"]


def test_search_body_chinese_and_syntax():
    body = search_body("意识 概率")
    assert [m["match"]["fts_text"]["query"] for m in body["query"]["bool"]["must"]] == ["意识", "概率"]
    assert "filter" not in body["query"]["bool"] or body["query"]["bool"]["filter"] == []
    assert search_body("!!! 。，") is None
    assert search_body("kyle", limit=0) is None
    odd = search_body('kyle" AND (fish*')
    assert [m["match"]["fts_text"]["query"] for m in odd["query"]["bool"]["must"]] == ["kyle", "fish"]
    asl = search_body("ASL-3")["query"]["bool"]["must"]
    assert [m["match"]["fts_text"]["query"] for m in asl[0]["bool"]["must"]] == ["asl", "3"]
    assert [m["match"]["fts_text"]["query"] for m in search_body("意識")["query"]["bool"]["must"]] == ["意识"]


def test_search_body_or_not_and_phrases():
    """The same parsed query as SQLite's MATCH expression (`index.query`)."""
    def term(t):
        return {"match": {"fts_text": {"query": t, "operator": "and"}}}

    q = search_body("kyle fish OR chalmers -opus")["query"]["bool"]
    assert q["must"] == [term("kyle"), {"bool": {"should": [term("fish"), term("chalmer")], "minimum_should_match": 1}}]
    assert q["must_not"] == [term("opus")]
    assert search_body("NOT kyle") is None and search_body("-kyle") is None
    phrase = search_body('"conscious models"', limit=5)
    assert phrase["query"]["bool"]["must"] == [{"bool": {"must": [term("conscious"), term("model")]}}]
    assert phrase["size"] >= 100  # word order is checked on the hits, so more are read
    assert search_body("conscious models", limit=5)["size"] == 5
    for body in (q, phrase["query"]):
        assert Q(body if "bool" in body else {"bool": body}).to_dict()


def test_filters():
    assert claims_filter() == {"match_all": {}}
    assert claims_filter(cluster_id="c", lang="zh") == {"bool": {"filter": [{"term": {"cluster_id": "c"}},
                                                                            {"term": {"lang": "zh"}}]}}
    assert flags_filter() == {"bool": {"filter": [{"term": {"active": True}}]}}
    assert flags_filter(status="open", kind="value_conflict")["bool"]["filter"][1:] == [
        {"term": {"status": "open"}}, {"term": {"kind": "value_conflict"}}]


def test_claim_filters_become_bool_filter_clauses():
    from datetime import date

    from index.filters import ClaimFilters

    flt = ClaimFilters.of(claimant_id=["kyle_fish", "david_chalmers"], subject_id="ai_systems", site=[],
                          published_from=date(2025, 5, 1), published_to="2025-05-31", value_min=0.1, value_max=0.3)
    q = claims_filter(filters=flt)
    assert q["bool"]["filter"] == [
        {"terms": {"claimant_id": ["kyle_fish", "david_chalmers"]}},
        {"term": {"subject_id": "ai_systems"}},
        # inclusive days: the day after the last one is the exclusive bound
        {"range": {"published": {"format": "yyyy-MM-dd", "gte": "2025-05-01", "lt": "2025-06-01"}}},
        {"bool": {"should": [{"exists": {"field": "value_low"}}, {"exists": {"field": "value_high"}}],
                  "minimum_should_match": 1}},
        {"bool": {"should": [{"range": {"value_high": {"gte": 0.1}}},
                             {"bool": {"must_not": [{"exists": {"field": "value_high"}}]}}],
                  "minimum_should_match": 1}},
        {"bool": {"should": [{"range": {"value_low": {"lte": 0.3}}},
                             {"bool": {"must_not": [{"exists": {"field": "value_low"}}]}}],
                  "minimum_should_match": 1}},
    ]
    assert Q(q).to_dict() == q and Search.from_dict({"query": q}).to_dict()["query"] == q
    # every field filtered on is a keyword, date or number in the claims mapping
    p = props("claims")
    for field, _attr in ClaimFilters.TERMS:
        assert p[field]["type"] == "keyword", field
    assert p["published"]["type"] == "date" and p["value_low"]["type"] == p["value_high"]["type"] == "double"
    # the search body carries the same clauses, the query words stay required
    body = search_body("Kyle", lang="zh", filters=flt)
    clauses = body["query"]["bool"]["filter"]
    assert {"term": {"lang": "zh"}} in clauses
    assert [c for c in clauses if c != {"term": {"lang": "zh"}}] == q["bool"]["filter"]
    assert body["query"]["bool"]["must"] == [{"match": {"fts_text": {"query": "kyle", "operator": "and"}}}]
    assert claims_filter(filters=ClaimFilters.of(claimant_id=[])) == {"match_all": {}}
    with pytest.raises(StoreError):
        ClaimFilters.of(published_to="31/05/2025")


def test_flags_filter_by_cluster():
    assert flags_filter(cluster_id="cl-fish") == {"bool": {"filter": [{"term": {"active": True}},
                                                                      {"term": {"cluster_id": "cl-fish"}}]}}


def test_facets_aggregations_read_back_and_bind():
    import inspect

    from elasticsearch import Elasticsearch

    from index.es_queries import FACET_FIELDS, facets_aggs
    from index.filters import FACETS

    aggs = facets_aggs(limit=7)
    assert set(aggs) == set(FACETS) == set(FACET_FIELDS)
    assert aggs["claimants"]["terms"] == {"field": "claimant_id", "size": 7,
                                          "order": [{"_count": "desc"}, {"_key": "asc"}]}
    first = aggs["claimants"]["aggs"]["by_lang"]["aggs"]["first"]["top_hits"]
    assert first == {"size": 1, "sort": [{"seq": "asc"}], "_source": {"includes": ["data.claimant.name"]}}
    assert "aggs" not in aggs["sites"] and aggs["langs"]["terms"]["field"] == "lang"
    for field, _label in FACET_FIELDS.values():
        assert props("claims")[field]["type"] == "keyword"
    # the client's DSL reads the aggregations back unchanged, and the call binds to its API
    assert Search.from_dict({"size": 0, "aggs": aggs}).to_dict()["aggs"] == aggs
    client = Elasticsearch("http://127.0.0.1:9")  # never contacted
    inspect.signature(client.search).bind(index="claimtrack-claims", size=0, aggs=aggs)
    client.close()


def test_facets_from_an_aggregations_response():
    """The response shape of terms / top_hits aggregations (as documented by Elasticsearch)."""
    from index.es_queries import facets_from_response

    def named(key, n, langs):
        return {"key": key, "doc_count": n, "by_lang": {"buckets": [
            {"key": lang, "doc_count": m, "first": {"hits": {"hits": [{"_source": source}] if source else []}}}
            for lang, m, source in langs]}}

    aggregations = {
        "claimants": {"buckets": [
            named("kyle_fish", 3, [("zh", 2, {"data": {"claimant": {"name": "凯尔·菲什"}}}),
                                   ("en", 1, {"data": {"claimant": {"name": "Kyle Fish"}}})]),
            named("anon", 1, [("en", 1, None)])]},
        "subjects": {"buckets": []},
        "propositions": {"buckets": [named("p1", 1, [("en", 1, {"data": {"proposition": {"label": "odds"}}})])]},
        "sites": {"buckets": [{"key": "b.example", "doc_count": 2}, {"key": "a.example", "doc_count": 2}]},
        "langs": {"buckets": [{"key": "zh", "doc_count": 2}, {"key": "en", "doc_count": 2}]},
    }
    assert facets_from_response(aggregations) == {
        "claimants": [("kyle_fish", "凯尔·菲什 / Kyle Fish", 3), ("anon", "anon", 1)],
        "subjects": [],
        "propositions": [("p1", "odds", 1)],
        "sites": [("a.example", "a.example", 2), ("b.example", "b.example", 2)],
        "langs": [("en", "en", 2), ("zh", "zh", 2)],
    }


@pytest.mark.parametrize("prefix", ["", "Upper", "a b", "x*", "a/b"])
def test_bad_prefix_is_refused(prefix):
    with pytest.raises(StoreError):
        IndexNames(prefix)


def test_from_settings_without_url():
    from index.es_store import ElasticsearchStore

    with pytest.raises(StoreError, match="CLAIMTRACK_ES_URL"):
        ElasticsearchStore.from_settings(Settings(backend="elasticsearch", es_url=None))


def test_unreachable_server_is_one_clear_line():
    """A real closed port on loopback: the store refuses to start, saying where and what to do."""
    from index.es_store import ElasticsearchStore

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(StoreError) as err:
        ElasticsearchStore.from_settings(Settings(backend="elasticsearch", es_url=url, es_password="x"))
    text = str(err.value)
    assert "\n" not in text and "cannot reach Elasticsearch" in text and url in text and "docker compose" in text


def test_claim_bulk_actions_replace_exactly(corpus):  # noqa: F811
    from elasticsearch.helpers import expand_action

    from index.es_queries import claim_actions

    en = corpus["docs"][1]
    first, second = corpus["claims"][en.id]
    seqs = iter(range(100, 200))
    fresh = claim_actions("claimtrack-claims", [(en.id, [first, second])], {}, lambda: next(seqs))
    assert [(a["_op_type"], a["_id"], a["_source"]["seq"]) for a in fresh] == [
        ("index", first.id, 100), ("index", second.id, 101)]
    header, body = expand_action(fresh[0])
    assert header == {"index": {"_index": "claimtrack-claims", "_id": first.id}}
    assert_fits(body, props("claims"), "claims")

    stored = {en.id: {first.id: (fresh[0]["_source"]["fingerprint"], 100), "gone-claim": ("x", 7)}}
    changed = second.model_copy(update={"cluster_id": "other"})
    again = claim_actions("claimtrack-claims", [(en.id, [first, changed])], {en.id: {
        **stored[en.id], second.id: (fresh[1]["_source"]["fingerprint"], 101)}}, lambda: next(seqs))
    # unchanged `first` is skipped; the vanished claim is deleted; `second` changed keeps its seq
    assert [(a["_op_type"], a["_id"]) for a in again] == [("delete", "gone-claim"), ("index", second.id)]
    assert again[1]["_source"]["seq"] == 101 and again[1]["_source"]["cluster_id"] == "other"
    assert expand_action(again[0]) == ({"delete": {"_index": "claimtrack-claims", "_id": "gone-claim"}}, None)


def test_flag_bulk_actions(corpus):  # noqa: F811
    from elasticsearch.helpers import expand_action

    from index.es_queries import flag_actions
    from index.flag_sync import plan_flag_sync

    old = Flag(id="f-old", kind="value_conflict", severity=0.2, cluster_id="c", claims=["a", "b"], summary="s")
    new = Flag(id="f-new", kind="value_conflict", severity=0.9, cluster_id="c", claims=["a", "c"], summary="t")
    plan = plan_flag_sync({"f-old": (old, True)}, [new])
    actions = flag_actions("claimtrack-flags", plan, "2025-07-01T00:00:00+00:00")
    header, body = expand_action(actions[0])
    assert header == {"index": {"_index": "claimtrack-flags", "_id": "f-new"}}
    assert body["active"] is True and body["status"] == "open"
    assert_fits(body, props("flags"), "flags")
    header, body = expand_action(actions[1])
    assert header == {"update": {"_index": "claimtrack-flags", "_id": "f-old"}}
    assert body == {"doc": {"active": False, "updated_at": "2025-07-01T00:00:00+00:00"}}
    assert_fits(body["doc"], props("flags"), "flags")


def test_bodies_bind_to_the_client_api_signatures():
    """The keyword arguments the store passes exist in the client's typed API (a typo would only
    show against a server otherwise)."""
    import inspect

    from elasticsearch import Elasticsearch

    client = Elasticsearch("http://127.0.0.1:9")  # never contacted: only its method signatures are read

    def bind(method, **kwargs):
        inspect.signature(method).bind(**kwargs)

    for kind in KINDS:
        body = index_body(kind, NAMES)
        assert "index" not in body  # the name is passed separately, as the store does
        bind(client.indices.create, index=NAMES.index(kind), **body)
    bind(client.search, index="claimtrack-claims", **search_body("意识 Kyle", lang="zh"))
    bind(client.search, index="a", query=claims_filter(lang="en"), sort=[{"seq": "asc"}], from_=0, size=10,
         search_after=[1, "x"], source=["data"])
    bind(client.search, index="a", size=0, aggs={"d": {"composite": {"sources": []}}})
    bind(client.reindex, source={"index": "a"}, dest={"index": "b"}, wait_for_completion=True, refresh=True)
    bind(client.indices.update_aliases, actions=[])
    bind(client.indices.get_alias, name="a")
    bind(client.indices.get, index="a-*", expand_wildcards="all", allow_no_indices=True)
    bind(client.index, index="a", id="1", document={}, refresh="wait_for", op_type="create")
    bind(client.mget, index="a", ids=["1"], source=["data"])
    bind(client.count, index="a", query={"match_all": {}})
    bind(client.bulk, operations=[], refresh="wait_for")
    with pytest.raises(TypeError):
        bind(client.search, index="a", querry={})
    client.close()


def test_every_client_call_in_the_store_binds():
    """Read index/es_store.py and bind the keyword names of every client call it makes
    (`self.es.X(...)` and `self._call(what, self.es.X, ...)`) to the client's real signatures."""
    import ast
    import inspect
    from pathlib import Path

    from elasticsearch import Elasticsearch

    import index.es_store as module

    client = Elasticsearch("http://127.0.0.1:9")  # never contacted

    def client_method(node):
        names = []
        while isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        if not (isinstance(node, ast.Name) and node.id == "self" and names and names[-1] == "es"):
            return None, None
        target = client
        for name in reversed(names[:-1]):
            target = getattr(target, name)
        return target, ".".join(reversed(names[:-1]))

    checked = set()
    for call in ast.walk(ast.parse(Path(module.__file__).read_text())):
        if not isinstance(call, ast.Call):
            continue
        method, name = client_method(call.func)
        keywords = call.keywords
        if method is None and isinstance(call.func, ast.Attribute) and call.func.attr == "_call" and len(call.args) >= 2:
            method, name = client_method(call.args[1])
        if method is None or not callable(method):
            continue
        kwargs = {k.arg: None for k in keywords if k.arg is not None}
        if any(k.arg is None for k in keywords):  # **body: its keys are checked by the tests above
            inspect.signature(method).bind_partial(**kwargs)
        else:  # TypeError on a misspelt, unknown or missing parameter
            inspect.signature(method).bind(**kwargs)
        checked.add(name)
    assert {"info", "search", "mget", "count", "index", "get", "indices.create", "indices.get_alias",
            "reindex", "indices.update_aliases", "indices.delete"} <= checked
    client.close()
