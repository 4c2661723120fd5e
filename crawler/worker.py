"""The spider process: `python -m crawler.worker JOB.json` (started by crawler.run.crawl).

Scrapy's Twisted reactor cannot be restarted, so every crawl runs in a process of its own; it
writes documents to the spool and a summary file named in the job, and progress events as JSON
lines on stdout.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

SETTINGS_MODULE = "crawler.settings"

# crawl(polite=False): loopback tests and benchmarks only (also read by crawler.precheck).
NOT_POLITE: dict[str, Any] = {
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "RETRY_BACKOFF_BASE": 0.5,
    "LOG_LEVEL": "WARNING",
}


def scrapy_settings(job: dict[str, Any]) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    values: dict[str, Any] = {
        "USER_AGENT": job["user_agent"],
        "CLAIMTRACK_SNAPSHOT_DIR": job["snapshot_dir"],
        "CLAIMTRACK_SPOOL": job["spool_path"],
        "LOG_FILE": job["log_path"],
        "LOG_FILE_APPEND": True,
    }
    if not job.get("polite", True):
        values.update(NOT_POLITE)
    values.update(job.get("overrides") or {})
    settings.setdict(values, priority="cmdline")
    return settings


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m crawler.worker JOB.json", file=sys.stderr)
        return 2
    job = json.loads(Path(argv[0]).read_text("utf-8"))
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.sources import SourcesSpider

    process = CrawlerProcess(scrapy_settings(job))
    process.crawl(SourcesSpider, job=job)
    process.start()
    return 0 if Path(job["summary_path"]).exists() else 1


def run_and_exit() -> None:
    code = main()
    # Everything is written (spool flushed and closed, state committed, summary renamed into place):
    # skip the interpreter's slow teardown of Twisted, Scrapy and their threads.
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    run_and_exit()
