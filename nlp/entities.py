"""Entity aliases from seeds/entities.toml: find mentions in text, give canonical ids.

Mentions are found on the text as written (Traditional forms come from the file and from OpenCC
s2t of the Simplified names), so no conversion of the whole document is needed. Latin names match
case-sensitively on word boundaries.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from seeds import SEEDS_DIR

ENTITIES_PATH = SEEDS_DIR / "entities.toml"


class Role(NamedTuple):
    """A role someone holds at an organisation ('ceo' of 'anthropic'), from a date until one
    (ISO dates, either open)."""

    role: str
    org: str
    since: str | None = None
    until: str | None = None

    def held_on(self, date: str | None) -> bool:
        if not date:
            return self.until is None  # undated text: the holder today
        return (self.since is None or self.since <= date[:len(self.since)]) and \
            (self.until is None or date[:len(self.until)] < self.until)


@dataclass(frozen=True)
class EntityInfo:
    id: str
    kind: str
    names: tuple[str, ...]  # full names, first is the display name
    short: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    mask: bool = False
    roles: tuple[Role, ...] = ()
    maker: str | None = None  # models and products: the organisation that makes them

    @property
    def is_agent(self) -> bool:
        return self.kind in ("person", "org")


class Mention(NamedTuple):
    """One mention of a known entity (a named tuple: documents make thousands)."""

    start: int
    end: int
    name: str  # as written
    entity: EntityInfo
    full: bool  # a full name (not a bare surname/first name)


def slug(name: str) -> str:
    """A stable id for a name not in the entities file: 'Sander Schulhoff' -> 'sander-schulhoff'."""
    n = unicodedata.normalize("NFKC", name).strip().lower()
    n = re.sub(r"[·•・.\s_]+", "-", n)
    n = re.sub(r"[^\w\-]+", "", n)
    return n.strip("-") or "unknown"


def _s2t(names: list[str], conv) -> list[str]:
    return [conv.convert(n) for n in names] if conv is not None else []


def _s2t_converter():
    """One OpenCC converter for a whole load (building one costs ~10 ms)."""
    try:
        from opencc import OpenCC
        return OpenCC("s2t")
    except Exception:  # pragma: no cover
        return None


@dataclass
class EntityIndex:
    entities: list[EntityInfo]
    by_id: dict[str, EntityInfo] = field(default_factory=dict)
    _alias: dict[str, tuple[EntityInfo, bool]] = field(default_factory=dict)
    _lower: dict[str, tuple[EntityInfo, bool]] = field(default_factory=dict)
    _re: re.Pattern | None = None
    _domains: dict[str, EntityInfo | None] = field(default_factory=dict)  # by_domain, per host

    @classmethod
    def load(cls, path: Path = ENTITIES_PATH) -> EntityIndex:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        ents = []
        conv = _s2t_converter()
        for e in data.get("entity", []):
            names = list(e.get("en", [])) + list(e.get("zh", [])) + list(e.get("zh_hant", []))
            short = list(e.get("short", []))
            names += [n for n in _s2t(list(e.get("zh", [])), conv) if n not in names]
            short += [n for n in _s2t([s for s in short if not s.isascii()], conv) if n not in short]
            ents.append(EntityInfo(e["id"], e.get("kind", "person"), tuple(names), tuple(short),
                                   tuple(e.get("domains", [])), bool(e.get("mask", False)),
                                   tuple(Role(r["role"], r["of"], r.get("since"), r.get("until"))
                                         for r in e.get("roles", [])), e.get("maker")))
        idx = cls(ents)
        idx._build()
        return idx

    def _build(self) -> None:
        self.by_id = {e.id: e for e in self.entities}
        alias = self._aliases()
        self._alias = alias
        self._lower = {a.lower(): v for a, v in alias.items() if len(a) > 3}
        self._re = _alias_pattern(alias)

    def _aliases(self) -> dict[str, tuple[EntityInfo, bool]]:
        """Every name of every entity, with its entity and whether it is a full name (False: a
        short name or a surname); the first entity to claim a name keeps it."""
        alias: dict[str, tuple[EntityInfo, bool]] = {}
        for e in self.entities:
            for n in e.names:
                alias.setdefault(n, (e, True))
                # "凯尔·菲什" also as "凯尔 菲什" / "凯尔•菲什"
                if "·" in n:
                    for sep in ("•", "・", " ", "-", ""):
                        alias.setdefault(n.replace("·", sep), (e, True))
            for n in e.short:
                alias.setdefault(n, (e, False))
        # English surnames of people resolve to them too ("Long told reporters"), unless another
        # entity already claims the word
        for e in self.entities:
            if e.kind != "person":
                continue
            for n in e.names:
                parts = n.split()
                if len(parts) >= 2 and parts[-1][:1].isupper() and parts[-1].isascii() and len(parts[-1]) > 2:
                    alias.setdefault(parts[-1], (e, False))
        return alias

    def mentions(self, text: str) -> list[Mention]:
        if self._re is None:
            return []
        out = []
        alias = self._alias
        for m in self._re.finditer(text):
            raw = m.group(0)
            hit = alias.get(raw)  # as written: almost always; else with its white space made single spaces
            if hit is None:
                hit = alias.get(re.sub(r"\s+", " ", raw))
            if hit is None:
                continue
            ent, full = hit
            out.append(Mention(m.start(), m.end(), m.group(0), ent, full))
        return out

    def lookup(self, name: str) -> EntityInfo | None:
        name = re.sub(r"\s+", " ", name.strip())
        hit = self._alias.get(name)
        if hit:
            return hit[0]
        low = self._lower.get(name.lower())
        return low[0] if low else None

    def misspelt_person(self, name: str) -> EntityInfo | None:
        """The one known person a Latin full name misspells: the same given name and a surname at
        least 70% alike ('Boris Shernney' -> Boris Cherny). Never a guess between two, never
        for a single word, never to a name the entities file does not know."""
        from difflib import SequenceMatcher

        parts = name.split()
        if len(parts) < 2 or not name.isascii() or len(parts[-1]) < 4:
            return None
        found = {}
        for e in self.entities:
            if e.kind != "person":
                continue
            for full in e.names:
                fp = full.split()
                if (len(fp) >= 2 and fp[0].lower() == parts[0].lower() and len(fp[-1]) >= 4
                        and SequenceMatcher(None, fp[-1].lower(), parts[-1].lower()).ratio() >= 0.7):
                    found[e.id] = e
        return next(iter(found.values())) if len(found) == 1 else None

    def holder(self, role: str, org: str, date: str | None = None) -> EntityInfo | None:
        """The one person who held `role` at `org` on `date` (None when nobody or several did)."""
        found = [e for e in self.entities for r in e.roles if r.role == role and r.org == org and r.held_on(date)]
        return found[0] if len(found) == 1 else None

    def by_domain(self, host: str) -> EntityInfo | None:
        host = host.lower()
        if host not in self._domains:  # hosts repeat from document to document
            self._domains[host] = self._by_domain_uncached(host)
        return self._domains[host]

    def _by_domain_uncached(self, host: str) -> EntityInfo | None:
        for e in self.entities:
            for d in e.domains:
                if host == d or host.endswith("." + d):
                    return e
        return None

    def user_words(self) -> list[str]:
        """Chinese names for jieba's user dictionary."""
        words = set()
        for e in self.entities:
            for n in list(e.names) + list(e.short):
                if re.search(r"[\u4e00-\u9fff]", n) and " " not in n:
                    words.add(n)
        return sorted(words)

