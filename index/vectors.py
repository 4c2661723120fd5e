"""Claim vectors as stored bytes: half precision (a 512-dimension vector in 1 KiB), read back as
float32 for arithmetic."""

from __future__ import annotations

import numpy as np


def to_blob(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
