"""Rendering scraped text safely.

Rules, enforced here and nowhere else:
- Scraped strings (quotes, titles, names, outlets, summaries, notes) reach Markdown only through
  `md_escape`, which backslash-escapes every ASCII punctuation character (CommonMark allows an
  escape before any of them). So no link, image, HTML tag, emoji shortcode, `:color[...]`
  directive or `$math$` can form from them, and line breaks are flattened so no block (heading,
  list, table, code fence) can start.
- Escapes do not stop GFM autolink literals (remark links `www.x`, `http://x` and `a@b.c` in the
  text *after* unescaping; seen in a real browser), so `defuse_autolinks` puts an invisible
  WORD JOINER (U+2060) after `www`, after `:` in `://` and after `@`. What is displayed looks the
  same; the exact text stays available as plain text (cluster table, exports).
- A URL is rendered only if `safe_url` accepts it: http or https with a host; it is then
  percent-encoded so it cannot close the Markdown link destination.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_SPACES = re.compile(r"\s+")


WJ = "\u2060"  # WORD JOINER: invisible, breaks no line, matches no autolink pattern
_WWW = re.compile(r"(?i)(www)(?=\.)")


def defuse_autolinks(text: str) -> str:
    return _WWW.sub(r"\1" + WJ, text).replace("://", ":" + WJ + "//").replace("@", "@" + WJ)


def md_escape(text: object) -> str:
    """`text` as Markdown that displays those characters (plus invisible word joiners) and nothing else."""
    if text is None:
        return ""
    flat = defuse_autolinks(_SPACES.sub(" ", str(text)).strip())
    return _PUNCT.sub(r"\\\1", flat)


def safe_url(url: object) -> str | None:
    """The URL, percent-encoded for a Markdown link, if it is http(s) with a host; else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # Keep reserved characters meaningful, encode everything that could end or break the link.
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def md_link(label: object, url: object) -> str:
    """A Markdown link with an escaped label, or just the escaped label if the URL is not http(s)."""
    href = safe_url(url)
    text = md_escape(label) or md_escape(url)
    if href is None:
        return text
    href = href.replace("(", "%28").replace(")", "%29")
    return f"[{text}]({href})"


_ARXIV = re.compile(r"^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?)$", re.IGNORECASE)
_DOI = re.compile(r"^(?:doi:)?\s*(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def cite_url(cite: str) -> str | None:
    """A web address for a citation: http(s) URLs as they are, arXiv ids and DOIs resolved."""
    cite = cite.strip()
    if safe_url(cite):
        return cite
    m = _ARXIV.match(cite)
    if m:
        return f"https://arxiv.org/abs/{m.group(1)}"
    m = _DOI.match(cite)
    if m:
        return f"https://doi.org/{m.group(1)}"
    return None


def highlight_md(quote_text: str, value_text: str, style: str = "orange-background") -> str:
    """The quote as escaped Markdown with the first occurrence of the value highlighted."""
    pos = quote_text.find(value_text) if value_text else -1
    if pos < 0:
        return md_escape(quote_text)
    before, mid, after = quote_text[:pos], quote_text[pos:pos + len(value_text)], quote_text[pos + len(value_text):]
    # md_escape strips outer spaces; keep the ones around the value.
    lead = " " if before[-1:].isspace() else ""
    trail = " " if after[:1].isspace() else ""
    return f"{md_escape(before)}{lead}:{style}[**{md_escape(mid)}**]{trail}{md_escape(after)}"
