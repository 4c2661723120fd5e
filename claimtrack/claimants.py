"""Who a user means by `--claimant`: an id ("kyle-fish"), a name in either language or script
("Kyle Fish", "凯尔·菲什", "凱爾·菲什"), or one word of a name ("fish", "菲什"), case-insensitive.

Names come from two places: the entities file (every alias of a known person or organisation,
`nlp.entities`) and the store itself (the name each claimant goes by in its claims, which covers
claimants the entities file does not know). A query may mean several claimants ("amodei"): all
of them are returned, and the caller says which.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

_SEPARATORS = re.compile(r"[\s·•・.\-_‧]+")


def fold(text: str) -> str:
    """Compatibility forms, case, Traditional script and name separators folded away."""
    from claimtrack.textnorm import to_simplified

    text = to_simplified(unicodedata.normalize("NFKC", text)).casefold()
    return _SEPARATORS.sub(" ", text).strip()


def _keys(name: str) -> set[str]:
    """A name as a whole (with and without its separators) and each of its words."""
    folded = fold(name)
    words = set(folded.split())
    return {folded, folded.replace(" ", ""), *(w for w in words if len(w) > 1 or not w.isascii())}


def resolve(query: str, known: Iterable[tuple[str, str]], aliases: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """The ids of `known` claimants (id, name as stored) that `query` names, best first: an exact
    id alone; else those whose id, stored name or an alias is the query as a whole; else those with
    a name one of whose words is the query."""
    known = list(known)
    ids = [cid for cid, _ in known]
    if query in ids:
        return [query]
    q = fold(query)
    if not q:
        return []
    compact = q.replace(" ", "")
    whole: list[str] = []
    partial: list[str] = []
    for cid, name in known:
        names = [cid, name, *((aliases or {}).get(cid, ()))]
        folded = {fold(n) for n in names if n}
        if q in folded or compact in {f.replace(" ", "") for f in folded}:
            whole.append(cid)
        elif any(q in _keys(n) for n in names if n):
            partial.append(cid)
    return whole or partial


def entity_aliases() -> dict[str, list[str]]:
    """The full names of each entity of the entities file, by id (its short names are words of
    them, so they match as words do: "amodei" names every Amodei)."""
    from nlp.entities import EntityIndex

    return {e.id: list(e.names) for e in EntityIndex.load().entities}


def officers() -> dict[str, frozenset[str]]:
    """The organisations each person of the entities file holds a role at ('jared-kaplan':
    {'anthropic'}): an officer announcing the organisation's decision speaks for it. Read from the
    file's `roles` alone: no alias index is built for it."""
    import tomllib

    from nlp.entities import ENTITIES_PATH

    with open(ENTITIES_PATH, "rb") as f:
        data = tomllib.load(f)
    return {e["id"]: frozenset(r["of"] for r in e["roles"]) for e in data.get("entity", []) if e.get("roles")}
