"""`Store` on Elasticsearch 8.x/9.x with the official client.

- Indices and aliases: `index.es_mappings` (explicit mappings, `dynamic: strict`, versioned names
  behind stable aliases). Missing indices are created at start-up; nothing is ever deleted then.
  An alias pointing at an older mapping version makes the store refuse to start until
  `upgrade_indices()` (what `claimtrack migrate` runs) has created the new version, reindexed and
  moved the alias.
- Writes go through `helpers.streaming_bulk` with retries on 429; every document that fails is
  reported (logged one per line, and a StoreError names the first ones), never swallowed.
- Reviews live in their own index, written with `op_type=create` under a unique id: a pipeline run
  never overwrites one.
- Reads see every earlier write of this store (writes refresh with `wait_for`).
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from claimtrack.errors import StoreError
from claimtrack.ids import digest, sha256_bytes
from claimtrack.schema import Claim, Document, Flag, MatchDecision, Review, ReviewInfo, SuggestedMatch, utcnow
from index.base import DocState, claim_batches
from index.es_mappings import KINDS, VERSIONS, IndexNames, index_body
from index.es_queries import (
    claim_actions,
    claim_source,
    claims_filter,
    document_source,
    facets_aggs,
    facets_from_response,
    flag_actions,
    flag_source,
    flags_filter,
    review_source,
    run_source,
    search_body,
    term_query,
    terms_query,
    version_source,
)
from index.filters import FACET_LIMIT, ClaimFilters, FilterArgs
from index.flag_sync import plan_flag_sync
from index.query import parse as parse_query
from index.query import phrases_hold
from index.segment import claim_fts_text
from index.write_queue import WriteQueue, apply_write

if TYPE_CHECKING:
    from index import StoreSettings

log = logging.getLogger(__name__)

_PAGE = 1000
_RESULT_WINDOW = 10_000  # Elasticsearch's default index.max_result_window


def _errors():
    import elasticsearch

    return elasticsearch


class ElasticsearchStore:
    backend = "elasticsearch"

    def __init__(self, client: Any, prefix: str = "claimtrack", *, url: str = "",
                 queue_path: str | Path | None = None, allow_old_versions: bool = False) -> None:
        """Connects and checks the indices now: an unreachable server at start is an error, never a
        silently disabled store. Once running, writes that find the server gone are queued in
        `queue_path` (when given) and sent, in order, before the next write that gets through.
        `allow_old_versions` lets `claimtrack migrate` open a store whose aliases point at older
        mapping versions, to call `upgrade_indices()`."""
        self._setup(client, prefix, url=url, queue_path=queue_path)
        self._check_server()
        self._ensure_indices(allow_old_versions=allow_old_versions)

    def _setup(self, client: Any, prefix: str, *, url: str, queue_path: str | Path | None) -> None:
        self.es = client
        self.names = IndexNames(prefix)
        self.url = url
        self.queue = WriteQueue(queue_path) if queue_path is not None else None
        self._seq_lock = threading.Lock()
        self._last_seq = 0

    @classmethod
    def from_settings(cls, settings: StoreSettings, *, allow_old_versions: bool = False) -> ElasticsearchStore:
        from elasticsearch import Elasticsearch

        if not settings.es_url:
            raise StoreError("the elasticsearch backend needs a server URL",
                             hint="set CLAIMTRACK_ES_URL=http://localhost:9200 (and CLAIMTRACK_ES_PASSWORD)")
        auth: dict[str, Any] = {}
        if settings.es_api_key:
            auth["api_key"] = settings.es_api_key
        elif settings.es_user or settings.es_password:
            auth["basic_auth"] = (settings.es_user or "elastic", settings.es_password or "")
        try:
            client = Elasticsearch(settings.es_url, request_timeout=30, retry_on_timeout=True, max_retries=3, **auth)
        except ValueError as exc:
            raise StoreError(f"bad Elasticsearch URL {settings.es_url!r}: {exc}",
                             hint="CLAIMTRACK_ES_URL looks like http://localhost:9200") from exc
        return cls(client, settings.es_prefix, url=settings.es_url,
                   queue_path=Path(settings.data_dir) / "es-queue" / f"{settings.es_prefix}.jsonl",
                   allow_old_versions=allow_old_versions)

    # -- start-up ----------------------------------------------------------------------------
    def _call(self, what: str, fn, *args, **kwargs):
        """Run one client call; transport and auth failures become a one-line StoreError."""
        es = _errors()
        try:
            return fn(*args, **kwargs)
        except es.AuthenticationException as exc:
            raise StoreError(f"Elasticsearch at {self.url} refused the credentials ({what})",
                             hint="check CLAIMTRACK_ES_USER / CLAIMTRACK_ES_PASSWORD or CLAIMTRACK_ES_API_KEY") from exc
        except (es.ConnectionError, es.ConnectionTimeout) as exc:
            raise StoreError(f"cannot reach Elasticsearch at {self.url} ({what}): {exc.message}",
                             hint="start it (docker compose up -d elasticsearch) or fix CLAIMTRACK_ES_URL") from exc
        except es.ApiError as exc:
            raise StoreError(f"Elasticsearch error during {what}: {exc.meta.status} {exc.message}",
                             hint="see the server log; the store's indices are named "
                                  f"{self.names.prefix}-*") from exc

    def _check_server(self) -> None:
        try:
            info = self._call("connect", self.es.info)
        except StoreError as exc:
            if "compatible-with" in str(exc) or "media_type" in str(exc) or "media type" in str(exc):
                from elasticsearch import __versionstr__

                raise StoreError(f"Elasticsearch at {self.url} does not speak this client's API version "
                                 f"(elasticsearch-py {__versionstr__})",
                                 hint="use a server of the same major version as the Python client") from exc
            raise
        number = str(info["version"]["number"])
        if int(number.split(".")[0]) not in (8, 9):
            raise StoreError(f"Elasticsearch {number} at {self.url} is not supported",
                             hint="use an 8.x or 9.x server")

    def _alias_targets(self, alias: str) -> list[str]:
        es = _errors()
        try:
            return list(self.es.indices.get_alias(name=alias))  # the response iterates its index names
        except es.NotFoundError:
            return []

    def _ensure_indices(self, *, allow_old_versions: bool = False) -> None:
        es = _errors()
        for kind in KINDS:
            alias = self.names.alias(kind)
            targets = self._call("read aliases", self._alias_targets, alias)
            if not targets:
                try:
                    self._call("create index", self.es.indices.create, index=self.names.index(kind),
                               **index_body(kind, self.names))
                except StoreError as exc:
                    if not isinstance(exc.__cause__, es.BadRequestError) or "already_exists" not in str(exc):
                        raise
                continue
            versions = {self.names.version_of(kind, t) for t in targets}
            older = all(v is not None and v < VERSIONS[kind] for v in versions)
            if versions != {VERSIONS[kind]} and not (allow_old_versions and older):
                raise StoreError(
                    f"Elasticsearch alias {alias} points at {sorted(targets)}, this claimtrack uses "
                    f"{self.names.index(kind)}",
                    hint="run `claimtrack migrate` to create the new index version and move the alias")

    def upgrade_indices(self) -> dict[str, str]:
        """Bring every alias to the current mapping version: create the new index, reindex the old
        one into it, move the alias in one atomic call. Old indices are kept. Returns kind -> action."""
        done: dict[str, str] = {}
        for kind in KINDS:
            alias, new = self.names.alias(kind), self.names.index(kind)
            targets = self._call("read aliases", self._alias_targets, alias)
            if targets == [new]:
                done[kind] = "current"
                continue
            if not self._call("check index", self.es.indices.exists, index=new):
                self._call("create index", self.es.indices.create, index=new,
                           **index_body(kind, self.names, with_alias=False))
            for old in targets:
                self._call("reindex", self.es.reindex, source={"index": old}, dest={"index": new},
                           wait_for_completion=True, refresh=True)
            actions = [{"remove": {"index": old, "alias": alias}} for old in targets]
            actions.append({"add": {"index": new, "alias": alias, "is_write_index": True}})
            self._call("move alias", self.es.indices.update_aliases, actions=actions)
            if kind == "claims" and any((self.names.version_of(kind, t) or 0) < 2 for t in targets):
                self._refold_claims(new)
            done[kind] = f"{','.join(targets) or '(none)'} -> {new}"
        return done

    def _refold_claims(self, index: str) -> None:
        """Claims index v2 holds `fts_text` folded by `index.segment` (v1 held it unfolded, for a
        stemming analyzer): recompute it for every reindexed claim."""
        hits = self._scan("claims", {"match_all": {}}, [{"id": "asc"}], ["data"])
        self._bulk(({"_op_type": "update", "_index": index, "_id": h["_id"],
                     "doc": {"fts_text": claim_fts_text(Claim.model_validate(h["_source"]["data"]))}}
                    for h in hits), what="claims")

    def drop_everything(self, *, confirm: str) -> None:
        """Delete this store's indices (tests and explicit clean-up only; `confirm` must be the prefix)."""
        if confirm != self.names.prefix:
            raise StoreError("drop_everything needs confirm=<the index prefix>", hint="this deletes data")
        names = self._call("list indices", self.es.indices.get, index=f"{self.names.prefix}-*",
                           expand_wildcards="all", allow_no_indices=True)
        for name in names:
            if any(self.names.version_of(kind, name) is not None for kind in KINDS):
                self._call("delete index", self.es.indices.delete, index=name)

    def close(self) -> None:
        self.es.close()

    # -- helpers -----------------------------------------------------------------------------
    def _seq(self) -> int:
        """Increasing numbers for insertion order (listing order, newest-first ties in search)."""
        with self._seq_lock:
            self._last_seq = max(self._last_seq + 1, time.time_ns())
            return self._last_seq

    def _bulk(self, actions: Iterable[dict[str, Any]], *, what: str, conflicts_ok: bool = False) -> int:
        """Send `actions`; returns how many were written. With `conflicts_ok`, a `create` that finds
        the document already there (409) is not an error and not counted."""
        from elasticsearch import helpers

        failed: list[str] = []
        written = 0
        es = _errors()
        try:
            for ok, item in helpers.streaming_bulk(self.es, actions, chunk_size=500, max_retries=5,
                                                   initial_backoff=1, max_backoff=30, raise_on_error=False,
                                                   raise_on_exception=True, yield_ok=True, refresh="wait_for"):
                op, info = next(iter(item.items()))
                if ok:
                    written += 1
                    continue
                if conflicts_ok and info.get("status") == 409:
                    continue
                error = info.get("error")
                reason = error.get("reason") if isinstance(error, dict) else error
                line = f"{op} {info.get('_index')}/{info.get('_id')}: {info.get('status')} {reason}"
                log.error("bulk %s failed: %s", what, line)
                failed.append(line)
        except (es.ConnectionError, es.ConnectionTimeout) as exc:
            raise StoreError(f"Elasticsearch at {self.url} went away during {what} after {written} writes: "
                             f"{exc.message}", hint="start it again and re-run; re-running is idempotent") from exc
        except es.ApiError as exc:
            raise StoreError(f"Elasticsearch refused a bulk request during {what}: {exc.meta.status} {exc.message}",
                             hint="see the server log") from exc
        if failed:
            raise StoreError(f"{len(failed)} of {len(failed) + written} writes failed during {what}; first: {failed[0]}",
                             hint="each failure is logged; fix the cause and re-run (re-running is idempotent)")
        return written

    def _scan(self, kind: str, query: dict[str, Any], sort: list[Any], source: Any = True) -> Iterator[dict]:
        """Every hit of `query`, in `sort` order (which must end with a unique field), page by page."""
        after = None
        while True:
            kwargs: dict[str, Any] = {"index": self.names.alias(kind), "query": query, "sort": sort,
                                      "size": _PAGE, "source": source}
            if after is not None:
                kwargs["search_after"] = after
            hits = self._call(f"read {kind}", self.es.search, **kwargs)["hits"]["hits"]
            yield from hits
            if len(hits) < _PAGE:
                return
            after = hits[-1]["sort"]

    def _page(self, kind: str, query: dict[str, Any], sort: list[Any], limit: int | None, offset: int) -> list[dict]:
        if limit is not None and offset + limit <= _RESULT_WINDOW:
            if limit <= 0:
                return []
            return self._call(f"read {kind}", self.es.search, index=self.names.alias(kind), query=query, sort=sort,
                              from_=offset, size=limit)["hits"]["hits"]
        hits = itertools.islice(self._scan(kind, query, sort), offset, None if limit is None else offset + limit)
        return list(hits)

    def _get(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        es = _errors()
        try:
            return self.es.get(index=self.names.alias(kind), id=doc_id)["_source"]
        except es.NotFoundError:
            return None
        except es.ApiError as exc:
            raise StoreError(f"Elasticsearch error reading {kind}/{doc_id}: {exc.message}") from exc
        except (es.ConnectionError, es.ConnectionTimeout) as exc:
            raise StoreError(f"cannot reach Elasticsearch at {self.url}: {exc.message}",
                             hint="start it or fix CLAIMTRACK_ES_URL") from exc

    def _index(self, kind: str, doc_id: str, body: dict[str, Any], **kwargs: Any) -> None:
        self._call(f"write {kind}", self.es.index, index=self.names.alias(kind), id=doc_id, document=body,
                   refresh="wait_for", **kwargs)

    # -- writes that survive a server outage ------------------------------------------------
    def pending_writes(self) -> int:
        """Writes queued on local disk while the server was unreachable, not yet sent."""
        return len(self.queue) if self.queue is not None else 0

    def flush_queue(self) -> int:
        """Send the queued writes in order; returns how many were sent (StoreError if the server is
        still unreachable: they stay queued)."""
        if self.queue is None:
            return 0
        sent = self.queue.replay(lambda op, payload: apply_write(_Direct(self), op, payload))
        if sent:
            log.warning("sent %d writes that were queued while Elasticsearch was unreachable", sent)
        return sent

    def _or_queue(self, op: str, payloads: Callable[[], list[dict[str, Any]]], send: Callable[[], Any],
                  fallback: Any) -> Any:
        if self.queue is None:
            return send()
        es = _errors()
        try:
            if self.queue.path.exists():
                self.flush_queue()  # earlier writes first: order matters
            return send()
        except StoreError as exc:
            if not isinstance(exc.__cause__, (es.ConnectionError, es.ConnectionTimeout)):
                raise
            for payload in payloads():
                self.queue.append(op, payload)
            log.warning("Elasticsearch at %s is unreachable: %s queued in %s (%d pending); it is sent when the "
                        "server is back", self.url, op, self.queue.path, len(self.queue))
            return fallback

    def put_document(self, doc: Document) -> DocState:
        # Queued: NEW, so the caller extracts and stores the claims too (queued after it, in order).
        return self._or_queue("put_document", lambda: [{"doc": doc.model_dump(mode="json")}],
                              lambda: self._put_document(doc), DocState.NEW)

    def replace_claims(self, doc_id: str, claims: list[Claim]) -> None:
        self.bulk_replace_claims([(doc_id, claims)])

    def bulk_replace_claims(self, items: Iterable[tuple[str, list[Claim]]], *, batch_size: int = 20000) -> int:
        items = list(items)
        payloads = lambda: [{"doc_id": d, "claims": [c.model_dump(mode="json") for c in cs]}  # noqa: E731
                            for d, cs in items]
        return self._or_queue("replace_claims", payloads,
                              lambda: self._bulk_replace_claims(items, batch_size=batch_size), 0)

    def sync_flags(self, flags: list[Flag]) -> dict[str, int]:
        queued = {"new": 0, "kept": 0, "reopened": 0, "retired": 0, "queued": len(flags)}
        return self._or_queue("sync_flags", lambda: [{"flags": [f.model_dump(mode="json") for f in flags]}],
                              lambda: self._sync_flags(flags), queued)

    def record_run(self, run: dict[str, Any]) -> None:
        self._or_queue("record_run", lambda: [{"run": json.loads(json.dumps(run, default=str))}],
                       lambda: self._record_run(run), None)

    # -- documents ---------------------------------------------------------------------------
    def _put_document(self, doc: Document) -> DocState:
        sha = doc.content_sha256
        old = self._get("documents", doc.id)
        if old is not None and old["content_sha256"] == sha:
            return DocState.UNCHANGED
        now = utcnow()
        if old is not None:
            self._put_version(Document.model_validate(old["data"]), now)
        self._index("documents", doc.id, document_source(
            doc, stored_at=now, seq=old["seq"] if old is not None else self._seq()))
        return DocState.NEW if old is None else DocState.CHANGED

    def _put_version(self, doc: Document, replaced_at: str) -> None:
        # One record per earlier text (id: document id + text hash), so re-imports add nothing.
        self._index("document-versions", f"{doc.id}:{doc.content_sha256}",
                    version_source(doc, replaced_at=replaced_at, seq=self._seq()))

    def get_document(self, doc_id: str) -> Document | None:
        src = self._get("documents", doc_id)
        return Document.model_validate(src["data"]) if src else None

    def list_document_versions(self, doc_id: str) -> list[Document]:
        hits = self._scan("document-versions", term_query("doc_id", doc_id), [{"seq": "asc"}])
        return [Document.model_validate(h["_source"]["data"]) for h in hits]

    def iter_documents(self) -> Iterator[Document]:
        for hit in self._scan("documents", {"match_all": {}}, [{"seq": "asc"}, {"id": "asc"}], ["data"]):
            yield Document.model_validate(hit["_source"]["data"])

    # -- claims ------------------------------------------------------------------------------
    def _bulk_replace_claims(self, items: Iterable[tuple[str, list[Claim]]], *, batch_size: int = 20000) -> int:
        def checked() -> Iterator[tuple[str, list[Claim]]]:
            for doc_id, claims in items:
                for claim in claims:
                    if claim.doc.id != doc_id:
                        raise StoreError(f"claim {claim.id} belongs to document {claim.doc.id}, not {doc_id}",
                                         hint="pass each document's own claims to replace_claims")
                yield doc_id, claims

        return sum(self._replace_batch(batch) for batch in claim_batches(checked(), batch_size))

    def _replace_batch(self, batch: list[tuple[str, list[Claim]]]) -> int:
        doc_ids = [d for d, _c in batch]
        existing: dict[str, dict[str, tuple[str, int]]] = {}
        for start in range(0, len(doc_ids), 1000):
            for hit in self._scan("claims", terms_query("doc_id", doc_ids[start:start + 1000]),
                                  [{"seq": "asc"}, {"id": "asc"}], ["doc_id", "fingerprint", "seq"]):
                src = hit["_source"]
                existing.setdefault(src["doc_id"], {})[hit["_id"]] = (src["fingerprint"], src["seq"])
        actions = claim_actions(self.names.alias("claims"), batch, existing, self._seq)
        if not actions:
            return 0
        self._bulk(actions, what="claims")
        return sum(1 for a in actions if a["_op_type"] == "index")

    def iter_claims(self) -> Iterator[Claim]:
        for hit in self._scan("claims", {"match_all": {}}, [{"seq": "asc"}, {"id": "asc"}], ["data"]):
            yield Claim.model_validate(hit["_source"]["data"])

    def get_claims(self, ids: Iterable[str]) -> list[Claim]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Claim] = {}
        for start in range(0, len(wanted), _PAGE):
            chunk = wanted[start:start + _PAGE]
            docs = self._call("read claims", self.es.mget, index=self.names.alias("claims"), ids=chunk,
                              source=["data"])["docs"]
            for d in docs:
                if d.get("found"):
                    found[d["_id"]] = Claim.model_validate(d["_source"]["data"])
        return [found[i] for i in wanted if i in found]

    def list_claims(self, filters: ClaimFilters | None = None, *, newest_first: bool = False,
                    limit: int | None = None, offset: int = 0, **by: Unpack[FilterArgs]) -> list[Claim]:
        flt = ClaimFilters.of(filters, **by)
        order = "desc" if newest_first else "asc"
        hits = self._page("claims", claims_filter(filters=flt), [{"seq": order}, {"id": order}], limit, offset)
        return [Claim.model_validate(h["_source"]["data"]) for h in hits]

    def search(self, query: str, filters: ClaimFilters | None = None, *, limit: int = 50,
               **by: Unpack[FilterArgs]) -> list[Claim]:
        flt = ClaimFilters.of(filters, **by)
        body = search_body(query, limit=limit, filters=flt)
        parsed = parse_query(query)
        if body is None or parsed is None:
            return []
        hits = self._call("search", self.es.search, index=self.names.alias("claims"), **body)["hits"]["hits"]
        claims = [Claim.model_validate(h["_source"]["data"]) for h in hits]
        return [c for c in claims if phrases_hold(parsed, c)][:limit]

    def facets(self, *, limit: int = FACET_LIMIT) -> dict[str, list[tuple[str, str, int]]]:
        res = self._call("facets", self.es.search, index=self.names.alias("claims"), size=0,
                         aggs=facets_aggs(limit))
        return facets_from_response(res["aggregations"], limit)

    def list_clusters(self, *, limit: int = 50, offset: int = 0) -> list[tuple[str, int, int]]:
        # one shard: terms counts are exact; cardinality is exact far beyond an outlet count
        terms = {"field": "cluster_id", "size": offset + limit, "order": [{"_count": "desc"}, {"_key": "asc"}]}
        res = self._call("list clusters", self.es.search, index=self.names.alias("claims"), size=0,
                         aggs={"c": {"terms": terms, "aggs": {"sites": {"cardinality": {"field": "site"}}}}})
        buckets = res["aggregations"]["c"]["buckets"][offset:offset + limit]
        return [(b["key"], b["doc_count"], b["sites"]["value"]) for b in buckets]

    # -- flags and reviews -------------------------------------------------------------------
    def _stored_flags(self) -> dict[str, tuple[Flag, bool]]:
        return {h["_id"]: (Flag.model_validate(h["_source"]["data"]), bool(h["_source"]["active"]))
                for h in self._scan("flags", {"match_all": {}}, [{"id": "asc"}], ["data", "active"])}

    def _sync_flags(self, flags: list[Flag]) -> dict[str, int]:
        plan = plan_flag_sync(self._stored_flags(), flags)
        actions = flag_actions(self.names.alias("flags"), plan, utcnow())
        if actions:
            self._bulk(actions, what="flags")
        return plan.counts

    def list_flags(self, *, status: str | None = None, kind: str | None = None, cluster_id: str | None = None,
                   limit: int | None = None, offset: int = 0) -> list[Flag]:
        hits = self._page("flags", flags_filter(status=status, kind=kind, cluster_id=cluster_id),
                          [{"severity": "desc"}, {"id": "asc"}], limit, offset)
        return [Flag.model_validate(h["_source"]["data"]) for h in hits]

    def get_flag(self, flag_id: str) -> Flag | None:
        src = self._get("flags", flag_id)
        return Flag.model_validate(src["data"]) if src else None

    def add_review(self, review: Review) -> Flag:
        src = self._get("flags", review.flag_id)
        if src is None:
            raise StoreError(f"no flag with id {review.flag_id!r}", hint="list flag ids with `claimtrack flags`")
        # A review document is only ever created (op_type=create), never overwritten; its id is its
        # content, so the same decision recorded twice (a double click, a re-import) is kept once.
        es = _errors()
        try:
            self._call("write reviews", self.es.index, index=self.names.alias("reviews"), id=_review_id(review),
                       document=review_source(review, seq=self._seq()), op_type="create", refresh="wait_for")
        except StoreError as exc:
            if not isinstance(exc.__cause__, es.ConflictError):
                raise
        flag = Flag.model_validate(src["data"]).model_copy(update={
            "status": review.status, "review": ReviewInfo(by=review.by, at=review.at, note=review.note),
            "reopened_reason": None})
        self._index("flags", flag.id, flag_source(flag, active=bool(src["active"]), updated_at=utcnow()))
        return flag

    def list_reviews(self, flag_id: str) -> list[Review]:
        hits = self._scan("reviews", term_query("flag_id", flag_id), [{"seq": "asc"}])
        return [Review.model_validate({k: v for k, v in h["_source"].items() if k != "seq"}) for h in hits]

    # -- claim matching ------------------------------------------------------------------------
    def get_vectors(self, ids: Iterable[str], model: str) -> dict[str, Any]:
        import numpy as np

        wanted = list(dict.fromkeys(ids))
        out: dict[str, Any] = {}
        for start in range(0, len(wanted), _PAGE):
            chunk = wanted[start:start + _PAGE]
            res = self._call("read vectors", self.es.mget, index=self.names.alias("vectors"), ids=chunk)
            for doc in res["docs"]:
                if doc.get("found") and doc["_source"]["model"] == model:
                    src = doc["_source"]
                    out[src["claim_id"]] = np.asarray(src["vec"], dtype=np.float32)
        return out

    def put_vectors(self, vectors: dict[str, Any], model: str) -> None:
        index = self.names.alias("vectors")
        # half precision, as the SQLite store keeps them: both backends hand back the same numbers
        from index.vectors import from_blob, to_blob

        self._bulk(({"_op_type": "index", "_index": index, "_id": cid,
                     "_source": {"claim_id": cid, "model": model, "vec": from_blob(to_blob(v)).tolist()}}
                    for cid, v in vectors.items()), what="vectors")

    def add_match_decision(self, decision: MatchDecision) -> None:
        found = {c.id for c in self.get_claims([decision.a, decision.b])}
        for cid in (decision.a, decision.b):
            if cid not in found:
                raise StoreError(f"no claim with id {cid!r}",
                                 hint="list claim ids with `claimtrack claims` or `claimtrack matches`")
        self._put_decision(decision)

    def _put_decision(self, decision: MatchDecision) -> int:
        """Create the decision's document (its id is its content: the same decision twice is one)."""
        return self._bulk([{"_op_type": "create", "_index": self.names.alias("match-decisions"),
                            "_id": _decision_id(decision),
                            "_source": {**decision.model_dump(mode="json"), "seq": self._seq()}}],
                          what="match decisions", conflicts_ok=True)

    def list_match_decisions(self) -> list[MatchDecision]:
        hits = self._scan("match-decisions", {"match_all": {}}, [{"seq": "asc"}])
        return [MatchDecision.model_validate({k: v for k, v in h["_source"].items() if k != "seq"}) for h in hits]

    def replace_suggestions(self, suggestions: list[SuggestedMatch]) -> None:
        index = self.names.alias("suggestions")
        self._call("clear suggestions", self.es.delete_by_query, index=index, query={"match_all": {}},
                   refresh=True, conflicts="proceed")
        self._bulk(({"_op_type": "index", "_index": index, "_id": digest("suggestion", sg.a, sg.b),
                     "_source": sg.model_dump(mode="json")} for sg in suggestions), what="suggestions")

    def list_suggestions(self, limit: int | None = None) -> list[SuggestedMatch]:
        hits = self._page("suggestions", {"match_all": {}}, [{"score": "desc"}, {"a": "asc"}, {"b": "asc"}],
                          limit, 0)
        return [SuggestedMatch.model_validate(h["_source"]) for h in hits]

    # -- runs and housekeeping ---------------------------------------------------------------
    def _record_run(self, run: dict[str, Any]) -> None:
        seq = self._seq()
        self._index("runs", str(seq), run_source(run, at=str(run.get("at") or utcnow()), seq=seq))

    def list_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        hits = self._page("runs", {"match_all": {}}, [{"seq": "desc"}], limit, 0)
        return [h["_source"]["data"] for h in hits]

    # -- migration between backends --------------------------------------------------------
    def export_records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        versions: dict[str, list[tuple[int, dict]]] = {}
        for hit in self._scan("document-versions", {"match_all": {}}, [{"seq": "asc"}], ["doc_id", "seq", "data"]):
            src = hit["_source"]
            versions.setdefault(src["doc_id"], []).append((src["seq"], src["data"]))
        for hit in self._scan("documents", {"match_all": {}}, [{"seq": "asc"}, {"id": "asc"}], ["data"]):
            data = hit["_source"]["data"]
            yield "document", {"doc": data, "versions": [v for _s, v in sorted(versions.get(data["id"], []),
                                                                              key=lambda x: x[0])]}
        for hit in self._scan("claims", {"match_all": {}}, [{"seq": "asc"}, {"id": "asc"}], ["data"]):
            yield "claim", hit["_source"]["data"]
        for hit in self._scan("flags", {"match_all": {}}, [{"id": "asc"}], ["data", "active"]):
            yield "flag", {"flag": hit["_source"]["data"], "active": bool(hit["_source"]["active"])}
        for hit in self._scan("reviews", {"match_all": {}}, [{"seq": "asc"}]):
            yield "review", {k: v for k, v in hit["_source"].items() if k != "seq"}
        for hit in self._scan("runs", {"match_all": {}}, [{"seq": "asc"}], ["data"]):
            yield "run", hit["_source"]["data"]
        for d in self.list_match_decisions():
            yield "match_decision", d.model_dump(mode="json")

    def import_records(self, records: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, int]:
        counts = {"documents": 0, "claims": 0, "flags": 0, "reviews": 0, "runs": 0}
        claims: list[Claim] = []

        def flush() -> None:
            by_doc: dict[str, list[Claim]] = {}
            for c in claims:
                by_doc.setdefault(c.doc.id, []).append(c)
            counts["claims"] += self._upsert_claims(by_doc)
            claims.clear()

        for kind, rec in records:
            if kind == "document":
                doc = Document.model_validate(rec["doc"])
                added = self._put_document(doc) != DocState.UNCHANGED
                known = {v.content_sha256 for v in self.list_document_versions(doc.id)} | {doc.content_sha256}
                for v in (Document.model_validate(x) for x in rec.get("versions", [])):
                    if v.content_sha256 not in known:
                        self._put_version(v, utcnow())
                        known.add(v.content_sha256)
                        added = True
                counts["documents"] += int(added)
            elif kind == "claim":
                claims.append(Claim.model_validate(rec))
                if len(claims) >= 5000:
                    flush()
            elif kind == "flag":
                flag, active = Flag.model_validate(rec["flag"]), bool(rec["active"])
                old = self._get("flags", flag.id)
                if old is not None and Flag.model_validate(old["data"]) == flag and bool(old["active"]) == active:
                    continue
                self._index("flags", flag.id, flag_source(flag, active=active, updated_at=utcnow()))
                counts["flags"] += 1
            elif kind == "review":
                review = Review.model_validate(rec)
                counts["reviews"] += self._bulk(
                    [{"_op_type": "create", "_index": self.names.alias("reviews"), "_id": _review_id(review),
                      "_source": review_source(review, seq=self._seq())}], what="reviews", conflicts_ok=True)
            elif kind == "run":
                run_id = digest("run", json.dumps(rec, sort_keys=True, ensure_ascii=False, default=str))
                counts["runs"] += self._bulk(
                    [{"_op_type": "create", "_index": self.names.alias("runs"), "_id": run_id,
                      "_source": run_source(rec, at=str(rec.get("at") or utcnow()), seq=self._seq())}],
                    what="runs", conflicts_ok=True)
            elif kind == "match_decision":
                written = self._put_decision(MatchDecision.model_validate(rec))
                if written:
                    counts["match_decisions"] = counts.get("match_decisions", 0) + written
            else:
                raise StoreError(f"unknown record kind {kind!r} in an import", hint="export with the same claimtrack")
        if claims:
            flush()
        return counts

    def _upsert_claims(self, by_doc: dict[str, list[Claim]]) -> int:
        """Index claims that are new or differ; never delete (an import may bring a document's
        claims in several pieces)."""
        ids = [c.id for cs in by_doc.values() for c in cs]
        old: dict[str, tuple[str, int]] = {}
        for start in range(0, len(ids), _PAGE):
            docs = self._call("read claims", self.es.mget, index=self.names.alias("claims"),
                              ids=ids[start:start + _PAGE], source=["fingerprint", "seq"])["docs"]
            old.update({d["_id"]: (d["_source"]["fingerprint"], d["_source"]["seq"]) for d in docs if d.get("found")})
        alias = self.names.alias("claims")
        actions = []
        for claims in by_doc.values():
            for claim in claims:
                fingerprint = sha256_bytes(claim.model_dump_json().encode("utf-8"))
                if claim.id in old and old[claim.id][0] == fingerprint:
                    continue
                seq = old[claim.id][1] if claim.id in old else self._seq()
                actions.append({"_op_type": "index", "_index": alias, "_id": claim.id,
                                "_source": claim_source(claim, fts_text=claim_fts_text(claim),
                                                        fingerprint=fingerprint, seq=seq)})
        return self._bulk(actions, what="claims") if actions else 0

    def _count(self, kind: str, query: dict[str, Any] | None = None) -> int:
        kwargs = {"query": query} if query else {}
        return int(self._call(f"count {kind}", self.es.count, index=self.names.alias(kind), **kwargs)["count"])

    def _distinct(self, kind: str, field: str) -> int:
        """Exact number of distinct values (composite aggregation, paged; cardinality is approximate)."""
        total, after = 0, None
        while True:
            comp: dict[str, Any] = {"size": 1000, "sources": [{"v": {"terms": {"field": field}}}]}
            if after is not None:
                comp["after"] = after
            res = self._call(f"count {kind}", self.es.search, index=self.names.alias(kind), size=0,
                             aggs={"d": {"composite": comp}})
            agg = res["aggregations"]["d"]
            total += len(agg["buckets"])
            after = agg.get("after_key")
            if not agg["buckets"] or after is None:
                return total

    def stats(self) -> dict[str, int]:
        return {
            "documents": self._count("documents"),
            "claims": self._count("claims"),
            "clusters": self._distinct("claims", "cluster_id"),
            "flags": self._count("flags", flags_filter()),
            "open_flags": self._count("flags", flags_filter(status="open")),
            "reviews": self._count("reviews"),
        }


def _review_id(review: Review) -> str:
    return digest("review", review.flag_id, review.at, review.by, review.status, review.note)


def _decision_id(d: MatchDecision) -> str:
    return digest("match-decision", d.a, d.b, d.decision, d.by, d.at, d.note)


class _Direct:
    """The store's writes without the queue, for replaying queued ones."""

    def __init__(self, store: ElasticsearchStore) -> None:
        self.put_document = store._put_document
        self.replace_claims = lambda doc_id, claims: store._bulk_replace_claims([(doc_id, claims)])
        self.sync_flags = store._sync_flags
        self.record_run = store._record_run
