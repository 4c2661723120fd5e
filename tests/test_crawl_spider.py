"""The real spider against a real HTTP server on 127.0.0.1 serving fixture sites (tests/fixtures/sites).

One crawl over all fixture sites (module fixture), then one test per behaviour, each asserting
what was stored or what was reported and skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.ids import sha256_bytes
from claimtrack.settings import Settings
from crawler import crawl, load_sources
from crawler.serve import serve_directory_server
from crawler.snapshots import load_snapshot
from crawler.testing import MisbehavingHandler

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"

SOURCES_TOML = r"""
[[source]]
name = "Alpha Gazette"
lang = "en"
feeds = ["{base}/alpha/feed.xml"]

[[source]]
name = "贝塔晨报"
lang = "zh"
feeds = ["{base}/beta/atom.xml"]

[[source]]
name = "Gamma"
lang = "auto"
sitemaps = ["{base}/gamma/sitemap-index.xml"]

[[source]]
name = "Delta Review"
lang = "en"
start_urls = ["{base}/delta/index.html"]
follow = ["/delta/story-\\d+\\.html"]
primary = true

[[source]]
name = "Nowhere"
lang = "en"
feeds = ["{base}/nowhere/feed.xml"]

[[source]]
name = "Broken Feed"
lang = "en"
feeds = ["{base}/broken/feed.xml"]
"""

# Fast failure settings for loopback; robots.txt obeyed even though politeness delays are off.
OVERRIDES = {"ROBOTSTXT_OBEY": True, "DOWNLOAD_TIMEOUT": 1.5, "RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.2}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    (tmp / "sources.toml").write_text(SOURCES_TOML, "utf-8")
    settings = Settings(data_dir=tmp / "data")
    events: list[tuple[str, int]] = []
    MisbehavingHandler.times.clear()
    with serve_directory_server(SITES, handler=MisbehavingHandler) as server:
        sources = load_sources(tmp / "sources.toml", base=server.base_url)
        result = crawl(sources, settings=settings, state_dir=tmp / "state", polite=False,
                       overrides=OVERRIDES, progress=lambda e, n: events.append((e, n)))
        hits = list(server.hits)
    times = {path: list(ts) for path, ts in MisbehavingHandler.times.items()}
    docs = {d.url.replace(server.base_url, ""): d for d in result.documents}
    return {"result": result, "docs": docs, "hits": hits, "settings": settings, "events": events,
            "base": server.base_url, "times": times}


def test_feed_articles_stored_with_metadata(run):
    doc = run["docs"]["/alpha/2025/buoy.html"]
    assert doc.title == "Lighthouse keepers meet a talking buoy"
    assert doc.site == doc.source == "Alpha Gazette"
    assert doc.lang == "en"
    assert doc.published and doc.published.startswith("2025-05-06")
    assert doc.author == "Wren Okafor"  # trafilatura, from the byline
    assert run["docs"]["/alpha/2025/pears.html"].author is None  # no byline, no author
    assert "tide tables aloud" in doc.text and "About" not in doc.text
    assert doc.links == ["https://example.org/buoy-report"]
    assert doc.id == doc.make_id(doc.url)
    assert "/alpha/2025/pears.html" in run["docs"]


def test_redirected_article_stored_under_its_final_url(run):
    assert "/alpha/2025/kites.html" in run["docs"] and "/moved/kites.html" not in run["docs"]
    assert "cardboard" in run["docs"]["/alpha/2025/kites.html"].text


def test_tracking_parameters_removed_from_url(run):
    assert "/alpha/2025/buoy.html" in run["docs"]
    assert not any("utm_" in url for url in run["docs"])


def test_raw_bytes_kept_content_addressed(run):
    doc = run["docs"]["/alpha/2025/pears.html"]
    raw = load_snapshot(run["settings"].snapshot_dir, doc.raw_sha256)
    assert sha256_bytes(raw) == doc.raw_sha256
    assert raw == (SITES / "alpha/2025/pears.html").read_bytes()
    # the feed that listed it is kept too, as served ({base} filled in)
    feed = (SITES / "alpha/feed.xml").read_bytes().replace(b"{base}", run["base"].encode())
    assert load_snapshot(run["settings"].snapshot_dir, sha256_bytes(feed)) == feed


@pytest.mark.parametrize("path, words", [
    ("/beta/2025/ferry.html", "准点率大约是百分之九十五"),  # GB18030, charset only in <meta charset>
    ("/beta/2025/tea.html", "霜冻造成的损失也少了将近一半"),  # GBK, charset only in http-equiv
    ("/beta/2025/market.html", "卖小吃的占了六成以上"),  # GB2312
    ("/gamma/2025/tide.html", "預報的誤差大多在十分鐘以內"),  # Big5, charset only in meta
    ("/gamma/2025/guide.html", "没有发生一次碰撞"),  # UTF-8 with BOM, no declaration at all
    ("/gamma/2025/nodecl.html", "至今已经运行了十五年"),  # GBK with no declaration anywhere: detected
])
def test_chinese_encodings_decoded(run, path, words):
    doc = run["docs"][path]
    assert words in doc.text
    assert doc.lang == "zh"
    assert "\ufffd" not in doc.text and "Ã" not in doc.text


def test_chinese_author_kept(run):
    # <meta name="author" content="林小雨"> in GB18030: trafilatura drops one-word names, the tag is read
    assert run["docs"]["/beta/2025/ferry.html"].author == "林小雨"


def test_sitemap_index_and_news_sitemap(run):
    tide = run["docs"]["/gamma/2025/tide.html"]
    assert tide.title == "港邊的潮汐預報機"
    assert tide.lang == "zh"  # source lang "auto": detected from the text
    assert "/gamma/sitemap-news.xml" in run["hits"] and "/gamma/sitemap-pages.xml" in run["hits"]


def test_listing_follow_patterns(run):
    docs = run["docs"]
    assert {"/delta/story-1.html", "/delta/story-2.html"} <= set(docs)
    assert docs["/delta/story-1.html"].primary is True
    assert docs["/delta/story-1.html"].published.startswith("2025-03-14")
    assert "/delta/about.html" not in run["hits"]  # not matched by `follow`


def test_off_host_links_not_followed(run):
    assert not any("offhost" in d.url for d in run["result"].documents)
    assert not any("offhost" in line for line in run["result"].errors)


def test_robots_txt_disallow(run):
    assert "/alpha/private/secret.html" not in run["hits"]
    assert any("secret.html" in line and "robots.txt" in line for line in run["result"].dropped)


def test_non_article_dropped_with_reason(run):
    lines = [line for line in run["result"].dropped if "/alpha/tags.html" in line]
    assert len(lines) == 1 and "not an article" in lines[0]
    assert "/alpha/tags.html" not in run["docs"]


@pytest.mark.parametrize("path, reason", [
    ("/alpha/2025/missing.html", "HTTP 404"),
    ("/error/500.html", "HTTP 500"),
    ("/loop/a.html", "redirect loop"),
    ("/slow.html", "timed out"),
    ("/huge.html", "larger than download max size"),
    ("/huge-stream.html", "larger than the download max size"),
])
def test_failures_reported_one_line_each(run, path, reason):
    lines = [line for line in run["result"].errors if line.split(": ", 2)[1].endswith(path)]
    assert len(lines) == 1, run["result"].errors
    assert reason in lines[0] and "\n" not in lines[0]
    assert lines[0].startswith("Alpha Gazette: ")


def test_retries_500_with_backoff(run):
    assert run["hits"].count("/error/500.html") == 2  # first try + RETRY_TIMES=1
    first, second = run["times"]["/error/500.html"]
    assert second - first >= OVERRIDES["RETRY_BACKOFF_BASE"]


def test_gzip_sitemap_and_compressed_pages(run):
    assert "/gamma/sitemap-extra.xml.gz" in run["hits"]
    lantern = run["docs"]["/gamma/2025/lantern.html"]
    assert "glow for about five hours" in lantern.text and lantern.lang == "en"
    assert "預報的誤差" in run["docs"]["/gamma/2025/tide.html"].text  # Big5 behind Content-Encoding: gzip


def test_feed_that_is_not_a_feed_reported(run):
    lines = [line for line in run["result"].errors if line.startswith("Broken Feed: ")]
    assert len(lines) == 1 and "cannot read feed: not a feed or sitemap but an HTML page" in lines[0]
    assert "/broken/news.html" not in run["hits"]
    assert "Broken Feed" not in run["result"].failed_sources  # it answered; what it said was wrong


def test_per_source_counts_and_failed_sources(run):
    result = run["result"]
    assert result.failed_sources == ["Nowhere"]
    alpha = result.per_source["Alpha Gazette"]
    assert alpha["articles"] == 3 and alpha["dropped"] == 1 and alpha["errors"] == 6
    assert result.per_source["贝塔晨报"]["articles"] == 3
    assert result.per_source["Nowhere"]["errors"] == 1
    assert result.per_source["Gamma"]["articles"] == 4
    assert len(result.documents) == 12


def test_progress_events(run):
    finals = {}
    for event, n in run["events"]:
        finals[event] = n
    assert finals["articles"] == 12
    assert finals["pages"] == 13  # 12 articles + the tag page; entries are counted apart
    assert finals["entries"] == 8
