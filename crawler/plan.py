"""What a run asks for: the one planning rule of the spider and of the pre-check.

Given the links an entry point gave (feed, sitemap, listing) and the pages read in earlier runs,
`LinkPlanner` says, link by link, what the run does with it: leave it (another host, seen already
this run), count it unchanged (a known page not due for its recheck), skip it (over the source's
`max_pages`) or ask for it (a new page, or a known one that is due). The spider turns "ask" into
a request; the pre-check (`crawler.precheck`) turns it into "the spider has to run". Both count
with the same planner, so they cannot disagree about what a run would do. Pure: no Scrapy, no
network.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from crawler.canonical import canonical_url
from crawler.incremental import is_due, sitemap_selection
from crawler.sources import Source

Action = Literal["off-host", "seen", "unchanged", "skipped", "ask"]


@dataclass(frozen=True)
class Decision:
    action: Action
    key: str | None = None  # the canonical URL (None for an off-host link)
    row: dict[str, Any] | None = None  # the page's crawl state from earlier runs (None: never read)


def on_hosts(url: str, hosts: frozenset[str]) -> bool:
    return (urlsplit(url).hostname or "").lower() in hosts


def entry_links(source: Source, kind: str, links: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """An entry point's links as the run follows them: (child sitemaps on the source's own hosts,
    article links), a sitemap's newest first and filtered by `follow` (`sitemap_selection`)."""
    if kind == "sitemap":
        links = sitemap_selection(links, source.follow)
    children = [link for link in links if link.kind == "sitemap" and on_hosts(link.url, source.own_hosts)]
    articles = [link for link in links if link.kind != "sitemap"]
    return children, articles


class LinkPlanner:
    """Decides each article link of a run, in the order the run meets them (it remembers the
    pages seen and how many each source asked for)."""

    def __init__(self, known: dict[str, dict[str, Any]], recheck_after: float) -> None:
        self.known = known
        self.recheck_after = recheck_after
        self.seen: set[str] = set()
        self.asked: Counter[str] = Counter()

    def article(self, source: Source, link: Any) -> Decision:
        """`link`: anything with `.url` and `.lastmod` (a feed's or sitemap's date, or None)."""
        hosts = source.own_hosts
        if not on_hosts(link.url, hosts):
            return Decision("off-host")
        key = canonical_url(link.url, hosts)
        if key in self.seen:
            return Decision("seen", key)
        self.seen.add(key)
        row = self.known.get(key)
        if row is not None and not is_due(row, link.lastmod, self.recheck_after):
            return Decision("unchanged", key, row)
        if source.max_pages and self.asked[source.name] >= source.max_pages:
            return Decision("skipped", key, row)
        self.asked[source.name] += 1
        return Decision("ask", key, row)
