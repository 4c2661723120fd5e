"""Comparing extracted values with expected ones."""

from __future__ import annotations


def close(a, b) -> bool:
    """Equal within 1% (both None counts as equal)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(1e-9, 0.01 * max(abs(a), abs(b)))
