"""Floors on a corpus the team wrote on topics no lexicon entry covers (tests/data/offtopic:
extinction-risk estimates, a survey, a forecast, job automation; Chinese and English; people and
organisations the entities file does not know): the same scorer as the real coverage, run on text
where only the general rules can help. What it shows is how far the product gets on the kind of
page the held-out set has, which nobody here sees.

The floors are the values reached (they may only be raised). Still missed, and why: the survey's
5% and 10% (named and unnamed medians) stay two clusters; Okafor's 10-20% and 50% differ
threefold, which the matcher takes for two claims.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.scoring import SCORER, ingest_and_export, score

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "data" / "offtopic"
FLOORS = {  # may only be raised
    "precision": 0.8333, "recall": 1.0, "attribution_accuracy": 0.9333,
    "cluster_pair_recall": 0.625, "cluster_pair_precision": 1.0, "flag_recall": 0.5,
}
MAX_FLAGS_MIXING = 0


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is not here: the shared scorer lives beside the repo")
    claims, flags = ingest_and_export(CORPUS / "docs.jsonl", tmp_path_factory.mktemp("offtopic"))
    return score(CORPUS / "gold.jsonl", claims, flags)


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(scored, metric):
    assert scored[metric] >= FLOORS[metric] - 1e-9, f"{metric} {scored[metric]} fell below {FLOORS[metric]}"


def test_no_flag_mixes_claims(scored):
    assert scored["flags_mixing_clusters"] <= MAX_FLAGS_MIXING, scored


def test_the_corpus_is_consistent():
    """Every gold line's text is its document's text (the scorer matches quotes inside them)."""
    docs = {json.loads(line)["url"]: json.loads(line)["text"]
            for line in (CORPUS / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if "doc" in g:
            assert g["doc"]["text"] == docs[g["doc"]["url"]]
            for c in g["claims"]:
                assert all(q in g["doc"]["text"] for q in c["quotes"]), c
