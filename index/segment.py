"""Text the search index sees: words folded here, the same way for the index and for a query.

Both backends index the same folded string (SQLite FTS5 with `unicode61`, Elasticsearch with the
same split), so a query matches the same claims on either. Folding, word by word:

- Traditional Chinese to Simplified (OpenCC's character table, `claimtrack.textnorm.to_simplified`):
  "意識" finds "意识" and the other way round;
- Chinese cut into words by jieba (below);
- every word split where FTS5's unicode61 splits (anything not a letter or digit), lower-cased,
  diacritics removed, and English words stemmed with the Snowball English stemmer
  ("consciousness", "conscious" and "consciously" are all "conscious"; FTS5's own porter
  tokenizer left "consciousness" as "consciou" and "conscious" as "conscious", so they never met).

- Documents are segmented with `jieba.cut_for_search` (precise words plus the shorter words inside
  long ones: "百分之二十" also indexes "百分", "二十"), so a query word that is part of a longer word
  still matches.
- Queries are segmented with the precise mode `jieba.cut`: every precise word of a query that occurs
  verbatim in a claim is among that claim's indexed words in the common case (jieba may cut a
  sentence boundary differently from an isolated query; that is the limit of word-based search).
- English words are stemmed here, not by the index (whose tokenizer only splits and lower-cases).

The segmenter is `rjieba` (the Rust port of jieba, same dictionary and algorithm: on 30,000
synthetic Chinese quotes its `cut_for_search` output was identical to jieba's, ~30x faster; see
benchmarks/README.md). It uses only its built-in dictionary, so a text is segmented the same way in
every process (CLI, UI, workers) whatever user words the extractor loaded into jieba. Without
rjieba, the pure-Python jieba is used (same words, slower).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from claimtrack.schema import encodable
from claimtrack.textnorm import to_simplified

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
    """The string to index for `text`: folded words separated by spaces (Chinese cut by jieba's
    search mode, so the shorter words inside long ones are there too)."""
    if not text:
        return ""
    text = to_simplified(text)
    pieces = segmenter().cut_for_search(text) if has_cjk(text) else text.split()
    return " ".join(_folded_words(pieces))


def _folded_words(pieces) -> list[str]:
    """Each piece lower-cased and without diacritics (compatibility forms too: "¼" is "1", "4"),
    split where unicode61 splits, English words stemmed."""
    return [fold_word(t) for t in _NON_WORD.split(_plain(" ".join(pieces))) if t]


def _plain(piece: str) -> str:
    piece = piece.lower()
    if piece.isascii():
        return piece
    bare = "".join(c for c in unicodedata.normalize("NFKD", piece) if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", bare).lower()


@lru_cache(maxsize=262144)
def fold_word(word: str) -> str:
    """One word (lower case, no diacritics, no separator inside) as the index keeps it: English
    words stemmed."""
    return _stem(word) if word.isascii() and word.isalpha() else word


def _stem(word: str) -> str:
    global _stemmer
    if _stemmer is None:
        import snowballstemmer

        _stemmer = snowballstemmer.stemmer("english")
    return _stemmer.stemWord(word)


_stemmer = None


@lru_cache(maxsize=65536)
def segment_cached(text: str | None) -> str:
    """`segment` for short strings that repeat (names, ids, proposition labels)."""
    return segment(text)


def query_terms(query: str) -> list[str]:
    """The words of a user query, folded as the index folds them: Chinese cut by jieba (precise
    mode), every piece split where FTS5's unicode61 splits (anything not a letter or digit:
    "ASL-3" -> "asl", "3"), lower-cased and stemmed. Punctuation and query syntax (quotes, `*`,
    `:`, parentheses) are dropped; duplicates too."""
    terms = word_sequence(query)
    return list(dict.fromkeys(terms))


def word_sequence(text: str | None) -> list[str]:
    """`text` as folded words in order (Chinese cut by jieba's precise mode): what a phrase is
    compared with."""
    if not text:
        return []
    text = to_simplified(text)
    pieces = segmenter().cut(text) if has_cjk(text) else text.split()
    return _folded_words(pieces)


# unicode61's separators: everything but letters, digits (and private-use characters, kept here too).
# Python's \w and unicode61 (Unicode 6.1 data) disagree on 21 code points, New Tai Lue vowel signs
# and two Vedic signs, letters to Python and separators to SQLite: found by querying every code
# point through FTS5 (a word SQLite splits in two is a phrase, which detail=none refuses).
_NON_WORD = re.compile(r"[^\w\ue000-\uf8ff]|[_\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]")


def fts5_match(query: str) -> str | None:
    """A safe FTS5 MATCH expression for user text (the syntax of `index.query`): every word quoted,
    so only the operators the parser recognised are operators. None when nothing searchable is
    left. A phrase becomes its words, all required; the store checks their order afterwards
    (`index.query.phrases_hold`), since the index keeps no positions (detail=none)."""
    from index.query import fts5_expression, parse

    parsed = parse(query)
    return fts5_expression(parsed) if parsed is not None else None


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
        words = set(text.split())
        extra = [w for w in segment(ent_id).split() if w not in words]
        if extra:
            text += " " + " ".join(extra)
    return text
