"""The bilingual case set (tests/data/cases.jsonl): each case is a short document in Chinese
(Simplified or Traditional) or English with the claims it must yield, or none.

A case lists every claim expected; a predicted claim no expectation matches fails the case
(precision), as does a missing one (recall). Optional fields check the qualifier ("q"), the
claimant id (null: no claimant), the subject id, the proposition key ("key", or "not_key": a
look-alike key the claim must not get) and citations; a case may give its document a "title" and a "published"
date.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.schema import Document
from tests.support.numbers import close as _close

CASES_PATH = Path(__file__).parent / "data" / "cases.jsonl"
CASES = [json.loads(line) for line in CASES_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def extractor():
    from claimtrack.settings import Settings
    from nlp import Extractor

    return Extractor(Settings()).load()




def _matches(pred, exp) -> list[str]:
    """Differences between one predicted claim and one expected claim (empty: it matches)."""
    v = pred.value
    if not (_close(v.low, exp["low"]) and _close(v.high, exp["high"]) and v.unit == exp["unit"]):
        return ["value"]
    diffs = []
    if "q" in exp and v.qualifier != exp["q"]:
        diffs.append(f"qualifier {v.qualifier} != {exp['q']}")
    if "claimant" in exp:
        got = pred.claimant.id if pred.claimant else None
        names = {pred.claimant.id, pred.claimant.name} if pred.claimant else {None}
        if exp["claimant"] not in names:
            diffs.append(f"claimant {got} != {exp['claimant']}")
    if "subject" in exp:
        got = pred.subject.id if pred.subject else None
        if got != exp["subject"]:
            diffs.append(f"subject {got} != {exp['subject']}")
    if "key" in exp and pred.proposition.key != exp["key"]:
        diffs.append(f"key {pred.proposition.key} != {exp['key']}")
    if "not_key" in exp and pred.proposition.key == exp["not_key"]:
        diffs.append(f"key {pred.proposition.key} is the look-alike it must not be")
    for c in exp.get("cites", []):
        if c not in pred.cites:
            diffs.append(f"cite {c} missing from {pred.cites}")
    return diffs


def test_case_set_size_and_coverage():
    assert len(CASES) >= 150
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    langs = {("zh-hant" if c["id"].startswith("hant") else "en" if any("a" <= ch <= "z" for ch in c["text"][:3].lower())
              else "zh") for c in CASES}
    assert {"zh", "en", "zh-hant"} <= langs
    assert sum(1 for c in CASES if not c["claims"]) >= 40, "too few no-claim traps"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(extractor, case):
    doc = Document.create(f"https://cases.example/{case['id']}", case["text"], published=case.get("published"),
                          title=case.get("title"))
    preds = extractor.extract(doc)
    for p in preds:
        assert doc.text[p.span[0]:p.span[1]] == p.quote
    unmatched = list(preds)
    problems = []
    for exp in case["claims"]:
        best = None
        for p in unmatched:
            d = _matches(p, exp)
            if d == []:
                best = (p, [])
                break
            if d != ["value"] and best is None:
                best = (p, d)
        if best is None:
            problems.append(f"missing {exp}")
            continue
        unmatched.remove(best[0])
        if best[1]:
            problems.append(f"{best[0].value.text!r}: " + "; ".join(best[1]))
    for p in unmatched:
        problems.append(f"unexpected claim {p.value.text!r} ({p.value.low}, {p.value.high}, {p.value.unit}) "
                        f"in {p.quote!r}")
    assert not problems, "\n".join(problems)
