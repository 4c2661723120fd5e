"""Crawl benchmark: the real spider over a synthetic site on loopback, politeness off.

    .venv/bin/python benchmarks/crawl.py [--pages 1000] [--json] [--second-run precheck|spider|httpcache]

Measures, through fetch, snapshot, extraction (trafilatura), de-duplication and hand-off (spool):
  * pages/s (wall) and pages per CPU-second of the spider process (= per core: Scrapy runs on one);
  * a second run over the unchanged site, as a fraction of the first (conditional requests,
    state in state_dir; the parent's pre-check finds the sitemap unchanged and no page due, so no
    spider process starts). Targets: >= 30 pages/s per core; second run <= 5% of the first.

CPU: "spider" is the child process (RUSAGE_CHILDREN); "total" adds this process (the pre-check,
reading the spool back, and the loopback server's threads, which live here too).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimtrack.settings import Settings  # noqa: E402
from crawler import Source, crawl  # noqa: E402
from crawler.serve import serve_directory_server  # noqa: E402
from crawler.testing import make_site  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_crawl(source: Source, settings: Settings, state: Path,
                 overrides: dict | None = None) -> tuple[float, float, float, int, dict, bool]:
    cpu0, own0, t0 = _children_cpu(), time.process_time(), time.perf_counter()
    result = crawl([source], settings=settings, state_dir=state, polite=False, overrides=overrides)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    total = cpu + time.process_time() - own0
    docs = len(result.documents)
    if result.errors:
        print("errors:", *result.errors[:5], sep="\n  ", file=sys.stderr)
    result.acknowledge()
    spider = "spider not started" not in (result.log_path.read_text("utf-8") if result.log_path else "")
    return wall, cpu, total, docs, result.per_source[source.name], spider


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--second-run", choices=("precheck", "spider", "httpcache"), default="precheck",
                        help="how the second run decides there is nothing new: the in-process pre-check (what "
                             "crawl() does), the spider with its own conditional requests (the pre-check off), "
                             "or the spider with Scrapy's HttpCacheMiddleware and RFC2616Policy (on both runs)")
    args = parser.parse_args()
    if args.second_run != "precheck":
        import crawler.run

        crawler.run._precheck = lambda *a, **k: None  # type: ignore[assignment]  # the spider always starts
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        make_site(tmp / "site", args.pages)
        settings = Settings(data_dir=tmp / "data")
        with serve_directory_server(tmp / "site") as server:
            source = Source(name="Synth", lang="auto", sitemaps=(f"{server.base_url}/synth/sitemap.xml",))
            overrides = None
            if args.second_run == "httpcache":
                overrides = {"HTTPCACHE_ENABLED": True, "HTTPCACHE_DIR": str(tmp / "httpcache"),
                             "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy"}
            wall1, cpu1, total1, docs1, _, _ = _timed_crawl(source, settings, tmp / "state", overrides)
            wall2, cpu2, total2, docs2, stats2, spider2 = _timed_crawl(source, settings, tmp / "state", overrides)
    report = {
        "pages": args.pages,
        "second_run_by": args.second_run,
        "first_run": {"wall_s": round(wall1, 2), "cpu_s": round(cpu1, 2), "total_cpu_s": round(total1, 2),
                      "documents": docs1,
                      "pages_per_s_wall": round(args.pages / wall1, 1),
                      "pages_per_cpu_s": round(args.pages / cpu1, 1)},
        "second_run": {"wall_s": round(wall2, 3), "cpu_s": round(cpu2, 3), "total_cpu_s": round(total2, 3),
                       "documents": docs2, "unchanged": stats2.get("unchanged"), "spider_started": spider2,
                       "fraction_of_first_wall": round(wall2 / wall1, 4),
                       "fraction_of_first_cpu": round(total2 / total1, 4)},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(terse=True), "processor": platform.processor() or platform.machine()},
    }
    if args.json:
        print(json.dumps(report))
    else:
        f, s = report["first_run"], report["second_run"]
        print(f"first run : {args.pages} pages, {f['documents']} documents in {f['wall_s']} s wall "
              f"({f['pages_per_s_wall']} pages/s), {f['cpu_s']} CPU-s in the spider process "
              f"({f['pages_per_cpu_s']} pages per CPU-second)")
        print(f"second run: {s['documents']} documents, {s['unchanged']} unchanged, {s['wall_s']} s wall "
              f"= {100 * s['fraction_of_first_wall']:.2f}% of the first; {s['total_cpu_s']} CPU-s "
              f"= {100 * s['fraction_of_first_cpu']:.2f}% of the first's {f['total_cpu_s']} (spider and this process); "
              f"spider started: {'yes' if s['spider_started'] else 'no'}")
        print(f"machine   : {report['machine']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
