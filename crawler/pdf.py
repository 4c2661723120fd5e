"""Text of a PDF (a cited system card, a paper): pypdf, page by page, as plain text."""

from __future__ import annotations

import io
import re

from crawler.extract import Article, NotAnArticle, clean_author, text_weight

MAX_PDF_PAGES = 300  # a long report's first pages carry what it is cited for
PLACEHOLDER_AUTHORS = frozenset({"anonymous", "unknown", "user", "admin", "author"})  # what PDF writers fill in


def is_pdf(body: bytes, content_type: str | None) -> bool:
    return body[:1024].lstrip().startswith(b"%PDF-") or "application/pdf" in (content_type or "").lower()


def _clean(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\r\n", "\n")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # words hyphenated at a line end
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def extract_pdf(body: bytes, *, min_chars: int) -> Article:
    """The text of a PDF as an Article (title from its metadata), or NotAnArticle saying why not."""
    from pypdf import PdfReader  # imported here: only a run that meets a PDF pays for it
    from pypdf.errors import PdfReadError

    from claimtrack.textnorm import document_lang

    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            raise NotAnArticle("an encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
        meta = reader.metadata
    except NotAnArticle:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise NotAnArticle(f"unreadable PDF ({type(err).__name__}: {err})") from None
    text = _clean("\n\n".join(p for p in pages if p.strip()))
    if not text:
        raise NotAnArticle("a PDF without a text layer (scanned?)")
    if text_weight(text) < min_chars:
        raise NotAnArticle(f"PDF text too short ({text_weight(text)} < {min_chars} weighted chars)")
    title = (meta.title if meta is not None else None) or None
    author = clean_author(str(meta.author)) if meta is not None and meta.author else None
    if author and author.strip().lower() in PLACEHOLDER_AUTHORS:
        author = None
    return Article(text=text, title=str(title).strip() if title else text.split("\n", 1)[0][:200],
                   author=author, published=None,
                   lang=document_lang(text, None), canonical=None, links=[])
