"""Identical main text at another URL (another outlet reprinting a story verbatim): found by the
text's SHA-256, exactly and whatever the syndication threshold. The copy is not dropped: the
analyst needs to know outlet B carried the story. The page goes on (its bytes are already
snapshotted) with `item.identical_to` naming the original of the story; the syndication pipeline
links it (`syndicated_from`), with one rule for which copy is the original.

The same text on the same canonical URL is the same document: nothing to link. A second page of
this run that resolves to a document already handed over with that text (an AMP or mobile variant
whose rel=canonical names it) is dropped as such, so the document is handed over once.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import PageItem


class DuplicatesPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.run_texts: dict[str, tuple[str, str]] = {}  # doc id -> (text sha256, page URL) this run

    @classmethod
    def from_crawler(cls, crawler: Any) -> DuplicatesPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.document is None:
            return item
        doc = item.document
        seen = self.run_texts.get(doc.id)
        if seen is not None and seen[0] == doc.content_sha256:
            raise DropItem(f"duplicate: same document as {seen[1]}, read already in this run")
        self.run_texts[doc.id] = (doc.content_sha256, item.url)
        state = self.crawler.spider.state
        owner = state.text_owner(doc.content_sha256)
        if owner is None or owner["doc_id"] == doc.id:
            return item  # a new text, or the same document again
        story = state.story_root(owner["doc_id"], owner["url"])  # the owner may itself be a copy
        if story["doc_id"] != doc.id:
            item.identical_to = story
        return item
