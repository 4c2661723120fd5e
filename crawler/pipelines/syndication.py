"""Link every copy of a story to its original by `Document.syndicated_from`: identical copies
(`item.identical_to`, set by the duplicates pipeline) and near-identical ones (MinHash + LSH: another
intro, a trimmed sentence). Copies are kept and handed over; only the link says they are one story.

One rule for which document is the original: the copy published first, then the one read first.
When a copy read later in the same run turns out to be older, the roles swap: the earlier-read
documents of that story are handed over again (same ids) pointing at it, so the result of a run
does not depend on crawl order; documents left unacknowledged in the spool by a killed run count
as this run's. Across runs the original stays the one already handed over (see crawler/README.md,
"Duplicates and syndication"): an older copy found later is linked to it and counted under
"older copy linked to an earlier run's original".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.items import PageItem
from crawler.neardup import THRESHOLD  # (numpy is imported lazily there)


def _older(a: Any, b: Any) -> bool:
    """Is document a published strictly before document b (both dates known)?"""
    return bool(a.published and b.published and a.published[:19] < b.published[:19])


def _older_than_date(a: Any, published: str | None) -> bool:
    return bool(a.published and published and a.published[:19] < published[:19])


class SyndicationPipeline:
    def __init__(self, crawler: Any, threshold: float) -> None:
        self.crawler = crawler
        self.threshold = threshold  # 0: near duplicates are not looked for (identical copies still are)
        self.run_docs: dict[str, Any] = {}  # documents of this run by id (originals and copies)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SyndicationPipeline:
        return cls(crawler, crawler.settings.getfloat("CLAIMTRACK_SYNDICATION_THRESHOLD", THRESHOLD))

    def open_spider(self) -> None:
        """Documents a killed run left in the spool are not stored yet: they are this run's too, so
        an older copy read now can still become their original (they are handed over again)."""
        path = self.crawler.settings.get("CLAIMTRACK_SPOOL")
        if not path:
            return
        from crawler.spool import read_spool, spool_files

        own = Path(path)
        left = [f for f in spool_files(own.parent) if f != own]
        if left:
            docs, _ = read_spool(left)
            self.run_docs.update((doc.id, doc) for doc in docs)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.document is None:
            return item
        doc = item.document
        self.run_docs[doc.id] = doc
        if item.identical_to is not None:
            self.crawler.spider.reasons["identical copy linked"] += 1
            self._link(item, item.identical_to)
            return item
        if self.threshold <= 0:
            return item
        from crawler.neardup import bands, signature, similarity  # numpy: loaded with the first article

        state = self.crawler.spider.state
        sig = signature(doc.text)
        keys = bands(sig)
        best: tuple[float, dict[str, Any]] | None = None
        for cand in state.candidates(keys):
            if cand["doc_id"] == doc.id:
                continue
            score = similarity(sig, cand["sig"])
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, cand)
        if best is None:
            # only originals are indexed, so every copy links to the original of its story
            state.add_signature(doc.id, doc.url, item.source, sig, keys)
            return item
        self.crawler.spider.reasons["syndicated copy linked"] += 1
        self._link(item, state.story_root(best[1]["doc_id"], best[1]["url"]), sig, keys)
        return item

    def _link(self, item: PageItem, story: dict[str, Any], sig: list[int] | None = None,
              keys: list[str] | None = None) -> None:
        """Make `item.document` a copy of `story` (the story's original so far), or the other way
        round when it was published earlier and the original was read in this run."""
        spider = self.crawler.spider
        doc = item.document
        original = self.run_docs.get(story["doc_id"])
        if original is None:  # read in an earlier run: it stays the original
            if _older_than_date(doc, story.get("published")):
                spider.reasons["older copy linked to an earlier run's original"] += 1
                spider.logger.info("%s is older than %s, the original read in an earlier run; linked to it",
                                   doc.url, story.get("url") or story["doc_id"])
            doc.syndicated_from = story["doc_id"]
            return
        if not _older(doc, original):
            doc.syndicated_from = original.id
            return
        # this copy is older than the one taken as original so far: it becomes the original
        if self.threshold > 0:
            from crawler.neardup import bands, signature

            sig = sig if sig is not None else signature(doc.text)
            keys = keys if keys is not None else bands(sig)
            spider.state.replace_signature(original.id, doc.id, doc.url, item.source, sig, keys)
        for other in self.run_docs.values():
            if other.id == original.id or other.syndicated_from == original.id:
                other.syndicated_from = doc.id
                item.relinked.append(other)
        doc.syndicated_from = None
