"""Nearest earlier neighbours of claim vectors: the candidate step of claim matching.

Claim matching (`claimtrack.matching`) takes claims in order and compares each only with the
clusters holding its nearest earlier claims of the same unit. This module finds those neighbours
for a whole block of unit vectors at once:

- up to `EXACT_MAX` rows, exactly: one matrix product per chunk of rows against the rows before;
- above it, through an inverted-file index (IVF, as in FAISS): spherical k-means splits the rows
  into lists of about `LIST_SIZE`, every row is stored in its `STORED_IN` nearest lists, and a row
  looks for its neighbours in its own nearest list only. Two similar rows are found whenever one's
  nearest list is among the other's nearest STORED_IN, so the search costs about
  n x LIST_SIZE x STORED_IN products instead of n x n / 2. Its recall is measured in
  `benchmarks/README.md`: on isotropic synthetic vectors (the worst case for any inverted file)
  it finds about 0.6 of the exact neighbours, which is why the exact search runs up to EXACT_MAX.

Everything is deterministic: k-means starts from evenly spaced rows, not random ones.
"""

from __future__ import annotations

import numpy as np

EXACT_MAX = 50_000
LIST_SIZE = 1_000
STORED_IN = 4
KMEANS_ROUNDS = 6
KMEANS_SAMPLE = 64  # rows of the training sample per list


def nearest_earlier(vecs: np.ndarray, k: int, floor: float) -> np.ndarray:
    """For each row, the rows before it with the highest cosine, best first: an (n, k) array of
    row numbers, -1 where fewer came before or the cosine is under `floor`."""
    n = len(vecs)
    out = np.full((n, k), -1, dtype=np.int64)
    if n <= EXACT_MAX:
        rows = np.arange(n)
        _search(vecs, rows, rows, k, floor, out)
        return out
    lists = _ivf_lists(vecs, max(2, n // LIST_SIZE))
    edges = np.arange(lists.max() + 2)
    primary = lists[:, 0]
    by_primary = np.argsort(primary, kind="stable")  # stable: rows stay increasing within a list
    q_bounds = np.searchsorted(primary[by_primary], edges)
    flat = lists.ravel()  # row-major: rows increasing
    by_list = np.argsort(flat, kind="stable")
    s_rows, s_bounds = by_list // STORED_IN, np.searchsorted(flat[by_list], edges)
    for ell in range(len(edges) - 1):
        queries = by_primary[q_bounds[ell]:q_bounds[ell + 1]]
        if len(queries):
            _search(vecs, queries, s_rows[s_bounds[ell]:s_bounds[ell + 1]], k, floor, out)
    return out


def _search(vecs: np.ndarray, queries: np.ndarray, stored: np.ndarray, k: int, floor: float,
            out: np.ndarray, chunk: int = 1024) -> None:
    """Fill `out[q]` with the best `k` rows of `stored` (sorted row numbers) that come before q."""
    for start in range(0, len(queries), chunk):
        q = queries[start:start + chunk]
        cand = stored[: np.searchsorted(stored, q[-1])]  # rows before the chunk's last query
        if len(cand) == 0:
            continue
        sims = vecs[q] @ vecs[cand].T
        sims[cand[None, :] >= q[:, None]] = -np.inf
        kk = min(k, len(cand))
        part = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        best = np.take_along_axis(sims, part, axis=1)
        rank = np.argsort(-best, axis=1, kind="stable")
        part = np.take_along_axis(part, rank, axis=1)
        best = np.take_along_axis(best, rank, axis=1)
        found = cand[part]
        found[~(best >= floor)] = -1
        out[q, :kk] = found


def _ivf_lists(vecs: np.ndarray, n_lists: int) -> np.ndarray:
    """Each row's STORED_IN nearest k-means centroids, nearest first: an (n, STORED_IN) array."""
    n = len(vecs)
    sample = vecs[np.linspace(0, n - 1, min(n, n_lists * KMEANS_SAMPLE)).astype(np.int64)]
    centres = sample[np.linspace(0, len(sample) - 1, n_lists).astype(np.int64)].copy()
    for _ in range(KMEANS_ROUNDS):
        nearest = np.argmax(sample @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, nearest, sample)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        centres = np.where(empty[:, None], centres, sums / np.where(norms == 0, 1, norms))
    out = np.empty((n, STORED_IN), dtype=np.int64)
    for start in range(0, n, 8192):
        sims = vecs[start:start + 8192] @ centres.T
        top = np.argpartition(-sims, STORED_IN - 1, axis=1)[:, :STORED_IN]
        rank = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1, kind="stable")
        out[start:start + 8192] = np.take_along_axis(top, rank, axis=1)
    return out
