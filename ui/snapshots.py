"""Find the stored snapshot (exact bytes read) of a document by its sha256, for download."""

from __future__ import annotations

import re
from pathlib import Path

_SHA = re.compile(r"^[0-9a-f]{64}$")


def find_snapshot(snapshot_dir: Path, sha256: str | None) -> Path | None:
    if not sha256 or not _SHA.match(sha256) or not snapshot_dir.is_dir():
        return None
    for folder in (snapshot_dir, snapshot_dir / sha256[:2], snapshot_dir / sha256[:2] / sha256[2:4]):
        if not folder.is_dir():
            continue
        exact = folder / sha256
        if exact.is_file():
            return exact
        for candidate in folder.glob(f"{sha256}.*"):
            if candidate.is_file():
                return candidate
    return None
