"""The pre-check of `crawl()` (crawler.precheck): an unchanged second run asks only for the entry
points, conditionally, from the parent process, and starts no spider; anything changed, due, new or
failing starts the spider exactly as before. Real spider and real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from claimtrack.settings import Settings
from crawler import crawl, load_sources
from crawler.serve import DirectoryHandler, serve_directory_server
from crawler.state import CrawlState

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"

pytestmark = pytest.mark.slow

SOURCES = r"""
[[source]]
name = "Alpha Gazette"
lang = "en"
sitemaps = ["{base}/alpha/sitemap-index.xml"]

[[source]]
name = "贝塔晨报"
lang = "zh"
feeds = ["{base}/beta/atom.xml"]

[[source]]
name = "Delta Review"
lang = "en"
start_urls = ["{base}/delta/index.html"]
follow = ["/delta/story-\\d+\\.html"]

[[source]]
name = "Epsilon Wire"
lang = "en"
start_urls = ["{base}/epsilon/index.html"]
follow = ["/epsilon/2025/"]
"""

# a sitemap index: two nested sitemaps on the source's host (one also lists an off-host page) and
# one on another host, which is never followed
INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/alpha/sitemap-1.xml</loc><lastmod>2025-05-07</lastmod></sitemap>
  <sitemap><loc>{base}/alpha/sitemap-2.xml</loc><lastmod>2025-05-06</lastmod></sitemap>
  <sitemap><loc>http://offhost.invalid/alpha/sitemap-3.xml</loc></sitemap>
</sitemapindex>
"""
SITEMAP_1 = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}/alpha/2025/buoy.html</loc><lastmod>2025-05-06</lastmod></url>
</urlset>
"""
SITEMAP_2 = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}/alpha/2025/pears.html</loc><lastmod>2025-05-07</lastmod></url>
  <url><loc>http://offhost.invalid/alpha/2025/elsewhere.html</loc></url>
</urlset>
"""
ENTRY_POINTS = ["/alpha/sitemap-index.xml", "/alpha/sitemap-1.xml", "/alpha/sitemap-2.xml", "/beta/atom.xml",
                "/delta/index.html", "/epsilon/index.html"]


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    for name in ("alpha", "beta", "delta", "epsilon"):
        shutil.copytree(SITES / name, root / name)
    for name, text in (("sitemap-index.xml", INDEX), ("sitemap-1.xml", SITEMAP_1), ("sitemap-2.xml", SITEMAP_2)):
        (root / "alpha" / name).write_text(text, "utf-8")
    (tmp_path / "sources.toml").write_text(SOURCES, "utf-8")
    return tmp_path


def _crawl(tmp: Path, server, **kw):
    sources = load_sources(tmp / "sources.toml", base=server.base_url)
    server.hits.clear()
    result = crawl(sources, settings=Settings(data_dir=tmp / "data"), state_dir=tmp / "state",
                   **{"polite": False, **kw})
    result.acknowledge()
    return result


def _log(result) -> str:
    return result.log_path.read_text("utf-8")


def _summary(result) -> dict:
    return json.loads(result.log_path.with_suffix(".summary.json").read_text("utf-8"))


