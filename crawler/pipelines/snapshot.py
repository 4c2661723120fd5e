"""Keep the exact bytes of every page read, content-addressed (see crawler.snapshots)."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.items import PageItem
from crawler.snapshots import save_snapshot


class SnapshotPipeline:
    def __init__(self, snapshot_dir: str) -> None:
        self.snapshot_dir = snapshot_dir

    @classmethod
    def from_crawler(cls, crawler: Any) -> SnapshotPipeline:
        folder = crawler.settings.get("CLAIMTRACK_SNAPSHOT_DIR")
        if not folder:
            raise NotConfigured("CLAIMTRACK_SNAPSHOT_DIR is not set: raw pages are not kept")
        return cls(folder)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            item.raw_sha256 = save_snapshot(self.snapshot_dir, item.body)
        return item
