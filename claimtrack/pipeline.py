"""Documents in, claims stored, clusters assigned, flags synced: the one path every command uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from claimtrack.claimants import officers
from claimtrack.compare import Evidence, assign_clusters, compute_flags
from claimtrack.matching import apply, match
from claimtrack.primaries import cited_primaries
from claimtrack.schema import Claim, Document
from claimtrack.similarity import MODEL, embed_claims
from claimtrack.sourcecheck import PrimaryDoc, check_claims, source_flags

if TYPE_CHECKING:  # pragma: no cover
    from index.base import Store
    from nlp import Extractor

Progress = Callable[[str], None]


@dataclass
class IngestReport:
    documents_new: int = 0
    documents_changed: int = 0
    documents_unchanged: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)
    flags: dict[str, int] = field(default_factory=dict)
    new_ids: list[str] = field(default_factory=list)  # documents stored for the first time
    changed_ids: list[str] = field(default_factory=list)  # documents whose text changed

    @property
    def documents(self) -> int:
        return self.documents_new + self.documents_changed + self.documents_unchanged


def extract(extractor: Extractor, doc: Document) -> list[Claim]:
    """Claims of one document with their cluster ids (what `claimtrack extract` prints)."""
    return assign_clusters(extractor.extract(doc))


def ingest(docs: Iterable[Document], store: Store, extractor: Extractor,
           report: IngestReport | None = None, progress: Progress | None = None) -> IngestReport:
    """Store each document; extract claims only for new or changed text. Does not refresh flags."""
    report = report or IngestReport()
    for doc in docs:
        known = store.get_document(doc.id)
        if known is not None and known.content_sha256 == doc.content_sha256:
            report.documents_unchanged += 1
        else:
            # Claims first, document second: a run killed in between finds the document missing
            # (or still at its old text) next time and extracts it again; nothing is lost.
            claims = extract(extractor, doc)
            store.replace_claims(doc.id, claims)
            store.put_document(doc)
            if known is None:
                report.documents_new += 1
                report.new_ids.append(doc.id)
            else:
                report.documents_changed += 1
                report.changed_ids.append(doc.id)
            report.claims += len(claims)
        if progress:
            progress(doc.url)
    return report


def _documents_view(store: Store) -> tuple[Evidence, dict[str, PrimaryDoc]]:
    story_of: dict[str, str] = {}
    primary: dict[str, PrimaryDoc] = {}
    for doc in store.iter_documents():
        if doc.syndicated_from:
            story_of[doc.id] = doc.syndicated_from
        if doc.primary:
            primary[doc.id] = PrimaryDoc(doc.id, doc.url)
    return Evidence(story_of=story_of, primary=frozenset(primary)), primary


def claim_vectors(store: Store, claims: list[Claim]) -> dict[str, np.ndarray]:
    """Every claim's vector: the stored ones, and the new claims embedded (and stored) now."""
    vectors = store.get_vectors([c.id for c in claims], MODEL)
    missing = [c for c in claims if c.id not in vectors]
    if missing:
        fresh = dict(zip([c.id for c in missing], embed_claims(missing), strict=True))
        store.put_vectors(fresh, MODEL)
        vectors.update(fresh)
    return vectors


def refresh_flags(store: Store) -> dict[str, int]:
    """Match every stored claim (claim matching over the stored vectors, with the analysts'
    same/different decisions), store the claims whose cluster or inferred claimant changed and the
    suggested matches, then recompute flags and sync them; reviews stay attached."""
    claims = list(store.iter_claims())
    decisions = store.list_match_decisions()
    vectors = claim_vectors(store, claims)
    result = match(claims, vectors, decisions)
    changed = apply(claims, result)
    moved_docs = {c.doc.id for c in changed}
    evidence, primaries = _documents_view(store)
    checks = check_claims(claims, primaries, cited_primaries(claims, primaries), vectors) if primaries else {}
    checked = 0
    for c in claims:
        check = checks.get(c.id)
        if check != c.source_check:
            c.source_check = check
            moved_docs.add(c.doc.id)
            checked += 1
    by_doc: dict[str, list[Claim]] = {doc_id: [] for doc_id in moved_docs}
    for c in claims:
        if c.doc.id in by_doc:
            by_doc[c.doc.id].append(c)
    store.bulk_replace_claims(by_doc.items())
    store.replace_suggestions(result.suggestions)
    # A flag holds only firmly matched claims (claimtrack.matching._firm_members): one claim a flag.
    firm = [c for c in claims if c.id in result.core]
    flags = compute_flags(firm, evidence, labels=result.labels, attribution_pairs=result.attribution_pairs,
                          scope_pairs=result.scope_pairs, pair_claims=claims, officers=officers())
    report = store.sync_flags(flags + source_flags(claims, checks))
    report["claims_reclustered"] = len(changed)
    report["source_checks_changed"] = checked
    report["suggested_matches"] = len(result.suggestions)
    return report