def _alias_pattern(alias: dict[str, tuple[EntityInfo, bool]]) -> re.Pattern | None:
    """One pattern for all the aliases (None when there are none), as `EntityIndex.mentions` scans
    a text with it."""
    # one branch per first character, its aliases longest first: the regex engine skips a branch
    # whose first literal differs at C speed, so a position costs one test per first character
    # rather than one per alias (the guards come after that literal, as two-character lookbehinds)
    groups: dict[str, list[str]] = {}
    for a in sorted(alias, key=len, reverse=True):
        first = re.escape(a[0])
        groups.setdefault(first, []).append(_alias_rest(a, first))
    branches = [first + "(?:" + "|".join(alts) + ")" for first, alts in groups.items()]
    # a first-character class in front lets the scan skip most positions at C speed
    firsts = sorted({a[0] for a in alias})
    head = "[" + "".join(re.escape(c) for c in firsts) + "]"
    return re.compile(f"(?={head})(?:" + "|".join(branches) + ")") if branches else None


def _alias_rest(a: str, first: str) -> str:
    """The pattern of alias `a` after its first character (`first`, escaped): its guards (no
    letter or digit around a Latin alias; a one-character surname only before a speech verb) and
    the rest of it, any white space in it standing for any run of white space."""
    rest = re.escape(a[1:]).replace(r"\ ", r"\s+")
    guard = ""
    if a[:1].isascii() and a[:1].isalnum():
        guard = rf"(?<![A-Za-z0-9]{first})"
    if a[-1:].isascii() and a[-1:].isalnum():
        rest = rest + r"(?![A-Za-z0-9]|\.\d)"
    if len(a) == 1 and not a.isascii():
        # a one-character surname (曼) only as the subject of a speech verb
        guard = rf"(?<![\u4e00-\u9fff]{first})"
        rest = r"(?=说|說|表示|认为|認為|称|稱|指出|估计|估計|写道|寫道|预测|預測|坦言|强调|強調|[，,：:])"
    return guard + rest
