"""The fast path (cheap candidate filter, the detector's decision before tokenizing) finds exactly
the claims of the slow path (every sentence through spaCy), on every text we have: the case set,
the demo articles and, when ../shared is beside the project, the seed articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimtrack.schema import Document
from nlp import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def _key(c):
    return (c.span, c.value.text, c.value.low, c.value.high, c.value.unit, c.value.qualifier,
            c.claimant.id if c.claimant else None, c.subject.id if c.subject else None,
            c.proposition.key, c.stated_at, tuple(c.cites))


def _texts() -> list[tuple[str, str]]:
    import trafilatura

    out = []
    for line in (ROOT / "tests" / "data" / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            out.append((case["id"], case["text"]))
    for p in sorted((ROOT / "seeds" / "demo").glob("*/20*/*.html")):
        raw = p.read_bytes()
        m = re.search(rb'charset="?([\w-]+)', raw[:600])
        text = trafilatura.extract(raw.decode(m.group(1).decode() if m else "utf-8", "replace")) or ""
        out.append((p.name, text))
    if SHARED_SEEDS.is_dir():
        out += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SHARED_SEEDS.glob("*.txt"))]
    return out


@pytest.fixture(scope="module")
def pair():
    return Extractor(fast=True).load(), Extractor(fast=False).load()


def test_fast_path_finds_the_claims_of_the_slow_path(pair):
    fast, slow = pair
    texts = _texts()
    assert len(texts) > 250
    found = 0
    for name, text in texts:
        doc = Document.create(f"https://fastpath.example/{name}", text)
        f = sorted(_key(c) for c in fast.extract(doc))
        s = sorted(_key(c) for c in slow.extract(doc))
        assert f == s, name
        found += len(f)
    assert found > 200  # the comparison is over real claims, not over empty lists
