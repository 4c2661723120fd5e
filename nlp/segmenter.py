"""Chinese words for the extractor: jieba's dictionary and algorithm, run by rjieba (jieba-rs).

The pure-Python jieba costs about 1.5 s before its first word (its prefix dictionary, then posseg's
tables and word tags) and was a fifth of Chinese extraction time; rjieba, the Rust port with the
same dictionary and HMM, loads in about 0.2 s and cuts some twenty times faster. Its words are
jieba's but for two things, both handled or measured here:

- a run of Latin letters and punctuation that no dictionary word covers: jieba cuts it at the
  punctuation ('ASL-3' -> 'ASL' '-' '3', 'www.example.com' -> 'www' '.' 'example' ...), rjieba keeps
  it whole; `cut` cuts it as jieba does (a decimal and a percent stay whole, as in jieba);
- rare HMM guesses for unknown words (1 line in about 1,000 of our corpora).

`tag` is jieba's dictionary tag of a word (None for a word the dictionary does not hold): rjieba
tags a word in context, and alone for almost every dictionary word; the few it cuts when alone
('一个家') are looked up in jieba's dictionary file when first asked for.

The user words (`nlp.userdict`) go into this process's own rjieba instance, so the store's
segmentation (`index.segment`, rjieba's built-in dictionary only) is not changed by them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

_LOCK = threading.Lock()
_JIEBA = None
_DICT: bytes | None = None
_USER_TAGS: dict[str, str] = {}  # a user word's tag wins over the dictionary's, as in jieba's add_word

# jieba's HMM cuts an unknown run outside Chinese characters into these (finalseg's re_skip)
_LATIN = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_HAS_LATIN = re.compile(r"[a-zA-Z0-9]")


def _jieba():
    global _JIEBA
    if _JIEBA is None:
        with _LOCK:
            if _JIEBA is None:
                import rjieba

                _JIEBA = rjieba.Jieba()
    return _JIEBA


def add_words(words: Iterable[tuple[str, str]]) -> None:
    """Add (word, tag) pairs, each with the frequency that keeps it one word (jieba's add_word)."""
    j = _jieba()
    for w, tag in words:
        j.add_word(w, None, tag)
        _USER_TAGS[w] = tag


def _split(w: str, j) -> list[str]:
    if len(w) > 1 and _HAS_LATIN.search(w) and not j.has_word(w):
        parts = [x for x in _LATIN.split(w) if x]
        if len(parts) > 1:
            return parts
    return [w]


def cut(text: str) -> list[str]:
    """jieba.cut(text) (precise mode, HMM on)."""
    j = _jieba()
    out: list[str] = []
    for w in j.cut(text, True):
        out += _split(w, j)
    return out


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of `text`, the words of `cut`: a dictionary word's tag, 'eng' / 'm' / 'x'
    for others (jieba.posseg's tags, without its second HMM for unknown words)."""
    j = _jieba()
    out: list[tuple[str, str]] = []
    for w, t in j.tag(text, True):
        parts = _split(w, j)
        out += [(w, _USER_TAGS.get(w, t))] if len(parts) == 1 else [(p, "eng" if p.isascii() and p.isalpha() else "x") for p in parts]
    return out


def known(word: str) -> bool:
    """Does jieba's dictionary (with the user words) hold `word` as a word (not only as a prefix)?"""
    return bool(word) and _jieba().has_word(word)


def tag(word: str) -> str | None:
    """jieba's dictionary tag of `word` (jieba.posseg's word_tag_tab), None if it is no word."""
    j = _jieba()
    if not word or not j.has_word(word):
        return None
    if word in _USER_TAGS:
        return _USER_TAGS[word]
    t = j.tag(word, False)
    if len(t) == 1:
        return t[0][1]
    return _dict_tag(word)


def _dict_bytes() -> bytes:
    """jieba's dictionary file, read once (5 MB): b'word freq tag' lines."""
    global _DICT
    if _DICT is None:
        import importlib.util

        spec = importlib.util.find_spec("jieba")
        path = (Path(list(spec.submodule_search_locations)[0]) / "dict.txt"
                if spec is not None and spec.submodule_search_locations else None)
        _DICT = b"\n" + path.read_bytes() if path is not None and path.is_file() else b""
    return _DICT


@lru_cache(maxsize=4096)
def _dict_tag(word: str) -> str | None:
    """The tag jieba's dictionary file gives `word`, for the few words rjieba cuts when they stand
    alone: one search of the file's bytes (a millisecond or two), not a table of 350,000 words
    built on first use (most processes never ask)."""
    data = _dict_bytes()
    at = data.find(b"\n" + word.encode("utf-8") + b" ")
    if at < 0:
        return None
    end = data.find(b"\n", at + 1)
    parts = data[at + 1:end if end >= 0 else len(data)].split(b" ")
    return parts[2].decode("utf-8").strip() if len(parts) >= 3 else None
