"""Printing for the CLI: `table` for people, `jsonl` exactly the shared schemas. Progress on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimtrack.schema import Claim, Flag

if TYPE_CHECKING:  # rich is imported where a table, a bar or a message is drawn: `--format jsonl` never needs it
    from rich.console import Console
    from rich.text import Text


@lru_cache(maxsize=1)
def _err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def __getattr__(name: str) -> Any:
    """`output.err`: the stderr console, made on first use."""
    if name == "err":
        return _err()
    raise AttributeError(name)


def out_console() -> Console:
    from rich.console import Console

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


#: Below this many columns a table keeps two columns (the claim; its quote and source) so that the
#: quote keeps most of the width; at or above it, the proposition gets a column of its own.
WIDE = 140


def _claim_cell(c: Claim) -> Text:
    from rich.text import Text

    cell = Text()
    if c.claimant:
        cell.append(c.claimant.name, style="bold")
        if c.claimant.id and c.claimant.id != c.claimant.name:
            cell.append(f"\n{c.claimant.id}", style="dim")
    else:
        cell.append("- (no claimant)", style="dim")
    cell.append(f"\n{c.value.text}")
    if c.value.qualifier != "exact":
        cell.append(f" ({c.value.qualifier.replace('_', ' ')})")
    cell.append(f"\n= {_bounds(c)}", style="dim")
    cell.append(f"\n{c.id}", style="dim")
    return cell


def _quote_cell(c: Claim, with_label: bool) -> Text:
    from rich.text import Text

    cell = Text(c.quote if len(c.quote) <= 240 else c.quote[:239] + "…")
    where = " · ".join(x for x in ((c.doc.published or "")[:10], c.doc.site or "") if x)
    if with_label:
        cell.append(f"\n{c.proposition.label}", style="italic")
    if where:
        cell.append(f"\n{where}", style="dim")
    cell.append(f"\n{c.doc.url}", style="dim")
    return cell


def claims_table(claims: list[Claim], title: str = "claims") -> None:
    """Claims for people, at any terminal width: the claim (claimant, its id, the value, the claim
    id) beside its quote with date, outlet and URL; the proposition gets its own column on wide
    terminals and goes under the quote on narrow ones."""
    from rich.table import Table
    from rich.text import Text

    out = out_console()
    wide = out.width >= WIDE
    table = Table(title=f"{title} ({len(claims)})", show_lines=True, expand=True)
    table.add_column("claim", min_width=22, max_width=30, overflow="fold")
    if wide:
        table.add_column("proposition", max_width=30, overflow="fold")
    table.add_column("quote · date · outlet · URL", ratio=1, overflow="fold")
    for c in claims:
        row = [_claim_cell(c)]
        if wide:
            row.append(Text(c.proposition.label))
        row.append(_quote_cell(c, with_label=not wide))
        table.add_row(*row)
    out.print(table)


def flags_table(flags: list[Flag]) -> None:
    from rich.table import Table
    from rich.text import Text

    out = out_console()
    table = Table(title=f"flags ({len(flags)})", expand=True, show_lines=out.width < WIDE)
    table.add_column("flag", min_width=20, max_width=24, overflow="fold")
    table.add_column("summary", ratio=1, overflow="fold")
    for f in flags:
        status = f.status + (f" by {f.review.by}" if f.review else "")
        if f.status == "open" and f.reopened_reason:
            status += f" (re-opened: {f.reopened_reason})"
        head = Text(f.id, style="bold")
        head.append(f"\n{f.kind.replace('_', ' ')} · {f.severity:.2f}\n{status}", style="dim")
        table.add_row(head, Text(f.summary))
    out.print(table)


def store_summary(store, title: str, extra: dict[str, Any] | None = None) -> None:
    """The store's counts after a command, with `extra` rows."""
    stats = store.stats()
    rows: dict[str, Any] = {k: stats.get(k, 0) for k in ("documents", "claims", "clusters", "flags", "open_flags",
                                                          "reviews")}
    pending = store.pending_writes()
    if pending:
        rows["writes queued on disk (store unreachable)"] = pending
    if extra:
        rows.update(extra)
    summary_table(title, rows)


def summary_table(title: str, rows: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in rows.items():
        table.add_row(k, str(v))
    out_console().print(table)


@contextmanager
def progress_bar(description: str, total: int | None = None):
    """A rich progress bar on stderr; yields `advance(label)`."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    prog = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("{task.fields[label]}"), console=_err(), transient=False)
    with prog:
        task = prog.add_task(description, total=total, label="")

        def advance(label: str = "") -> None:
            prog.update(task, advance=1, label=label[-50:])

        yield advance


def sources_table(per_source: dict[str, dict[str, Any]]) -> None:
    """Per-source counts of a crawl, one row a source."""
    from rich.table import Table

    cols = ["pages", "articles", "unchanged", "dropped", "errors"]
    table = Table(title="sources", expand=False)
    table.add_column("source")
    for col in cols:
        table.add_column(col, justify="right")
    for name, counts in sorted(per_source.items()):
        table.add_row(name, *(str(counts.get(col, 0)) for col in cols))
    out_console().print(table)
