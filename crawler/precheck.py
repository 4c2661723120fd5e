"""The pre-check: before starting the spider process, is there anything to do at all?

Starting the spider costs about half a second (Scrapy and Twisted imports, the engine) however
little it has to do. So `crawl()` first asks, in-process and with the standard library, every
entry point (feed, sitemap, listing page, and the nested sitemaps its stored links name) with the
validators of the crawl state, one request at a time. The spider is not started only when

  * there is no unacknowledged spool file (a killed or unstored run hands its documents over),
  * every entry point was read before and answers 304, or 200 with the very bytes read last time
    (SHA-256; their snapshot is kept already),
  * every article link they give is a known page not due for its recheck, an off-host link, over
    the source's `max_pages`, or (robots.txt obeyed) forbidden by robots.txt: decided link by link
    by the spider's own planner (`crawler.plan.LinkPlanner`, `entry_links`), so the two count alike.

What is left here is the network: the conditional requests, robots.txt and politeness, with the
standard library instead of Scrapy's engine (whose start-up is the cost this saves).

Anything else (a new link, a page due, a changed entry, an HTTP error, a timeout, a redirect, a
robots.txt that cannot be read or forbids an entry point, a bug here) means "run the spider": it
asks again and reports whatever failed exactly as it always has. Nothing is hidden by the
pre-check; it can only skip a run that would have found nothing.

Politeness: robots.txt is read first for each host when the run obeys it (the same parser,
Protego, and user agent as the spider), requests go one at a time with the run's download delay
between two to the same host, and the spider starts only once that delay has passed after the
pre-check's last request to a host.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import time
import urllib.error
import urllib.request
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from crawler import settings as crawler_settings
from crawler.canonical import canonical_url
from crawler.incremental import STAT_KEYS, conditional_headers
from crawler.plan import LinkPlanner, entry_links
from crawler.snapshots import snapshot_path
from crawler.sources import Source
from crawler.spool import spool_files
from crawler.state import CrawlState
from crawler.worker import NOT_POLITE

PRECHECK_TIMEOUT = 10.0  # seconds per request at most (less when DOWNLOAD_TIMEOUT is less)
MAX_ENTRY_RESPONSES = 1000  # entry points plus nested sitemaps; beyond that let the spider do it
SCRAPY_DEFAULT_HEADERS = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                          "Accept-Language": "en"}
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Scrapy's HttpCompressionMiddleware sends


class SpiderNeeded(Exception):
    """Why the spider has to run."""


@dataclass
class PrecheckResult:
    unchanged: bool  # True: nothing to do, the spider need not start
    reason: str  # why the spider is needed (empty when unchanged)
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    drop_reasons: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    log: list[str] = field(default_factory=list)
    last_request: dict[str, float] = field(default_factory=dict)  # host -> time.monotonic()
    delay: float = 0.0

    def wait_politely(self) -> None:
        """Before the spider starts: the download delay since the last request to any host."""
        if self.delay <= 0 or not self.last_request:
            return
        pause = max(self.last_request.values()) + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)


def _setting(name: str, polite: bool, overrides: dict[str, Any]) -> Any:
    """A Scrapy setting as the spider process will see it (crawler.worker.scrapy_settings)."""
    if name in overrides:
        return overrides[name]
    if not polite and name in NOT_POLITE:
        return NOT_POLITE[name]
    return getattr(crawler_settings, name, None)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is the spider's business (loops, final URLs): raise HTTPError


def _escape(url: str) -> str:
    """The URL as Scrapy's Request sends it."""
    if url.isascii() and " " not in url:
        return url
    from w3lib.url import safe_url_string

    return safe_url_string(url)


