"""Text the search index sees: Chinese pre-segmented with jieba, English left to the index's tokenizer.

Both backends index the same segmented string (SQLite FTS5 with `unicode61`, Elasticsearch with a
whitespace-tokenised field), so a query matches the same claims on either.

- Documents are segmented with `jieba.cut_for_search` (precise words plus the shorter words inside
  long ones: "百分之二十" also indexes "百分", "二十"), so a query word that is part of a longer word
  still matches.
- Queries are segmented with the precise mode `jieba.cut`: every precise word of a query that occurs
  verbatim in a claim is among that claim's indexed words in the common case (jieba may cut a
  sentence boundary differently from an isolated query; that is the limit of word-based search).
- English needs nothing here: the FTS5 tokenizer lower-cases, folds diacritics and stems (porter).

The segmenter is `rjieba` (the Rust port of jieba, same dictionary and algorithm: on 30,000
synthetic Chinese quotes its `cut_for_search` output was identical to jieba's, ~30x faster; see
benchmarks/README.md). It uses only its built-in dictionary, so a text is segmented the same way in
every process (CLI, UI, workers) whatever user words the extractor loaded into jieba. Without
rjieba, the pure-Python jieba is used (same words, slower).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from claimtrack.schema import encodable

if TYPE_CHECKING:
    from claimtrack.schema import Claim

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

log = logging.getLogger(__name__)


class _Segmenter:
    """`cut(text)` (precise) and `cut_for_search(text)`, both with jieba's HMM for unknown words."""

    def __init__(self) -> None:
        try:
            import rjieba
        except ImportError:  # pragma: no cover - rjieba is a declared dependency
            import jieba

            log.warning("rjieba is not installed: segmenting with the slower pure-Python jieba")
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            self.name = "jieba"
            self.cut = lambda text: jieba.cut(encodable(text), HMM=True)
            self.cut_for_search = lambda text: jieba.cut_for_search(encodable(text), HMM=True)
        else:
            self.name = "rjieba"
            self.cut = lambda text: rjieba.cut(encodable(text), True)
            self.cut_for_search = lambda text: rjieba.cut_for_search(encodable(text), True)


_segmenter: _Segmenter | None = None


def segmenter() -> _Segmenter:
    global _segmenter
    if _segmenter is None:
        _segmenter = _Segmenter()
    return _segmenter


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def segment(text: str | None) -> str:
    """The string to index for `text`: words separated by spaces (Chinese cut by jieba)."""
    if not text:
        return ""
    if not has_cjk(text):
        return text
    # Whitespace pieces just add spaces, which the index tokenizer skips anyway.
    return " ".join(segmenter().cut_for_search(text))


@lru_cache(maxsize=65536)
def segment_cached(text: str | None) -> str:
    """`segment` for short strings that repeat (names, ids, proposition labels)."""
    return segment(text)


def query_terms(query: str) -> list[str]:
    """The words of a user query, as the index tokenizes them: Chinese cut by jieba, then every piece
    split where FTS5's unicode61 splits (anything not a letter or digit: "ASL-3" -> "ASL", "3").
    Punctuation and query syntax (quotes, `*`, `:`, parentheses) are dropped; duplicates too."""
    if not query:
        return []
    pieces = segmenter().cut(query) if has_cjk(query) else query.split()
    terms: list[str] = []
    for piece in pieces:
        for token in _NON_WORD.split(piece):
            if token and token.lower() not in (t.lower() for t in terms):
                terms.append(token)
    return terms


# unicode61's separators: everything but letters, digits (and private-use characters, kept here too).
_NON_WORD = re.compile(r"[^\w\ue000-\uf8ff]|_")


def fts5_match(query: str) -> str | None:
    """A safe FTS5 MATCH expression for user text: every word quoted (so `AND`, `OR`, `NEAR` are
    plain words), all words required. None when nothing searchable is left. Words, never phrases:
    the index keeps no positions (detail=none)."""
    terms = query_terms(query)
    if not terms:
        return None
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def claim_fts_text(claim: Claim) -> str:
    """What the full-text index holds for a claim: the quote, claimant and subject (name, and id
    when it adds words: "凯尔·菲什" + "kyle_fish", not "Kyle Fish" + "kyle_fish"), and the
    proposition label, Chinese segmented with jieba."""
    parts = [segment(claim.quote)]
    for ent in (claim.claimant, claim.subject):
        if ent is not None:
            parts.append(_entity_text(ent.name, ent.id))
    parts.append(segment_cached(claim.proposition.label))
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=65536)
def _entity_text(name: str, ent_id: str | None) -> str:
    text = segment(name)
    if ent_id:
        words = {w.lower() for w in _NON_WORD.split(text) if w}
        extra = [w for w in _NON_WORD.split(ent_id) if w and w.lower() not in words]
        if extra:
            text += " " + ent_id
    return text
