"""Stable identifiers: short hex digests of the fields that define an object."""

from __future__ import annotations

import hashlib


def digest(*parts: object, size: int = 16) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:size]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
