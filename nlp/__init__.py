"""Claim extraction: Chinese (spaCy zh + jieba) and English (spaCy) -> Claim objects.

    from nlp import Extractor
    claims = Extractor(settings).extract(doc)

`Extractor` is loaded on first use, so the light modules (`nlp.numbers`, `nlp.entities`) cost a
store-only command nothing of spaCy's import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Extractor"]

if TYPE_CHECKING:
    from nlp.extractor import Extractor


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from nlp.extractor import Extractor

        return Extractor
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
