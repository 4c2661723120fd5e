"""The search syntax both backends accept, parsed once here:

    kyle fish            every word required (in any order)
    "conscious models"   a phrase: these words, in this order (Chinese: these characters in a row)
    chalmers OR fish     either (OR binds the two clauses either side of it)
    fish NOT chalmers    NOT, or a leading minus (fish -chalmers): without this word or phrase

Words are folded as the index folds them (`index.segment`: Traditional to Simplified, lower case,
English stems), so `意識` finds `意识` and `consciousness` finds "conscious". Only upper-case
`OR`, `NOT` and `AND` are operators; anything else a user types (`*`, `:`, `^`, brackets, a lone
quote) is text, searched as the words it holds. A query with nothing required (only NOT) finds
nothing.

The index keeps no word positions (SQLite `detail=none`), so a phrase is searched as its words,
all required, and `phrases_hold` then keeps the claims where the words stand in order in the
quote, a name or the proposition label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.segment import word_sequence

_TOKENS = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    terms: tuple[str, ...]  # folded words, all required
    phrase: bool = False  # and in this order


@dataclass(frozen=True)
class SearchQuery:
    groups: tuple[tuple[Clause, ...], ...]  # every group required; a group holds when one clause does
    excluded: tuple[Clause, ...] = ()

    @property
    def phrases(self) -> tuple[Clause, ...]:
        """The phrases (of more than one word) a claim must hold, in order: those of groups with a
        single clause (a phrase inside an OR is searched as its words)."""
        return tuple(g[0] for g in self.groups if len(g) == 1 and g[0].phrase and len(g[0].terms) > 1)

    @property
    def terms(self) -> list[str]:
        """Every required or optional word, once (for ranking)."""
        return list(dict.fromkeys(t for g in self.groups for c in g for t in c.terms))


def parse(query: str) -> SearchQuery | None:
    """The query, or None when nothing searchable is required."""
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    negate = join_next = False
    for m in _TOKENS.finditer(query or ""):
        quoted, word = m.group(1), m.group(2)
        if word in ("AND", "OR", "NOT"):
            if word == "OR" and groups and not negate:
                join_next = True
            elif word == "NOT":
                negate = True
            continue
        if quoted is None and word.startswith("-") and len(word) > 1 and word[1].isalpha():
            negate, word = True, word[1:]
        words = word_sequence(quoted if quoted is not None else word)
        terms = tuple(words) if quoted is not None else tuple(dict.fromkeys(words))
        if not terms:
            negate = join_next = False
            continue
        clause = Clause(terms, phrase=quoted is not None)
        if negate:
            excluded.append(clause)
        elif join_next:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        negate = join_next = False
    if not groups:
        return None
    return SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts5_clause(clause: Clause) -> str:
    inner = " AND ".join(_quoted(t) for t in dict.fromkeys(clause.terms))
    return f"({inner})" if len(clause.terms) > 1 else inner


def fts5_expression(q: SearchQuery) -> str:
    parts = []
    for group in q.groups:
        alts = [_fts5_clause(c) for c in group]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = " AND ".join(parts)
    if q.excluded:
        expr = f"({expr}) NOT (" + " OR ".join(_fts5_clause(c) for c in q.excluded) + ")"
    return expr


def _compact(text: str) -> str:
    return "".join(word_sequence(text))


def _holds(clause: Clause, texts: list[str]) -> bool:
    n = len(clause.terms)
    for text in texts:
        words = word_sequence(text)
        if any(tuple(words[i:i + n]) == clause.terms for i in range(len(words) - n + 1)):
            return True
        # Chinese: jieba may cut a phrase alone differently from the sentence it stands in
        if not "".join(clause.terms).isascii() and "".join(clause.terms) in _compact(text):
            return True
    return False


def phrases_hold(q: SearchQuery, claim) -> bool:
    """Whether every phrase of `q` stands, in order, in the claim's quote, a name or its label."""
    if not q.phrases:
        return True
    texts = [claim.quote, claim.proposition.label,
             *(e.name for e in (claim.claimant, claim.subject) if e is not None)]
    return all(_holds(p, texts) for p in q.phrases)


__all__ = ["Clause", "SearchQuery", "parse", "fts5_expression", "phrases_hold"]
