"""Near-duplicate texts (syndication: one story reprinted by several outlets), for Chinese and English.

MinHash over character 4-grams of the text with spaces and punctuation removed (works the same
for Chinese, which has no spaces, and English), and LSH bands to find candidates without comparing
every pair: the cost per new document does not grow with the number stored.
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from typing import Any

NUM_PERM = 64
BANDS = 16  # 16 bands x 4 rows: pairs with Jaccard >= ~0.5 almost always share a band
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.6  # estimated Jaccard similarity from which two texts are the same story
SHINGLE = 4
_PRIME = (1 << 61) - 1
_STRIP = re.compile(r"[\W_]+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    norm = _STRIP.sub("", text.lower())
    if len(norm) <= size:
        return {norm} if norm else set()
    return {norm[i:i + size] for i in range(len(norm) - size + 1)}


@cache
def _permutations() -> tuple[Any, Any]:
    import numpy as np  # loaded with the first article, not at spider start-up

    rng = np.random.default_rng(20250501)
    return (rng.integers(1, _PRIME, NUM_PERM, dtype=np.uint64), rng.integers(0, _PRIME, NUM_PERM, dtype=np.uint64))


def signature(text: str) -> list[int]:
    import numpy as np

    a, b = _permutations()
    grams = shingles(text)
    if not grams:
        return [0] * NUM_PERM
    hashes = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))
    # (a*x + b) mod p with x < 2**32 and a, b < 2**61: the product can overflow uint64, which is a
    # fixed, deterministic permutation-like mixing all the same (MinHash only needs consistency).
    mixed = (np.outer(a, hashes) + b[:, None]) % np.uint64(_PRIME)
    return [int(v) for v in mixed.min(axis=1)]


def bands(sig: list[int]) -> list[str]:
    return [f"{b}:{zlib.crc32(repr(sig[b * ROWS:(b + 1) * ROWS]).encode()):08x}" for b in range(BANDS)]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / NUM_PERM
