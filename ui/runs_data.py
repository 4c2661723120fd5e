"""Run records (store.list_runs) as tables. Records are free-form dicts written by the CLI:
`kind`, `started`, `finished`, counts, `per_source` (name -> stats, or a list of dicts with a
`name`), `errors`, `failed_sources`; whatever is missing is left blank."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from ui.i18n import STRINGS

SUMMARY_KEYS = ("kind", "started", "finished", "documents", "new", "changed", "claims")


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return len(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return value


def runs_frame(runs: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for run in runs:
        row = {k: _cell(run.get(k)) for k in SUMMARY_KEYS}
        row["errors"] = len(run.get("errors") or [])
        row["failed_sources"] = ", ".join(map(str, run.get("failed_sources") or []))
        rows.append(row)
    return pd.DataFrame(rows)


def run_sources(run: dict[str, Any]) -> pd.DataFrame | None:
    per = run.get("per_source")
    if not per:
        return None
    failed = set(map(str, run.get("failed_sources") or []))
    rows = []
    items = per.items() if isinstance(per, dict) else ((p.get("name", "?"), p) for p in per if isinstance(p, dict))
    for name, stats in items:
        row: dict[str, Any] = {"source": str(name), "ok": str(name) not in failed}
        if isinstance(stats, dict):
            row.update({k: _cell(v) for k, v in stats.items() if k != "name"})
        else:
            row["value"] = _cell(stats)
        rows.append(row)
    return pd.DataFrame(rows)


def run_errors(run: dict[str, Any]) -> list[str]:
    return [str(e) for e in run.get("errors") or []]


_URL = re.compile(r"https?://[^\s:]+(?::\d+)?[^\s]*?(?=:?\s|:?$)")


@dataclass
class ErrorGroup:
    """Errors that say the same thing of different pages: the message with each URL as `<url>`,
    how many times it came, and the first few URLs it came for."""

    message: str
    count: int
    urls: list[str]


def group_errors(errors: list[str], examples: int = 3) -> list[ErrorGroup]:
    """Identical errors once each, with a count, the most frequent first (then first seen)."""
    groups: dict[str, ErrorGroup] = {}
    for line in errors:
        urls = _URL.findall(line)
        key = _URL.sub("<url>", line)
        g = groups.setdefault(key, ErrorGroup(key, 0, []))
        g.count += 1
        for u in urls:
            if u not in g.urls and len(g.urls) < examples:
                g.urls.append(u)
    return sorted(groups.values(), key=lambda g: -g.count)


def reached_sources(run: dict[str, Any]) -> list[str]:
    """Sources the run read something from (a page fetched or found unchanged)."""
    per = run.get("per_source") or {}
    items = per.items() if isinstance(per, dict) else ((p.get("name", "?"), p) for p in per if isinstance(p, dict))
    return [str(n) for n, c in items if isinstance(c, dict) and (c.get("pages") or c.get("unchanged"))]


def no_source_reached(run: dict[str, Any]) -> bool:
    """A crawl that reached none of its sources (offline, or every host down): nothing was read."""
    failed = run.get("failed_sources") or []
    return bool(failed) and not reached_sources(run) and not run.get("documents")


def run_summary(run: dict[str, Any], tr: Callable[..., str]) -> str:
    """The run as one readable paragraph in the reader's language (`tr(key, **fields)`); a kind
    of run without a name of its own in ui.i18n shows as written."""
    kind = str(run.get("kind") or "?")
    kind = tr(f"runs.kind.{kind}") if f"runs.kind.{kind}" in STRINGS["en"] else kind
    when = str(run.get("started") or run.get("finished") or "")[:16].replace("T", " ")
    parts = [tr("runs.sum_head", kind=kind, when=when or "?")]
    start, end = _time(run.get("started")), _time(run.get("finished"))
    if start and end and end >= start:
        parts.append(tr("runs.sum_took", minutes=max(1, round((end - start).total_seconds() / 60))))
    if no_source_reached(run):
        parts.append(tr("runs.sum_none_reached", n=len(run.get("failed_sources") or [])))
    elif run.get("per_source") is not None:
        failed = [str(x) for x in run.get("failed_sources") or []]
        parts.append(tr("runs.sum_sources", reached=len(reached_sources(run)), failed=len(failed)))
    parts.append(tr("runs.sum_docs", documents=run.get("documents") or 0, new=run.get("new") or 0,
                    changed=run.get("changed") or 0, claims=run.get("claims") or 0))
    errors = run.get("errors") or []
    parts.append(tr("runs.sum_errors", n=len(errors), kinds=len(group_errors(errors))) if errors
                 else tr("runs.no_errors"))
    return " ".join(parts)


def _time(raw: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(raw).replace("Z", "+00:00")) if raw else None
    except ValueError:
        return None
