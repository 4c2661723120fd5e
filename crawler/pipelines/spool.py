"""Hand-off: write the Document to the spool, then mark the page done in the crawl state.

In that order, so a kill between the two re-reads the page next run (the spool reader keeps one
line per document id): nothing lost, nothing doubled.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.items import PageItem
from crawler.spool import SpoolWriter


class SpoolPipeline:
    def __init__(self, crawler: Any, path: str) -> None:
        self.crawler = crawler
        self.path = path
        self.writer: SpoolWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SpoolPipeline:
        path = crawler.settings.get("CLAIMTRACK_SPOOL")
        if not path:
            raise NotConfigured("CLAIMTRACK_SPOOL is not set: documents go nowhere")
        return cls(crawler, path)

    def open_spider(self) -> None:
        pass  # the file is created with the first document


    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.document is None:
            return item
        spider = self.crawler.spider
        doc = item.document
        if self.writer is None:
            self.writer = SpoolWriter(self.path)
        self.writer.write(doc)
        for other in item.relinked:  # same ids, new links: the spool reader keeps the last line
            self.writer.write(other)
            spider.state.record_story(other.id, other.url, other.syndicated_from, other.published)
        spider.state.record_story(doc.id, doc.url, doc.syndicated_from, doc.published)
        spider.state.record_page(item.url, item.source, status="stored", etag=item.etag,
                                 last_modified=item.last_modified, lastmod=item.hint.get("lastmod"),
                                 raw_sha256=item.raw_sha256, text_sha256=doc.content_sha256, doc_id=doc.id)
        spider.state.add_text(doc.content_sha256, doc.id, doc.url)
        spider.event(item.source, "articles")
        item.body = b""  # the bytes are in the snapshot store; do not keep them in memory
        return item
