"""Article extraction: trafilatura for the main text and metadata, plus the body's outbound links.

`extract_article` takes correctly decoded HTML (str): decoding is the caller's job (see
`crawler.decoding`), so trafilatura never guesses an encoding and never produces mojibake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from claimtrack.textnorm import document_lang

MIN_TEXT_CHARS = 120  # below this a page is not an article (a CJK character counts double)
MAX_LINK_DENSITY = 0.6  # share of the text that is link text: above it, a listing or index page

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class NotAnArticle(ValueError):
    """The page is not an article; the message says why (logged and counted as the drop reason)."""


@dataclass
class Article:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    lang: str | None = None
    canonical: str | None = None  # <link rel=canonical>, absolute
    links: list[str] = field(default_factory=list)


def text_weight(text: str) -> int:
    """Length with CJK characters counted twice, so one threshold fits Chinese and English."""
    return len(text) + len(_CJK.findall(text))


def _body_links(tree: etree._Element, page_url: str) -> list[str]:
    """Links inside the article body (<article>, <main>, else <body> without nav/header/footer)."""
    scopes = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//*[@role='main']")
    skip = {"nav", "header", "footer", "aside"}
    if not scopes:
        scopes = tree.xpath("//body") or [tree]
    page = page_url.split("#")[0]
    links: list[str] = []
    seen: set[str] = set()
    for scope in scopes:
        for anchor in scope.iter("a"):
            if any(getattr(a, "tag", None) in skip for a in anchor.iterancestors()):
                continue
            href = (anchor.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            url = urljoin(page_url, href)
            if urlsplit(url).scheme not in ("http", "https") or url.split("#")[0] == page or url in seen:
                continue
            seen.add(url)
            links.append(url)
    return links


# bylines as printed: "作者：林小雨", "记者 林小雨", "文/林小雨", "By Wren Okafor"
_BYLINE_PREFIX = re.compile(r"^\s*(?:(?:本报|特约|实习)?(?:作者|記者|记者|撰文|文字|編輯|编辑|责编|責編|文)(?:\s*[:：/／|｜]\s*|\s+)"
                            r"|by\s+)", re.IGNORECASE)


def clean_author(author: str | None) -> str | None:
    """The byline without its label ("作者：", "记者", "By "), or None when nothing is left."""
    if not author:
        return None
    name = _BYLINE_PREFIX.sub("", author.strip(), count=1).strip(" \t\n:：;,，、|")
    return name[:200] or None


def _meta_author(tree: etree._Element) -> str | None:
    """<meta name=author> / article:author. trafilatura drops names without a space, which is every
    Chinese name (林小雨), so the tag is read here when trafilatura finds no author."""
    for xpath in ("//meta[@name='author']/@content", "//meta[@property='article:author']/@content",
                  "//meta[@name='byl']/@content"):
        for value in tree.xpath(xpath):
            value = str(value).strip()
            if value and not value.startswith(("http://", "https://")):
                return value
    return None


def _link_density(tree: etree._Element) -> float:
    body = tree.xpath("//body") or [tree]
    total = text_weight(" ".join(body[0].itertext()).strip())
    if not total:
        return 1.0
    linked = sum(text_weight(" ".join(a.itertext()).strip()) for a in body[0].iter("a"))
    return linked / total


def extract_article(html: str, url: str, *, min_chars: int = MIN_TEXT_CHARS) -> Article:
    """The article in `html`, or NotAnArticle saying why not."""
    import trafilatura  # imported here: the spider process only pays for it when a page arrives

    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError) as err:
        raise NotAnArticle(f"unparsable HTML ({err})") from None
    if tree is None:
        raise NotAnArticle("empty HTML")
    density = _link_density(tree)
    html_lang = tree.get("lang") or tree.get("xml:lang")
    canonical = tree.xpath("string(//link[@rel='canonical']/@href)").strip() or None
    links = _body_links(tree, url)
    meta_author = _meta_author(tree)
    # trafilatura prunes the tree it is given: everything read from `tree` is read above.
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_precision=True)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise NotAnArticle("no main text found")
    weight = text_weight(text)
    if weight < min_chars:
        raise NotAnArticle(f"text too short ({weight} < {min_chars} weighted chars)")
    if density > MAX_LINK_DENSITY:
        raise NotAnArticle(f"link density {density:.2f} > {MAX_LINK_DENSITY}: a listing, not an article")
    return Article(
        text=text,
        title=(getattr(doc, "title", None) or None),
        author=clean_author(getattr(doc, "author", None)) or clean_author(meta_author),
        published=(getattr(doc, "date", None) or None),
        lang=document_lang(text, html_lang),
        canonical=urljoin(url, canonical) if canonical else None,
        links=links,
    )
