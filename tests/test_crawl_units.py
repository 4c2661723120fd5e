"""Fast tests of the crawler's parts: sources file, canonical URLs, discovery, dates, the loopback server."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from claimtrack.errors import SourcesError
from claimtrack.textnorm import document_lang as guess_lang
from crawler import load_sources, serve_directory
from crawler.canonical import canonical_url
from crawler.dates import iso_date
from crawler.discovery import parse_feed, parse_listing, parse_sitemap, sniff
from crawler.extract import clean_author, extract_article, text_weight
from crawler.neardup import signature, similarity
from seeds import SEEDS_DIR

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, "utf-8")
    return path


# -- sources file ---------------------------------------------------------------------------------

def test_load_sources_fills_base_and_defaults(tmp_path):
    path = _write(tmp_path, """
[defaults]
topics = ["AI"]
max_pages = 5

[[source]]
name = "One"
lang = "zh"
feeds = ["{base}/one/feed.xml"]
follow = ["/one/\\\\d+\\\\.html"]
primary = true

[[source]]
name = "Two"
sitemaps = ["https://two.example/sitemap.xml"]
topics = []
""")
    one, two = load_sources(path, base="http://127.0.0.1:8765/")
    assert one.feeds == ("http://127.0.0.1:8765/one/feed.xml",)
    assert one.primary and one.lang == "zh" and one.topics == ("AI",) and one.max_pages == 5
    assert two.lang == "auto" and two.topics == () and two.feeds == ()
    assert two.own_hosts == {"two.example", "www.two.example"}


@pytest.mark.parametrize("body, words", [
    ('[[source]]\nname = "A"\nfeed = ["https://a.example/f"]', ["unknown key 'feed'", "'A'"]),
    ('[[source]]\nname = "A"\nlang = "fr"', ["'lang'", "'A'", "fr"]),
    ('[[source]]\nname = "A"\nprimary = "yes"', ["'primary'", "'A'"]),
    ('[[source]]\nname = "A"\nfeeds = "https://a.example/f"', ["'feeds'", "list"]),
    ('[[source]]\nname = "A"\nfeeds = ["ftp://a.example/f"]', ["'feeds'", "not an http(s) URL"]),
    ('[[source]]\nname = "A"\nfeeds = ["{base}/f"]', ["{base}", "base="]),
    ('[[source]]\nname = "A"\nfollow = ["(unclosed"]', ["'follow'", "not a valid regex"]),
    ('[[source]]\nlang = "en"', ["missing 'name'"]),
    ('[[source]]\nname = "A"\n[[source]]\nname = "A"', ["'A'", "defined twice"]),
    ('[sources]\nname = "A"', ["unknown top-level key 'sources'"]),
    ('[defaults]\nfeeds = []', ["unknown key 'feeds' in [defaults]"]),
    ('[[source]]\nname = "A"\nmax_pages = 0', ["'max_pages'", "positive integer"]),
    ('[[source]\nname = "A"', ["not valid TOML"]),
])
def test_bad_sources_name_the_key_and_source(tmp_path, body, words):
    with pytest.raises(SourcesError) as err:
        load_sources(_write(tmp_path, body))
    message = str(err.value)
    assert message.startswith("[CT040]") and "\n" not in message
    for word in words:
        assert word in message


def test_missing_sources_file(tmp_path):
    with pytest.raises(SourcesError, match="does not exist"):
        load_sources(tmp_path / "nope.toml")


def test_shipped_sources_file():
    sources = load_sources(SEEDS_DIR / "sources.toml")
    regions = {s.region for s in sources if s.lang == "zh"}
    assert {"CN", "TW", "HK"} <= regions
    assert sum(s.lang == "en" for s in sources) >= 10 and sum(s.lang == "zh" for s in sources) >= 10
    primary = {s.name for s in sources if s.primary}
    for name in ("Anthropic News", "Anthropic Research", "Eleos AI", "80,000 Hours Podcast"):
        assert name in primary
    assert any(s.primary and any("arxiv" in u for u in s.entry_points) for s in sources)
    assert all(s.entry_points for s in sources)
    assert all(s.topics == () for s in sources if s.name.startswith(("Anthropic", "Eleos", "80,000")))


def test_demo_sources_file_loads_with_base():
    demo = SEEDS_DIR / "demo" / "sources.toml"
    if not demo.exists():
        pytest.skip("seeds/demo/sources.toml is not there")
    sources = load_sources(demo, base="http://127.0.0.1:1")
    assert sources and all(u.startswith("http://127.0.0.1:1/") for s in sources for u in s.entry_points)


# -- canonical URLs -------------------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("HTTP://WWW.Example.COM:80/a/b?utm_source=x&b=2&a=1#top", "http://www.example.com/a/b?a=1&b=2"),
    ("https://example.com/story?fbclid=abc&gclid=d&spm=1.2", "https://example.com/story"),
    ("https://www.example.com/2025/05/slug/amp/", "https://www.example.com/2025/05/slug/"),
    ("https://www.example.com/news/story.amp", "https://www.example.com/news/story"),
    ("https://www.example.com/amp/news/story", "https://www.example.com/news/story"),
    ("https://m.example.com/news/1.html", "https://www.example.com/news/1.html"),
    ("https://www.example.com/amplifier/x", "https://www.example.com/amplifier/x"),
    ("https://www.example.com/a?id=7&from=rss", "https://www.example.com/a?id=7"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url, {"www.example.com", "example.com"}) == expected


def test_canonical_url_keeps_unknown_mobile_host():
    assert canonical_url("https://m.other.example/x") == "https://m.other.example/x"


# -- discovery -------------------------------------------------------------------------------------

def test_parse_rss_and_atom():
    rss = (SITES / "alpha/feed.xml").read_bytes().replace(b"{base}", b"http://h")
    links = parse_feed(rss, "http://h/alpha/feed.xml")
    assert links[0].url == "http://h/alpha/2025/buoy.html?utm_source=rss&utm_medium=feed"
    assert links[0].published == "Tue, 06 May 2025 08:30:00 GMT" and links[0].title.startswith("Lighthouse")
    atom = (SITES / "beta/atom.xml").read_bytes().replace(b"{base}", b"http://h")
    assert sniff(atom) == "feed" and sniff(rss) == "feed"
    entries = parse_feed(atom, "http://h/beta/atom.xml")
    assert [e.url for e in entries] == ["http://h/beta/2025/ferry.html", "http://h/beta/2025/tea.html",
                                        "http://h/beta/2025/market.html"]
    assert entries[1].lastmod == "2025-05-09T07:00:00+08:00"


def test_parse_sitemap_index_and_news():
    index = (SITES / "gamma/sitemap-index.xml").read_bytes().replace(b"{base}", b"http://h")
    assert sniff(index) == "sitemapindex"
    children = parse_sitemap(index, "http://h/")
    assert [c.kind for c in children] == ["sitemap"] * 4 and children[0].lastmod == "2025-05-12"
    news = parse_sitemap((SITES / "gamma/sitemap-news.xml").read_bytes().replace(b"{base}", b"http://h"), "http://h/")
    assert news[0].url == "http://h/gamma/2025/tide.html" and news[0].kind == "article"
    assert news[0].published == "2025-05-11T09:00:00+08:00" and news[0].title == "港邊的潮汐預報機"


def test_parse_listing_with_follow():
    html = (SITES / "delta/index.html").read_text("utf-8")
    links = parse_listing(html, "http://h/delta/index.html", [r"/delta/story-\d+\.html"])
    assert [link.url for link in links] == ["http://h/delta/story-1.html", "http://h/delta/story-2.html?ref=home",
                                            "http://offhost.invalid/delta/story-3.html"]


def test_broken_feed_is_an_error_not_a_crash():
    assert parse_feed(b"<rss><channel><item><link>http://h/a</link></item>", "http://h/")[0].url == "http://h/a"
    with pytest.raises(ValueError):
        parse_feed(b"", "http://h/")


# -- small helpers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("Tue, 06 May 2025 08:30:00 GMT", "2025-05-06T08:30:00+00:00"),
    ("2025-05-08T07:00:00+08:00", "2025-05-07T23:00:00+00:00"),
    ("2025-05-12", "2025-05-12"),
    ("2025-05-12T10:00:00Z", "2025-05-12T10:00:00+00:00"),
    ("last Tuesday", None),
    (None, None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_lang_and_weight():
    assert guess_lang("这是一个中文句子，讲的是模型。") == "zh"
    assert guess_lang("An English sentence about models.") == "en"
    assert guess_lang("12345", "zh-TW") == "zh"
    assert text_weight("ab中文") == 6


@pytest.mark.parametrize("byline, expected", [
    ("作者：林小雨", "林小雨"), ("记者 周晓岚", "周晓岚"), ("本报记者 周晓岚", "周晓岚"), ("文/林小雨", "林小雨"),
    ("記者｜陳美玲", "陳美玲"), ("By Wren Okafor", "Wren Okafor"), ("Wren Okafor", "Wren Okafor"),
    ("Byron Lee", "Byron Lee"), ("文明", "文明"), ("编辑部", "编辑部"), ("", None), (None, None), ("作者：", None),
])
def test_clean_author(byline, expected):
    assert clean_author(byline) == expected


def test_author_from_meta_tag_when_trafilatura_drops_it():
    body = "<p>" + "渡船上的电脑会根据水流调整方向，乘客只需在岸边按一下按钮。" * 4 + "</p>"
    page = ('<html lang="zh"><head><title>渡船</title><meta name="author" content="林小雨"></head>'
            f"<body><article><h1>渡船</h1>{body}</article></body></html>")
    assert extract_article(page, "http://h/a.html").author == "林小雨"
    english = page.replace("林小雨", "Lin Xiaoyu")
    assert extract_article(english, "http://h/a.html").author == "Lin Xiaoyu"
    assert extract_article(page.replace('<meta name="author" content="林小雨">', ""), "http://h/a.html").author is None


def test_near_duplicate_signature():
    a = "渡船上的电脑会根据水流调整方向，乘客只需在岸边按一下按钮。工程师说准点率大约是百分之九十五。" * 3
    b = "转载：" + a.replace("九十五", "九十") + "（完）"
    c = "茶农们安装了十几台小型气象站，用来记录温度、湿度和降雨，数据每隔十分钟传到办公室。" * 3
    assert similarity(signature(a), signature(b)) >= 0.6
    assert similarity(signature(a), signature(c)) < 0.2


# -- loopback server -------------------------------------------------------------------------------

def test_serve_directory_substitutes_base_in_xml_and_answers_304():
    with serve_directory(SITES) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{base}/alpha/feed.xml") as resp:
            feed = resp.read().decode("utf-8")
            etag = resp.headers["ETag"]
        assert "{base}" not in feed and f"{base}/alpha/2025/pears.html" in feed
        with urllib.request.urlopen(f"{base}/alpha/2025/pears.html") as resp:
            assert b"{base}" not in resp.read() and resp.headers["Last-Modified"]
        request = urllib.request.Request(f"{base}/alpha/feed.xml", headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request)
        assert err.value.code == 304
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{base}/../../etc/passwd")
        assert err.value.code in (403, 404)


# -- Scrapy settings of a run ------------------------------------------------------------------------

def _job(**kw):
    return {"user_agent": "ua/1", "snapshot_dir": "/s", "spool_path": "/p", "log_path": "/l", **kw}


def test_polite_by_default():
    from crawler.worker import scrapy_settings

    settings = scrapy_settings(_job())
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1 and settings.getfloat("DOWNLOAD_DELAY") >= 1
    assert settings.getint("RETRY_TIMES") >= 1 and settings.getfloat("RETRY_BACKOFF_BASE") > 0
    assert settings.getint("DOWNLOAD_MAXSIZE") <= 10 * 1024 * 1024 and settings.getint("REDIRECT_MAX_TIMES") <= 5
    assert settings.get("USER_AGENT") == "ua/1"


def test_politeness_off_and_overrides():
    from crawler.worker import scrapy_settings

    settings = scrapy_settings(_job(polite=False, overrides={"DOWNLOAD_TIMEOUT": 3, "ROBOTSTXT_OBEY": True}))
    assert not settings.getbool("AUTOTHROTTLE_ENABLED") and settings.getfloat("DOWNLOAD_DELAY") == 0
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") > 1
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getint("DOWNLOAD_TIMEOUT") == 3


def test_backoff_doubles_up_to_a_ceiling():
    from crawler.middlewares.backoff import BackoffMiddleware

    mw = BackoffMiddleware(2.0, 10.0)
    assert [mw.delay(n) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 10.0]


def test_unusable_state_dir_is_one_clear_error(tmp_path):
    from crawler.run import CrawlStateError, crawl

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    with pytest.raises(CrawlStateError, match=r"^\[CT042\] cannot use the crawl state directory"):
        crawl([], state_dir=blocker / "state")


def test_serve_directory_prefers_a_stable_port_and_falls_back():
    with serve_directory(SITES) as first:
        taken = int(first.rsplit(":", 1)[1])
        with serve_directory(SITES, prefer_port=taken) as second:  # taken: another port
            assert second != first
    with serve_directory(SITES, prefer_port=taken) as third:  # free again: the preferred one
        assert third == first


def test_feedburner_original_link_preferred():
    rss = b"""<?xml version="1.0"?><rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
    <item><title>t</title><link>https://feedproxy.google.com/~r/x/~3/abc/</link>
    <feedburner:origLink>https://www.cna.com.tw/news/ait/202505060001.aspx</feedburner:origLink></item>
    </channel></rss>"""
    assert [link.url for link in parse_feed(rss, "https://feeds.feedburner.com/x")] == [
        "https://www.cna.com.tw/news/ait/202505060001.aspx"]
