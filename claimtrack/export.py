"""Exports: claims and reviewed flags as JSONL or CSV rows, confirmed flags as schema.org ClaimReview."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from claimtrack.schema import Claim, Flag

CLAIM_CSV_FIELDS = ["id", "cluster_id", "lang", "claimant", "claimant_id", "subject", "proposition_key",
                    "proposition", "value_text", "low", "high", "unit", "qualifier", "quote", "doc_url",
                    "site", "published", "stated_at", "cites"]
FLAG_CSV_FIELDS = ["id", "kind", "severity", "status", "cluster_id", "claims", "summary", "reviewed_by",
                   "reviewed_at", "note"]


def claim_row(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id, "cluster_id": c.cluster_id, "lang": c.lang,
        "claimant": c.claimant.name if c.claimant else "", "claimant_id": c.claimant.id if c.claimant else "",
        "subject": c.subject.name if c.subject else "", "proposition_key": c.proposition.key,
        "proposition": c.proposition.label, "value_text": c.value.text, "low": c.value.low,
        "high": c.value.high, "unit": c.value.unit, "qualifier": c.value.qualifier, "quote": c.quote,
        "doc_url": c.doc.url, "site": c.doc.site or "", "published": c.doc.published or "",
        "stated_at": c.stated_at or "", "cites": " ".join(c.cites),
    }


def flag_row(f: Flag) -> dict[str, Any]:
    return {
        "id": f.id, "kind": f.kind, "severity": f.severity, "status": f.status, "cluster_id": f.cluster_id,
        "claims": " ".join(f.claims), "summary": f.summary,
        "reviewed_by": f.review.by if f.review else "", "reviewed_at": f.review.at if f.review else "",
        "note": f.review.note if f.review else "",
    }


def to_csv(rows: Iterable[dict[str, Any]], fields: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


RATINGS = {"value_conflict": "Misattributed or misreported figure", "qualifier_conflict": "Missing context",
           "attribution_conflict": "Misattributed", "change_over_time": "Outdated"}


def claim_review(flag: Flag, claims: list[Claim]) -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD for one confirmed flag."""
    first = claims[0] if claims else None
    appearances = [
        {"@type": "CreativeWork", "url": c.doc.url, "headline": c.doc.title or "",
         "datePublished": c.doc.published or None, "publisher": {"@type": "Organization", "name": c.doc.site or ""},
         "text": c.quote}
        for c in claims
    ]
    author = {"@type": "Person", "name": flag.review.by} if flag.review else None
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": flag.id,
        "datePublished": flag.review.at if flag.review else None,
        "author": author,
        "claimReviewed": flag.summary,
        "itemReviewed": {
            "@type": "Claim",
            "author": ({"@type": "Person", "name": first.claimant.name}
                       if first is not None and first.claimant else None),
            "appearance": appearances,
            "firstAppearance": appearances[0] if appearances else None,
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": RATINGS.get(flag.kind, flag.kind),
            "ratingExplanation": flag.review.note if flag.review else "",
        },
    }


def claim_reviews_json(items: list[tuple[Flag, list[Claim]]]) -> str:
    return json.dumps([claim_review(f, cs) for f, cs in items], ensure_ascii=False, indent=2)
