"""When two stated numbers are the same number: within rounding (2%: '15%' and '15.2%'), except
for counted things written as whole numbers, where any difference is one ('a 212-page system
card' and 'a 216-page' one are two claims about one document)."""

from __future__ import annotations

ROUNDING = 0.02
POINT_QUALIFIERS = frozenset({"exact", "approx"})  # '20%' and 'about 20%' state one point
COUNTED_UNITS = frozenset({"pages", "words", "tokens", "count", "year"})  # 2031 and 2033 are two years


def close(a: float | None, b: float | None, unit: str | None = None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if unit in COUNTED_UNITS and float(a).is_integer() and float(b).is_integer():
        return a == b
    return abs(a - b) <= ROUNDING * max(abs(a), abs(b), 1e-12)


def hedge(qualifier: str | None) -> str:
    """The qualifier as a disagreement sees it: 'exact' and 'approx' are both a point."""
    return "exact" if qualifier is None or qualifier in POINT_QUALIFIERS else qualifier
