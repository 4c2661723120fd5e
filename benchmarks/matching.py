"""Claim matching (claimtrack.matching.match) on synthetic claims, beside the dict-grouping baseline.

    .venv/bin/python benchmarks/matching.py --sizes 2000,10000,30000

For each size: seconds to match (vectors given), against a baseline measured in the same process on
the same claims: one dict grouping by (proposition, subject, claimant), the least work any
clustering must do. The embedding cost per claim is measured separately on 512 real-length claim
sentences (the encoder, one thread). Peak RSS is reported for the process.

Synthetic claims: n/4 true claims, each with a random unit vector; a mention is that vector plus
noise (cosine to it about 0.75), a claimant for 70% of mentions (one of n/40 people), the true
claim's value for 90% of them.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from collections import defaultdict

import numpy as np

from claimtrack.matching import match
from claimtrack.schema import Claim, DocRef, Entity, Proposition, Value
from claimtrack.similarity import DIM, embed_claims

VALUES = [0.03, 0.1, 0.15, 0.2, 0.25, 0.5, 0.82, 0.95]


def synthetic(n: int, seed: int = 7) -> tuple[list[Claim], dict[str, np.ndarray]]:
    rnd = random.Random(seed)
    rng = np.random.default_rng(seed)
    truths = max(2, n // 4)
    base = rng.standard_normal((truths, DIM)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    people = [f"person-{i}" for i in range(max(2, n // 40))]
    owner = [rnd.choice(people) for _ in range(truths)]
    value = [rnd.choice(VALUES) for _ in range(truths)]
    claims, vecs = [], {}
    for i in range(n):
        t = rnd.randrange(truths)
        v = base[t] + rng.standard_normal(DIM).astype(np.float32) * 0.04
        v /= np.linalg.norm(v)
        x = value[t] if rnd.random() < 0.9 else rnd.choice(VALUES)
        who = owner[t] if rnd.random() < 0.7 else None
        doc = f"d{i // 3}"
        c = Claim.model_construct(
            id=f"c{i}", doc=DocRef.model_construct(id=doc, url=f"https://x.example/{doc}", site=f"s{i % 97}",
                                                   published=f"2025-{1 + i % 12:02d}-01", title=None, lang="en"),
            lang="en", quote=f"q {x}", span=(0, 3), claimant=Entity.model_construct(name=who, id=who) if who else None,
            subject=None, proposition=Proposition.model_construct(key=f"auto-{t}", label="p"),
            value=Value.model_construct(text=f"{x:g}", low=x, high=x, unit="ratio", qualifier="exact"),
            stated_at=None, cites=[], cluster_id=None, claimant_basis=None, attribution=None)
        claims.append(c)
        vecs[c.id] = v
    return claims, vecs


def baseline(claims: list[Claim]) -> int:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[(c.proposition.key, c.subject.id if c.subject else "", c.claimant.id if c.claimant else "")].append(c)
    return len(groups)


def measure(n: int) -> dict:
    claims, vecs = synthetic(n)
    t0 = time.perf_counter()
    baseline(claims)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = match(claims, vecs)
    t_match = time.perf_counter() - t0
    return {"claims": n, "clusters": len(set(result.cluster_of.values())), "baseline_s": round(t_base, 4),
            "match_s": round(t_match, 2), "ratio": round(t_match / max(t_base, 1e-9)),
            "us_per_claim": round(1e6 * t_match / n, 1)}


def embedding_cost(k: int = 512) -> float:
    """Seconds per claim to embed claim windows and titles of realistic length (encoder loaded)."""
    sample = [Claim.model_construct(
        id=f"e{i}", doc=DocRef.model_construct(id="d", url="u", title=f"Report {i}: what the survey of engineers found",
                                               site=None, published=None, lang="en"),
        lang="en", quote=f"In its latest survey of {i} engineers, the group said about {i % 90 + 5}% now rely on AI "
                         "assistants for most of their code, up from last year.",
        span=(0, 1), claimant=None, subject=None, proposition=Proposition.model_construct(key="k", label="l"),
        value=Value.model_construct(text=f"about {i % 90 + 5}%", low=0.1, high=0.1, unit="ratio", qualifier="approx"),
        stated_at=None, cites=[], cluster_id=None, claimant_basis=None, attribution=None) for i in range(k)]
    embed_claims(sample[:8])  # load the encoder outside the timing
    t0 = time.perf_counter()
    embed_claims(sample)
    return (time.perf_counter() - t0) / k


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,10000", help="comma-separated claim counts")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [measure(int(s)) for s in args.sizes.split(",")]
    per_claim = embedding_cost()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"rows": rows, "embed_ms_per_claim": round(1e3 * per_claim, 2), "peak_rss_mb": round(peak_mb)}))
        return
    print(f"{'claims':>8} {'clusters':>9} {'baseline s':>11} {'match s':>8} {'ratio':>7} {'us/claim':>9}")
    for r in rows:
        print(f"{r['claims']:>8} {r['clusters']:>9} {r['baseline_s']:>11} {r['match_s']:>8} {r['ratio']:>7} "
              f"{r['us_per_claim']:>9}")
    print(f"embedding: {1e3 * per_claim:.2f} ms a claim ({1 / per_claim:.0f} claims/s, one thread); peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
