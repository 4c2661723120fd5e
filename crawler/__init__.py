"""The claimtrack crawler: a Scrapy project that reads a sources file, follows feeds, sitemaps and
listing pages on each source's own hosts, and hands Documents to the pipeline.

    from crawler import Source, load_sources, crawl, CrawlResult, serve_directory

Names are loaded on first use, so the spider process (`python -m crawler.worker`) does not pay
for the parent-side modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Source": "crawler.sources",
    "load_sources": "crawler.sources",
    "crawl": "crawler.run",
    "CrawlResult": "crawler.run",
    "CrawlLockedError": "crawler.run",
    "serve_directory": "crawler.serve",
}

__all__ = ["Source", "load_sources", "crawl", "CrawlResult", "CrawlLockedError", "serve_directory"]

if TYPE_CHECKING:
    from crawler.run import CrawlLockedError, CrawlResult, crawl
    from crawler.serve import serve_directory
    from crawler.sources import Source, load_sources


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'crawler' has no attribute {name!r}")
