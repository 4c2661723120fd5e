"""Claim extraction: Chinese (spaCy zh + jieba) and English (spaCy) -> Claim objects.

    from nlp import Extractor
    claims = Extractor(settings).extract(doc)
"""

from nlp.extractor import Extractor

__all__ = ["Extractor"]
