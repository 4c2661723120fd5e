"""Data for the cluster page, without Streamlit."""

from __future__ import annotations

import pandas as pd

from claimtrack.schema import Claim, Flag
from index import Store
from ui.filters import published_date
from ui.safe import cite_url, safe_url

MAX_DOCS = 50


def appearances_frame(claims: list[Claim]) -> pd.DataFrame:
    rows = []
    for c in sorted(claims, key=lambda c: (published_date(c) is None, published_date(c) or 0)):
        rows.append({
            "date": (c.doc.published or "")[:10],
            "outlet": c.doc.site or "",
            "lang": c.lang,
            "value": c.value.text,
            "qualifier": c.value.qualifier,
            "quote": c.quote,
            "url": c.doc.url if safe_url(c.doc.url) else None,
        })
    return pd.DataFrame(rows)


def primary_sources(store: Store, claims: list[Claim]) -> list[tuple[str, str | None]]:
    """(label, http(s) url or None) for every cited source and every stored primary document."""
    out: dict[str, str | None] = {}
    for c in claims:
        for cite in c.cites:
            out.setdefault(cite, cite_url(cite))
    for doc_id in list(dict.fromkeys(c.doc.id for c in claims))[:MAX_DOCS]:
        doc = store.get_document(doc_id)
        if doc is not None and doc.primary:
            out.setdefault(doc.title or doc.url, doc.url if safe_url(doc.url) else None)
    return list(out.items())


def cluster_flags(store: Store, cluster_id: str) -> list[Flag]:
    return store.list_flags(cluster_id=cluster_id)


#: claims read per listed cluster to name and count it (a larger cluster shows this many)
LIST_SAMPLE = 1000


def cluster_order(store: Store, *, disputed_first: bool, limit: int, offset: int) -> list[str]:
    """Cluster ids for one page of the cluster list: clusters with a standing flag first (most
    severe flag first), then the rest largest first; or largest first only."""
    if not disputed_first:
        return [cid for cid, _n, _s in store.list_clusters(limit=limit, offset=offset)]
    disputed = list(dict.fromkeys(f.cluster_id for f in store.list_flags()))
    if offset + limit <= len(disputed):
        return disputed[offset:offset + limit]
    # the page runs past the disputed ones: the largest of the rest, from one listing that holds
    # enough of them whatever the disputed clusters' sizes
    seen = set(disputed)
    rest = [cid for cid, _n, _s in store.list_clusters(limit=offset + limit + len(disputed)) if cid not in seen]
    return (disputed + rest)[offset:offset + limit]


def cluster_rows(store: Store, ids: list[str], label, claimant) -> list[dict]:
    """One row per cluster id: `cluster` (id), `label`, `claimant`, `claims`, `outlets`, `flags`
    (standing flags) and `severity` (the most severe one's, else None). `label(claim)` and
    `claimant(claims)` name them in the reader's language."""
    rows = []
    for cid in ids:
        claims = store.list_claims(cluster_id=cid, limit=LIST_SAMPLE)
        if not claims:
            continue
        flags = store.list_flags(cluster_id=cid)
        n = len(claims)
        rows.append({
            "cluster": cid,
            "label": label(claims[0]),
            "claimant": claimant(claims) or "",
            "claims": n,
            "outlets": len({c.doc.site or c.doc.url for c in claims}),
            "flags": len(flags),
            "severity": max((f.severity for f in flags), default=None),
        })
    return rows
