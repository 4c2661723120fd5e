"""Evidence: the exact bytes of every page read, content-addressed by SHA-256.

`snapshot_dir/ab/abcdef...` holds the bytes whose SHA-256 is `abcdef...`; `Document.raw_sha256`
points at it, so a claim can always be traced to what it was read from, even after the page
changes or disappears. Writes are atomic (temporary file, then rename), so a killed run never
leaves a truncated snapshot under a valid name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from claimtrack.ids import sha256_bytes


def snapshot_path(snapshot_dir: str | Path, sha256: str) -> Path:
    return Path(snapshot_dir) / sha256[:2] / sha256


def save_snapshot(snapshot_dir: str | Path, data: bytes) -> str:
    """Store `data` (once) and return its SHA-256."""
    sha = sha256_bytes(data)
    path = snapshot_path(snapshot_dir, sha)
    if path.exists():
        return sha
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha


def load_snapshot(snapshot_dir: str | Path, sha256: str) -> bytes:
    return snapshot_path(snapshot_dir, sha256).read_bytes()
