"""Queries the Elasticsearch store sends, built with the client's DSL (`elasticsearch.dsl.Q`), as
plain functions so they are tested without a server.

Search mirrors SQLite's FTS5 query: the same parsed query (`index.query`: folded words, phrases,
OR, NOT) against the same folded `fts_text`; phrases are then checked on the hits by the same
`phrases_hold` as SQLite uses. Ranking: bm25 on `fts_text`, plus the `english` analysed quote as
a `should` clause (ranking only, so the matching claims are the same on both backends), newest
first among equals.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from elasticsearch.dsl import A, Q
from elasticsearch.dsl.query import Query

from claimtrack.ids import sha256_bytes
from claimtrack.schema import Claim, Document, Flag, Review
from index.filters import FACET_LIMIT, FACETS, ClaimFilters, Values, facet_label, sort_facet
from index.flag_sync import FlagSync
from index.query import Clause
from index.query import parse as parse_query
from index.segment import claim_fts_text


def claim_filter_clauses(flt: ClaimFilters) -> list[Query]:
    """Bool `filter` clauses for claim filters (meanings: `index.filters`; the SQLite store's
    `_filter_sql` says the same in SQL)."""
    clauses: list[Query] = []
    for field, values in flt.terms():
        clauses.append(Q("term", **{field: values[0]}) if len(values) == 1 else Q("terms", **{field: list(values)}))
    if flt.has_dates():
        bounds: dict[str, Any] = {"format": "yyyy-MM-dd"}
        if flt.published_from_day:
            bounds["gte"] = flt.published_from_day
        if flt.published_before_day:
            bounds["lt"] = flt.published_before_day
        clauses.append(Q("range", published=bounds))
    if flt.has_values():
        clauses.append(Q("bool", should=[Q("exists", field="value_low"), Q("exists", field="value_high")],
                         minimum_should_match=1))
        if flt.value_min is not None:  # the interval's top reaches the minimum, or has no top
            clauses.append(Q("bool", should=[Q("range", value_high={"gte": flt.value_min}),
                                             Q("bool", must_not=[Q("exists", field="value_high")])],
                             minimum_should_match=1))
        if flt.value_max is not None:  # its bottom is under the maximum, or has no bottom
            clauses.append(Q("bool", should=[Q("range", value_low={"lte": flt.value_max}),
                                             Q("bool", must_not=[Q("exists", field="value_low")])],
                             minimum_should_match=1))
    return clauses


def search_body(query: str, *, lang: str | None = None, limit: int = 50,
                filters: ClaimFilters | None = None) -> dict[str, Any] | None:
    """The body of a claims search, or None when the query has nothing searchable (punctuation).
    `lang` is a shorthand for `filters=ClaimFilters.of(lang=...)` (both may be given)."""
    parsed = parse_query(query)
    if parsed is None or limit <= 0:
        return None
    flt = filters or ClaimFilters()
    if lang:
        flt = replace(flt, lang=(lang,))
    q = Q("bool", must=[_group_query(g) for g in parsed.groups],
          must_not=[_clause_query(c) for c in parsed.excluded],
          filter=claim_filter_clauses(flt),
          should=[Q("match", **{"quote.en": {"query": query, "boost": 0.5}})])
    # With phrases the store checks word order on the hits, so it asks for more than it returns.
    size = limit if not parsed.phrases else max(limit, PHRASE_CANDIDATES)
    return {"query": q.to_dict(), "size": size, "sort": ["_score", {"seq": "desc"}], "source": ["data"]}


#: How many hits a search with a phrase reads before checking word order (as SQLite reads on).
PHRASE_CANDIDATES = 500


def _clause_query(clause: Clause) -> Query:
    """Every word of a clause, each one a term of the folded field (the analyzer only splits and
    lower-cases what `index.segment` already folded)."""
    terms = [Q("match", fts_text={"query": t, "operator": "and"}) for t in dict.fromkeys(clause.terms)]
    return terms[0] if len(terms) == 1 else Q("bool", must=terms)


def _group_query(group: tuple[Clause, ...]) -> Query:
    if len(group) == 1:
        return _clause_query(group[0])
    return Q("bool", should=[_clause_query(c) for c in group], minimum_should_match=1)


def claims_filter(*, cluster_id: Values = None, claimant_id: Values = None, proposition_key: Values = None,
                  lang: Values = None, doc_id: Values = None, filters: ClaimFilters | None = None) -> dict[str, Any]:
    """The query of a claims listing: the given filters, or `filters` whole."""
    flt = filters or ClaimFilters.of(cluster_id=cluster_id, claimant_id=claimant_id,
                                     proposition_key=proposition_key, lang=lang, doc_id=doc_id)
    clauses = claim_filter_clauses(flt)
    return Q("bool", filter=clauses).to_dict() if clauses else Q("match_all").to_dict()


#: facet name -> (keyword field, where the label is in `_source`, or None when the value is its label)
FACET_FIELDS: dict[str, tuple[str, str | None]] = {
    "claimants": ("claimant_id", "data.claimant.name"),
    "subjects": ("subject_id", "data.subject.name"),
    "propositions": ("proposition_key", "data.proposition.label"),
    "sites": ("site", None),
    "langs": ("lang", None),
}


def facets_aggs(limit: int = FACET_LIMIT) -> dict[str, Any]:
    """Aggregations of `Store.facets` (one request, `size=0`): a terms aggregation per facet, most
    claims first then by value (exact counts: one shard); for named values, per language the name
    its first stored claim gives."""
    aggs: dict[str, Any] = {}
    for facet, (field, label) in FACET_FIELDS.items():
        agg = A("terms", field=field, size=limit, order=[{"_count": "desc"}, {"_key": "asc"}])
        if label is not None:
            agg.bucket("by_lang", "terms", field="lang", size=20).metric(
                "first", "top_hits", size=1, sort=[{"seq": "asc"}], _source={"includes": [label]})
        aggs[facet] = agg.to_dict()
    return aggs


def facets_from_response(aggregations: dict[str, Any], limit: int = FACET_LIMIT) -> dict[str, list[tuple[str, str, int]]]:
    """`Store.facets()` from the response's `aggregations`."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    for facet, (_field, label) in FACET_FIELDS.items():
        items = []
        for bucket in aggregations[facet]["buckets"]:
            value, n = str(bucket["key"]), int(bucket["doc_count"])
            name = None
            if label is not None:
                names = []
                for lb in bucket["by_lang"]["buckets"]:
                    hits = lb["first"]["hits"]["hits"]
                    names.append((str(lb["key"]), int(lb["doc_count"]),
                                  _dig(hits[0]["_source"], label) if hits else None))
                name = facet_label(names)
            items.append((value, name or value, n))
        out[facet] = sort_facet(items, limit)
    return {name: out[name] for name in FACETS}


