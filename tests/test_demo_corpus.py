"""The bundled demo corpus (seeds/demo/) is well-formed, reachable from its sources file, and carries
the claims and variants that seeds/demo/MANIFEST.md says it carries.

Pages are decoded with the charset they declare in <meta charset>, exactly as a crawler must."""

from __future__ import annotations

import difflib
import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "demo"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BASE = "{base}"
FAKE_ORIGIN = "http://127.0.0.1:9"

PRIMARY_SOURCES = {
    "https://arxiv.org/abs/2411.00986",
    "https://arxiv.org/abs/2303.07103",
    "https://www.anthropic.com/research/introspection",
    "https://80000hours.org/podcast/episodes/kyle-fish-ai-welfare-anthropic/",
    "https://www.anthropic.com/news/activating-asl3-protections",
    "https://www.anthropic.com/research/exploring-model-welfare",
    "https://www.anthropic.com/research/end-subset-conversations",
    "https://www.lennysnewsletter.com/p/anthropic-co-founder-benjamin-mann",
    "https://www.axios.com/2025/05/28/ai-jobs-white-collar-bloodbath",
    "https://www.nytimes.com/2025/04/24/technology/ai-welfare-anthropic-claude.html",
}
ARTICLE_PATH = re.compile(r"^[a-z0-9-]+/\d{4}/[a-z0-9-]+\.html$")
META_CHARSET = re.compile(rb"<meta\s+charset=[\"']?([A-Za-z0-9_-]+)", re.I)
HAN = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------- manifest


@dataclass(frozen=True)
class Row:
    path: str
    outlet: str
    date: str
    lang: str
    charset: str
    claims: str
    evidence: tuple[str, ...]


def load_manifest() -> list[Row]:
    text = (DEMO / "MANIFEST.md").read_text(encoding="utf-8")
    section = text.split("## Articles", 1)[1]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        assert len(cells) == 7, f"malformed manifest row: {line}"
        path, outlet, date, lang, charset, claims, evidence = cells
        rows.append(Row(path.strip("`"), outlet, date, lang, charset, claims,
                        tuple(re.findall(r"`([^`]+)`", evidence))))
    return rows


MANIFEST = load_manifest()
BY_PATH = {r.path: r for r in MANIFEST}


# --------------------------------------------------------------------------- page parsing


@dataclass
class Page:
    lang: str = ""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    byline: str = ""
    time_datetime: list[str] = field(default_factory=list)
    time_text: list[str] = field(default_factory=list)
    article_text: str = ""
    article_paragraphs: int = 0
    article_links: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[str] = []
        self._in_title = self._in_time = False
        self._article_depth = 0
        self._byline_depth = 0
        self._parts: list[str] = []
        self._byline: list[str] = []
        self._time: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.page.lang = a.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = a.get("name") or a.get("property")
            if key and "content" in a:
                self.page.meta[key] = a["content"]
        elif tag == "a" and a.get("href"):
            self.page.links.append(a["href"])
            if self._article_depth:
                self.page.article_links.append(a["href"])
        elif tag == "time":
            self._in_time = True
            self._time = []
            self.page.time_datetime.append(a.get("datetime", ""))
        if tag == "article":
            self._article_depth += 1
        if self._article_depth and tag == "p":
            self.page.article_paragraphs += 1
        if "byline" in (a.get("class") or "").split() or self._byline_depth:
            self._byline_depth += 1
        if tag in {"p", "h1", "h2", "li"}:
            self._parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "article":
            self._article_depth -= 1
        elif tag == "time":
            self._in_time = False
            self.page.time_text.append("".join(self._time).strip())
        if self._byline_depth:
            self._byline_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.page.title += data
        if self._article_depth:
            self._parts.append(data)
        if self._byline_depth:
            self._byline.append(data)
        if self._in_time:
            self._time.append(data)

    def close(self):
        super().close()
        self.page.article_text = "".join(self._parts)
        self.page.byline = "".join(self._byline)


