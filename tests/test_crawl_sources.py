"""seeds/sources.toml, the real sources file of the nightly crawl, loaded and checked offline:
every source has a way in, well-formed URLs and hosts, `follow` regexes that compile and pick
article URLs (not the listing itself), a valid language, and the primary sources flagged.

Nothing here touches the network: a moved feed shows up in a run's summary, not in these tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler import load_sources
from crawler.sources import LANGS, Source

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "sources.toml"

# the primary sources issue 4 names, with the registrable domain they must be read from
PRIMARY = {
    "Anthropic News": "anthropic.com",
    "Anthropic Research": "anthropic.com",
    "arXiv cs.AI": "arxiv.org",
    "arXiv cs.CY": "arxiv.org",
    "Eleos AI": "eleosai.org",
    "80,000 Hours Podcast": "80000hours.org",
}

# the shape of an article URL of each source with `follow` patterns: must be followed
ARTICLE_URLS = {
    "Anthropic News": "https://www.anthropic.com/news/exploring-model-welfare",
    "Anthropic Research": "https://www.anthropic.com/research/tracing-thoughts-language-model",
    "Eleos AI": "https://eleosai.org/post/taking-ai-welfare-seriously/",
    "80,000 Hours Podcast": "https://80000hours.org/podcast/episodes/kyle-fish-ai-welfare-anthropic/",
    "新浪科技": "https://tech.sina.com.cn/csj/2025-05-06/doc-inexampl1234567.shtml",
    "香港01 科技": "https://www.hk01.com/%E5%8D%B3%E6%99%82%E7%A7%91%E6%8A%80/1012345/ai-welfare",
    "明報 科技": "https://news.mingpao.com/ins/%E7%A7%91%E6%8A%80/article/20250506/s00029/1746500000000/ai",
    "端傳媒": "https://theinitium.com/article/20250506-ai-welfare/",
}

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*\.[a-z]{{2,}}$")
SOURCES = load_sources(SEEDS)  # SourcesError here (unknown key, bad URL, bad regex) fails collection


def _ids(sources: list[Source]) -> list[str]:
    return [s.name for s in sources]


def test_file_loads_with_sources_in_both_languages_and_regions():
    assert len(SOURCES) >= 20
    assert len({s.name for s in SOURCES}) == len(SOURCES)
    langs = {s.lang for s in SOURCES}
    assert {"zh", "en"} <= langs
    regions = {s.region for s in SOURCES if s.lang == "zh"}
    assert {"CN", "TW", "HK"} <= regions  # mainland, Taiwan, Hong Kong


@pytest.mark.parametrize("source", SOURCES, ids=_ids(SOURCES))
def test_source_is_well_formed(source: Source):
    assert source.entry_points, f"{source.name}: no feed, sitemap or start URL"
    assert source.lang in LANGS
    assert source.name == source.name.strip() and source.name
    for url in source.entry_points:
        parts = urlsplit(url)
        assert parts.scheme == "https", f"{source.name}: {url} is not https"
        assert parts.hostname and HOST.match(parts.hostname), f"{source.name}: bad host in {url}"
        assert parts.port is None and not parts.username and not parts.fragment, url
        assert not re.search(r"\s|\{|\}", url), f"{source.name}: {url!r} has spaces or a placeholder"
    for host in source.hosts:
        assert HOST.match(host), f"{source.name}: {host!r} is not a bare host name (no scheme, path, port)"
    for host in source.own_hosts:
        assert HOST.match(host), host
    for pattern in source.follow:
        regex = re.compile(pattern)
        for url in source.start_urls:  # a listing page that matched would be read as an article
            assert not regex.search(url), f"{source.name}: follow {pattern!r} matches its own listing {url}"
    if source.max_pages is not None:
        assert 1 <= source.max_pages <= 1000
    if source.region is not None:
        assert re.fullmatch(r"[A-Z]{2}", source.region), source.region


@pytest.mark.parametrize("name, url", sorted(ARTICLE_URLS.items()))
def test_follow_patterns_pick_article_urls(name, url):
    source = next(s for s in SOURCES if s.name == name)
    assert source.follow
    assert urlsplit(url).hostname in source.own_hosts, f"{name}: {url} is not on its hosts"
    assert any(re.search(p, url) for p in source.follow), f"{name}: no follow pattern matches {url}"


def test_every_follow_pattern_has_an_example():
    assert {s.name for s in SOURCES if s.follow} == set(ARTICLE_URLS)


def test_primary_sources_flagged():
    by_name = {s.name: s for s in SOURCES}
    for name, domain in PRIMARY.items():
        source = by_name.get(name)
        assert source is not None, f"primary source {name!r} missing"
        assert source.primary, f"{name} is not flagged primary"
        assert all(h == domain or h.endswith("." + domain) for h in
                   (urlsplit(u).hostname for u in source.entry_points)), name
    # and only they: a news outlet's coverage is not a primary source
    assert {s.name for s in SOURCES if s.primary} == set(PRIMARY)
