"""Shared fixtures: the repo root, the shared folder beside it, and a claim builder."""

from __future__ import annotations

import os

import pytest

# strict extraction (nlp.numbers.STRICT): an error inside extraction fails the test instead of
# being logged and skipped; set before any test module imports nlp
os.environ.setdefault("CLAIMTRACK_STRICT", "1")

from claimtrack.schema import Claim, DocRef, Entity, Proposition, Value
from tests.support.paths import ROOT, SHARED  # noqa: F401 - fixtures below use them
from tests.support.store_corpus import build_corpus


def make_claim(*, doc: str = "d1", site: str = "Site A", published: str | None = "2025-05-01",
               claimant: str | None = "kyle-fish", claimant_name: str | None = None, subject: str | None = None,
               prop: str = "consciousness-probability-current-models", low: float | None = 0.2,
               high: float | None = 0.2, unit: str = "ratio", qualifier: str = "approx", text: str = "20%",
               quote: str = "He put the chance at about 20%.", stated_at: str | None = None,
               lang: str = "en") -> Claim:
    ref = DocRef(id=doc, url=f"https://{site.lower().replace(' ', '-')}.example/{doc}", site=site,
                 published=published, lang=lang)
    return Claim(
        id=Claim.make_id(doc, "h", (0, len(quote)), text, 0) + text + (claimant or ""),
        doc=ref, lang=lang, quote=quote, span=(0, len(quote)),
        claimant=Entity(name=claimant_name or (claimant or "").replace("-", " ").title(), id=claimant) if claimant else None,
        subject=Entity(name=subject, id=subject) if subject else None,
        proposition=Proposition(key=prop, label=prop.replace("-", " ")),
        value=Value(text=text, low=low, high=high, unit=unit, qualifier=qualifier),
        stated_at=stated_at,
    )


@pytest.fixture
def claim_factory():
    return make_claim


@pytest.fixture
def corpus():
    """The store contract's corpus (tests/support/store_corpus.py)."""
    return build_corpus()
