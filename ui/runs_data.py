"""Run records (store.list_runs) as tables. Records are free-form dicts written by the CLI:
`kind`, `started`, `finished`, counts, `per_source` (name -> stats, or a list of dicts with a
`name`), `errors`, `failed_sources`; whatever is missing is left blank."""

from __future__ import annotations

from typing import Any

import pandas as pd

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