def _decode(body: bytes, content_encoding: str | None, limit: int) -> bytes:
    """Undo Content-Encoding as Scrapy's HttpCompressionMiddleware does."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            body = inflater.decompress(body, limit + 1)
        elif coding == "deflate":
            try:
                body = zlib.decompressobj().decompress(body, limit + 1)
            except zlib.error:
                body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, limit + 1)
        elif coding == "br":
            import brotli

            body = brotli.decompress(body)
        elif coding == "zstd":
            try:
                from compression import zstd  # type: ignore[import-not-found]
            except ImportError:
                from backports import zstd  # type: ignore[import-not-found,no-redef]
            body = zstd.decompress(body)
        else:
            raise SpiderNeeded(f"unknown Content-Encoding {coding!r}")
        if len(body) > limit:
            raise SpiderNeeded(f"larger than {limit} bytes once decompressed")
    return body


def _round_robin(fetches: list[tuple[str, str, str, dict[str, Any], str]]) -> list[Any]:
    """One host after another, so the download delay of a host passes while others are asked."""
    by_host: dict[str, list[Any]] = defaultdict(list)
    for fetch in fetches:
        by_host[(urlsplit(fetch[1]).hostname or "").lower()].append(fetch)
    queues = list(by_host.values())
    ordered: list[Any] = []
    while queues:
        ordered.extend(queue.pop(0) for queue in queues)
        queues = [queue for queue in queues if queue]
    return ordered


class _Precheck:
    def __init__(self, sources: list[Source], state_dir: Path, snapshot_dir: Path, *, user_agent: str,
                 polite: bool, overrides: dict[str, Any], recheck_after: float) -> None:
        self.sources = sources
        self.state_dir = state_dir
        self.snapshot_dir = snapshot_dir
        self.recheck_after = recheck_after
        self.obey_robots = bool(_setting("ROBOTSTXT_OBEY", polite, overrides))
        delay = float(_setting("DOWNLOAD_DELAY", polite, overrides) or 0)
        if _setting("AUTOTHROTTLE_ENABLED", polite, overrides):
            delay = max(delay, float(_setting("AUTOTHROTTLE_START_DELAY", polite, overrides) or 0))
        self.delay = delay
        self.timeout = min(PRECHECK_TIMEOUT, float(_setting("DOWNLOAD_TIMEOUT", polite, overrides) or 180))
        self.max_size = int(_setting("DOWNLOAD_MAXSIZE", polite, overrides) or 0) or 50 * 1024 * 1024
        self.user_agent = str(overrides.get("USER_AGENT") or user_agent)
        self.robots_agent = str(overrides.get("ROBOTSTXT_USER_AGENT") or self.user_agent)
        self.headers = {**dict(overrides.get("DEFAULT_REQUEST_HEADERS") or SCRAPY_DEFAULT_HEADERS),
                        "User-Agent": self.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
        self.opener = urllib.request.build_opener(_NoRedirect)
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.reasons: Counter[str] = Counter()
        self.dropped: list[str] = []
        self.planner: LinkPlanner | None = None
        self.entry_responses = 0
        self.fetches: dict[str, tuple[str, dict[str, Any], str]] = {}  # key -> (url, state row, source)
        self.new_pages: list[tuple[str, str]] = []  # (source, url): not read before, robots decides
        self.robots: dict[str, Any] = {}
        self.last_request: dict[str, float] = {}
        self.requests = 0
        self.log: list[str] = []
        self.state: CrawlState | None = None

    def note(self, message: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        self.log.append(f"{stamp} [crawler.precheck] {message}")

    # -- without the network: what the spider would do if every entry point answered 304 ----------
    def plan(self) -> None:
        if spool_files(self.state_dir / "spool"):
            raise SpiderNeeded("unacknowledged spool files (documents not stored yet)")
        db = self.state_dir / "state.sqlite"
        if not db.is_file():
            raise SpiderNeeded("no crawl state yet")
        self.state = CrawlState(db)
        self.planner = LinkPlanner(self.state.articles(), self.recheck_after)
        for source in self.sources:
            hosts = source.own_hosts
            for kind, urls in (("feed", source.feeds), ("sitemap", source.sitemaps),
                               ("listing", source.start_urls)):
                for url in urls:
                    self._entry(source, hosts, url, kind, ())
            for url in source.articles:
                self._article(source, SimpleNamespace(url=url, kind="article", lastmod=None))

    def _entry(self, source: Source, hosts: frozenset[str], url: str, kind: str, parents: tuple[str, ...]) -> None:
        assert self.state is not None
        key = canonical_url(url, hosts)
        if key in parents:
            raise SpiderNeeded(f"{url}: a sitemap that lists itself")
        self.entry_responses += 1
        if self.entry_responses > MAX_ENTRY_RESPONSES:
            raise SpiderNeeded(f"more than {MAX_ENTRY_RESPONSES} feeds and sitemaps")
        row = self.state.get(key)
        if row is None or row.get("kind") != "entry":
            raise SpiderNeeded(f"{url}: entry point not read before")
        if not (row.get("etag") or row.get("last_modified") or row.get("raw_sha256")):
            raise SpiderNeeded(f"{url}: no ETag, Last-Modified or hash from last time")
        self.fetches.setdefault(key, (url, row, source.name))
        self.counts[source.name]["entries"] += 1
        links = [SimpleNamespace(**{"kind": "article", "lastmod": None, **d})
                 for d in json.loads(row.get("links") or "[]")]
        children, articles = entry_links(source, kind, links)
        for link in articles:
            self._article(source, link)
        for link in children:
            self._entry(source, hosts, link.url, "sitemap", (*parents, key))

    def _article(self, source: Source, link: Any) -> None:
        assert self.planner is not None
        decision = self.planner.article(source, link)
        if decision.action == "off-host":
            self.reasons["off-host link not followed"] += 1
        elif decision.action in ("unchanged", "skipped"):
            self.counts[source.name][decision.action] += 1
        elif decision.action == "ask" and decision.row is not None:
            raise SpiderNeeded(f"{decision.key}: due for a recheck")
        elif decision.action == "ask":
            if not self.obey_robots:
                raise SpiderNeeded(f"{decision.key}: a page not read before")
            self.new_pages.append((source.name, str(decision.key)))

    # -- the network: robots.txt, then each entry point conditionally -----------------------------
    def verify(self) -> None:
        assert self.state is not None
        for source_name, key in self.new_pages:  # first: no entry request when a new page is there
            url = _escape(key)
            if self._allowed(url):
                raise SpiderNeeded(f"{key}: a page not read before")
            self.dropped.append(f"{source_name}: {url}: forbidden by robots.txt")
            self.reasons["forbidden by robots.txt"] += 1
            self.counts[source_name]["skipped"] += 1
        fetches = [(key, _escape(url), url, row, name) for key, (url, row, name) in self.fetches.items()]
        if self.obey_robots:
            for _, target, url, _, _ in fetches:  # robots.txt of every host first, then the entries
                if not self._allowed(target):
                    raise SpiderNeeded(f"{url}: forbidden by robots.txt (the spider reports it)")
        updates = []
        for key, target, url, row, source_name in _round_robin(fetches):
            status, headers, body = self._get(target, conditional_headers(row))
            if status == 304:
                self.note(f"{url}: 304 not modified")
                continue
            if status != 200 or body is None:
                raise SpiderNeeded(f"{url}: HTTP {status}")
            try:
                body = _decode(body, headers.get("Content-Encoding"), self.max_size)
            except (zlib.error, ValueError, OSError, ImportError) as err:
                raise SpiderNeeded(f"{url}: cannot decode ({type(err).__name__}: {err})") from None
            sha = hashlib.sha256(body).hexdigest()
            if sha != row.get("raw_sha256") or not snapshot_path(self.snapshot_dir, sha).is_file():
                raise SpiderNeeded(f"{url}: changed (HTTP 200, other bytes than last time)")
            self.note(f"{url}: 200 with the same bytes as last time")
            updates.append((key, source_name, headers, row))
        for key, source_name, headers, row in updates:  # as the spider records a 200
            self.state.record_entry(key, source_name, etag=headers.get("ETag"),
                                    last_modified=headers.get("Last-Modified"),
                                    links=json.loads(row.get("links") or "[]"), raw_sha256=row["raw_sha256"])

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        netloc = parts.netloc
        if netloc not in self.robots:
            from protego import Protego

            status, headers, body = self._get(f"{parts.scheme}://{netloc}/robots.txt", {})
            if status == 200 and body is not None:
                text = _decode(body, headers.get("Content-Encoding"), self.max_size).decode("utf-8-sig", "ignore")
            elif 400 <= status < 500:
                text = ""  # no robots.txt: everything allowed (the spider parses the error page: the same)
            else:
                raise SpiderNeeded(f"{netloc}/robots.txt: HTTP {status}")
            self.robots[netloc] = Protego.parse(text)
        return bool(self.robots[netloc].can_fetch(url, self.robots_agent))

    def _get(self, url: str, headers: dict[str, str]) -> tuple[int, Any, bytes | None]:
        host = (urlsplit(url).hostname or "").lower()
        if self.delay > 0 and host in self.last_request:
            pause = self.last_request[host] + self.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        request = urllib.request.Request(url, headers={**self.headers, **headers})
        self.requests += 1
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_size:
                    raise SpiderNeeded(f"{url}: larger than {self.max_size} bytes")
                body = response.read(self.max_size + 1)
                if len(body) > self.max_size:
                    raise SpiderNeeded(f"{url}: larger than {self.max_size} bytes")
                return response.status, response.headers, body
        except urllib.error.HTTPError as err:  # 304, 3xx (not followed), 4xx, 5xx
            err.close()
            return err.code, err.headers, None
        except (OSError, http.client.HTTPException, ValueError) as err:
            raise SpiderNeeded(f"{url}: {type(err).__name__}: {err}") from None
        finally:
            self.last_request[host] = time.monotonic()

    def result(self, unchanged: bool, reason: str) -> PrecheckResult:
        names = [s.name for s in self.sources]
        per_source = {name: {k: self.counts[name].get(k, 0) for k in STAT_KEYS} for name in names}
        return PrecheckResult(unchanged=unchanged, reason=reason, per_source=per_source, dropped=self.dropped,
                              drop_reasons=dict(self.reasons), requests=self.requests, log=self.log,
                              last_request=dict(self.last_request), delay=self.delay)


def precheck(sources: Iterable[Source], state_dir: str | Path, snapshot_dir: str | Path, *, user_agent: str,
             polite: bool = True, overrides: dict[str, Any] | None = None,
             recheck_after: float = 7 * 86400) -> PrecheckResult:
    """Whether a crawl of `sources` over `state_dir` would find nothing new (see the module doc).
    Never raises for what the web does: any doubt is `unchanged=False` with the reason."""
    check = _Precheck(list(sources), Path(state_dir), Path(snapshot_dir), user_agent=user_agent, polite=polite,
                      overrides=dict(overrides or {}), recheck_after=recheck_after)
    started = time.perf_counter()
    try:
        check.plan()
        check.verify()
    except SpiderNeeded as why:
        check.note(f"spider needed: {why} ({check.requests} request(s), "
                   f"{time.perf_counter() - started:.3f} s)")
        return check.result(False, str(why))
    finally:
        if check.state is not None:
            check.state.close()
    entries = sum(c["entries"] for c in check.counts.values())
    unchanged = sum(c["unchanged"] for c in check.counts.values())
    check.note(f"nothing changed: {entries} entry point response(s) in {check.requests} request(s), "
               f"{unchanged} known page(s) not due; spider not started "
               f"({time.perf_counter() - started:.3f} s)")
    return check.result(True, "")
