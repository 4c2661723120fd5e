"""What the interface calls the things it shows, in the reader's language: qualifiers, proposition
labels (the lexicon's zh/en label when the claim's proposition has an entry), table columns, and
a flag's summary (built from its claims, since the stored summary is written in English)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pandas as pd

from claimtrack.schema import Claim, Entity, Flag, Proposition
from claimtrack.textnorm import script_lang
from ui.i18n import STRINGS, t
from ui.variants import first_appearances


def qualifier_label(qualifier: str, lang: str) -> str:
    return t(f"qualifier.{qualifier}", lang) if f"qualifier.{qualifier}" in STRINGS["en"] else qualifier


@lru_cache(maxsize=1)
def _lexicon_labels() -> dict[str, dict[str, str]]:
    from nlp.propositions import PropositionLexicon

    return {r.key: {"en": r.en, "zh": r.zh} for r in PropositionLexicon.load().rules}


def proposition_label(p: Proposition, lang: str) -> str:
    """The lexicon's label in `lang` when the proposition has an entry (and a label in `lang`),
    else the label stored with the claim (a cluster's own words, in its claims' language)."""
    return _lexicon_labels().get(p.key, {}).get(lang) or p.label


def column_label(name: str, lang: str) -> str:
    """A table column in the reader's language; a column nobody named (a run record's free-form
    count) keeps its name."""
    key = f"col.{name}"
    return t(key, lang) if key in STRINGS["en"] else str(name)


def localized_columns(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns=lambda c: column_label(c, lang))


def claimant_name(claims: list[Claim], lang: str) -> str | None:
    """The claimant by the fullest name the claims give in the reader's script ('Kyle Fish', not a
    later 'Fish'; '凯尔·菲什' for a Chinese reader), else the fullest name in any script."""
    named = [c.claimant for c in claims if c.claimant]
    if not named:
        return None
    who = Counter(e.id or e.name for e in named).most_common(1)[0][0]  # the claimant most claims name
    known = [n for n in _entity_names().get(who, []) if script_lang(n) == lang]
    if known:  # the entities file's own name for them in this script, the first it lists
        return known[0]
    names = [e.name for e in named if (e.id or e.name) == who]
    mine = [n for n in names if script_lang(n) == lang] or names
    return max(mine, key=len)


def entity_label(e: Entity, lang: str) -> str:
    """What the interface calls a subject (or any entity it names as a label, not as quoted): the
    entities file's first name for it in the reader's script ('当前模型' for a Chinese reader of
    'current models'), else the name the claim gives."""
    known = [n for n in _entity_names().get(e.id or "", []) if script_lang(n) == lang]
    return known[0] if known else e.name


@lru_cache(maxsize=1)
def _entity_names() -> dict[str, list[str]]:
    from claimtrack.claimants import entity_aliases

    return entity_aliases()


def flag_summary(flag: Flag, claims: list[Claim], lang: str) -> str:
    """The stored summary in English; in another language, the same facts from the claims: who,
    each variant with where and when it first appeared."""
    if lang == "en" or not claims:
        return flag.summary
    # an attribution conflict is about who: each variant then says whom it credits
    credit = flag.kind == "attribution_conflict"
    parts = []
    for v in first_appearances(claims)[:4]:
        where = [v.first.claimant.name] if credit and v.first.claimant else []
        where += [x for x in (v.first.doc.site or "", (v.first.doc.published or "")[:10]) if x]
        parts.append(t("flag.variant", lang, value=v.value_text, where=t("flag.sep", lang).join(where))
                     if where else v.value_text)
    variants = t("flag.vs", lang).join(parts)
    if credit:
        return variants
    who = claimant_name(claims, lang) or t("claim.unknown", lang)
    return t("flag.summary", lang, who=who, variants=variants)
