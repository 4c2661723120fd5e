"""What the search page asks the store, without Streamlit: full-text hits, then claims on the same
propositions in the other language, then the page's filters."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimtrack.schema import Claim
from index import Store
from ui.filters import ClaimFilter

FETCH = 100  # claims asked from the store per query without filters
FETCH_FILTERED = 500  # with filters, which run in the page over these
SHOWN = 20  # claim cards rendered for the hits
SHOWN_RELATED = 10  # and for the same question in the other language
RELATED_PROPOSITIONS = 3
RELATED_FETCH = 20  # claims per proposition and language
BROWSE_SCAN = 5000  # claims scanned by filters when there is no query


@dataclass
class Found:
    claims: list[Claim] = field(default_factory=list)
    related: list[Claim] = field(default_factory=list)  # same proposition, other language


def find_claims(store: Store, query: str, flt: ClaimFilter) -> Found:
    if not query:
        claims = store.list_claims(lang=flt.lang, limit=FETCH if flt.is_empty() else BROWSE_SCAN)
        return Found(flt.apply(claims)[:FETCH])
    plain = flt.is_empty() or flt == ClaimFilter(lang=flt.lang)
    hits = store.search(query, lang=flt.lang, limit=FETCH if plain else FETCH_FILTERED)
    hits = flt.apply(hits)[:FETCH]
    seen = {c.id for c in hits}
    related: list[Claim] = []
    if flt.lang is None and hits:
        langs_by_key: dict[str, set[str]] = {}
        for c in hits:
            langs_by_key.setdefault(c.proposition.key, set()).add(c.lang)
        for key in list(langs_by_key)[:RELATED_PROPOSITIONS]:
            for other in ("zh", "en"):
                if other in langs_by_key[key]:
                    continue
                for c in store.list_claims(proposition_key=key, lang=other, limit=RELATED_FETCH):
                    if c.id not in seen and flt.matches(c):
                        seen.add(c.id)
                        related.append(c)
    return Found(hits, related)
