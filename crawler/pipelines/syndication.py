"""Recognise syndicated copies: a document whose text nearly equals one already stored (another
URL, usually another outlet) is kept, linked to the original by `Document.syndicated_from`.

The original is the copy published first (then the one read first). When a copy read later in the
same run turns out to be older, the roles swap: the earlier-read documents of that story are
handed over again (same ids) pointing at it, so the result does not depend on crawl order.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.items import PageItem
from crawler.neardup import THRESHOLD  # (numpy is imported lazily there)


def _older(a: Any, b: Any) -> bool:
    """Is document a published strictly before document b (both dates known)?"""
    return bool(a.published and b.published and a.published[:19] < b.published[:19])


class SyndicationPipeline:
    def __init__(self, crawler: Any, threshold: float) -> None:
        self.crawler = crawler
        self.threshold = threshold
        self.run_docs: dict[str, Any] = {}  # documents of this run by id (originals and copies)

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

        spider = self.crawler.spider
        state = spider.state
        doc = item.document
        sig = signature(doc.text)
        keys = bands(sig)
        best: tuple[float, dict[str, Any]] | None = None
        for cand in state.candidates(keys):
            if cand["doc_id"] == doc.id:
                continue
            score = similarity(sig, cand["sig"])
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, cand)
        self.run_docs[doc.id] = doc
        if best is None:
            # only originals are indexed, so every copy links to the original of its story
            state.add_signature(doc.id, doc.url, item.source, sig, keys)
            return item
        original = self.run_docs.get(best[1]["doc_id"])
        spider.reasons["syndicated copy linked"] += 1
        if original is not None and _older(doc, original):
            # this copy is older than the one taken as original so far: it becomes the original
            state.replace_signature(original.id, doc.id, doc.url, item.source, sig, keys)
            for other in self.run_docs.values():
                if other.id == original.id or other.syndicated_from == original.id:
                    other.syndicated_from = doc.id
                    item.relinked.append(other)
            doc.syndicated_from = None
        else:
            doc.syndicated_from = best[1]["doc_id"]
        return item
