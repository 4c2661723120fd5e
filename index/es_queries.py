"""Queries the Elasticsearch store sends, built with the client's DSL (`elasticsearch.dsl.Q`), as
plain functions so they are tested without a server.

Search mirrors SQLite's FTS5 query (`index.segment.fts5_match`): the same words from the same
segmenter, split where unicode61 splits ("ASL-3" -> "ASL", "3"), each one required, against the
same `fts_text`. Ranking: bm25 on `fts_text`, plus the `english` analysed
quote as a `should` clause (ranking only, so the matching claims are the same on both backends),
newest first among equals.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from elasticsearch.dsl import Q

from claimtrack.ids import sha256_bytes
from claimtrack.schema import Claim, Document, Flag, Review
from index.flag_sync import FlagSync
from index.segment import claim_fts_text, query_terms


def search_body(query: str, *, lang: str | None = None, limit: int = 50) -> dict[str, Any] | None:
    """The body of a claims search, or None when the query has nothing searchable (punctuation)."""
    terms = query_terms(query)
    if not terms or limit <= 0:
        return None
    must = [Q("match", fts_text={"query": term, "operator": "and"}) for term in terms]
    filters = [Q("term", lang=lang)] if lang else []
    should = [Q("match", **{"quote.en": {"query": " ".join(terms), "boost": 0.5}})]
    q = Q("bool", must=must, filter=filters, should=should)
    return {"query": q.to_dict(), "size": limit, "sort": ["_score", {"seq": "desc"}], "source": ["data"]}


def claims_filter(*, cluster_id: str | None = None, claimant_id: str | None = None,
                  proposition_key: str | None = None, lang: str | None = None,
                  doc_id: str | None = None) -> dict[str, Any]:
    terms = {"cluster_id": cluster_id, "claimant_id": claimant_id, "proposition_key": proposition_key,
             "lang": lang, "doc_id": doc_id}
    filters = [Q("term", **{field: value}) for field, value in terms.items() if value is not None]
    return Q("bool", filter=filters).to_dict() if filters else Q("match_all").to_dict()


def flags_filter(*, status: str | None = None, kind: str | None = None, active: bool | None = True) -> dict[str, Any]:
    filters = []
    if active is not None:
        filters.append(Q("term", active=active))
    if status is not None:
        filters.append(Q("term", status=status))
    if kind is not None:
        filters.append(Q("term", kind=kind))
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
