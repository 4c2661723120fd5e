"""UI benchmark: server time of the Streamlit pages over a large store, timed through AppTest.

    .venv/bin/python -m benchmarks.ui                       # 100k claims, 5k flags (the reported figure)
    .venv/bin/python -m benchmarks.ui --claims 20000 --flags 1000

Claims come from `benchmarks.store.generate` (synthetic, Chinese and English, Zipf-like words);
flags pair two claims of one cluster with different kinds and severities. Building the store is
not timed. What is timed is `AppTest.run()`: one full rerun of the app script as the server runs
it (sidebar stats, the page's store calls, building every element), without network or browser.

- search: one session, the search box set to each query of `benchmarks.store.QUERIES` in turn
  (one-to-three words, Chinese and English, rare to very common), repeated; p50/p95/max.
- filtered search: the same queries with filters picked in the pick lists (one outlet of 40;
  then a claimant and a value range; then a publication month), which run in the store; and
  browsing (no query) with each of those filters.
- facets: the store call that fills the pick lists (cached by the app for a minute, so paid by
  the first render after that), timed on its own.
- discrepancy queue first render: a fresh session opening the discrepancies page (10 flags a
  page, most severe first), repeated; the very first one in the process (imports, cold caches)
  is reported on its own.
- open flag: a flag's detail (claims side by side, the cluster's chart and variants, reviews).

Targets (issue 7): search p95 <= 300 ms (plain and filtered); queue first render <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.store import QUERIES, generate, machine
from claimtrack.schema import FLAG_KINDS, Flag

SEARCH_TARGET_MS = 300
QUEUE_TARGET_MS = 1000


def build(path: Path, n_claims: int, n_flags: int, seed: int = 11) -> None:
    from index.sqlite_store import SQLiteStore

    rng = random.Random(seed)
    store = SQLiteStore(path)
    by_cluster: dict[str, list[tuple[str, float]]] = {}

    def recorded():
        for doc_id, claims in generate(n_claims):
            for c in claims:
                by_cluster.setdefault(c.cluster_id, []).append((c.id, c.value.low))
            yield doc_id, claims

    store.bulk_replace_claims(recorded())
    clusters = sorted(by_cluster)
    flags = []
    for i in range(n_flags):
        cid = clusters[i % len(clusters)]
        members = by_cluster[cid]
        a, b = rng.sample(members, 2)
        flags.append(Flag(id=f"bflag{i:06d}", kind=FLAG_KINDS[i % len(FLAG_KINDS)], severity=round(rng.random(), 3),
                          cluster_id=cid, claims=[a[0], b[0]],
                          summary=f"synthetic disagreement {i}: {a[1]:g} vs {b[1]:g} in {cid}"))
    store.sync_flags(flags)
    store.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed_run(at) -> float:
    t0 = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return ms


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=100_000, help="synthetic claims (default 100000)")
    ap.add_argument("--flags", type=int, default=5_000, help="synthetic flags (default 5000)")
    ap.add_argument("--repeats", type=int, default=3, help="repetitions of the query set (default 3)")
    ap.add_argument("--sessions", type=int, default=10, help="fresh sessions opening the queue (default 10)")
    ap.add_argument("--db", type=Path, default=None, help="store file (built if missing; default: a temp file)")
    args = ap.parse_args(argv)

    path = args.db or Path(tempfile.mkdtemp(prefix="ct-uibench-")) / "ui.db"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.claims, args.flags)
        print(f"built {path}: {args.claims} claims, {args.flags} flags in {time.perf_counter() - t0:.1f} s")
    os.environ["CLAIMTRACK_DB"] = str(path)
    os.environ["CLAIMTRACK_BACKEND"] = "sqlite"

    from streamlit.testing.v1 import AppTest

    from index.sqlite_store import SQLiteStore
    from ui import APP_PATH

    def session(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(APP_PATH), default_timeout=120)
        if page:
            at.switch_page(page)
        return at

    cold_queue = timed_run(session("views/discrepancies.py"))
    queue = [timed_run(session("views/discrepancies.py")) for _ in range(args.sessions)]

    at = session()
    at.run()
    queries = [q for group in QUERIES.values() for q in group]
    search: list[float] = []
    per_group: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        for group, qs in QUERIES.items():
            for q in qs:
                at.text_input(key="q").set_value(q)
                ms = timed_run(at)
                search.append(ms)
                per_group.setdefault(group, []).append(ms)

    # The same queries with filters picked in the pick lists (they run in the store).
    from datetime import date

    probe = SQLiteStore(path)
    t0 = time.perf_counter()
    facets = probe.facets()
    facets_ms = (time.perf_counter() - t0) * 1000
    probe.close()
    site = facets["sites"][len(facets["sites"]) // 2][0]
    claimant = facets["claimants"][0][0]
    filter_sets = {
        "outlet": lambda at: at.multiselect(key="f_outlet").set_value([site]),
        "claimant+value": lambda at: (at.multiselect(key="f_outlet").set_value([]),
                                      at.multiselect(key="f_claimant").set_value([claimant]),
                                      at.number_input(key="f_vmin").set_value(40.0)),
        "month": lambda at: (at.multiselect(key="f_claimant").set_value([]),
                             at.number_input(key="f_vmin").set_value(None),
                             at.date_input(key="f_from").set_value(date(2025, 3, 1)),
                             at.date_input(key="f_to").set_value(date(2025, 3, 31))),
    }
    filtered: list[float] = []
    per_filter: dict[str, list[float]] = {}
    browse: dict[str, list[float]] = {}
    for name, apply in filter_sets.items():
        apply(at)
        for _ in range(args.repeats):
            at.text_input(key="q").set_value("")
            browse.setdefault(name, []).append(timed_run(at))
            for q in queries:
                at.text_input(key="q").set_value(q)
                ms = timed_run(at)
                filtered.append(ms)
                per_filter.setdefault(name, []).append(ms)

    # Baseline: the same queries through the search page's store logic alone (no Streamlit).
    from index.filters import ClaimFilters
    from ui.search_logic import find_claims

    store = SQLiteStore(path)
    logic: list[float] = []
    for _ in range(args.repeats):
        for q in queries:
            t0 = time.perf_counter()
            find_claims(store, q, ClaimFilters())
            logic.append((time.perf_counter() - t0) * 1000)
    queue_logic = []
    for _ in range(args.sessions):
        t0 = time.perf_counter()
        store.stats()
        page = store.list_flags(limit=11)
        store.get_claims([cid for f in page for cid in f.claims])
        queue_logic.append((time.perf_counter() - t0) * 1000)
    first_flag = store.list_flags(limit=1)[0]
    stats = store.stats()
    store.close()
    opened = []
    for _ in range(5):
        at = session("views/discrepancies.py")
        at.run()
        at.session_state[f"flag-{first_flag.id}"] = True
        opened.append(timed_run(at))

    print(f"machine: {machine()}")
    print(f"store: {stats}")
    print(f"search over {len(queries)} queries x {args.repeats}: p50 {statistics.median(search):.0f} ms, "
          f"p95 {pct(search, 0.95):.0f} ms, max {max(search):.0f} ms "
          f"(target p95 <= {SEARCH_TARGET_MS} ms: {'ok' if pct(search, 0.95) <= SEARCH_TARGET_MS else 'MISSED'})")
    print(f"  baseline, store calls alone (find_claims): p50 {statistics.median(logic):.0f} ms, "
          f"p95 {pct(logic, 0.95):.0f} ms")
    for group, values in per_group.items():
        print(f"  {group:9s} p50 {statistics.median(values):6.0f} ms  max {max(values):6.0f} ms")
    print(f"filtered search, {len(filter_sets)} filter sets x {len(queries)} queries x {args.repeats}: "
          f"p50 {statistics.median(filtered):.0f} ms, p95 {pct(filtered, 0.95):.0f} ms, max {max(filtered):.0f} ms "
          f"(target p95 <= {SEARCH_TARGET_MS} ms: {'ok' if pct(filtered, 0.95) <= SEARCH_TARGET_MS else 'MISSED'})")
    for name, values in per_filter.items():
        print(f"  {name:14s} search p50 {statistics.median(values):6.0f} ms  max {max(values):6.0f} ms; "
              f"browse (no query) p50 {statistics.median(browse[name]):6.0f} ms  max {max(browse[name]):6.0f} ms")
    print(f"facets (pick lists, cached a minute by the app): {facets_ms:.0f} ms uncached; "
          + ", ".join(f"{k} {len(v)}" for k, v in facets.items()))
    print(f"discrepancy queue first render, fresh sessions x {args.sessions}: p50 {statistics.median(queue):.0f} ms, "
          f"max {max(queue):.0f} ms (target <= {QUEUE_TARGET_MS} ms: "
          f"{'ok' if max(queue) <= QUEUE_TARGET_MS else 'MISSED'}); first in a cold process {cold_queue:.0f} ms")
    print(f"  baseline, store calls alone (stats, list_flags, get_claims): p50 {statistics.median(queue_logic):.0f} ms")
    print(f"open one flag (cluster of {len(first_flag.claims)}+ claims, chart, variants): "
          f"p50 {statistics.median(opened):.0f} ms, max {max(opened):.0f} ms")


if __name__ == "__main__":
    main()
