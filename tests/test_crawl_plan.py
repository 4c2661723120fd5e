"""crawler.plan: the one rule by which the spider and the pre-check decide each link of a run."""

from __future__ import annotations

import time
from types import SimpleNamespace

from crawler.canonical import canonical_url
from crawler.plan import LinkPlanner, entry_links
from crawler.sources import Source

SITE = Source(name="Harbor Ledger", sitemaps=("https://harbor.example/sitemap.xml",), max_pages=2)
WEEK = 7 * 86400


def link(url: str, lastmod: str | None = None, kind: str = "article") -> SimpleNamespace:
    return SimpleNamespace(url=url, lastmod=lastmod, kind=kind)


def known(url: str, *, checked: float, lastmod: str | None = None) -> dict:
    return {canonical_url(url, SITE.own_hosts): {"checked_at": checked, "lastmod": lastmod, "status": "stored"}}


def test_each_link_gets_one_decision_in_the_order_the_run_meets_it():
    now = time.time()
    rows = {**known("https://harbor.example/a", checked=now, lastmod="2025-05-01"),
            **known("https://harbor.example/old", checked=now - 2 * WEEK)}
    plan = LinkPlanner(rows, recheck_after=WEEK)
    got = [plan.article(SITE, x).action for x in (
        link("https://elsewhere.example/x"),                # another outlet's page
        link("https://harbor.example/a", "2025-05-01"),     # read this week, same sitemap date
        link("https://harbor.example/a?utm_source=feed"),   # the same page again (canonical URL)
        link("https://harbor.example/old"),                 # read two weeks ago: due
        link("https://harbor.example/new"),                 # never read
        link("https://harbor.example/newer"),               # over max_pages (2 asked already)
    )]
    assert got == ["off-host", "unchanged", "seen", "ask", "ask", "skipped"]


def test_a_moved_sitemap_date_makes_a_known_page_due():
    now = time.time()
    plan = LinkPlanner(known("https://harbor.example/a", checked=now, lastmod="2025-05-01"), recheck_after=WEEK)
    decision = plan.article(SITE, link("https://harbor.example/a", "2025-06-01"))
    assert decision.action == "ask" and decision.row is not None  # asked again, conditionally


def test_entry_links_keep_own_host_child_sitemaps_and_follow_patterns():
    source = Source(name="晨星科技评论", sitemaps=("https://chenxing.example/sitemap.xml",), follow=(r"/post/",))
    links = [link("https://chenxing.example/post/1.html", "2025-01-01"), link("https://chenxing.example/about"),
             link("https://chenxing.example/news-sitemap.xml", kind="sitemap"),
             link("https://cdn.other.example/sitemap.xml", kind="sitemap"),
             link("https://chenxing.example/post/2.html", "2025-03-01")]
    children, articles = entry_links(source, "sitemap", links)
    assert [c.url for c in children] == ["https://chenxing.example/news-sitemap.xml"]
    assert [a.url for a in articles] == ["https://chenxing.example/post/2.html", "https://chenxing.example/post/1.html"]
    # a feed's or listing's links are not filtered by `follow` here (the listing parser did that)
    _, as_feed = entry_links(source, "feed", links)
    assert len(as_feed) == 3
