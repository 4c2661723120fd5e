"""The item the spider yields: one fetched page with its raw bytes and fetch metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageItem:
    url: str  # canonical URL of the page
    fetched_url: str  # the URL that answered (after redirects)
    source: str  # source name
    lang: str  # the source's lang: zh | en | auto
    primary: bool
    status: int
    content_type: str
    body: bytes  # the exact bytes read
    html: str | None  # body decoded (HTTP header, BOM, meta charset, then detection), None if not text
    encoding: str | None
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    hint: dict[str, Any] = field(default_factory=dict)  # what the feed/sitemap said: lastmod, published, title
    # filled in by the pipelines
    raw_sha256: str | None = None
    document: Any = None  # claimtrack.schema.Document
    relinked: list[Any] = field(default_factory=list)  # earlier Documents of this run to hand over again
    identical_to: dict[str, Any] | None = None  # story original whose text this page repeats exactly
