"""Build the export files in memory with claimtrack.export (the same builders the CLI uses)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from claimtrack.export import (
    CLAIM_CSV_FIELDS,
    FLAG_CSV_FIELDS,
    claim_reviews_json,
    claim_row,
    flag_row,
    to_csv,
)
from index import Store


@dataclass
class Exports:
    files: dict[str, tuple[str, str, bytes]]  # key -> (file name, mime type, bytes)
    counts: dict[str, int]


def build_exports(store: Store) -> Exports:
    claims = list(store.iter_claims())
    flags = store.list_flags()
    confirmed = [f for f in flags if f.status == "confirmed"]
    by_id = {c.id: c for c in store.get_claims([cid for f in confirmed for cid in f.claims])}
    reviews = [(f, [by_id[i] for i in f.claims if i in by_id]) for f in confirmed]
    jsonl = "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in claims)
    flags_jsonl = "".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in flags)
    return Exports(
        files={
            "claims_csv": ("claims.csv", "text/csv", to_csv((claim_row(c) for c in claims), CLAIM_CSV_FIELDS).encode()),
            "claims_jsonl": ("claims.jsonl", "application/jsonl", jsonl.encode()),
            "flags_jsonl": ("flags.jsonl", "application/jsonl", flags_jsonl.encode()),
            "flags_csv": ("flags.csv", "text/csv", to_csv((flag_row(f) for f in flags), FLAG_CSV_FIELDS).encode()),
            "claimreview": ("claimreview.json", "application/ld+json", claim_reviews_json(reviews).encode()),
        },
        counts={"claims": len(claims), "flags": len(flags), "reviews": len(reviews)},
    )
