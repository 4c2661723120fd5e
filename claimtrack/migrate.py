"""Copy one store into another through the Store protocol, losing nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from index.base import Store


def copy_store(src: Store, dst: Store) -> dict[str, int]:
    docs = 0
    for doc in src.iter_documents():
        dst.put_document(doc)
        docs += 1
    by_doc = defaultdict(list)
    for claim in src.iter_claims():
        by_doc[claim.doc.id].append(claim)
    for doc_id, claims in by_doc.items():
        dst.replace_claims(doc_id, claims)
    flags = src.list_flags()
    dst.sync_flags(flags)
    reviews = 0
    for flag in flags:
        for rev in src.list_reviews(flag.id):
            dst.add_review(rev)
            reviews += 1
    for run in reversed(src.list_runs(limit=1000)):
        dst.record_run(run)
    return {"documents": docs, "claims": sum(len(v) for v in by_doc.values()), "flags": len(flags),
            "reviews": reviews}
