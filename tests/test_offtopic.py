"""Floors on corpora the team wrote on topics no lexicon entry covers (tests/data/offtopic and offtopic2:
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

DATA = Path(__file__).parent / "data"
# floors may only be raised. offtopic2 was written by a teammate who had not read the rules (16
# pages, 8 claims across outlets, 6 disagreements), before any rule was fitted to it
FLOORS = {
    # precision 0.8333 -> 0.9375 when a survey's sample size stopped being a claim (2,778 researchers,
    # 两千多名受访的 ...: they had made a flag of their own)
    "offtopic": {"precision": 0.9375, "recall": 1.0, "attribution_accuracy": 1.0,
                 "cluster_pair_recall": 0.75, "cluster_pair_precision": 1.0, "flag_recall": 0.5},
    # attribution 1.0 -> 0.9583 when an organisation's unnamed role stopped being the organisation
    # ('该实验室首席科学家对记者表示' was the lab, which the gold's aliases accept; now nobody, and its
    # cluster stays apart from the English one that names him), while flags went 3/6 -> 4/6
    "offtopic2": {"precision": 1.0, "recall": 1.0, "attribution_accuracy": 1.0,
                  "cluster_pair_recall": 0.6667, "cluster_pair_precision": 0.9961, "flag_recall": 0.6667},
    # offtopic3: written by another teammate who had not read the rules, after the rules fitted to
    # offtopic2 were in; scored once before any rule was fitted to it: the nearest we have to the
    # held-out set
    # pair recall 0.4375 -> 0.3636 when recall went 0.88 -> 1.0: the four claims found since (an
    # answer's year, 1.5亿 before a comma, 130万个 ... 岗位, 6成1) add pairs the matching does not
    # join yet (a denominator that grew); pair precision 0.9979 -> 0.9984
    # pair recall 0.4091 -> 0.5, flags 3/7 -> 4/7 when a gap between the same digits swapped or at
    # another scale stopped costing (1.3 million copied as 3.1 million)
    # attribution 0.7941 -> 0.8529, pair recall 0.5 -> 0.5909 when a show's part label ('Episode 112:')
    # stopped being a person and NER's span stopped at a bracket: the guest named in the heading
    # attribution 0.8529 -> 0.8824, pair recall 0.5909 -> 0.6364, precision 0.9984 -> 1.0, flags 4/7 ->
    # 5/7 when a claimant the context gave stopped joining a cluster whose sentences name another
    # attribution 0.8824 -> 0.9412 with a Q&A's answers the guest's, the writer's own guess under an
    # in-text byline, and a transliterated surname jieba tags as a place ('哈|洛伦')
    "offtopic3": {"precision": 0.9474, "recall": 1.0, "attribution_accuracy": 0.9412,
                  "cluster_pair_recall": 0.6364, "cluster_pair_precision": 1.0, "flag_recall": 0.7143},
    # offtopic4: a third teammate, 20 pages on grid batteries, heat deaths, chip fabs, transfers,
    # inflation, wildfire smoke, desalination, housing, a drug trial; first scored unseen at
    # precision 0.7826, recall 0.8308, attribution 0.4074, pair recall 0.5, flags 2/8
    # attribution 0.9259 -> 0.8966 and pair recall 0.5909 -> 0.56 when recall went 0.83 -> 0.89:
    # the four counts found since ('约2300例', '10万片' twice, '13.6万户') add claims whose claimant
    # or pairs are not all found yet (a denominator that grew)
    # pair recall 0.56 -> 0.6, precision 0.9982 -> 0.9975 with the second chance: the English core
    # inflation figure joins its Chinese copy, in a cluster that already held the headline figure
    # attribution 0.8966 -> 0.9138, pair recall 0.6 -> 0.64 with '介绍' a speech verb; precision
    # 0.7945 -> 0.8056 when the end of a range of pages ('第45—58页') stopped being a length
    # precision 0.8056 -> 0.8133, recall 0.8923 -> 0.9385, attribution 0.9138 -> 0.918, pair recall
    # 0.64 -> 0.6538 when physical quantities became values ('520 gigawatt-hours', '10万吨')
    # pair recall 0.6538 -> 0.7308 and precision 0.9978 -> 0.9972 (lowered) when an alliance became an
    # organisation's name in English too (its Chinese and English names one claimant): the alliance's
    # Chinese figure joined its English copies, in the cluster that already held a subgroup's figure
    # (one wrong pair; two right ones)
    # attribution 0.918 -> 0.9344, pair recall 0.7308 -> 0.7692, flags 4/8 -> 5/8 when a role nobody is
    # named for took the holder the next sentence names beside the same role
    "offtopic4": {"precision": 0.8133, "recall": 0.9385, "attribution_accuracy": 0.9344,
                  "cluster_pair_recall": 0.7692, "cluster_pair_precision": 0.9972, "flag_recall": 0.625},
    # offtopic5: a fourth teammate, 18 pages (freight, copper, coral, bike-share, chargers,
    # obesity, airlines, retrofits, teachers, rice), scored once after the offtopic4 rules and
    # kept unfitted: the nearest to the held-out set we have
    # pair recall 0.4667 -> 0.5333, flags 3/7 -> 4/7 with the same digits at another scale (3.4亿 rides
    # against 3.4 billion): a rule made on offtopic3, checked here without looking first
    # (and attribution 0.7037 -> 0.7222: the joined 3.4亿 takes its cluster's claimant)
    # precision 0.7714 -> 0.7778, recall 0.871 -> 0.9032, attribution 0.7222 -> 0.7321, pair recall
    # 0.5333 -> 0.5625 with physical quantities (made on offtopic4, checked here without looking first)
    "offtopic5": {"precision": 0.7778, "recall": 0.9032, "attribution_accuracy": 0.7321,
                  "cluster_pair_recall": 0.5625, "cluster_pair_precision": 0.9987, "flag_recall": 0.5714},
}
# offtopic4: 1 -> 2 when the alliance became the claimant of its press release's figures: its 62%
# of all adults and 71% of those with asthma were one cluster already (a sub-population the matcher
# does not tell apart) and now, one claimant's, make a flag
MAX_FLAGS_MIXING = {"offtopic": 0, "offtopic2": 0, "offtopic3": 0, "offtopic4": 2, "offtopic5": 0}
CASES = [(corpus, metric) for corpus, floors in FLOORS.items() for metric in sorted(floors)]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is not here: the shared scorer lives beside the repo")
    out = {}
    for corpus in FLOORS:
        claims, flags = ingest_and_export(DATA / corpus / "docs.jsonl", tmp_path_factory.mktemp(corpus))
        out[corpus] = score(DATA / corpus / "gold.jsonl", claims, flags)
    return out


@pytest.mark.parametrize("corpus,metric", CASES, ids=[f"{c}-{m}" for c, m in CASES])
def test_floor(scored, corpus, metric):
    got = scored[corpus][metric]
    assert got >= FLOORS[corpus][metric] - 1e-9, f"{corpus} {metric} {got} fell below {FLOORS[corpus][metric]}"


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_no_flag_mixes_claims(scored, corpus):
    assert scored[corpus]["flags_mixing_clusters"] <= MAX_FLAGS_MIXING[corpus], scored[corpus]


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_the_corpus_is_consistent(corpus):
    """Every gold line's text is its document's text (the scorer matches quotes inside them)."""
    docs = {json.loads(line)["url"]: json.loads(line)["text"]
            for line in (DATA / corpus / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    for line in (DATA / corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if "doc" in g:
            assert g["doc"]["text"] == docs[g["doc"]["url"]]
            for c in g["claims"]:
                assert all(q in g["doc"]["text"] for q in c["quotes"]), c
