"""Export files built with claimtrack.export (the same builders the CLI uses), one function per file,
each run only when its download is asked for."""

from __future__ import annotations

import json
from collections.abc import Callable

from claimtrack.export import (
    CLAIM_CSV_FIELDS,
    FLAG_CSV_FIELDS,
    claim_reviews_json,
    claim_row,
    flag_row,
    to_csv,
)
from index import Store


def claims_csv(store: Store) -> bytes:
    return to_csv((claim_row(c) for c in store.iter_claims()), CLAIM_CSV_FIELDS).encode()


def claims_jsonl(store: Store) -> bytes:
    return "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in store.iter_claims()).encode()


def flags_jsonl(store: Store) -> bytes:
    return "".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in store.list_flags()).encode()


def flags_csv(store: Store) -> bytes:
    return to_csv((flag_row(f) for f in store.list_flags()), FLAG_CSV_FIELDS).encode()


def claimreview(store: Store) -> bytes:
    """schema.org ClaimReview JSON-LD, one item per confirmed flag."""
    confirmed = store.list_flags(status="confirmed")
    by_id = {c.id: c for c in store.get_claims([cid for f in confirmed for cid in f.claims])}
    return claim_reviews_json([(f, [by_id[i] for i in f.claims if i in by_id]) for f in confirmed]).encode()


# key -> (file name, mime type, builder); the page's labels are "export.<key>"
FILES: dict[str, tuple[str, str, Callable[[Store], bytes]]] = {
    "claims_csv": ("claims.csv", "text/csv", claims_csv),
    "claims_jsonl": ("claims.jsonl", "application/jsonl", claims_jsonl),
    "flags_csv": ("flags.csv", "text/csv", flags_csv),
    "flags_jsonl": ("flags.jsonl", "application/jsonl", flags_jsonl),
    "claimreview": ("claimreview.json", "application/ld+json", claimreview),
}