def declared_charset(raw: bytes) -> str:
    m = META_CHARSET.search(raw[:2048])
    assert m, "no <meta charset> in the first 2 KB"
    return m.group(1).decode("ascii").lower()


def parse(rel: str) -> Page:
    raw = (DEMO / rel).read_bytes()
    parser = _PageParser()
    parser.feed(raw.decode(declared_charset(raw), errors="strict"))
    parser.close()
    return parser.page


def article_files() -> set[str]:
    return {p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*.html")
            if ARTICLE_PATH.match(p.relative_to(DEMO).as_posix())}


def sources() -> list[dict]:
    with (DEMO / "sources.toml").open("rb") as fh:
        return tomllib.load(fh)["source"]


def to_path(url: str) -> str:
    assert url.startswith(BASE + "/"), f"not a {{base}} URL: {url}"
    return url[len(BASE) + 1:]


# --------------------------------------------------------------------------- the corpus


def test_manifest_lists_exactly_the_article_files():
    assert 14 <= len(MANIFEST) <= 18
    assert article_files() == set(BY_PATH), "MANIFEST.md and the article files disagree"
    assert not list(DEMO.rglob("__init__.py")), "seeds/demo/ is data only"


def test_language_and_outlet_mix():
    langs = [r.lang for r in MANIFEST]
    assert langs.count("zh-Hans") >= 7
    assert 2 <= langs.count("zh-Hant") <= 3
    assert langs.count("en") >= 5
    assert len({r.path.split("/")[0] for r in MANIFEST}) in (5, 6)
    assert {r.charset for r in MANIFEST} >= {"utf-8", "big5", "gb18030"}


@pytest.mark.parametrize("rel", sorted(BY_PATH))
def test_article_page_is_complete(rel):
    row = BY_PATH[rel]
    raw = (DEMO / rel).read_bytes()
    assert declared_charset(raw) == row.charset
    page = parse(rel)

    assert page.lang == row.lang
    assert page.title.strip()
    author = page.meta.get("author", "").strip()
    assert author and author in page.byline, "byline must show the <meta name=author> author"
    published = page.meta.get("article:published_time", "")
    assert published[:10] == row.date
    assert published in page.time_datetime, "<time datetime> must match article:published_time"
    year = row.date[:4]
    assert any(year in t for t in page.time_text), "the date must be visible, not only in attributes"
    assert page.article_paragraphs >= 4
    assert set(page.article_links) & PRIMARY_SOURCES, "no link to a primary source"
    assert BASE not in raw.decode(row.charset), "HTML uses root-relative links, never {base}"

    text = page.article_text
    if row.lang.startswith("zh"):
        assert 200 <= len(HAN.findall(text)) <= 1000, "Chinese article text out of the 150-450 word band"
    else:
        assert 150 <= len(text.split()) <= 450
    for needle in row.evidence:
        haystack = page.article_links if needle.startswith("http") else text
        assert needle in haystack, f"{rel}: manifest says it carries {needle!r}"


@pytest.mark.parametrize("row", [r for r in MANIFEST if r.charset != "utf-8"], ids=lambda r: r.path)
def test_legacy_encodings_are_really_legacy(row):
    raw = (DEMO / row.path).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert HAN.search(raw.decode(row.charset))


def test_every_sources_url_points_at_a_file():
    srcs = sources()
    assert len({s["name"] for s in srcs}) == len(srcs)
    for s in srcs:
        assert s["lang"] in {"zh", "en", "auto"}
        assert s["primary"] is False
        urls = s.get("feeds", []) + s.get("sitemaps", []) + s.get("start_urls", [])
        assert urls, f"{s['name']} has no way in"
        for url in urls:
            assert (DEMO / to_path(url)).is_file(), url


