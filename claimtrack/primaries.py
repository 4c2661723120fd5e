"""The primary sources claims cite: which to follow in the nightly run, and which stored primary
document a claim's citation names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from claimtrack.schema import Claim
from claimtrack.sourcecheck import PrimaryDoc

MAX_FOLLOWED = 5000  # addresses handed to one run at most (the run's own count limit applies first)
PRIMARY_SOURCE = "cited primary sources"


def url_key(url: str) -> str:
    from crawler.canonical import canonical_url

    return canonical_url(url)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def primary_site(url: str) -> str:
    """What a primary document's site is shown as: its host, without 'www.'."""
    return _host(url) or url


def cited_primaries(claims: Iterable[Claim], primaries: Mapping[str, PrimaryDoc]) -> dict[str, list[str]]:
    """claim id -> ids of the stored primary documents among its citations."""
    by_key = {url_key(doc.url): doc_id for doc_id, doc in primaries.items()}
    out: dict[str, list[str]] = {}
    for c in claims:
        ids = [by_key[k] for k in (url_key(u) for u in c.cites if u.startswith(("http://", "https://")))
               if k in by_key]
        if ids:
            out[c.id] = list(dict.fromkeys(ids))
    return out


def to_follow(claims: Iterable[Claim], outlet_urls: set[str], primary_urls: set[str]) -> list[str]:
    """http(s) addresses the stored claims cite, most cited first: not on the citing page's own
    site (an outlet's link to its own pages is no primary source) and not a page already stored as
    an outlet's article. Already stored primaries stay in (the crawl state says when to ask again)."""
    outlets = {url_key(u) for u in outlet_urls}
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for c in claims:
        if c.doc.url in primary_urls:
            continue
        own = _host(c.doc.url)
        for u in c.cites:
            if not u.startswith(("http://", "https://")) or _host(u) == own:
                continue
            key = url_key(u)
            if key in outlets:
                continue
            counts[key] += 1
            first.setdefault(key, u)
    return [first[k] for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_FOLLOWED]


def primary_source(urls: list[str], max_pages: int):  # -> crawler.sources.Source
    from crawler.sources import Source

    return Source(name=PRIMARY_SOURCE, lang="auto", articles=tuple(urls), primary=True,
                  max_pages=max_pages or None)
