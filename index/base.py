"""The `Store` protocol every backend implements; one contract test suite runs on each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import Enum
from typing import Any, Protocol, Unpack

from claimtrack.schema import Claim, Document, Flag, MatchDecision, Review, SuggestedMatch
from index.filters import FACET_LIMIT, ClaimFilters, FilterArgs


class DocState(str, Enum):
    NEW = "new"
    UNCHANGED = "unchanged"  # same url, same text: nothing to do
    CHANGED = "changed"  # same url, new text: claims are re-extracted, the old version is kept


class Store(Protocol):
    # -- documents -------------------------------------------------------------------------
    def put_document(self, doc: Document) -> DocState:
        """Insert or update a document by id; a changed text keeps the previous version's record."""

    def get_document(self, doc_id: str) -> Document | None: ...

    def iter_documents(self) -> Iterator[Document]: ...

    def list_document_versions(self, doc_id: str) -> list[Document]:
        """Earlier texts of a changed document, oldest first (the current one is `get_document`)."""

    # -- claims ----------------------------------------------------------------------------
    def replace_claims(self, doc_id: str, claims: list[Claim]) -> None:
        """Make `claims` the current claims of the document (old ones are removed from search)."""

    def bulk_replace_claims(self, items: Iterable[tuple[str, list[Claim]]], *, batch_size: int = 20000) -> int:
        """`replace_claims` for many (doc_id, claims) pairs in large transactions; returns the
        number of claims written (unchanged ones are not rewritten)."""

    def iter_claims(self) -> Iterator[Claim]: ...

    def get_claims(self, ids: Iterable[str]) -> list[Claim]: ...

    def list_claims(self, filters: ClaimFilters | None = None, *, newest_first: bool = False,
                    limit: int | None = None, offset: int = 0, **by: Unpack[FilterArgs]) -> list[Claim]:
        """Claims matching every filter (`filters`, with the keyword filters `by` set on top;
        meanings: `index.filters`), in storage order (oldest first, or newest first)."""

    def search(self, query: str, filters: ClaimFilters | None = None, *, limit: int = 50,
               **by: Unpack[FilterArgs]) -> list[Claim]:
        """Full-text search over claim quotes, names and labels; Chinese is matched by jieba words.
        The filters (as in `list_claims`) run in the store, before the `limit` best are chosen."""

    def facets(self, *, limit: int = FACET_LIMIT) -> dict[str, list[tuple[str, str, int]]]:
        """The values the claim filters can take, for pick lists: {"claimants", "subjects",
        "propositions", "sites", "langs"}, each a list of (value, label, number of claims), most
        claims first, then by value; at most `limit` per facet. Labels of entities and propositions
        join the names they go by in each language, the most used first ("Kyle Fish / 凯尔·菲什")."""

    def list_clusters(self, *, limit: int = 50, offset: int = 0) -> list[tuple[str, int, int]]:
        """Clusters of claims, largest first (then by id): (cluster id, claims, distinct outlets)."""

    # -- flags and reviews -----------------------------------------------------------------
    def sync_flags(self, flags: list[Flag]) -> dict[str, int]:
        """Make `flags` the current flags. Existing ids keep their status and review; a reviewed
        flag whose evidence changed is re-opened with a reason; flags that no longer stand are
        retired (kept, with their reviews, but not listed). Returns counts: new, kept, reopened, retired."""

    def list_flags(self, *, status: str | None = None, kind: str | None = None, cluster_id: str | None = None,
                   limit: int | None = None, offset: int = 0) -> list[Flag]:
        """Current flags, most severe first (of one cluster with `cluster_id`)."""

    def get_flag(self, flag_id: str) -> Flag | None: ...

    def add_review(self, review: Review) -> Flag:
        """Append a decision to the flag's history and set its status; raises StoreError if unknown."""

    def list_reviews(self, flag_id: str) -> list[Review]: ...

    # -- claim matching --------------------------------------------------------------------------
    def get_vectors(self, ids: Iterable[str], model: str) -> dict[str, Any]:
        """Stored claim vectors (numpy float32) made by `model`, by claim id; missing ids are left out."""

    def put_vectors(self, vectors: dict[str, Any], model: str) -> None:
        """Keep one vector per claim, kept in half precision: a vector of another model replaces it."""

    def add_match_decision(self, decision: MatchDecision) -> None:
        """Append an analyst's same/different decision on two claims; raises StoreError if a claim is unknown."""

    def list_match_decisions(self) -> list[MatchDecision]: ...

    def replace_suggestions(self, suggestions: list[SuggestedMatch]) -> None:
        """Make `suggestions` the current suggested matches."""

    def list_suggestions(self, limit: int | None = None) -> list[SuggestedMatch]:
        """Current suggested matches, highest score first."""

    # -- migration between backends ---------------------------------------------------------------
    def export_records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Everything the store holds as (kind, JSON object) records, in this order: "document"
        ({"doc", "versions"}: the current text and the earlier ones, oldest first), "claim",
        "flag" ({"flag", "active"}: retired ones too, status and review as they are), "review"
        (the whole history, oldest first), "run" (oldest first), "match_decision" (oldest first)."""

    def import_records(self, records: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, int]:
        """Add exported records as they are (no re-opening, no retiring: statuses, active states and
        histories are copied); importing the same records again adds nothing. Returns counts added."""

    # -- runs and housekeeping -------------------------------------------------------------
    def record_run(self, run: dict[str, Any]) -> None: ...

    def list_runs(self, limit: int = 20) -> list[dict[str, Any]]: ...

    def pending_writes(self) -> int:
        """Writes kept on local disk because the server was unreachable, not sent yet (a run reports
        it); they are sent before the next write that gets through."""

    def stats(self) -> dict[str, int]:
        """Counts: documents, claims, clusters, flags, open_flags, reviews."""

    def close(self) -> None: ...


def claim_batches(items: Iterable[tuple[str, list[Claim]]], batch_size: int
                  ) -> Iterator[list[tuple[str, list[Claim]]]]:
    """`bulk_replace_claims`'s (doc_id, claims) pairs in batches of about `batch_size` claims (a
    document counts one more), each document whole, in order. Both backends write a batch at a time."""
    batch: list[tuple[str, list[Claim]]] = []
    size = 0
    for doc_id, claims in items:
        batch.append((doc_id, claims))
        size += len(claims) + 1
        if size >= batch_size:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
