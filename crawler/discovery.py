"""Finding article links: RSS/Atom feeds, sitemaps (index, news, gzip) and listing pages.

Pure functions over bytes/text, so they are tested without a network.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit


@dataclass(frozen=True)
class Link:
    url: str
    kind: str = "article"  # "article" | "sitemap" (a nested sitemap of an index)
    lastmod: str | None = None  # when the page says it last changed (feed <updated>, sitemap <lastmod>)
    published: str | None = None
    title: str | None = None


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def sniff(body: bytes) -> str:
    """'feed', 'sitemap', 'sitemapindex' or 'html', from the bytes themselves (servers lie)."""
    if body[:2] == b"\x1f\x8b":
        return "gzip"
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed") \
            or head.startswith(b"<urlset") or head.startswith(b"<sitemapindex") or head.startswith(b"<rdf"):
        for marker, kind in ((b"<sitemapindex", "sitemapindex"), (b"<urlset", "sitemap"),
                             (b"<rss", "feed"), (b"<feed", "feed"), (b"<rdf:rdf", "feed")):
            if marker in head:
                return kind
        return "xml"
    return "html"


def gunzip(body: bytes, max_size: int = MAX_SITEMAP_BYTES) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
        data = fh.read(max_size + 1)
    if len(data) > max_size:
        raise ValueError(f"gzip body larger than {max_size} bytes once decompressed")
    return data


def _parse_xml(body: bytes) -> etree._Element:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as err:
        raise ValueError(f"not well-formed XML ({err})") from None
    if root is None:
        raise ValueError("not well-formed XML")
    return root


def _text(el: etree._Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    value = el.text.strip()
    return value or None


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """Item links of an RSS 0.9x/1.0/2.0 or Atom feed, with their dates and titles."""
    root = _parse_xml(body)
    links: list[Link] = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        url = published = updated = title = original = None
        for child in item:
            cname = _local(child.tag)
            if cname == "origlink" and child.text and child.text.strip():  # FeedBurner's original URL
                original = child.text.strip()
            elif cname == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    url = url or href.strip()
                elif not href and child.text and child.text.strip():
                    url = url or child.text.strip()
            elif cname == "guid" and child.get("isPermaLink", "true") == "true" and child.text:
                guid = child.text.strip()
                if guid.startswith(("http://", "https://")) and url is None:
                    url = guid
            elif cname in ("pubdate", "published", "date", "issued"):
                published = published or _text(child)
            elif cname in ("updated", "modified"):
                updated = updated or _text(child)
            elif cname == "title":
                title = _text(child)
        url = original or url
        if url:
            links.append(Link(urljoin(base_url, url), "article", updated or published, published, title))
    return links


def parse_sitemap(body: bytes, base_url: str) -> list[Link]:
    """Page links of a <urlset> (news sitemaps included) or sitemap links of a <sitemapindex>."""
    root = _parse_xml(body)
    index = _local(root.tag) == "sitemapindex"
    links: list[Link] = []
    for entry in root:
        if _local(entry.tag) not in ("url", "sitemap"):
            continue
        loc = lastmod = published = title = None
        for child in entry.iter():
            cname = _local(child.tag)
            if cname == "loc" and loc is None:
                loc = _text(child)
            elif cname == "lastmod":
                lastmod = _text(child)
            elif cname == "publication_date":
                published = _text(child)
            elif cname == "title" and child is not entry:
                title = _text(child)
        if loc:
            links.append(Link(urljoin(base_url, loc), "sitemap" if index else "article",
                              lastmod or published, published, title))
    return links


def parse_listing(text: str, base_url: str, follow: tuple[str, ...] | list[str]) -> list[Link]:
    """Links on a listing page whose URL matches one of the `follow` regexes (all links if none)."""
    try:
        tree = lxml_html.fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    base = tree.xpath("string(//base/@href)") or base_url
    patterns = [re.compile(p) for p in follow]
    seen: set[str] = set()
    links: list[Link] = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(urljoin(base_url, base), href)
        if patterns and not any(p.search(url) for p in patterns):
            continue
        if url in seen:
            continue
        seen.add(url)
        title = anchor.text_content().strip() or None
        links.append(Link(url, "article", title=title))
    return links
