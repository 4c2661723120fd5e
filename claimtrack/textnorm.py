"""Length-preserving normalisation for matching: full-width to ASCII, Traditional to Simplified.

Every function here returns a string of exactly the same length as its input, so offsets found
in the normalised text are offsets in the text as written (quotes always stay as written).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _fold_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:  # full-width ASCII
        return chr(o - 0xFEE0)
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u202f\u200b\ufeff":
        return " "
    if ch in "\u2010\u2011\u2012\u2013\u2014\u2212":  # dashes and minus
        return "-" if ch != "\u2014" else "\u2014"
    if ch in "\u3002\uff61":
        return "。"
    return ch


_FOLD_TABLE = {o: _fold_char(chr(o)) for o in list(range(0xFF01, 0xFF5F)) + [0x3000, 0x00A0, 0x2002, 0x2003, 0x2009,
                                                                           0x202F, 0x200B, 0xFEFF, 0x2010, 0x2011,
                                                                           0x2012, 0x2013, 0x2014, 0x2212, 0xFF61]}


@lru_cache(maxsize=1)
def _converter():
    try:
        from opencc import OpenCC
    except Exception:  # pragma: no cover - dependency declared in pyproject
        return None
    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def _t2s_char(ch: str) -> str:
    conv = _converter()
    if conv is None:
        return ch
    out = conv.convert(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Every character OpenCC t2s may change (keys of its character and phrase tables)."""
    chars: set[str] = set()
    try:
        import opencc

        base = Path(opencc.__file__).parent / "dictionary"
        for name in ("TSCharacters.txt", "TSPhrases.txt"):
            with open(base / name, encoding="utf-8") as f:
                for line in f:
                    key = line.split("\t", 1)[0]
                    chars.update(key)
    except Exception:  # pragma: no cover - then every CJK text goes through OpenCC
        return frozenset()
    return frozenset(chars)


_FOLD_NEEDED = re.compile("[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u2009\u202f\u200b\ufeff\u2010-\u2014\u2212\uff61]")


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """OpenCC's Traditional-to-Simplified character table (first choice), for str.translate."""
    table: dict[int, str] = {}
    try:
        import opencc

        with open(Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt", encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 2 and len(parts[0]) == 1:
                    first = parts[1].split(" ")[0]
                    if len(first) == 1 and first != parts[0]:
                        table[ord(parts[0])] = first
    except Exception:  # pragma: no cover
        return {}
    return table


@lru_cache(maxsize=1)
def _changed_chars() -> frozenset[str]:
    return frozenset(chr(k) for k in _t2s_table())


@lru_cache(maxsize=1)
def _preimages() -> dict[str, str]:
    """For each character, every other character `normalise` turns into it (full width, Traditional)."""
    out: dict[str, str] = {}
    for table in (_FOLD_TABLE, _t2s_table()):
        for k, v in table.items():
            if len(v) == 1 and chr(k) != v:
                out[v] = out.get(v, "") + chr(k)
    return out


def variants(chars: str) -> str:
    """`chars` plus every character that normalises to one of them: '两' -> '两兩', '%' -> '%％'.

    For patterns that run on text as written but must accept whatever matches after `normalise`."""
    pre = _preimages()
    seen = dict.fromkeys(chars)
    for c in chars:
        for v in pre.get(c, ""):
            seen.setdefault(v)
    return "".join(seen)


def to_simplified(text: str) -> str:
    """Traditional to Simplified with OpenCC's character table, same length (for matching only)."""
    if not _CJK.search(text):
        return text
    table = _t2s_table()
    if table:
        if _changed_chars().isdisjoint(text):
            return text
        return text.translate(table)
    trad = _traditional_chars()
    if trad and trad.isdisjoint(text):
        return text
    conv = _converter()
    if conv is None:
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    return "".join(_t2s_char(c) if _CJK.match(c) else c for c in text)


def fold(text: str) -> str:
    """Full-width digits/letters/punctuation to ASCII and odd spaces to plain ones; same length."""
    if not _FOLD_NEEDED.search(text):
        return text
    return text.translate(_FOLD_TABLE)


def normalise(text: str) -> str:
    """Fold widths, then Traditional to Simplified. Same length as `text`."""
    return to_simplified(fold(text))


def lower_same_length(text: str) -> str:
    out = text.lower()
    if len(out) == len(text):
        return out
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_LETTER = re.compile(r"[A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def document_lang(text: str, declared: str | None = None) -> Literal["zh", "en"] | None:
    """A document's language from its text (the share of CJK among its first letters), the declared
    language (an HTML lang, a zh-TW) breaking ties; None when neither says. The one guesser of a
    document's language (the crawler's and every input's); a sentence's is `script_lang`."""
    letters = _LETTER.findall(text[:5000])
    if letters:
        share = sum(1 for ch in letters if _CJK.match(ch)) / len(letters)
        if share >= 0.3:
            return "zh"
        if share <= 0.05:
            return "en"
    low = (declared or "").lower()
    if low.startswith("zh"):
        return "zh"
    if low.startswith("en"):
        return "en"
    return None


def script_lang(text: str) -> Literal["zh", "en"]:
    """'zh' when the sentence holds Chinese characters, else 'en'."""
    return "zh" if _CJK.search(text) else "en"



_ASKS = re.compile(r"[?？][\s\"'”’）)]*$")


def asks(text: str) -> bool:
    """Does `text` end with a question ('... this century?', '……多大？”')?"""
    return bool(_ASKS.search(text))
