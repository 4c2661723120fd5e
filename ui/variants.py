"""Timeline rows and first appearances of each value variant within one cluster of claims."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from claimtrack.schema import Claim
from ui.filters import published_date


def variant_key(c: Claim) -> tuple:
    return (c.value.unit, c.value.qualifier, c.value.low, c.value.high)


def display_number(x: float | None, unit: str) -> float | None:
    if x is None:
        return None
    return round(x * 100, 6) if unit == "ratio" else x


def unit_label(unit: str) -> str:
    return "%" if unit == "ratio" else unit


@dataclass
class Variant:
    key: tuple
    value_text: str
    qualifier: str
    first: Claim
    count: int
    outlets: list[str]


def first_appearances(claims: list[Claim]) -> list[Variant]:
    """One row per distinct (unit, qualifier, low, high), with the earliest dated claim carrying it.
    Undated claims count but only become 'first' when no dated claim has the variant."""
    groups: dict[tuple, list[Claim]] = {}
    for c in claims:
        groups.setdefault(variant_key(c), []).append(c)
    out = []
    for key, group in groups.items():
        ordered = sorted(group, key=lambda c: (published_date(c) is None, published_date(c) or 0, c.doc.site or ""))
        outlets = sorted({c.doc.site or c.doc.url for c in group})
        out.append(Variant(key, ordered[0].value.text, ordered[0].value.qualifier, ordered[0], len(group), outlets))
    out.sort(key=lambda v: (published_date(v.first) is None, published_date(v.first) or 0))
    return out


def timeline_rows(claims: list[Claim]) -> tuple[list[dict], str]:
    """Rows for the value-by-date chart: dated claims in the cluster's most common unit."""
    if not claims:
        return [], ""
    unit = Counter(c.value.unit for c in claims).most_common(1)[0][0]
    rows = []
    for c in claims:
        d = published_date(c)
        if d is None or c.value.unit != unit or (c.value.low is None and c.value.high is None):
            continue
        low = display_number(c.value.low if c.value.low is not None else c.value.high, unit)
        high = display_number(c.value.high if c.value.high is not None else c.value.low, unit)
        if low is None or high is None:
            continue
        rows.append({
            "date": d.isoformat(),
            "low": low,
            "high": high,
            "mid": (low + high) / 2,
            "outlet": c.doc.site or "?",
            "value": c.value.text,
            "qualifier": c.value.qualifier,
            "lang": c.lang,
        })
    rows.sort(key=lambda r: str(r["date"]))
    return rows, unit


@dataclass
class Story:
    """One claim as first carried, with the syndicated copies of the same story under it."""

    claim: Claim
    copies: list[Claim]


@dataclass
class Side:
    """One variant of a flag's value: the stories that carry it, earliest first."""

    value_text: str
    qualifier: str
    stories: list[Story]


def variant_sides(claims: list[Claim], story_of: dict[str, str]) -> list[Side]:
    """The flag's claims as one side per variant (first appearance order), each side's claims
    folded by story: `story_of` maps a document id to the document it was syndicated from, so a
    copy goes under the earliest claim of its story on that side."""
    sides = []
    for v in first_appearances(claims):
        group = [c for c in claims if variant_key(c) == v.key]
        group.sort(key=lambda c: (published_date(c) is None, published_date(c) or 0, c.doc.site or ""))
        stories: dict[str, Story] = {}
        for c in group:
            root = story_of.get(c.doc.id) or c.doc.id
            if root in stories and c.doc.id == root:  # the original itself, dated after a copy
                old = stories[root]
                stories[root] = Story(c, [old.claim, *old.copies])
            elif root in stories:
                stories[root].copies.append(c)
            else:
                stories[root] = Story(c, [])
        sides.append(Side(v.value_text, v.qualifier, list(stories.values())))
    return sides
