"""kill -9 at random moments, then resume: the same documents as an uninterrupted run, none doubled.

A driver process plays `claimtrack run`: crawl, store the documents (a JSONL "store"), acknowledge.
It is killed (with its spider process, or alone) at random points; the next run resumes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.serve import serve_directory_server
from crawler.testing import SlowPagesHandler, make_site

pytestmark = pytest.mark.slow

PAGES = 60
LOCKED = 75

DRIVER = r"""
import json, os, sys
from claimtrack.settings import Settings
from crawler import CrawlLockedError, Source, crawl

base, state, store, data = sys.argv[1:5]
source = Source(name="Synth", lang="auto", sitemaps=(base + "/synth/sitemap.xml",))
try:
    result = crawl([source], settings=Settings(data_dir=data), state_dir=state, polite=False,
                   overrides={"CONCURRENT_REQUESTS": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 2})
except CrawlLockedError:
    sys.exit(75)
with open(store, "a", encoding="utf-8") as fh:
    for doc in result.documents:
        fh.write(json.dumps({"id": doc.id, "sha": doc.content_sha256, "url": doc.url}) + "\n")
    fh.flush()
    os.fsync(fh.fileno())
result.acknowledge()
print(json.dumps({"docs": len(result.documents), "errors": result.errors}))
"""


def _run(driver: Path, base: str, tmp: Path, name: str, kill_after: float | None = None,
         parent_only: bool = False) -> int:
    args = [sys.executable, str(driver), base, str(tmp / f"state-{name}"), str(tmp / f"store-{name}.jsonl"),
            str(tmp / f"data-{name}")]
    while True:
        proc = subprocess.Popen(args, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            proc.wait(timeout=kill_after if kill_after is not None else 120)
        except subprocess.TimeoutExpired:
            if parent_only:
                os.kill(proc.pid, signal.SIGKILL)
            else:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return -9
        if proc.returncode == LOCKED:  # the orphaned spider of a killed run still holds the lock
            time.sleep(0.3)
            continue
        assert proc.returncode == 0, proc.stderr.read().decode()[-2000:]
        return 0


def _store(path: Path) -> dict[str, set[str]]:
    versions: dict[str, set[str]] = {}
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            versions.setdefault(row["id"], set()).add(row["sha"])
    return versions


def test_kill_9_at_random_points_then_resume(tmp_path):
    make_site(tmp_path / "site", PAGES)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, "utf-8")
    seed = int(os.environ.get("CLAIMTRACK_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    with serve_directory_server(tmp_path / "site", handler=SlowPagesHandler) as server:
        assert _run(driver, server.base_url, tmp_path, "reference") == 0
        kills = mid_crawl = 0
        spool = tmp_path / "state-killed" / "spool"
        for round_, (low, high) in enumerate([(0.3, 1.5), (1.5, 2.5), (2.0, 3.0), (2.5, 3.5), (0.5, 3.5)]):
            code = _run(driver, server.base_url, tmp_path, "killed", kill_after=rng.uniform(low, high),
                        parent_only=(round_ == 2))
            kills += code == -9
            # killed after some documents were spooled but before they were handed over
            mid_crawl += code == -9 and any(p.stat().st_size for p in spool.glob("*.jsonl"))
        assert _run(driver, server.base_url, tmp_path, "killed") == 0
    reference = _store(tmp_path / "store-reference.jsonl")
    resumed = _store(tmp_path / "store-killed.jsonl")
    assert len(reference) == PAGES
    assert resumed == reference, f"seed {seed}"  # same documents, each in one version only
    assert kills >= 1 and mid_crawl >= 1, f"seed {seed}: no run was killed in the middle of a crawl"
    assert not list((tmp_path / "state-killed" / "spool").glob("*.jsonl"))  # all handed over
