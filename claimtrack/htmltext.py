"""HTML bytes to article text and metadata, with trafilatura; used by `ingest` of local .html files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes: BOM, then the declared charset, then the meta tag, then UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "gb18030", "big5"]
    for enc in candidates:
        enc = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}.get(enc.lower(), enc)
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


@dataclass
class Article:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    lang: str | None = None
    links: list[str] = field(default_factory=list)


def extract_article(html: str, url: str | None = None) -> Article | None:
    """Main text and metadata of an article page, or None when the page carries no article text."""
    import trafilatura
    from lxml import html as lxml_html

    raw = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                              include_comments=False, include_tables=True, favor_precision=True)
    if not raw:
        return None
    data = json.loads(raw)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    links: list[str] = []
    try:
        tree = lxml_html.fromstring(html)
        body = tree.xpath("//article") or tree.xpath("//body") or [tree]
        for a in body[0].xpath(".//a[@href]"):
            href = urljoin(url or "", a.get("href", "").strip())
            if href.startswith(("http://", "https://")) and href not in links:
                links.append(href)
    except (ValueError, TypeError):
        pass
    return Article(text=text, title=data.get("title"), author=data.get("author"), date=data.get("date"),
                   site=data.get("sitename"), lang=data.get("language"), links=links)
