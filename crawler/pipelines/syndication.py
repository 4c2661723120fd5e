"""Recognise syndicated copies: a document whose text nearly equals one already stored (another
URL, usually another outlet) is kept, linked to the first by `Document.syndicated_from`."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.items import PageItem
from crawler.neardup import THRESHOLD  # (numpy is imported lazily there)


class SyndicationPipeline:
    def __init__(self, crawler: Any, threshold: float) -> None:
        self.crawler = crawler
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler: Any) -> SyndicationPipeline:
        threshold = crawler.settings.getfloat("CLAIMTRACK_SYNDICATION_THRESHOLD", THRESHOLD)
        if threshold <= 0:
            raise NotConfigured("CLAIMTRACK_SYNDICATION_THRESHOLD is 0: syndication is not detected")
        return cls(crawler, threshold)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.document is None:
            return item
        from crawler.neardup import bands, signature, similarity  # numpy: loaded with the first article

        state = self.crawler.spider.state
        doc = item.document
        sig = signature(doc.text)
        keys = bands(sig)
        best: tuple[float, str] | None = None
        for cand in state.candidates(keys):
            if cand["doc_id"] == doc.id:
                continue
            score = similarity(sig, cand["sig"])
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, cand["doc_id"])
        if best is not None:
            doc.syndicated_from = best[1]
            self.crawler.spider.reasons["syndicated copy linked"] += 1
        else:
            # only originals are indexed, so every copy links to the first of its story
            state.add_signature(doc.id, doc.url, item.source, sig, keys)
        return item
