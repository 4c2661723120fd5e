"""Whole articles written for the project in the style of outlets the rules were not written for
(a WeChat explainer, an English magazine feature): every claim a careful reader would list, none of
the traps (headings, list numbers, reading counts, model versions, a hypothetical question, an
analogy, a 'suppose', a reference list), and the fast path finds what the slow path finds.

tests/data/articles/expected.jsonl lists each article's claims; "optional" marks a figure a reader
may or may not count as a claim (a sample size, a hedged list item) - it may be found, nothing else
may."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.schema import Document
from tests.support.numbers import close as _close

DATA = Path(__file__).parent / "data" / "articles"
ARTICLES = [json.loads(line) for line in (DATA / "expected.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def extractors():
    from claimtrack.settings import Settings
    from nlp import Extractor

    return Extractor(Settings(), fast=True).load(), Extractor(Settings(), fast=False).load()


def _fits(c, exp) -> bool:
    v = c.value
    if not (_close(v.low, exp["low"]) and _close(v.high, exp["high"]) and v.unit == exp["unit"]):
        return False
    if "q" in exp and v.qualifier != exp["q"]:
        return False
    if "claimant" in exp and (c.claimant.id if c.claimant else None) != exp["claimant"]:
        return False
    if "subject" in exp and (c.subject.id if c.subject else None) != exp["subject"]:
        return False
    return "key" not in exp or c.proposition.key == exp["key"]


def _doc(article) -> Document:
    text = (DATA / article["file"]).read_text(encoding="utf-8")
    return Document.create(f"https://articles.example/{article['file']}", text, published=article["published"])


@pytest.mark.parametrize("article", ARTICLES, ids=[a["file"] for a in ARTICLES])
def test_article_claims(extractors, article):
    fast, _ = extractors
    claims = fast.extract(_doc(article))
    left = list(claims)
    problems = []
    for exp in article["claims"]:
        hit = next((c for c in left if _fits(c, exp)), None)
        if hit is None:
            if not exp.get("optional"):
                problems.append(f"missing {exp}")
            continue
        left.remove(hit)
    problems += [f"unexpected {c.value.text!r} ({c.value.low}, {c.value.high}, {c.value.unit}, "
                 f"{c.claimant.id if c.claimant else None}, {c.proposition.key}) in {c.quote!r}" for c in left]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("article", ARTICLES, ids=[a["file"] for a in ARTICLES])
def test_article_fast_path_equals_slow_path(extractors, article):
    fast, slow = extractors
    doc = _doc(article)

    def key(c):
        return (c.span, c.value.text, c.value.low, c.value.high, c.value.qualifier,
                c.claimant.id if c.claimant else None, c.proposition.key, c.subject.id if c.subject else None,
                c.stated_at, tuple(c.cites))

    assert [key(c) for c in fast.extract(doc)] == [key(c) for c in slow.extract(doc)]
