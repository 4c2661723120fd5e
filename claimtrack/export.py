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
#: CSV files are UTF-8 with a byte-order mark: Excel reads a CSV without one in the locale's code
#: page, which turns Chinese into mojibake; every other reader skips the mark.
CSV_ENCODING = "utf-8-sig"
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
AGAINST_SOURCE = "Contradicted by its own cited source"


def review_url(public_url: str | None, flag_id: str) -> str | None:
    """Where a reader opens the reviewed flag in the app (`CLAIMTRACK_PUBLIC_URL`), or None."""
    return f"{public_url.rstrip('/')}/discrepancies?flag={flag_id}" if public_url else None


def claim_review(flag: Flag, claims: list[Claim], *, names: dict[str, str] | None = None,
                 url: str | None = None) -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD for one confirmed flag. The claim reviewed is its earliest
    appearance as quoted; each page it appeared on is listed once; the claimant goes by the full
    name `names` gives for its id (the entities file), else by the name the page used."""
    claims = sorted(claims, key=lambda c: (c.doc.published is None, c.doc.published or ""))
    source = next((c for c in claims if c.id == flag.against_source), None) if flag.against_source else None
    if source is not None:  # rated against the primary: the claim reviewed is the outlet's
        claims = [c for c in claims if c.id != source.id]
    first = claims[0] if claims else None
    appearances, seen = [], set()
    for c in claims:
        if c.doc.url in seen:
            continue
        seen.add(c.doc.url)
        appearances.append(
            {"@type": "CreativeWork", "url": c.doc.url, "headline": c.doc.title or "",
             "datePublished": c.doc.published or None,
             "publisher": {"@type": "Organization", "name": c.doc.site or ""}, "text": c.quote})
    author = {"@type": "Person", "name": flag.review.by} if flag.review else None
    claimant = None
    if first is not None and first.claimant:
        claimant = (names or {}).get(first.claimant.id or "", first.claimant.name)
    rating = {"@type": "Rating", "alternateName": RATINGS.get(flag.kind, flag.kind),
              "ratingExplanation": flag.review.note if flag.review else ""}
    based_on = None
    if source is not None:
        rating["alternateName"] = AGAINST_SOURCE
        said = f"{source.doc.site or source.doc.url} says: {source.quote}"
        rating["ratingExplanation"] = f"{rating['ratingExplanation']} ({said})" if rating["ratingExplanation"] else said
        based_on = {"@type": "CreativeWork", "url": source.doc.url, "headline": source.doc.title or "",
                    "text": source.quote}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "isBasedOn": based_on,
        "identifier": flag.id,
        "url": url,
        "datePublished": flag.review.at if flag.review else None,
        "author": author,
        "claimReviewed": first.quote if first is not None else flag.summary,
        "description": flag.summary,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": claimant} if claimant else None,
            "appearance": appearances,
            "firstAppearance": appearances[0] if appearances else None,
        },
        "reviewRating": rating,
    }


def claim_reviews_json(items: list[tuple[Flag, list[Claim]]], *, names: dict[str, str] | None = None,
                       public_url: str | None = None) -> str:
    return json.dumps([claim_review(f, cs, names=names, url=review_url(public_url, f.id)) for f, cs in items],
                      ensure_ascii=False, indent=2)


def full_names() -> dict[str, str]:
    """Entity id -> its display name (the first full name in the entities file)."""
    from claimtrack.claimants import entity_aliases

    return {eid: names[0] for eid, names in entity_aliases().items() if names}