def test_follow_patterns_separate_articles_from_other_pages():
    pages = [p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*.html")]
    non_articles = [p for p in pages if p not in BY_PATH]
    assert any(p.endswith("about.html") for p in non_articles)
    assert any("/tag/" in p for p in non_articles)
    for s in sources():
        pats = [re.compile(f) for f in s["follow"]]
        outlet = to_path((s.get("feeds") or s.get("sitemaps") or s.get("start_urls"))[0]).split("/")[0]
        for rel in pages:
            url = f"{FAKE_ORIGIN}/{rel}"
            matched = any(p.search(url) for p in pats)
            assert matched == (rel in BY_PATH and rel.startswith(outlet + "/")), (s["name"], rel)


def _discovered(source: dict) -> set[str]:
    """Article paths a crawler reaches from this source: feed/sitemap entries and followed listing links."""
    found: set[str] = set()
    for url in source.get("feeds", []) + source.get("sitemaps", []):
        xml = (DEMO / to_path(url)).read_text(encoding="utf-8").replace(BASE, FAKE_ORIGIN)
        root = ET.fromstring(xml)
        for entry in root.iter():
            if entry.tag.split("}")[-1] not in {"item", "entry", "url"}:
                continue
            for el in entry:
                tag = el.tag.split("}")[-1]
                href = (el.get("href") or el.text) if tag == "link" else (el.text if tag == "loc" else None)
                if href:
                    href = href.strip()
                    assert href.startswith(FAKE_ORIGIN + "/"), f"feeds and sitemaps need absolute URLs: {href}"
                    found.add(href[len(FAKE_ORIGIN) + 1:])
    pats = [re.compile(f) for f in source["follow"]]
    for url in source.get("start_urls", []):
        for href in parse(to_path(url)).links:
            if href.startswith("/") and any(p.search(FAKE_ORIGIN + href) for p in pats):
                found.add(href[1:])
    return found


def test_every_article_is_discoverable_from_its_source():
    reached: set[str] = set()
    for s in sources():
        found = _discovered(s)
        assert found, s["name"]
        for rel in found:
            assert (DEMO / rel).is_file(), rel
        reached |= found
    assert reached == set(BY_PATH)


def test_served_xml_uses_only_base_urls():
    for xml_file in DEMO.rglob("*.xml"):
        text = xml_file.read_text(encoding="utf-8")
        assert BASE in text
        assert "127.0.0.1" not in text and "localhost" not in text
        for url in re.findall(r"(?:href=\"|<loc>|<link>|<guid[^>]*>)([^\"<]+)", text):
            assert url.startswith(BASE + "/"), f"{xml_file.name}: {url}"


# --------------------------------------------------------------------------- planted variants


def _text(rel: str) -> str:
    return parse(rel).article_text


def _rows(claim_key: str) -> list[Row]:
    return [r for r in MANIFEST if r.claims.startswith(claim_key) or f"; {claim_key}" in r.claims]


def test_fish_value_conflict_spans_languages_and_dates():
    rows = _rows("fish-consciousness")
    twenty = [r for r in rows if re.search(r"20(%| percent)", _text(r.path))]
    fifteen = [r for r in rows if re.search(r"15(%| percent)|百分之十五", _text(r.path))]
    for group in (twenty, fifteen):
        assert {r.lang[:2] for r in group} == {"zh", "en"}
    assert min(r.date for r in fifteen) < min(r.date for r in twenty)
    anthropic_only = [r for r in fifteen if "Fish" not in _text(r.path) and "菲什" not in _text(r.path)]
    assert anthropic_only and all("Anthropic" in _text(r.path) for r in anthropic_only), \
        "one outlet must credit the 15% to Anthropic rather than Fish"


def test_syndicated_copy_is_near_verbatim_but_not_identical():
    copy = next(r for r in MANIFEST if "SYNDICATED" in r.claims)
    original = re.search(r"copy of `([^`]+)`", (DEMO / "MANIFEST.md").read_text(encoding="utf-8")).group(1)
    a, b = _text(original), _text(copy.path)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    assert 0.8 < ratio < 1.0, ratio
    assert copy.outlet != BY_PATH[original].outlet and copy.date > BY_PATH[original].date
    assert BY_PATH[original].outlet in b, "the copy names the outlet it came from"


def test_chalmers_hedge_kept_in_some_and_dropped_in_others():
    rows = _rows("chalmers-decade")
    hedged = [r for r in rows if re.search(r"at least 25%|不低于 ?25%|至少 ?25%", _text(r.path))]
    bare = [r for r in rows if r not in hedged and re.search(r"25%", _text(r.path))]
    assert hedged and bare
    assert {r.lang[:2] for r in hedged} == {r.lang[:2] for r in bare} == {"zh", "en"}
    assert any("10%" in _text(r.path) for r in hedged), "the under-10% figure for current LLMs"


def test_asl3_subject_differs():
    rows = _rows("asl3")
    generic = [r for r in rows if re.search(r"Claude models are at ASL-3|Claude 模型目前处于 ASL-3", _text(r.path))]
    opus = [r for r in rows if re.search(r"Claude Opus 4\b[^.]*ASL-3|Claude Opus 4 啟用 ASL-3|ASL-3[^.]*Claude Opus 4\b",
                                         _text(r.path))]
    assert {r.lang[:2] for r in generic} == {"zh", "en"}
    assert opus


def test_amodei_range_versus_upper_bound():
    rows = _rows("amodei-unemployment")
    ranged = [r for r in rows if re.search(r"10–20%|10% 到 20%", _text(r.path))]
    capped = [r for r in rows if re.search(r"up to 20%|高达 ?20%", _text(r.path))]
    assert {r.lang[:2] for r in ranged} == {r.lang[:2] for r in capped} == {"zh", "en"}
    assert not set(ranged) & set(capped)


@pytest.mark.parametrize("needle, min_docs", [
    ("Claude Opus 4.1", 2), ("82%", 2), ("95%", 2), ("3000亿美元", 1), ("$300 billion", 1),
])
def test_lookalikes_are_planted(needle, min_docs):
    assert sum(needle in _text(r.path) for r in MANIFEST) >= min_docs


def test_no_sentence_copied_from_the_seed_articles():
    seeds = sorted(SHARED_SEEDS.glob("*.txt")) if SHARED_SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"{SHARED_SEEDS} not present: cannot check for copied text")
    ours = "".join(_text(r.path) for r in MANIFEST)
    ours = re.sub(r"\s+", "", ours)
    for seed in seeds:
        theirs = re.sub(r"\s+", "", seed.read_text(encoding="utf-8", errors="replace"))
        windows = {theirs[i:i + 16] for i in range(0, max(len(theirs) - 16, 0))
                   if len(HAN.findall(theirs[i:i + 16])) >= 12}
        copied = [w for w in windows if w in ours]
        assert not copied, f"text copied from {seed.name}: {copied[:3]}"


# --------------------------------------------------------------------------- the real crawl


@pytest.mark.slow
def test_real_spider_finds_exactly_the_manifest_articles(tmp_path):
    """Serve seeds/demo on loopback, crawl it from sources.toml: every article, nothing else,
    with the source's name, the page's date and the legacy-encoded text decoded."""
    from crawler.run import crawl
    from crawler.serve import serve_directory
    from crawler.sources import load_sources

    with serve_directory(DEMO) as base:
        result = crawl(load_sources(DEMO / "sources.toml", base=base), state_dir=tmp_path,
                       polite=False, timeout=240)
        assert not result.errors and not result.failed_sources
        docs = {d.url[len(base) + 1:]: d for d in result.documents}
    assert set(docs) == set(BY_PATH)
    names = {s["name"] for s in sources()}
    for rel, doc in docs.items():
        row = BY_PATH[rel]
        assert doc.source == row.outlet and doc.source in names
        assert (doc.published or "")[:10] == row.date
        assert (doc.lang or "")[:2] == row.lang[:2]
        for needle in row.evidence:
            if needle.startswith("http"):
                assert needle in doc.links, (rel, needle)
            else:
                assert needle in doc.text, (rel, needle)
