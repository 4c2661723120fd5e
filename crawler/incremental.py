"""What a run asks for again: the rules under `crawler.plan`, shared by the spider and the pre-check.

Pure functions over state rows and links (anything with `.url`, `.kind`, `.lastmod`), imported by
the spider process and by the parent without Scrapy, so the two can never disagree about whether
a known page is due or which links of a sitemap are followed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any, TypeVar

MAX_CHILD_SITEMAPS = 10  # of a sitemap index, the newest by lastmod
STAT_KEYS = ("entries", "pages", "articles", "dropped", "unchanged", "skipped", "errors")

L = TypeVar("L")


def conditional_headers(row: dict[str, Any] | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if row and row.get("etag"):
        headers["If-None-Match"] = row["etag"]
    if row and row.get("last_modified"):
        headers["If-Modified-Since"] = row["last_modified"]
    return headers


def is_due(row: dict[str, Any], lastmod: str | None, recheck_after: float, now: float | None = None) -> bool:
    """A page already read is asked for again when its feed/sitemap date moved, or it is old."""
    if lastmod and lastmod != row.get("lastmod"):
        return True
    now = time.time() if now is None else now
    return now - float(row.get("checked_at") or 0) >= recheck_after


def sitemap_selection(links: Sequence[L], follow: Sequence[str]) -> list[L]:
    """Sitemaps list everything a site has, oldest first: newest first here, only the pages
    `follow` matches (when given), and at most MAX_CHILD_SITEMAPS sitemaps of an index."""
    newest = sorted(links, key=lambda link: getattr(link, "lastmod", None) or "", reverse=True)
    children = [link for link in newest if getattr(link, "kind", "") == "sitemap"][:MAX_CHILD_SITEMAPS]
    pages = [link for link in newest if getattr(link, "kind", "") != "sitemap"]
    if follow:
        patterns = [re.compile(p) for p in follow]
        pages = [link for link in pages if any(p.search(getattr(link, "url", "")) for p in patterns)]
    return children + pages
