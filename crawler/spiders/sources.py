"""The one spider: reads the sources, discovers articles through feeds, sitemaps and listing pages
on each source's own hosts, and yields fetched pages (PageItem) to the item pipelines.

Run by `crawler.worker` in a child process (see `crawler.run.crawl`); `scrapy crawl sources -a
job=JOB.json` works too. Everything it reports goes into the job's summary file; one broken page
or source never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import task
from twisted.python.failure import Failure

from crawler.canonical import canonical_url
from crawler.discovery import MAX_SITEMAP_BYTES, Link, gunzip, parse_feed, parse_listing, parse_sitemap, sniff
from crawler.incremental import STAT_KEYS, conditional_headers
from crawler.items import PageItem
from crawler.plan import LinkPlanner, entry_links
from crawler.snapshots import save_snapshot
from crawler.sources import Source
from crawler.state import CrawlState


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def describe_failure(failure: Failure) -> str:
    """One short line for why a request failed."""
    err = failure.value
    if isinstance(err, HttpError):
        return f"HTTP {err.response.status}"
    name = type(err).__name__
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    if "TimeoutError" in name or "took longer than" in text:
        return f"timed out ({text})" if text else "timed out"
    if isinstance(err, IgnoreRequest) and text:
        return text
    if name == "DownloadCancelledError":
        return f"cut off: {text}" if text else "cut off: larger than the download max size (DOWNLOAD_MAXSIZE)"
    if "ConnectionRefused" in name:
        return "connection refused"
    if "DNSLookup" in name:
        return "DNS lookup failed"
    return f"{name}: {text}" if text else name


class SourcesSpider(scrapy.Spider):
    name = "sources"

    def __init__(self, job: str | dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if job is None:
            raise ValueError("SourcesSpider needs job=PATH (a job file written by crawler.run)")
        self.job: dict[str, Any] = json.loads(Path(job).read_text("utf-8")) if isinstance(job, str) else job
        self.sources = {d["name"]: Source.from_dict(d) for d in self.job["sources"]}
        self.hosts = {name: s.own_hosts for name, s in self.sources.items()}
        self.state = CrawlState(Path(self.job["state_dir"]) / "state.sqlite")
        self.known = self.state.articles()  # pages read in earlier runs, as they were at the start
        self.recheck_after = float(self.job.get("recheck_after", 7 * 86400))
        self.stats_by_source: dict[str, Counter[str]] = defaultdict(Counter)
        self.reasons: Counter[str] = Counter()
        self.errors: list[str] = []
        self.dropped: list[str] = []
        self.answered: set[str] = set()
        self.planner = LinkPlanner(self.known, self.recheck_after)  # the pre-check plans with it too
        self._totals: Counter[str] = Counter()
        self._parent = self.job.get("parent_pid")
        self._watch: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourcesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.item_error, signal=signals.item_error)
        crawler.signals.connect(spider.spider_error, signal=signals.spider_error)
        crawler.signals.connect(spider.closed_write_summary, signal=signals.spider_closed)
        crawler.signals.connect(spider.opened, signal=signals.spider_opened)
        return spider

    # -- reporting ---------------------------------------------------------------------------------
    def event(self, source: str, key: str, n: int = 1) -> None:
        self.stats_by_source[source][key] += n
        self._totals[key] += n
        if self.job.get("progress"):
            sys.stdout.write(json.dumps({"event": key, "n": self._totals[key]}) + "\n")
            sys.stdout.flush()

    def error(self, source: str, url: str, reason: str) -> None:
        line = f"{source}: {url}: {reason}"
        self.errors.append(line)
        self.logger.warning(line)
        self.event(source, "errors")

    def opened(self, spider: scrapy.Spider) -> None:
        if self._parent:
            self._watch = task.LoopingCall(self._check_parent)
            self._watch.start(0.5, now=False)

    def _check_parent(self) -> None:
        # The parent died (kill -9): stop at once; the next run resumes from the state and spool.
        if os.getppid() != self._parent:
            os._exit(3)

    # -- requests ----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources.values():
            for kind, urls in (("feed", source.feeds), ("sitemap", source.sitemaps),
                               ("listing", source.start_urls)):
                for url in urls:
                    yield self.entry_request(url, source, kind)
            for url in source.articles:  # read directly: the cited primary sources
                for request in self.article_request(Link(url=url), source):
                    yield request

    def entry_request(self, url: str, source: Source, kind: str) -> scrapy.Request:
        key = canonical_url(url, self.hosts[source.name])
        headers = conditional_headers(self.state.get(key))
        meta: dict[str, Any] = {"source": source.name, "entry": kind, "key": key, "handle_httpstatus_list": [304]}
        if kind == "sitemap":
            meta["download_maxsize"] = MAX_SITEMAP_BYTES  # the sitemap protocol allows 50 MB
        return scrapy.Request(url, callback=self.parse_entry, errback=self.on_error, headers=headers,
                              dont_filter=True, priority=10, meta=meta)

    def article_request(self, link: Link, source: Source) -> Iterator[scrapy.Request]:
        decision = self.planner.article(source, link)
        if decision.action == "off-host":
            self.reasons["off-host link not followed"] += 1
            self.stats_by_source[source.name]["offhost"] += 1
        elif decision.action in ("unchanged", "skipped"):
            self.event(source.name, decision.action)
        elif decision.action == "ask" and decision.key is not None:
            row, key = decision.row, decision.key
            headers = conditional_headers(row) if row and row.get("status") == "stored" else {}
            yield scrapy.Request(key, callback=self.parse_article, errback=self.on_error, headers=headers,
                                 meta={"source": source.name, "key": key, "hint": link.__dict__,
                                       "handle_httpstatus_list": [304]})

    # -- callbacks ---------------------------------------------------------------------------------
    def parse_entry(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        source = self.sources[meta["source"]]
        key = meta["key"]
        self.answered.add(source.name)
        self.event(source.name, "entries")
        if response.status == 304:
            links = [Link(**d) for d in self.state.entry_links(key)]
        else:
            snapshot_dir = self.settings.get("CLAIMTRACK_SNAPSHOT_DIR")
            if snapshot_dir:  # feeds and listings are evidence too (what linked to what, when)
                save_snapshot(snapshot_dir, response.body)
            try:
                links = self._discover(response, source)
            except Exception as err:  # one broken feed never stops the crawl
                detail = str(err) if isinstance(err, ValueError) else f"{type(err).__name__}: {err}"
                self.error(source.name, response.url, f"cannot read {meta['entry']}: {detail}")
                return
            self.state.record_entry(key, source.name, etag=_header(response, "ETag"),
                                    last_modified=_header(response, "Last-Modified"),
                                    links=[link.__dict__ for link in links],
                                    raw_sha256=hashlib.sha256(response.body).hexdigest())
        children, articles = entry_links(source, meta["entry"], links)
        for link in children:
            yield self.entry_request(link.url, source, "sitemap")
        for link in articles:
            yield from self.article_request(link, source)

    def _discover(self, response: Response, source: Source) -> list[Link]:
        body = response.body
        kind = sniff(body)
        if kind == "gzip":
            body = gunzip(body)
            kind = sniff(body)
        if kind == "feed":
            return parse_feed(body, response.url)
        if kind in ("sitemap", "sitemapindex"):
            return parse_sitemap(body, response.url)
        if kind == "xml":
            raise ValueError("XML that is neither a feed nor a sitemap")
        if response.meta.get("entry") in ("feed", "sitemap"):
            # a moved feed often answers with the home page: say so instead of crawling it
            raise ValueError(f"not a feed or sitemap but an HTML page ({_header(response, 'Content-Type')})")
        if not isinstance(response, TextResponse):
            raise ValueError(f"not a feed, sitemap or HTML page ({_header(response, 'Content-Type')})")
        return parse_listing(response.text, response.url, source.follow)

    def parse_article(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        source = self.sources[meta["source"]]
        key = meta["key"]
        hint = meta.get("hint") or {}
        self.event(source.name, "pages")
        if response.status == 304:
            self.state.touch(key, hint.get("lastmod"))
            self.event(source.name, "unchanged")
            return
        html = response.text if isinstance(response, TextResponse) else None
        yield PageItem(
            url=key, fetched_url=response.url, source=source.name, lang=source.lang, primary=source.primary,
            status=response.status, content_type=_header(response, "Content-Type") or "",
            body=response.body, html=html, encoding=getattr(response, "encoding", None),
            fetched_at=utcnow(), etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"), hint=hint)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("source", "?")
        reason = describe_failure(failure)
        if isinstance(failure.value, IgnoreRequest) and "robots.txt" in str(failure.value):
            line = f"{source}: {request.url}: forbidden by robots.txt"
            self.dropped.append(line)
            self.reasons["forbidden by robots.txt"] += 1
            self.event(source, "skipped")
            return
        first_url = (request.meta.get("redirect_urls") or [request.url])[0]
        self.error(source, first_url, reason)

    # -- pipeline outcomes -------------------------------------------------------------------------
    def item_dropped(self, item: Any, response: Response, exception: Exception, spider: Any = None) -> None:
        reason = str(exception) or type(exception).__name__
        if isinstance(item, PageItem):
            if reason.startswith("unchanged"):
                self.event(item.source, "unchanged")
                return
            self.dropped.append(f"{item.source}: {item.url}: {reason}")
            self.reasons[reason.split(":")[0]] += 1
            self.event(item.source, "dropped")
            self.state.record_page(item.url, item.source, status="dropped", reason=reason, etag=item.etag,
                                   last_modified=item.last_modified, lastmod=item.hint.get("lastmod"),
                                   raw_sha256=item.raw_sha256)

    def item_error(self, item: Any, response: Response, spider: Any = None, failure: Failure | None = None
                   ) -> None:
        if isinstance(item, PageItem):
            err = failure.value if failure is not None else None
            self.error(item.source, item.url, f"processing failed: {type(err).__name__}: {err}")

    def spider_error(self, failure: Failure, response: Response, spider: Any = None) -> None:
        source = response.meta.get("source", "?") if response is not None else "?"
        err = failure.value
        self.error(source, getattr(response, "url", "?"), f"spider error: {type(err).__name__}: {err}")

    def closed_write_summary(self, spider: scrapy.Spider, reason: str) -> None:
        if self._watch is not None and self._watch.running:
            self._watch.stop()
        failed = [name for name, s in self.sources.items() if s.entry_points and name not in self.answered]
        per_source = {name: {k: self.stats_by_source[name].get(k, 0) for k in STAT_KEYS}
                      for name in self.sources}
        summary = {"reason": reason, "per_source": per_source, "errors": self.errors,
                   "dropped": self.dropped, "drop_reasons": dict(self.reasons), "failed_sources": failed}
        path = Path(self.job["summary_path"])
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, path)
        self.state.close()
