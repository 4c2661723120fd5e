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