def _dig(source: dict[str, Any], dotted: str) -> Any:
    node: Any = source
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def flags_filter(*, status: str | None = None, kind: str | None = None, active: bool | None = True,
                 cluster_id: str | None = None) -> dict[str, Any]:
    filters = []
    if active is not None:
        filters.append(Q("term", active=active))
    if status is not None:
        filters.append(Q("term", status=status))
    if kind is not None:
        filters.append(Q("term", kind=kind))
    if cluster_id is not None:
        filters.append(Q("term", cluster_id=cluster_id))
    return Q("bool", filter=filters).to_dict() if filters else Q("match_all").to_dict()


def term_query(field: str, value: Any) -> dict[str, Any]:
    return Q("bool", filter=[Q("term", **{field: value})]).to_dict()


def terms_query(field: str, values: list[Any]) -> dict[str, Any]:
    return Q("bool", filter=[Q("terms", **{field: values})]).to_dict()


# -- documents sent to the indices ------------------------------------------------------------

def document_source(doc: Document, *, stored_at: str, seq: int) -> dict[str, Any]:
    return {
        "id": doc.id, "url": doc.url, "content_sha256": doc.content_sha256, "site": doc.site, "lang": doc.lang,
        "source": doc.source, "published": doc.published, "stored_at": stored_at, "title": doc.title,
        "seq": seq, "data": doc.model_dump(mode="json"),
    }


