"""The claimtrack crawler: a Scrapy project that reads a sources file, follows feeds, sitemaps and
listing pages on each source's own hosts, and hands Documents to the pipeline.

    from crawler import Source, load_sources, crawl, CrawlResult, serve_directory
"""

from crawler.run import CrawlLockedError, CrawlResult, crawl
from crawler.serve import serve_directory
from crawler.sources import Source, load_sources

__all__ = ["Source", "load_sources", "crawl", "CrawlResult", "CrawlLockedError", "serve_directory"]
