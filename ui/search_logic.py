"""What the search page asks the store, without Streamlit: full-text hits (or the latest claims
when there is no query), then claims on the same propositions in the other language. Every filter
runs in the store, so a filter finds matching claims anywhere in it, not only among the first hits."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimtrack.schema import Claim
from index import Store
from index.filters import ClaimFilters

PAGE = 20  # claim cards per page of hits
SHOWN_RELATED = 10  # and for the same question in the other language
RELATED_PROPOSITIONS = 3
RELATED_FETCH = 20  # claims per proposition and language


@dataclass
class Found:
    claims: list[Claim] = field(default_factory=list)  # this page's hits
    related: list[Claim] = field(default_factory=list)  # same proposition, other language
    more: bool = False  # there are hits on the next page


def find_claims(store: Store, query: str, flt: ClaimFilters, *, page: int = 1, size: int = PAGE) -> Found:
    """Page `page` (from 1) of `size` hits, best first (newest first without a query), and the
    claims on the same propositions in the other language."""
    offset = (max(1, page) - 1) * size
    if not query:
        got = store.list_claims(flt, newest_first=True, limit=size + 1, offset=offset)
        return Found(got[:size], more=len(got) > size)
    got = store.search(query, flt, limit=offset + size + 1)[offset:]
    hits, more = got[:size], len(got) > size
    seen = {c.id for c in hits}
    related: list[Claim] = []
    if not flt.lang and hits:
        langs_by_key: dict[str, set[str]] = {}
        for c in hits:
            langs_by_key.setdefault(c.proposition.key, set()).add(c.lang)
        others = flt.without("proposition_key", "lang")
        for key in list(langs_by_key)[:RELATED_PROPOSITIONS]:
            for other in ("zh", "en"):
                if other in langs_by_key[key]:
                    continue
                for c in store.list_claims(others, proposition_key=key, lang=other, newest_first=True,
                                           limit=RELATED_FETCH):
                    if c.id not in seen:
                        seen.add(c.id)
                        related.append(c)
    return Found(hits, related, more)
