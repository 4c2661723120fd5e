"""Extract the article (trafilatura) and build the Document; drop pages that are not articles."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from crawler.canonical import canonical_url
from crawler.dates import iso_date
from crawler.extract import MIN_TEXT_CHARS, NotAnArticle, extract_article
from crawler.items import PageItem
from crawler.pdf import extract_pdf, is_pdf


class ArticlePipeline:
    def __init__(self, crawler: Any, min_chars: int) -> None:
        self.crawler = crawler
        self.min_chars = min_chars

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArticlePipeline:
        return cls(crawler, crawler.settings.getint("CLAIMTRACK_MIN_TEXT_CHARS", MIN_TEXT_CHARS))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        hosts = self.crawler.spider.hosts[item.source]
        if (urlsplit(item.fetched_url).hostname or "").lower() not in hosts:
            raise DropItem(f"redirected off the source's hosts: to {item.fetched_url}")
        try:
            if is_pdf(item.body, item.content_type):
                article = extract_pdf(item.body, min_chars=self.min_chars)
            elif item.html is None or "html" not in (item.content_type or "text/html").lower() \
                    and not item.html.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
                raise DropItem(f"not an HTML page or a PDF: {item.content_type or 'no content type'}")
            else:
                article = extract_article(item.html, item.fetched_url, min_chars=self.min_chars)
        except NotAnArticle as err:
            raise DropItem(f"not an article: {err}") from None
        from claimtrack.schema import Document  # pydantic: loaded only once a page is an article

        url = canonical_url(item.fetched_url, hosts)  # after redirects (http -> https, old slug -> new)
        if article.canonical and (urlsplit(article.canonical).hostname or "").lower() in hosts:
            url = canonical_url(article.canonical, hosts)
        # the text decides when it is clear (an English post on a Chinese outlet); else the source's lang
        lang = article.lang or (item.lang if item.lang in ("zh", "en") else None)
        item.document = Document.create(
            url, article.text,
            title=article.title or item.hint.get("title"),
            author=article.author,
            site=item.source,
            lang=lang,
            published=iso_date(article.published) or iso_date(item.hint.get("published")),
            source=item.source,
            primary=item.primary,
            fetched_at=item.fetched_at,
            raw_sha256=item.raw_sha256,
            links=article.links,
        )
        return item
