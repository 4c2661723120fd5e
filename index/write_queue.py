"""Writes that could not reach the store's server, kept on local disk until they can be sent.

One JSON line per write, appended and fsynced before the caller goes on, so a crash loses nothing
that was queued. `replay` sends the lines in order through the `Store` protocol and keeps whatever
was not sent (the first failure stops it: order matters, a document before its claims).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimtrack.errors import StoreError
from claimtrack.schema import Claim, Document, Flag

#: The writes a queue can hold, and how each is sent again.
OPS = ("put_document", "replace_claims", "sync_flags", "record_run")


def apply_write(store: Any, op: str, payload: dict[str, Any]) -> None:
    """Send one queued write to `store` (any backend)."""
    if op == "put_document":
        store.put_document(Document.model_validate(payload["doc"]))
    elif op == "replace_claims":
        store.replace_claims(payload["doc_id"], [Claim.model_validate(c) for c in payload["claims"]])
    elif op == "sync_flags":
        store.sync_flags([Flag.model_validate(f) for f in payload["flags"]])
    elif op == "record_run":
        store.record_run(payload["run"])
    else:
        raise StoreError(f"unknown queued write {op!r}", hint="the queue file was written by another claimtrack")


class WriteQueue:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, op: str, payload: dict[str, Any]) -> None:
        if op not in OPS:
            raise StoreError(f"cannot queue {op!r}", hint=f"queued writes are {', '.join(OPS)}")
        line = json.dumps({"op": op, "payload": payload}, ensure_ascii=False, default=str)
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise StoreError(f"cannot queue a write in {self.path}: {exc.strerror}",
                                 hint="free disk space or set CLAIMTRACK_DATA_DIR to a writable folder") from exc

    def _entries(self) -> list[dict[str, Any]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        entries = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                # Only a crash in the middle of an append leaves a partial last line; it was never
                # acknowledged to the caller, so it is dropped.
                continue
        return entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries())

    def replay(self, send: Callable[[str, dict[str, Any]], None]) -> int:
        """Send queued writes in order with `send(op, payload)`; returns how many were sent. On the
        first failure the rest (that one included) stays queued and the error is raised."""
        with self._lock:
            entries = self._entries()
            sent = 0
            try:
                for entry in entries:
                    send(entry["op"], entry["payload"])
                    sent += 1
            finally:
                self._rewrite(entries[sent:])
            return sent

    def _rewrite(self, rest: list[dict[str, Any]]) -> None:
        if not rest:
            self.path.unlink(missing_ok=True)
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for entry in rest:
                fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
