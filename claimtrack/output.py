"""Printing for the CLI: `table` for people, `jsonl` exactly the shared schemas. Progress on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from claimtrack.schema import Claim, Flag

err = Console(stderr=True, highlight=False, soft_wrap=True)


def out_console() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def print_jsonl(objs: Iterable[dict[str, Any]]) -> int:
    n = 0
    write = sys.stdout.write
    for obj in objs:
        write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    sys.stdout.flush()
    return n


def _bounds(c: Claim) -> str:
    v = c.value
    if v.low is not None and v.high is not None and v.low == v.high:
        return f"{v.low:g} {v.unit}"
    return f"[{'' if v.low is None else f'{v.low:g}'}, {'' if v.high is None else f'{v.high:g}'}] {v.unit}"


def claims_table(claims: list[Claim], title: str = "claims") -> None:
    table = Table(title=f"{title} ({len(claims)})", show_lines=False, expand=True)
    for col, kw in (("claimant", {"max_width": 18}), ("value", {"max_width": 16}), ("normalised", {"max_width": 18}),
                    ("proposition", {"max_width": 30}), ("quote", {"ratio": 3}), ("site", {"max_width": 18})):
        table.add_column(col, overflow="fold", **kw)
    for c in claims:
        table.add_row(c.claimant.name if c.claimant else "-", f"{c.value.text} ({c.value.qualifier})", _bounds(c),
                      c.proposition.label, c.quote[:240], c.doc.site or c.doc.url[-40:])
    out_console().print(table)


def flags_table(flags: list[Flag]) -> None:
    table = Table(title=f"flags ({len(flags)})", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("kind")
    table.add_column("sev", justify="right")
    table.add_column("status")
    table.add_column("summary", ratio=3, overflow="fold")
    for f in flags:
        status = f.status + (f" by {f.review.by}" if f.review else "")
        if f.status == "open" and f.reopened_reason:
            status += f" (re-opened: {f.reopened_reason})"
        table.add_row(f.id, f.kind, f"{f.severity:.2f}", status, f.summary)
    out_console().print(table)


def summary_table(title: str, rows: dict[str, Any]) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in rows.items():
        table.add_row(k, str(v))
    out_console().print(table)


@contextmanager
def progress_bar(description: str, total: int | None = None):
    """A rich progress bar on stderr; yields `advance(label)`."""
    prog = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("{task.fields[label]}"), console=err, transient=False)
    with prog:
        task = prog.add_task(description, total=total, label="")

        def advance(label: str = "") -> None:
            prog.update(task, advance=1, label=label[-50:])

        yield advance


def sources_table(per_source: dict[str, dict[str, Any]]) -> None:
    """Per-source counts of a crawl, one row a source."""
    cols = ["pages", "articles", "unchanged", "dropped", "errors"]
    table = Table(title="sources", expand=False)
    table.add_column("source")
    for col in cols:
        table.add_column(col, justify="right")
    for name, counts in sorted(per_source.items()):
        table.add_row(name, *(str(counts.get(col, 0)) for col in cols))
    out_console().print(table)
