"""Fuzzy identity for names and labels the lexicons do not know, with rapidfuzz.

Canonical ids from `seeds/entities.toml` already unite "Kyle Fish", "Fish" and "凯尔·菲什". What is
left are people the entities file does not know, whose ids come from the text ("jon-smith" and
"john-smith" for one man), and propositions the lexicon does not know, whose keys come from their
salient terms. Both are blocked (by surname; by claimant and unit) so the work stays near-linear.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from claimtrack.schema import Claim
from claimtrack.transliteration import same_person, surname_skeleton, surname_skeletons

_CJK = re.compile(r"[\u3400-\u9fff]")

NAME_SCORE = 90  # token_sort_ratio of two full names of one person, spelled differently
LABEL_SCORE = 85  # token_set_ratio of two labels of one unknown proposition
AUTO_PREFIX = "auto-"
MAX_BLOCK = 200  # a block this large is a common surname, not one person: leave it alone


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^\w\s]", " ", text.lower()).strip()


def _surname(name: str) -> str:
    words = _fold(name).split()
    if words and len(words) > 1:
        return words[-1]
    return ""  # one-word names and CJK names are left to the entities file


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _canonical(groups: dict[str, list[str]], weight: Counter) -> dict[str, str]:
    """Each member to the member most used (ties: the smaller id), so the common id stays put."""
    remap: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        best = min(members, key=lambda m: (-weight[m], m))
        for m in members:
            if m != best:
                remap[m] = best
    return remap


def claimant_remap(claims: Iterable[Claim]) -> dict[str, str]:
    """Claimant id -> canonical id, for ids of one person spelled differently across documents."""
    names: dict[str, str] = {}
    weight: Counter = Counter()
    for c in claims:
        if c.claimant and c.claimant.id:
            weight[c.claimant.id] += 1
            if len(c.claimant.name) > len(names.get(c.claimant.id, "")):
                names[c.claimant.id] = c.claimant.name
    blocks: dict[str, list[str]] = defaultdict(list)
    for cid, name in names.items():
        key = _surname(name)
        if key:
            blocks[key].append(cid)
    union = _Union()
    for ids in blocks.values():
        if len(ids) < 2 or len(ids) > MAX_BLOCK:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if fuzz.token_sort_ratio(_fold(names[a]), _fold(names[b])) >= NAME_SCORE:
                    union.union(a, b)
    _across_scripts(names, union)
    groups: dict[str, list[str]] = defaultdict(list)
    for cid in union.parent:
        groups[union.find(cid)].append(cid)
    return _canonical(groups, weight)


def _across_scripts(names: dict[str, str], union: _Union) -> None:
    """Join a Chinese transliteration with the Latin name it renders ('托马斯·林德奎斯特', 'Tomas
    Lindqvist'; claimtrack.transliteration), blocked by the surname's first two consonant classes,
    when exactly one Latin name of its block fits (two that fit: cannot tell which)."""
    latin: dict[str, list[str]] = defaultdict(list)
    cjk: list[str] = []
    for cid, name in names.items():
        if _CJK.search(name):
            cjk.append(cid)
        elif len(name.split()) > 1:
            for key in {sk[:2] for sk in surname_skeletons(name)}:  # 'Thorne' is heard as T and as S
                if key:
                    latin[key].append(cid)
    for cid in cjk:
        block = latin.get(surname_skeleton(names[cid])[:2], [])
        if len(block) > MAX_BLOCK:
            continue
        fits = [lid for lid in block if same_person(names[cid], names[lid])]
        if len({union.find(f) for f in fits}) == 1:
            union.union(cid, fits[0])


def proposition_remap(claims: Iterable[Claim], claimants: dict[str, str] | None = None) -> dict[str, str]:
    """Auto proposition key -> canonical key, for one unknown proposition labelled in other words
    by the same claimant, with the same unit."""
    claimants = claimants or {}
    labels: dict[str, str] = {}
    weight: Counter = Counter()
    blocks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in claims:
        key = c.proposition.key
        if not key.startswith(AUTO_PREFIX) or not c.claimant or not c.claimant.id:
            continue
        weight[key] += 1
        labels.setdefault(key, c.proposition.label)
        blocks[(claimants.get(c.claimant.id, c.claimant.id), c.value.unit)].add(key)
    union = _Union()
    for keys in blocks.values():
        ordered = sorted(keys)
        if len(ordered) < 2 or len(ordered) > MAX_BLOCK:
            continue
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if fuzz.token_set_ratio(labels[a], labels[b]) >= LABEL_SCORE:
                    union.union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in union.parent:
        groups[union.find(key)].append(key)
    return _canonical(groups, weight)
