"""Keep only articles about the beat: a source's `topics` words (or CLAIMTRACK_TOPICS for all)."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem, NotConfigured

from crawler.items import PageItem


class TopicPipeline:
    def __init__(self, crawler: Any, default: tuple[str, ...]) -> None:
        self.crawler = crawler
        self.default = default

    @classmethod
    def from_crawler(cls, crawler: Any) -> TopicPipeline:
        default = tuple(crawler.settings.getlist("CLAIMTRACK_TOPICS"))
        job = getattr(crawler.spider, "job", None) or {}
        if not default and not any(s.get("topics") for s in job.get("sources", [])):
            raise NotConfigured("no topic words: every article is kept")
        return cls(crawler, default)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.document is None:
            return item
        words = self.crawler.spider.sources[item.source].topics or self.default
        if not words:
            return item
        haystack = ((item.document.title or "") + "\n" + item.document.text).lower()
        if not any(word.lower() in haystack for word in words):
            raise DropItem(f"off topic: none of {', '.join(words[:5])}{'...' if len(words) > 5 else ''}")
        return item
