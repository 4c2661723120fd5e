"""Drop a page whose bytes are exactly those read last time: nothing to re-extract."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from claimtrack.ids import sha256_bytes
from crawler.items import PageItem


class UnchangedPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> UnchangedPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        state = self.crawler.spider.state
        row = state.get(item.url)
        raw = item.raw_sha256 or sha256_bytes(item.body)
        if row is not None and row.get("raw_sha256") == raw:
            state.record_page(item.url, item.source, status=row["status"], reason=row.get("reason"),
                              etag=item.etag, last_modified=item.last_modified,
                              lastmod=item.hint.get("lastmod"), raw_sha256=raw)
            raise DropItem("unchanged: same bytes as the last run")
        return item