def _bump(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    later = time.time() + 10
    os.utime(path, (later, later))


def test_unchanged_second_run_asks_only_the_entry_points_and_starts_no_spider(site):
    events: list[tuple[str, int]] = []
    with serve_directory_server(site / "site") as server:
        first = _crawl(site, server)
        second = _crawl(site, server, progress=lambda e, n: events.append((e, n)))
        hits = list(server.hits)
    assert len(first.documents) == 10 and first.errors == []
    # each entry point (nested sitemaps included) asked for once, by the pre-check: the spider,
    # which would ask for them again, never started
    assert sorted(hits) == sorted(ENTRY_POINTS)
    assert second.documents == [] and second.errors == [] and second.failed_sources == [] and second.spool == []
    assert "spider not started" in _log(second) and "Spider opened" not in _log(second)
    assert _summary(second)["reason"].startswith("unchanged")
    assert second.per_source["Alpha Gazette"] == {"entries": 3, "pages": 0, "articles": 0, "dropped": 0,
                                                  "unchanged": 2, "skipped": 0, "errors": 0}
    assert sum(s["unchanged"] for s in second.per_source.values()) == 10
    assert set(second.drop_reasons) == {"off-host link not followed"}  # sitemap-2 and a listing
    finals = dict(events)
    assert finals == {"entries": 6, "unchanged": 10}


def test_precheck_counts_what_the_spider_would(site):
    """The same unchanged state crawled by the spider (an unacknowledged spool file makes it run)
    and by the pre-check: the same counts and reasons."""
    with serve_directory_server(site / "site") as server:
        _crawl(site, server)
        (site / "state" / "spool" / "left-over.jsonl").write_text("", "utf-8")
        by_spider = _crawl(site, server)
        spider_hits = list(server.hits)
        by_precheck = _crawl(site, server)
    assert "unacknowledged spool" in _log(by_spider) and "spider not started" not in _log(by_spider)
    assert sorted(set(spider_hits)) == sorted(ENTRY_POINTS)  # the spider asked for the same, and nothing else
    assert "spider not started" in _log(by_precheck)
    assert by_precheck.per_source == by_spider.per_source
    assert by_precheck.drop_reasons == by_spider.drop_reasons
    assert by_precheck.dropped == by_spider.dropped == []


def test_changed_feed_runs_the_spider(site):
    atom = site / "site" / "beta" / "atom.xml"
    page = site / "site" / "beta" / "2025" / "tea.html"
    with serve_directory_server(site / "site") as server:
        _crawl(site, server)
        page.write_bytes(page.read_bytes().replace("三天".encode("gbk"), "四天".encode("gbk")))
        _bump(atom, "<updated>2025-05-09T07:00:00+08:00</updated>", "<updated>2025-05-11T07:00:00+08:00</updated>")
        second = _crawl(site, server)
        hits = list(server.hits)
    assert "spider needed" in _log(second) and "/beta/atom.xml: changed" in _log(second)
    assert [d.title for d in second.documents] == ["茶园里的气象站"]
    assert hits.count("/beta/atom.xml") == 2  # the pre-check, then the spider
    assert "/beta/2025/tea.html" in hits


def test_changed_nested_sitemap_runs_the_spider(site):
    nested = site / "site" / "alpha" / "sitemap-2.xml"
    with serve_directory_server(site / "site") as server:
        _crawl(site, server)
        _bump(nested, "<lastmod>2025-05-07</lastmod>", "<lastmod>2025-05-08</lastmod>")
        second = _crawl(site, server)
        hits = list(server.hits)
    assert "/alpha/sitemap-2.xml: changed" in _log(second)
    assert "/alpha/2025/pears.html" in hits  # its date moved: asked for again (conditionally)
    assert second.per_source["Alpha Gazette"]["pages"] == 1 and second.documents == []


def test_page_due_for_recheck_runs_the_spider(site):
    with serve_directory_server(site / "site") as server:
        _crawl(site, server)
        second = _crawl(site, server, recheck_after=0)
        hits = list(server.hits)
    assert "due for a recheck" in _log(second) and "spider not started" not in _log(second)
    assert sum(h.endswith(".html") and "/2025/" in h for h in hits) >= 8  # the articles, asked again
    assert sum(s["pages"] for s in second.per_source.values()) == 10
    assert second.documents == []


def test_new_link_runs_the_spider(site):
    listing = site / "site" / "delta" / "index.html"
    (site / "site" / "delta" / "story-3.html").write_bytes((site / "site" / "delta" / "story-1.html").read_bytes())
    with serve_directory_server(site / "site") as server:
        _crawl(site, server)
        _bump(listing, "</ul>", '<li><a href="/delta/story-3.html">Three</a></li></ul>')
        second = _crawl(site, server)
        hits = list(server.hits)
    assert "spider needed" in _log(second) and "/delta/story-3.html" in hits


class _FailingFeed(DirectoryHandler):
    fail = False

    def route(self, path: str) -> bool:
        if self.fail and path == "/beta/atom.xml":
            self.send_text(500, "internal error")
            return True
        return False


def test_entry_point_failing_in_the_precheck_is_reported_by_the_spider(site):
    _FailingFeed.fail = False
    with serve_directory_server(site / "site", handler=_FailingFeed) as server:
        _crawl(site, server)
        _FailingFeed.fail = True
        second = _crawl(site, server, overrides={"RETRY_TIMES": 0})
        hits = list(server.hits)
    _FailingFeed.fail = False
    assert "/beta/atom.xml: HTTP 500" in _log(second) and "spider needed" in _log(second)
    assert hits.count("/beta/atom.xml") == 2  # the pre-check, then the spider (no retry)
    assert second.failed_sources == ["贝塔晨报"]
    assert len(second.errors) == 1 and second.errors[0].startswith("贝塔晨报: ")
    assert second.errors[0].endswith("/beta/atom.xml: HTTP 500")
    assert second.per_source["Delta Review"]["unchanged"] == 2  # the others as usual


class _IgnoresValidators(DirectoryHandler):
    """A server that never answers 304 (many do not): the bytes decide."""

    def _not_modified(self, etag: str, mtime: int | None) -> bool:
        return False


def test_same_bytes_without_304_count_as_unchanged(site):
    with serve_directory_server(site / "site", handler=_IgnoresValidators) as server:
        _crawl(site, server)
        state = CrawlState(site / "state" / "state.sqlite")
        state.db.execute("UPDATE pages SET etag = 'stale' WHERE kind = 'entry'")
        state.close()
        second = _crawl(site, server)
        hits = list(server.hits)
    assert "spider not started" in _log(second) and "200 with the same bytes" in _log(second)
    assert sorted(hits) == sorted(ENTRY_POINTS)
    state = CrawlState(site / "state" / "state.sqlite")
    etags = {row[0] for row in state.db.execute("SELECT etag FROM pages WHERE kind = 'entry'")}
    state.close()
    assert "stale" not in etags  # the validators the server gave this time are kept, as the spider does


class _Clock(DirectoryHandler):
    times: list[tuple[str, float]] = []

    def route(self, path: str) -> bool:
        self.times.append((path, time.monotonic()))
        return False


def test_polite_precheck_reads_robots_and_spaces_requests(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "delta", root / "delta")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /delta/story-2.html\n", "utf-8")
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nname = "Delta Review"\nstart_urls = ["{base}/delta/index.html"]\n'
        'follow = ["/delta/story-\\\\d+\\\\.html"]\n', "utf-8")
    with serve_directory_server(root, handler=_Clock) as server:
        sources = load_sources(tmp_path / "sources.toml", base=server.base_url)
        settings = Settings(data_dir=tmp_path / "data")
        first = crawl(sources, settings=settings, state_dir=tmp_path / "state")
        first.acknowledge()
        _Clock.times = []
        second = crawl(sources, settings=settings, state_dir=tmp_path / "state")
        times = list(_Clock.times)
        # robots.txt now forbids the listing itself: the spider runs and reports it as before
        (root / "robots.txt").write_text("User-agent: *\nDisallow: /delta/\n", "utf-8")
        third = crawl(sources, settings=settings, state_dir=tmp_path / "state")
    assert [d.url.rsplit("/", 1)[1] for d in first.documents] == ["story-1.html"]
    # robots.txt first, then the listing, a download delay apart; story-2 (forbidden) never asked
    assert [p for p, _ in times] == ["/robots.txt", "/delta/index.html"]
    assert times[1][1] - times[0][1] >= 0.9
    assert "spider not started" in _log(second)
    assert second.per_source["Delta Review"]["unchanged"] == 1 and second.per_source["Delta Review"]["skipped"] == 1
    assert second.dropped == first.dropped and "robots.txt" in second.dropped[0]
    assert second.drop_reasons.get("forbidden by robots.txt") == first.drop_reasons.get("forbidden by robots.txt") == 1
    assert "forbidden by robots.txt (the spider reports it)" in _log(third)
    assert third.failed_sources == ["Delta Review"]
    assert any("index.html" in line and "robots.txt" in line for line in third.dropped)


def test_broken_precheck_falls_back_to_the_spider_which_reports_as_before(site):
    with serve_directory_server(site / "site") as server:
        _crawl(site, server)
        (site / "state" / "state.sqlite").write_bytes(b"not a database" * 100)
        for extra in ("state.sqlite-wal", "state.sqlite-shm"):
            (site / "state" / extra).unlink(missing_ok=True)
        second = _crawl(site, server)
    assert "pre-check failed, the spider runs" in _log(second)
    # the spider meets the same broken state and says so, as it did before the pre-check existed
    assert second.documents == [] and second.errors
    assert sorted(second.failed_sources) == sorted(["Alpha Gazette", "贝塔晨报", "Delta Review", "Epsilon Wire"])
