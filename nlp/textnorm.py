"""Length-preserving normalisation for matching: full-width to ASCII, Traditional to Simplified.

Every function here returns a string of exactly the same length as its input, so offsets found
in the normalised text are offsets in the text as written (quotes always stay as written).
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


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


def to_simplified(text: str) -> str:
    """OpenCC t2s, kept to the same length (falls back to char by char when phrases change it)."""
    if not _CJK.search(text):
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
    return "".join(_fold_char(c) for c in text)


def normalise(text: str) -> str:
    """Fold widths, then Traditional to Simplified. Same length as `text`."""
    return to_simplified(fold(text))


def lower_same_length(text: str) -> str:
    out = text.lower()
    if len(out) == len(text):
        return out
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def script_lang(text: str) -> str:
    """'zh' when the sentence holds Chinese characters, else 'en'."""
    return "zh" if _CJK.search(text) else "en"


def has_latin(text: str) -> bool:
    return bool(_LATIN.search(text))