def version_source(doc: Document, *, replaced_at: str, seq: int) -> dict[str, Any]:
    """An earlier text of a document, kept when the text changed."""
    return {"doc_id": doc.id, "content_sha256": doc.content_sha256, "replaced_at": replaced_at, "seq": seq,
            "data": doc.model_dump(mode="json")}


def review_source(review: Review, *, seq: int) -> dict[str, Any]:
    return {**review.model_dump(mode="json"), "seq": seq}


def run_source(run: dict[str, Any], *, at: str, seq: int) -> dict[str, Any]:
    data = json.loads(json.dumps(run, ensure_ascii=False, default=str))
    return {"at": at, "seq": seq, "data": data}


def claim_source(claim: Claim, *, fts_text: str, fingerprint: str, seq: int) -> dict[str, Any]:
    """The `claims` index document of a claim (fields of `es_mappings.mappings()['claims']`)."""
    return {
        "id": claim.id,
        "doc_id": claim.doc.id,
        "url": claim.doc.url,
        "site": claim.doc.site,
        "lang": claim.lang,
        "cluster_id": claim.cluster_id,
        "claimant_id": claim.claimant.id if claim.claimant else None,
        "subject_id": claim.subject.id if claim.subject else None,
        "proposition_key": claim.proposition.key,
        "qualifier": claim.value.qualifier,
        "value_unit": claim.value.unit,
        "value_low": claim.value.low,
        "value_high": claim.value.high,
        "published": claim.doc.published,
        "stated_at": claim.stated_at,
        "cites": list(claim.cites),
        "quote": claim.quote,
        "fts_text": fts_text,
        "fingerprint": fingerprint,
        "seq": seq,
        "data": claim.model_dump(mode="json"),
    }


def flag_source(flag: Flag, *, active: bool, updated_at: str) -> dict[str, Any]:
    return {
        "id": flag.id,
        "kind": flag.kind,
        "status": flag.status,
        "cluster_id": flag.cluster_id,
        "claims": list(flag.claims),
        "evidence": flag.evidence,
        "active": active,
        "severity": flag.severity,
        "summary": flag.summary,
        "reopened_reason": flag.reopened_reason,
        "review": flag.review.model_dump(mode="json") if flag.review else None,
        "updated_at": updated_at,
        "data": flag.model_dump(mode="json"),
    }


# -- bulk actions (for `helpers.streaming_bulk`) ----------------------------------------------

def claim_actions(alias: str, batch: list[tuple[str, list[Claim]]], existing: dict[str, dict[str, tuple[str, int]]],
                  next_seq: Callable[[], int]) -> list[dict[str, Any]]:
    """Bulk actions making each document's claims exactly `claims`: delete the ones gone, index the
    new and the changed ones (keeping their listing position), skip the unchanged ones.
    `existing[doc_id][claim_id] = (fingerprint, seq)` as stored."""
    actions: list[dict[str, Any]] = []
    for doc_id, claims in batch:
        old = existing.get(doc_id, {})
        new = {c.id: c for c in claims}
        for cid in sorted(old.keys() - new.keys()):
            actions.append({"_op_type": "delete", "_index": alias, "_id": cid})
        for cid, claim in new.items():
            fingerprint = sha256_bytes(claim.model_dump_json().encode("utf-8"))
            if cid in old and old[cid][0] == fingerprint:
                continue
            seq = old[cid][1] if cid in old else next_seq()
            actions.append({"_op_type": "index", "_index": alias, "_id": cid,
                            "_source": claim_source(claim, fts_text=claim_fts_text(claim),
                                                    fingerprint=fingerprint, seq=seq)})
    return actions


def flag_actions(alias: str, plan: FlagSync, now: str) -> list[dict[str, Any]]:
    """Bulk actions for a flag sync: whole documents for written flags, a partial update for retired ones."""
    actions: list[dict[str, Any]] = [
        {"_op_type": "index", "_index": alias, "_id": f.id, "_source": flag_source(f, active=a, updated_at=now)}
        for f, a in plan.write]
    actions += [{"_op_type": "update", "_index": alias, "_id": fid, "doc": {"active": False, "updated_at": now}}
                for fid in plan.retire]
    return actions
