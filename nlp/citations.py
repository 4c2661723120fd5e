"""Primary sources in a document (URLs, DOIs, arXiv ids) and which claims they support."""

from __future__ import annotations

import re
from dataclasses import dataclass

URL = re.compile(r"https?://[^\s<>\"'“”‘’（）()\[\]{}，。、；！？|]+", re.I)
# first-character lookaheads: the scans skip the rest of the text at C speed
DOI = re.compile(r"(?=[dh1])\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"'<>，。；）)\]]+)", re.I)
ARXIV = re.compile(r"(?=a)(?:\barXiv:\s?(\d{4}\.\d{4,5}(?:v\d+)?)|arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?))", re.I)
SOURCE_KEYS = re.compile(r"^\s*(?:source|origin|原文链接|原文|来源|原文地址|canonical|url)\s*[:：]\s*[\"']?(https?://\S+?)[\"']?\s*$",
                         re.I | re.M)


@dataclass(frozen=True)
class Cite:
    start: int
    end: int
    ref: str  # normalised: URL, 'doi:10.x/y', 'arXiv:2411.00986'


def _clean_url(u: str) -> str:
    return u.rstrip(".,;:!?)]}>*_")


def find_cites(text: str) -> list[Cite]:
    out: list[Cite] = []
    taken: list[tuple[int, int]] = []
    for m in ARXIV.finditer(text):
        ident = m.group(1) or m.group(2)
        out.append(Cite(m.start(), m.end(), f"arXiv:{ident}"))
        taken.append(m.span())
    for m in DOI.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        out.append(Cite(m.start(), m.end(), "doi:" + m.group(1).rstrip(".,;")))
        taken.append(m.span())
    for m in URL.finditer(text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        out.append(Cite(m.start(), m.end(), _clean_url(m.group(0))))
    out.sort(key=lambda c: c.start)
    return out


def source_urls(text: str) -> list[str]:
    """URLs a document declares as its origin (front matter 'source:', '原文链接:')."""
    head = text[:3000]
    return [_clean_url(m.group(1)) for m in SOURCE_KEYS.finditer(head)]


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", max(0, pos - 2000), pos)
    e = text.find("\n", pos, pos + 2000)
    return (0 if s < 0 else s + 1), (len(text) if e < 0 else e)


def url_terms(url: str) -> set[str]:
    path = re.sub(r"^https?://[^/]+", "", url.lower())
    return {t for t in re.split(r"[^a-z0-9]+", path) if len(t) > 2}
