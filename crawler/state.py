"""Crawl state kept between runs in `state_dir/state.sqlite`: what was fetched, with which ETag,
Last-Modified and content hashes, so the next run asks only for what may have changed.

Written by the spider process (one writer; WAL; one short transaction per page), so a run killed
at any moment leaves a consistent state: a page is marked done only after its document is in the
spool. The parent's pre-check (`crawler.precheck`) reads it, and updates an entry's validators
when its bytes came back identical, before any spider starts (both under the crawl lock).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,          -- canonical URL
    source TEXT,
    kind TEXT NOT NULL,            -- 'article' | 'entry' (feed, sitemap, listing)
    status TEXT NOT NULL,          -- 'stored' | 'dropped' | 'entry'
    reason TEXT,
    etag TEXT,
    last_modified TEXT,
    lastmod TEXT,                  -- the date a feed/sitemap gave for the page when last fetched
    raw_sha256 TEXT,
    text_sha256 TEXT,
    doc_id TEXT,
    links TEXT,                    -- JSON list of discovered links (entries)
    checked_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS texts (
    text_sha256 TEXT PRIMARY KEY,  -- the first document read with this text (copies link to its story)
    doc_id TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signatures (
    doc_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    source TEXT,
    sig TEXT NOT NULL              -- MinHash signature, JSON list of ints
);
CREATE TABLE IF NOT EXISTS stories (
    doc_id TEXT PRIMARY KEY,       -- every document handed over
    url TEXT NOT NULL,
    original TEXT,                 -- its syndicated_from (NULL: it is the original of its story)
    published TEXT
);
CREATE TABLE IF NOT EXISTS bands (
    band TEXT NOT NULL,            -- LSH band key
    doc_id TEXT NOT NULL,
    PRIMARY KEY (band, doc_id)
);
"""


class CrawlState:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- pages -----------------------------------------------------------------------------------
    def get(self, url: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else None

    def articles(self) -> dict[str, dict[str, Any]]:
        """Every article page read before, by URL (one query: a run looks each link up here)."""
        rows = self.db.execute("SELECT url, status, etag, last_modified, lastmod, checked_at FROM pages "
                               "WHERE kind = 'article'")
        return {r["url"]: dict(r) for r in rows}

    def record_entry(self, url: str, source: str, *, etag: str | None, last_modified: str | None,
                     links: list[dict[str, Any]], raw_sha256: str | None = None) -> None:
        """A feed, sitemap or listing page as answered (200): its validators, the SHA-256 of its
        bytes (after Content-Encoding) and the links found in it."""
        self.db.execute(
            "INSERT INTO pages (url, source, kind, status, etag, last_modified, links, raw_sha256, checked_at) "
            "VALUES (?, ?, 'entry', 'entry', ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            "source=excluded.source, etag=excluded.etag, last_modified=excluded.last_modified, "
            "links=excluded.links, raw_sha256=excluded.raw_sha256, checked_at=excluded.checked_at",
            (url, source, etag, last_modified, json.dumps(links, ensure_ascii=False), raw_sha256, time.time()))

    def entry_links(self, url: str) -> list[dict[str, Any]]:
        row = self.get(url)
        return json.loads(row["links"]) if row and row.get("links") else []

    def record_page(self, url: str, source: str, *, status: str, reason: str | None = None,
                    etag: str | None = None, last_modified: str | None = None, lastmod: str | None = None,
                    raw_sha256: str | None = None, text_sha256: str | None = None,
                    doc_id: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO pages (url, source, kind, status, reason, etag, last_modified, lastmod, raw_sha256, "
            "text_sha256, doc_id, checked_at) VALUES (?, ?, 'article', ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET source=excluded.source, status=excluded.status, "
            "reason=excluded.reason, etag=excluded.etag, last_modified=excluded.last_modified, "
            "lastmod=COALESCE(excluded.lastmod, pages.lastmod), raw_sha256=excluded.raw_sha256, "
            "text_sha256=COALESCE(excluded.text_sha256, pages.text_sha256), "
            "doc_id=COALESCE(excluded.doc_id, pages.doc_id), checked_at=excluded.checked_at",
            (url, source, status, reason, etag, last_modified, lastmod, raw_sha256, text_sha256, doc_id,
             time.time()))

    def touch(self, url: str, lastmod: str | None = None) -> None:
        self.db.execute("UPDATE pages SET checked_at = ?, lastmod = COALESCE(?, lastmod) WHERE url = ?",
                        (time.time(), lastmod, url))

    # -- identical texts ------------------------------------------------------------------------------
    def text_owner(self, text_sha256: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM texts WHERE text_sha256 = ?", (text_sha256,)).fetchone()
        return dict(row) if row else None

    def add_text(self, text_sha256: str, doc_id: str, url: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO texts (text_sha256, doc_id, url) VALUES (?, ?, ?)",
                        (text_sha256, doc_id, url))

    # -- stories (which document is the original of which) ------------------------------------------
    def record_story(self, doc_id: str, url: str, original: str | None, published: str | None) -> None:
        self.db.execute("INSERT INTO stories (doc_id, url, original, published) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(doc_id) DO UPDATE SET url=excluded.url, original=excluded.original, "
                        "published=excluded.published", (doc_id, url, original, published))

    def story_root(self, doc_id: str, url: str) -> dict[str, Any]:
        """The original of the story `doc_id` belongs to: doc_id, url, published (from an earlier
        run or earlier in this one). A document the state has no story row for is its own original."""
        row = self.db.execute("SELECT * FROM stories WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None and row["original"]:
            root = self.db.execute("SELECT * FROM stories WHERE doc_id = ?", (row["original"],)).fetchone()
            if root is not None:
                return {"doc_id": root["doc_id"], "url": root["url"], "published": root["published"]}
            return {"doc_id": row["original"], "url": None, "published": None}
        return {"doc_id": doc_id, "url": url, "published": row["published"] if row is not None else None}

    # -- near duplicates ----------------------------------------------------------------------------
    def candidates(self, bands: list[str]) -> list[dict[str, Any]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            f"SELECT DISTINCT s.doc_id, s.url, s.source, s.sig FROM bands b JOIN signatures s "
            f"ON s.doc_id = b.doc_id WHERE b.band IN ({marks})", bands).fetchall()
        return [{**dict(r), "sig": json.loads(r["sig"])} for r in rows]

    def replace_signature(self, old_doc_id: str, doc_id: str, url: str, source: str, sig: list[int],
                          bands: list[str]) -> None:
        """`doc_id` becomes the indexed original of the story `old_doc_id` was indexed for."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM signatures WHERE doc_id = ?", (old_doc_id,))
            self.db.execute("DELETE FROM bands WHERE doc_id = ?", (old_doc_id,))
        self.add_signature(doc_id, url, source, sig, bands)

    def add_signature(self, doc_id: str, url: str, source: str, sig: list[int], bands: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("INSERT OR REPLACE INTO signatures (doc_id, url, source, sig) VALUES (?, ?, ?, ?)",
                            (doc_id, url, source, json.dumps(sig)))
            self.db.execute("DELETE FROM bands WHERE doc_id = ?", (doc_id,))
            self.db.executemany("INSERT OR IGNORE INTO bands (band, doc_id) VALUES (?, ?)",
                                [(b, doc_id) for b in bands])
