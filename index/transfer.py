"""Copying a whole store to another backend, losing nothing (what `claimtrack migrate` needs)."""

from __future__ import annotations

from typing import Any

from index.base import Store


def copy_store(src: Store, dst: Store) -> dict[str, int]:
    """Documents (with earlier versions), claims, flags (retired ones and statuses as they are),
    the full review history and the runs, from `src` into `dst`. Safe to repeat: a second copy adds
    nothing. Returns what was added, per kind."""
    return dst.import_records(src.export_records())


def snapshot(store: Store) -> dict[str, Any]:
    """A backend-neutral picture of a store's content, for comparing two stores."""
    out: dict[str, Any] = {"document": [], "claim": [], "flag": [], "review": [], "run": [], "match_decision": []}
    for kind, rec in store.export_records():
        out.setdefault(kind, []).append(rec)
    for kind in ("document", "claim", "flag"):
        key = {"document": lambda r: r["doc"]["id"], "claim": lambda r: r["id"], "flag": lambda r: r["flag"]["id"]}[kind]
        out[kind].sort(key=key)
    return out
