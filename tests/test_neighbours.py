"""The candidate step of claim matching (claimtrack.neighbours): each row's nearest earlier rows,
exactly for small blocks and through the inverted-file index for large ones."""

from __future__ import annotations

import numpy as np
import pytest

from claimtrack import neighbours


def unit_rows(n: int, dim: int = 64, seed: int = 3) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def brute(vecs: np.ndarray, k: int, floor: float) -> list[list[int]]:
    out = []
    for i in range(len(vecs)):
        sims = [(float(vecs[i] @ vecs[j]), j) for j in range(i)]
        out.append([j for s, j in sorted(sims, key=lambda x: (-x[0], x[1]))[:k] if s >= floor])
    return out


def test_exact_search_is_the_brute_force_answer() -> None:
    vecs = unit_rows(300)
    got = neighbours.nearest_earlier(vecs, 5, -1.0)
    want = brute(vecs, 5, -1.0)
    for i in range(len(vecs)):
        row = [j for j in got[i] if j >= 0]
        assert row == want[i] or np.allclose([vecs[i] @ vecs[j] for j in row],
                                             [vecs[i] @ vecs[j] for j in want[i]], atol=1e-6)


def test_only_earlier_rows_above_the_floor_and_padding() -> None:
    vecs = unit_rows(50)
    got = neighbours.nearest_earlier(vecs, 8, 0.1)
    assert (got[0] == -1).all()  # nothing comes before the first row
    for i, row in enumerate(got):
        found = row[row >= 0]
        assert (found < i).all()
        assert all(float(vecs[i] @ vecs[j]) >= 0.1 for j in found)
        sims = [float(vecs[i] @ vecs[j]) for j in found]
        assert sims == sorted(sims, reverse=True)
        assert (row[len(found):] == -1).all()  # -1 only as padding after the found rows


@pytest.mark.parametrize("list_size", [25, 60])
def test_inverted_file_finds_near_copies(monkeypatch: pytest.MonkeyPatch, list_size: int) -> None:
    """Above EXACT_MAX rows the index is used: every near copy of an earlier row (cosine about
    0.95) is still found, among random rows that resemble nothing."""
    monkeypatch.setattr(neighbours, "EXACT_MAX", 0)
    monkeypatch.setattr(neighbours, "LIST_SIZE", list_size)
    rng = np.random.default_rng(5)
    base = unit_rows(400, seed=9)
    copies = base[:100] + 0.04 * rng.standard_normal((100, 64)).astype(np.float32)
    copies /= np.linalg.norm(copies, axis=1, keepdims=True)
    vecs = np.concatenate([base, copies])
    got = neighbours.nearest_earlier(vecs, 4, 0.5)
    for i in range(100):
        assert got[400 + i][0] == i
    assert neighbours.nearest_earlier(vecs, 4, 0.5).tolist() == got.tolist()  # deterministic
