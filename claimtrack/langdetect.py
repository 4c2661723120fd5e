"""Tell Chinese from English text by script, cheaply (no model)."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_lang(text: str, sample: int = 20000) -> str:
    """'zh' when Han characters are at least a fifth of the letters, else 'en'."""
    head = text[:sample]
    han = len(_HAN.findall(head))
    latin_words = len(re.findall(r"[A-Za-z]+", head))
    if han == 0:
        return "en"
    return "zh" if han >= 0.2 * (han + latin_words) else "en"
