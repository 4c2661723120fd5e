"""Identical main text is stored once: a second URL carrying the same text is dropped, naming the first."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import PageItem


class DuplicatesPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> DuplicatesPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.document is None:
            return item
        doc = item.document
        owner = self.crawler.spider.state.text_owner(doc.content_sha256)
        if owner is not None and owner["doc_id"] != doc.id:
            raise DropItem(f"duplicate: same text as {owner['url']}")
        return item
