"""Cluster and flag synthetic claims at several sizes; time should grow near-linearly.

    .venv/bin/python benchmarks/compare.py --sizes 10000,100000,1000000

For each size: seconds to cluster (canonical ids plus the rapidfuzz pass) and compute flags (claimtrack.compare), against a baseline
measured in the same process on the same claims: one dict grouping by the cluster fields, the least
work any clustering must do. Prints a table (and --json). Peak memory is reported for the process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from collections import defaultdict

from claimtrack.compare import cluster_all, compute_flags
from claimtrack.schema import Claim, DocRef, Entity, Proposition, Value

PROPS = [f"prop-{i}" for i in range(400)]
VALUES = [0.03, 0.1, 0.15, 0.2, 0.25, 0.5, 0.82, 0.95, 2.0, 10.0, 3e11]
QUALS = ["exact", "approx", "approx", "at_least", "at_most", "exact"]


def synthetic(n: int, seed: int = 7) -> list[Claim]:
    """n claims: ~n/8 claimants, 5 claims a document. A claimant mostly repeats one value (90%) with
    one hedge (95%) for one proposition (80%): most clusters agree, roughly one in ten disagree."""
    rnd = random.Random(seed)
    people = [f"person-{i}" for i in range(max(10, n // 8))]
    sites = [f"Outlet {i}" for i in range(500)]
    subjects = [None, "current-ai-models", "claude-opus-4", "claude-models"]
    out = []
    for i in range(n):
        doc = f"d{i // 5}"
        person = rnd.choice(people)
        # A claimant mostly repeats one value for one proposition; sometimes sources disagree.
        prop = PROPS[hash(person) % len(PROPS)] if rnd.random() < 0.8 else rnd.choice(PROPS)
        v = VALUES[hash((person, prop)) % len(VALUES)] if rnd.random() < 0.9 else rnd.choice(VALUES)
        q = QUALS[hash((person, prop, "q")) % len(QUALS)] if rnd.random() < 0.95 else rnd.choice(QUALS)
        low = None if q == "at_most" else v
        high = None if q == "at_least" else v
        subj = rnd.choice(subjects)
        out.append(Claim.model_construct(
            id=f"c{i}", doc=DocRef.model_construct(id=doc, url=f"https://x.example/{doc}", site=rnd.choice(sites),
                                                   published=f"2025-{1 + i % 12:02d}-01", title=None, lang="en"),
            lang="en", quote="q", span=(0, 1), claimant=Entity.model_construct(name=person, id=person),
            subject=Entity.model_construct(name=subj, id=subj) if subj else None,
            proposition=Proposition.model_construct(key=prop, label=prop),
            value=Value.model_construct(text=f"{v:g}", low=low, high=high, unit="ratio", qualifier=q),
            stated_at=None, cites=[], cluster_id=None))
    return out


def baseline(claims: list[Claim]) -> int:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[(c.proposition.key, c.subject.id if c.subject else "", c.claimant.id if c.claimant else "")].append(c)
    return len(groups)


def measure(n: int) -> dict:
    claims = synthetic(n)
    t0 = time.perf_counter()
    baseline(claims)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    clustered = cluster_all(claims)
    flags = compute_flags(clustered)
    t_cmp = time.perf_counter() - t0
    return {"claims": n, "clusters": len({c.cluster_id for c in clustered}), "flags": len(flags),
            "baseline_s": round(t_base, 3), "compare_s": round(t_cmp, 3), "ratio": round(t_cmp / t_base, 1),
            "us_per_claim": round(1e6 * t_cmp / n, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated claim counts")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [measure(int(s)) for s in args.sizes.split(",")]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"rows": rows, "peak_rss_mb": round(peak_mb)}))
        return
    print(f"{'claims':>9} {'clusters':>9} {'flags':>7} {'baseline s':>11} {'compare s':>10} {'ratio':>6} {'us/claim':>9}")
    for r in rows:
        print(f"{r['claims']:>9} {r['clusters']:>9} {r['flags']:>7} {r['baseline_s']:>11} {r['compare_s']:>10} "
              f"{r['ratio']:>6} {r['us_per_claim']:>9}")
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
