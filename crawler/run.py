"""`crawl()`: run the spider over some sources in a child process and return the Documents.

Twisted's reactor cannot be restarted, so each crawl is a `python -m crawler.worker` process;
`crawl()` can therefore be called any number of times in one process. The child writes
documents as JSON lines into `state_dir/spool/` and a summary; this side reads them back.

Kill-safety: spool files stay until `CrawlResult.acknowledge()` (call it once the documents are
stored); a crawl that finds older unacknowledged spool files hands their documents over again.
A lock file in `state_dir` stops two crawls over the same state from overlapping.

Before starting the child, `crawler.precheck` asks every entry point conditionally in-process:
when nothing changed (all 304 or the same bytes, no known page due, no new link, nothing left in
the spool; which links count how is decided by `crawler.plan`, the spider's own planner) the result
is returned without starting the spider (about half a second saved); on any doubt or error the
child runs exactly as it would have.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from claimtrack.errors import ClaimtrackError
from claimtrack.schema import Document
from crawler.sources import Source
from crawler.spool import read_spool, spool_files

Progress = Callable[[str, int], None]


class CrawlSettings(Protocol):
    """What a crawl reads (`claimtrack.settings.Settings` has it)."""

    @property
    def data_dir(self) -> Path: ...

    @property
    def snapshot_dir(self) -> Path: ...

    @property
    def user_agent(self) -> str: ...


class CrawlLockedError(ClaimtrackError):
    code = "CT041"
    exit_code = 1


class CrawlStateError(ClaimtrackError):
    code = "CT042"
    exit_code = 1


@dataclass
class CrawlResult:
    documents: list[Document]
    per_source: dict[str, dict[str, int]]
    errors: list[str]
    failed_sources: list[str]
    dropped: list[str] = field(default_factory=list)  # "source: url: reason" for each page not kept
    drop_reasons: dict[str, int] = field(default_factory=dict)
    log_path: Path | None = None
    spool: list[Path] = field(default_factory=list)

    def acknowledge(self) -> None:
        """The documents are stored: forget the spool files they came from."""
        for path in self.spool:
            path.unlink(missing_ok=True)
        self.spool = []


def _lock(state_dir: Path) -> int:
    fd = os.open(state_dir / "crawl.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise CrawlLockedError(f"another crawl is running on {state_dir}",
                               hint="wait for it to finish, or use another state directory") from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


KEEP_RUN_LOGS = 60  # log and summary files of the last runs kept in state_dir/runs


def _prune_runs(runs: Path, keep: int) -> None:
    logs = sorted(runs.glob("*.log"), key=lambda p: p.stat().st_mtime)
    for old in logs[:-keep]:
        old.unlink(missing_ok=True)
        old.with_suffix(".summary.json").unlink(missing_ok=True)


def crawl(sources: Iterable[Source], *, settings: CrawlSettings | None = None, state_dir: str | Path | None = None,
          polite: bool = True, progress: Progress | None = None, overrides: dict[str, Any] | None = None,
          recheck_after: float = 7 * 86400, timeout: float | None = None) -> CrawlResult:
    """Crawl `sources`; return the documents found (plus any left unacknowledged by a killed run).

    polite=False (loopback tests, benchmarks only) drops robots.txt, delays and AutoThrottle.
    overrides: Scrapy settings for this run (e.g. DOWNLOAD_TIMEOUT, DOWNLOAD_MAXSIZE).
    recheck_after: seconds after which a page already read is asked for again (conditionally)
    even if no feed or sitemap date says it changed. progress(event, total_so_far) is called for
    "entries", "pages", "articles", "dropped", "unchanged", "skipped", "errors".
    """
    if settings is None:
        from claimtrack.settings import Settings

        settings = Settings()
    sources = list(sources)
    state = Path(state_dir) if state_dir is not None else settings.data_dir / "crawl"
    try:
        state.mkdir(parents=True, exist_ok=True)
        lock_fd = _lock(state)
    except OSError as err:
        raise CrawlStateError(f"cannot use the crawl state directory {state}: {err.strerror or err}",
                              hint="check its permissions, or set CLAIMTRACK_DATA_DIR") from None
    try:
        return _crawl_locked(sources, settings, state, polite, progress, overrides, recheck_after, timeout,
                             lock_fd)
    finally:
        os.close(lock_fd)


def _precheck(sources: list[Source], settings: CrawlSettings, state: Path, polite: bool,
              overrides: dict[str, Any] | None, recheck_after: float, log_path: Path) -> Any:
    """crawler.precheck: is there anything to do at all? None when the pre-check itself broke (then
    the spider runs, as it would have without it)."""
    try:
        from crawler.precheck import precheck

        check = precheck(sources, state, settings.snapshot_dir, user_agent=settings.user_agent, polite=polite,
                         overrides=overrides, recheck_after=recheck_after)
        lines = check.log
    except Exception as err:  # a bug here must never stop or hide a crawl
        check = None
        lines = [f"[crawler.precheck] pre-check failed, the spider runs: {type(err).__name__}: {err}"]
    with open(log_path, "a", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in lines)
    return check


def _unchanged_result(check: Any, sources: list[Source], runs: Path, summary_path: Path, log_path: Path,
                      progress: Progress | None) -> CrawlResult:
    """Nothing changed since the last run (crawler.precheck): the result the spider would have given."""
    summary = {"reason": "unchanged: pre-check, spider not started", "per_source": check.per_source,
               "errors": [], "dropped": check.dropped, "drop_reasons": check.drop_reasons, "failed_sources": []}
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
    if progress is not None:
        for key in ("entries", "unchanged", "skipped"):
            total = sum(counts.get(key, 0) for counts in check.per_source.values())
            for n in range(1, total + 1):
                progress(key, n)
    _prune_runs(runs, keep=KEEP_RUN_LOGS)
    return CrawlResult(documents=[], per_source=check.per_source, errors=[], failed_sources=[],
                       dropped=list(check.dropped), drop_reasons=dict(check.drop_reasons), log_path=log_path,
                       spool=[])


def _crawl_locked(sources: list[Source], settings: CrawlSettings, state: Path, polite: bool,
                  progress: Progress | None, overrides: dict[str, Any] | None, recheck_after: float,
                  timeout: float | None, lock_fd: int) -> CrawlResult:
    run_id = uuid.uuid4().hex[:12]
    runs = state / "runs"
    runs.mkdir(exist_ok=True)
    spool_dir = state / "spool"
    spool_dir.mkdir(exist_ok=True)
    job_path = runs / f"{run_id}.job.json"
    summary_path = runs / f"{run_id}.summary.json"
    log_path = runs / f"{run_id}.log"
    check = _precheck(sources, settings, state, polite, overrides, recheck_after, log_path)
    if check is not None and check.unchanged:
        return _unchanged_result(check, sources, runs, summary_path, log_path, progress)
    if check is not None:
        check.wait_politely()
    job = {
        "sources": [s.to_dict() for s in sources],
        "state_dir": str(state),
        "spool_path": str(spool_dir / f"{run_id}.jsonl"),
        "summary_path": str(summary_path),
        "log_path": str(log_path),
        "snapshot_dir": str(settings.snapshot_dir),
        "user_agent": settings.user_agent,
        "polite": polite,
        "overrides": overrides or {},
        "recheck_after": recheck_after,
        "parent_pid": os.getpid(),
        "progress": progress is not None,
    }
    job_path.write_text(json.dumps(job, ensure_ascii=False), "utf-8")
    env = dict(os.environ)
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    # The child inherits the locked file: the lock holds while either process lives.
    proc = subprocess.Popen([sys.executable, "-m", "crawler.worker", str(job_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, pass_fds=(lock_fd,), text=True)
    stderr_lines: list[str] = []
    drain = threading.Thread(target=lambda: stderr_lines.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
    drain.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if progress is None:
                continue
            try:
                msg = json.loads(line)
                progress(str(msg["event"]), int(msg["n"]))
            except (ValueError, KeyError, TypeError):
                continue
        proc.wait(timeout=timeout)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    drain.join(timeout=5)
    files = spool_files(spool_dir)
    documents, bad_lines = read_spool(files)
    errors: list[str] = []
    per_source: dict[str, dict[str, int]] = {s.name: {} for s in sources}
    failed: list[str] = []
    dropped: list[str] = []
    reasons: dict[str, int] = {}
    if summary_path.exists():
        summary = json.loads(summary_path.read_text("utf-8"))
        per_source = summary["per_source"]
        errors = list(summary["errors"])
        failed = list(summary["failed_sources"])
        dropped = list(summary["dropped"])
        reasons = dict(summary["drop_reasons"])
    else:
        tail = "".join(stderr_lines[-3:]).strip().replace("\n", " | ")
        errors.append(f"crawler process exited with code {proc.returncode} before finishing; see {log_path}"
                      + (f" ({tail[-300:]})" if tail else ""))
        failed = [s.name for s in sources if s.entry_points]
    if bad_lines:
        errors.append(f"{bad_lines} unreadable spool line(s) skipped (a run was killed while writing)")
    job_path.unlink(missing_ok=True)
    _prune_runs(runs, keep=KEEP_RUN_LOGS)
    return CrawlResult(documents=documents, per_source=per_source, errors=errors, failed_sources=failed,
                       dropped=dropped, drop_reasons=reasons, log_path=log_path, spool=files)
