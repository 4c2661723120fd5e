"""Incremental crawling, duplicates and syndication, overlapping runs: the real spider on loopback."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

import pytest

from claimtrack.settings import Settings
from crawler import CrawlLockedError, crawl, load_sources
from crawler.serve import DirectoryHandler, serve_directory_server
from crawler.snapshots import load_snapshot, snapshot_path
from crawler.state import CrawlState

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"

pytestmark = pytest.mark.slow

SOURCES = r"""
[[source]]
name = "Alpha Gazette"
lang = "en"
sitemaps = ["{base}/alpha/sitemap.xml"]

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

ALPHA_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}/alpha/2025/buoy.html</loc><lastmod>2025-05-06</lastmod></url>
  <url><loc>{base}/alpha/2025/pears.html</loc><lastmod>2025-05-07</lastmod></url>
</urlset>
"""


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    for name in ("alpha", "beta", "delta", "epsilon"):
        shutil.copytree(SITES / name, root / name)
    (root / "alpha" / "sitemap.xml").write_text(ALPHA_SITEMAP, "utf-8")
    (tmp_path / "sources.toml").write_text(SOURCES, "utf-8")
    return tmp_path


def _crawl(tmp: Path, server, **kw):
    sources = load_sources(tmp / "sources.toml", base=server.base_url)
    server.hits.clear()
    result = crawl(sources, settings=Settings(data_dir=tmp / "data"), state_dir=tmp / "state", polite=False,
                   **kw)
    result.acknowledge()
    return result


def _bump(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    later = time.time() + 10
    os.utime(path, (later, later))


def test_second_run_over_unchanged_sites_fetches_nothing_new(site):
    with serve_directory_server(site / "site") as server:
        first = _crawl(site, server)
        first_hits = list(server.hits)
        second = _crawl(site, server)
        second_hits = list(server.hits)
        third = _crawl(site, server, recheck_after=0)  # ask again for everything, conditionally
    assert len(first.documents) == 10 and len(first_hits) >= 14  # 10 articles (one an identical copy)
    assert second.documents == [] and third.documents == []
    # the second run asks only for the entry points (answered 304) and no article at all
    assert sorted(second_hits) == sorted(["/alpha/sitemap.xml", "/beta/atom.xml", "/delta/index.html",
                                          "/epsilon/index.html"])
    assert sum(s["unchanged"] for s in second.per_source.values()) == 10
    assert second.errors == [] and second.failed_sources == []
    # forced recheck: every page asked for with If-None-Match, answered 304, nothing re-extracted
    assert sum(s["unchanged"] for s in third.per_source.values()) == 10
    assert sum(s["articles"] for s in third.per_source.values()) == 0


def test_changed_article_is_re_extracted_and_both_versions_kept(site):
    story = site / "site" / "delta" / "story-1.html"
    with serve_directory_server(site / "site") as server:
        first = _crawl(site, server)
        old = next(d for d in first.documents if d.url.endswith("/delta/story-1.html"))
        _bump(story, "about a third less dough", "about a quarter less dough")
        second = _crawl(site, server, recheck_after=0)
    assert [d.url for d in second.documents] == [old.url]
    new = second.documents[0]
    assert new.id == old.id and "a quarter less dough" in new.text and "a third" not in new.text
    assert new.raw_sha256 != old.raw_sha256
    settings = Settings(data_dir=site / "data")
    assert snapshot_path(settings.snapshot_dir, old.raw_sha256).exists()  # the evidence of before
    assert snapshot_path(settings.snapshot_dir, new.raw_sha256).exists()


def test_feed_date_change_triggers_refetch_without_recheck(site):
    atom = site / "site" / "beta" / "atom.xml"
    page = site / "site" / "beta" / "2025" / "tea.html"
    with serve_directory_server(site / "site") as server:
        _crawl(site, server)
        data = page.read_bytes().replace("三天".encode("gbk"), "四天".encode("gbk"))
        page.write_bytes(data)
        _bump(atom, "<updated>2025-05-09T07:00:00+08:00</updated>", "<updated>2025-05-11T07:00:00+08:00</updated>")
        second = _crawl(site, server)
        hits = list(server.hits)
    assert [d.title for d in second.documents] == ["茶园里的气象站"]
    assert "提前了四天" in second.documents[0].text
    assert "/beta/2025/ferry.html" not in hits and "/beta/2025/tea.html" in hits


def _by_name(result):
    return {d.url.rsplit("/", 1)[1]: d for d in result.documents}


def test_identical_copy_kept_and_linked_and_syndicated_copy_linked(site):
    with serve_directory_server(site / "site") as server:
        result = _crawl(site, server)
    docs = _by_name(result)
    # the same text at another URL (another outlet reprinting it verbatim) is handed over too, so
    # the analyst sees that Epsilon Wire carried the story, linked to the original: one story
    pears, copy = docs["pears.html"], docs["pears-copy.html"]
    assert copy.text == pears.text and copy.site == "Epsilon Wire" and copy.id != pears.id
    assert copy.syndicated_from == pears.id and pears.syndicated_from is None
    assert not any("pears" in line for line in result.dropped), result.dropped
    # its own bytes are evidence like any page's
    raw = load_snapshot(Settings(data_dir=site / "data").snapshot_dir, copy.raw_sha256)
    assert raw == (site / "site" / "epsilon" / "2025" / "pears-copy.html").read_bytes()
    # a reprint with its own intro and a trimmed sentence is kept and linked to the original
    reprint, original = docs["buoy-reprint.html"], docs["buoy.html"]
    assert reprint.syndicated_from == original.id and original.syndicated_from is None
    assert docs["own-story.html"].syndicated_from is None
    assert result.drop_reasons.get("syndicated copy linked") == 1
    assert result.drop_reasons.get("identical copy linked") == 1
    assert sum(d.syndicated_from is not None for d in result.documents) == 2


class _OriginalsLate(DirectoryHandler):
    def route(self, path: str) -> bool:
        if path in ("/alpha/2025/buoy.html", "/alpha/2025/pears.html"):
            time.sleep(1.0)  # the copies (published later) are read first
        return False


def test_original_is_the_earliest_published_whatever_the_crawl_order(site):
    with serve_directory_server(site / "site", handler=_OriginalsLate) as server:
        result = _crawl(site, server)
    docs = _by_name(result)
    for copy_name, original_name in (("buoy-reprint.html", "buoy.html"), ("pears-copy.html", "pears.html")):
        copy, original = docs[copy_name], docs[original_name]
        assert copy.fetched_at <= original.fetched_at
        assert copy.syndicated_from == original.id and original.syndicated_from is None
    assert len(result.documents) == 10  # each document handed over once (the relinked version)
    # a third run-mate of the story would now link to the original too: it is the indexed one
    state = CrawlState(site / "state" / "state.sqlite")
    indexed = {row[0] for row in state.db.execute("SELECT doc_id FROM signatures")}
    story = {row[0]: row[1] for row in state.db.execute("SELECT doc_id, original FROM stories")}
    state.close()
    assert docs["buoy.html"].id in indexed and docs["buoy-reprint.html"].id not in indexed
    assert docs["pears.html"].id in indexed and docs["pears-copy.html"].id not in indexed
    assert story[docs["pears-copy.html"].id] == docs["pears.html"].id and story[docs["pears.html"].id] is None


def test_identical_copy_on_the_same_canonical_url_is_one_document(site):
    epsilon = site / "site" / "epsilon"
    # an AMP variant of Epsilon's copy: same text, rel=canonical to the copy itself
    amp = (epsilon / "2025" / "pears-copy.html").read_text("utf-8").replace(
        "<head>", '<head><link rel="canonical" href="/epsilon/2025/pears-copy.html">', 1)
    (epsilon / "2025" / "pears-copy-amp.html").write_text(amp, "utf-8")
    _bump(epsilon / "index.html", "</ul>", '<li><a href="/epsilon/2025/pears-copy-amp.html">AMP</a></li></ul>')
    with serve_directory_server(site / "site") as server:
        result = _crawl(site, server)
        hits = list(server.hits)
    assert "/epsilon/2025/pears-copy-amp.html" in hits
    urls = [d.url.rsplit("/", 1)[1] for d in result.documents]
    assert urls.count("pears-copy.html") == 1 and "pears-copy-amp.html" not in urls
    assert len(result.documents) == 10
    docs = _by_name(result)
    assert docs["pears-copy.html"].syndicated_from == docs["pears.html"].id
    # the AMP page adds nothing: reported as the same document, no second link
    assert result.drop_reasons.get("identical copy linked") == 1
    assert result.drop_reasons.get("syndicated copy linked") == 1  # the buoy reprint
    (line,) = [line for line in result.dropped if "pears-copy" in line]
    assert "duplicate: same document as" in line and "read already in this run" in line


def test_identical_copies_linked_even_with_near_duplicate_detection_off(site):
    with serve_directory_server(site / "site") as server:
        result = _crawl(site, server, overrides={"CLAIMTRACK_SYNDICATION_THRESHOLD": 0})
    docs = _by_name(result)
    assert docs["pears-copy.html"].syndicated_from == docs["pears.html"].id  # exact: by the text's hash
    assert docs["buoy-reprint.html"].syndicated_from is None  # near: not looked for
    assert "syndicated copy linked" not in result.drop_reasons


def test_across_runs_the_original_already_handed_over_stays(site):
    """What the crawl state allows: an older copy found in a later run links to the story's
    original of the earlier run (that one is stored already), and the run says so."""
    text = (site / "sources.toml").read_text("utf-8")
    (site / "sources.toml").write_text(text.replace('sitemaps = ["{base}/alpha/sitemap.xml"]', 'sitemaps = []'),
                                       "utf-8")
    with serve_directory_server(site / "site") as server:
        first = _crawl(site, server)
        (site / "sources.toml").write_text(text, "utf-8")
        second = _crawl(site, server)
    copy = _by_name(first)["pears-copy.html"]
    assert copy.syndicated_from is None  # the only copy seen so far
    docs = _by_name(second)
    assert sorted(docs) == ["buoy.html", "pears.html"]
    assert docs["pears.html"].syndicated_from == copy.id  # older, but the copy was handed over first
    assert second.drop_reasons.get("older copy linked to an earlier run's original") == 2
    assert docs["buoy.html"].syndicated_from == _by_name(first)["buoy-reprint.html"].id


def test_copies_left_in_the_spool_by_a_killed_run_still_take_the_rule(site):
    """Run 1 reads only Epsilon's copies and is never acknowledged (killed before storing): their
    documents are not stored yet, so the originals read in run 2 still become the originals."""
    text = (site / "sources.toml").read_text("utf-8")
    (site / "sources.toml").write_text(text.replace('sitemaps = ["{base}/alpha/sitemap.xml"]', 'sitemaps = []'),
                                       "utf-8")
    with serve_directory_server(site / "site") as server:
        sources = load_sources(site / "sources.toml", base=server.base_url)
        crawl(sources, settings=Settings(data_dir=site / "data"), state_dir=site / "state", polite=False)
        (site / "sources.toml").write_text(text, "utf-8")
        second = _crawl(site, server)
    docs = _by_name(second)
    assert {"pears-copy.html", "buoy-reprint.html", "pears.html", "buoy.html"} <= docs.keys()
    assert len(second.documents) == len({d.id for d in second.documents})
    for copy_name, original_name in (("buoy-reprint.html", "buoy.html"), ("pears-copy.html", "pears.html")):
        assert docs[copy_name].syndicated_from == docs[original_name].id
        assert docs[original_name].syndicated_from is None
    assert "older copy linked to an earlier run's original" not in second.drop_reasons


def test_lock_stops_overlapping_runs(site):
    state = site / "state"
    state.mkdir()
    sources = load_sources(site / "sources.toml", base="http://127.0.0.1:9")
    with open(state / "crawl.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(CrawlLockedError, match="another crawl is running"):
            crawl(sources, settings=Settings(data_dir=site / "data"), state_dir=state, polite=False)
    # released: a run goes ahead (nothing answers on port 9: every source failed, reported)
    result = crawl(sources, settings=Settings(data_dir=site / "data"), state_dir=state, polite=False,
                   overrides={"RETRY_TIMES": 0})
    assert sorted(result.failed_sources) == sorted(["Alpha Gazette", "贝塔晨报", "Delta Review", "Epsilon Wire"])
    assert all("connection refused" in line for line in result.errors)


def test_topic_filter_keeps_the_beat(site):
    text = (site / "sources.toml").read_text("utf-8")
    (site / "sources.toml").write_text(text.replace('follow = ["/epsilon/2025/"]',
                                                    'follow = ["/epsilon/2025/"]\ntopics = ["ferry", "渡船"]'), "utf-8")
    with serve_directory_server(site / "site") as server:
        result = _crawl(site, server)
    epsilon = sorted(d.url.rsplit("/", 1)[1] for d in result.documents if d.source == "Epsilon Wire")
    assert epsilon == ["own-story.html"]
    assert sum("off topic" in line for line in result.dropped) == 2
    assert result.per_source["Delta Review"]["articles"] == 2  # other sources keep everything


def test_max_pages_caps_requests_per_source(site):
    text = (site / "sources.toml").read_text("utf-8")
    (site / "sources.toml").write_text(text.replace('feeds = ["{base}/beta/atom.xml"]',
                                                    'feeds = ["{base}/beta/atom.xml"]\nmax_pages = 1'), "utf-8")
    with serve_directory_server(site / "site") as server:
        result = _crawl(site, server)
        hits = list(server.hits)
    beta = result.per_source["贝塔晨报"]
    assert beta["articles"] == 1 and beta["skipped"] == 2
    assert sum(h.startswith("/beta/2025/") for h in hits) == 1


class _Clock(DirectoryHandler):
    times: list[tuple[str, float]] = []

    def route(self, path: str) -> bool:
        self.times.append((path, time.monotonic()))
        return False


def test_polite_defaults_obey_robots_and_space_requests(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITES / "delta", root / "delta")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /delta/story-2.html\n", "utf-8")
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nname = "Delta Review"\nstart_urls = ["{base}/delta/index.html"]\n'
        'follow = ["/delta/story-\\\\d+\\\\.html"]\n', "utf-8")
    _Clock.times = []
    with serve_directory_server(root, handler=_Clock) as server:
        sources = load_sources(tmp_path / "sources.toml", base=server.base_url)
        result = crawl(sources, settings=Settings(data_dir=tmp_path / "data"), state_dir=tmp_path / "state")
    paths = [p for p, _ in _Clock.times]
    assert paths[0] == "/robots.txt" and "/delta/story-2.html" not in paths
    assert [d.url.rsplit("/", 1)[1] for d in result.documents] == ["story-1.html"]
    assert any("story-2.html" in line and "robots.txt" in line for line in result.dropped)
    gaps = [b - a for (_, a), (_, b) in zip(_Clock.times[1:], _Clock.times[2:], strict=False)]
    assert gaps and min(gaps) >= 0.4  # one request at a time per host, with a delay between them
