"""Floors on real coverage by other outlets (../shared/realtext, read at run time, nothing copied):
ingest it into a real SQLite store, export claims and flags, and score them with the shared scorer.

The floors are the values reached (claim matching, this session); they may only be raised. What
the issue asks for is further away (flags 10/11, cluster pair recall 0.85, attribution 0.9): see
the issue notes for where it stands.
"""

from __future__ import annotations

import json

import pytest

from tests.support.paths import SHARED
from tests.support.scoring import ingest_and_export, score

pytestmark = pytest.mark.slow

REALTEXT = SHARED / "realtext"
FLOORS = {  # may only be raised
    # lowered once, 0.70 -> 0.68, when document lengths (pages, words, tokens) became values: their
    # mentions add gold pairs the matching does not join yet (a denominator that grew)
    # and 0.72 -> 0.71 when ruled-out values ('we have ruled out ... ASL-4') stopped being claims:
    # one true claim that had joined its cluster through them now joins another claimant's
    # and 0.71 -> 0.709 when a year next to a figure kept claims apart even where the extractor
    # had dated the claim by it (2024 capex no longer joins 2025's: one more expected flag, two
    # fewer mixing flags; two true pairs split with it)
    # and 0.709 -> 0.707 when 'or better' / '或更高' became bounds: the newly found gold claim adds
    # pairs the matching does not all join (a denominator that grew)
    # raised from 0.707 when a model's maker became its claims' claimant, to 0.830 when the maker
    # named beside its model did too; lowered to 0.8276 when a list item opening a document stopped
    # being taken for its headline (the scorer takes both of its ASL-2 sentences, a level's definition
    # and the level of current models, for one gold claim; they sit in two clusters); 0.8386 with
    # table rows and shouted text read in lower case; lowered to 0.8288 when an open question
    # stopped at a new clause of saying (two more of Chalmers' figures found, in clusters of their
    # own: the lexicon keys the whole sentence 'within a decade'), and to 0.8252 when 'reaching' /
    # '飙升至' became upper bounds (three claims more found right, two of them outside their clusters)
    # raised to 0.8608 when a lexicon entry whose words stand in another figure's clause stopped
    # keying a value ('half of the jobs ..., unemployment to 10-20%': the half kept apart from its cluster)
    # lowered to 0.8581 when a guess in brackets beside a figure ('over half (possibly ~70%+)') stopped
    # being a claim: the figure it hid is found (recall up), in a cluster apart from its Chinese
    # version (one true pair more, a denominator that grew)
    # raised to 0.8919 when a condition of inaction ('如果沒有及時的干預和監管，……') stopped making a
    # forecast hypothetical: two Chinese figures found, both in their clusters
    # and to 0.8921 when 'one out of every five' became a rate; 0.895 when a claim left alone by
    # the order of arrival got a second chance against the clusters formed after it
    # lowered 0.895 -> 0.8921 when a claimant its page's context gave stopped joining a cluster whose
    # sentences credit someone else: the one pair lost had joined only through a claimant inferred
    # from that cluster, and wrongly (Cherny for an Anthropic figure); look-alikes 262 -> 266/289
    "cluster_pair_recall": 0.8921,
    "cluster_pair_precision": 0.9938,  # raised from 0.99 to the value reached (0.9926-0.9927), then 0.9938
    # lowered once, 0.85 -> 0.848, when bounds written as signs ('<10%', '>25%') became values:
    # two of the newly found gold claims stand on a page that names nobody (a denominator that grew)
    # and 0.848 -> 0.842 with the ruled-out rule (the same claim takes the other cluster's claimant), then
    # raised to 0.855 when a name covering the value stopped being its claimant
    # raised 0.875 -> 0.915 ('We estimate' opening a sentence, the site line's organisation, a model
    # without a version, a show named after its host, the maker beside its model), then to 0.9172, and
    # to 0.929 when 'the model' measured went to its maker before a person named sentences before
    # 0.9306 -> 0.9364 when a lead's figure went to the person the next paragraph says presented it
    # 0.9364 -> 0.9422 when a title naming a person's own page ("X's shortform", 'X的博客') named its speaker
    "attribution_accuracy": 0.9422,
    # lowered once, 216 -> 211: claims whose wrong claimant ('Trigger', 'Credence', an outlet) had
    # kept them apart now carry the right one and join look-alike gold claims that differ in
    # detail only (Anthropic's ASL-3 for Opus 4 said two ways; two shares of Anthropic's code)
    # and 211 -> 209 when a host's line addressing the guest became the guest's claim (Krieger's
    # '90% of your code'): it joins his cluster, which already holds his figures for look-alike
    # details (Anthropic's code, Claude Code's code, pull requests); attribution and flags gained
    # and 209/230 -> 226/250 when a list item opening a document stopped being taken for its headline
    # (two claims found, in clusters that already mix ASL levels and two of Ben Mann's 50%s: 3 of
    # the 20 new look-alike pairs share a cluster; 17 more are kept apart than before)
    # 255 -> 254 when an answer was embedded with its context: the pairs it joined are the gold's
    # two keys of one claim (Krieger's 90% of the code, named and unattributed), two others parted
    # 254/281 -> 257/284 with the inaction condition (three new look-alike pairs, all kept apart)
    # and 257/284 -> 262/289 with 'one out of every five' (five new look-alike pairs, all kept apart)
    # and 262 -> 266/289 when the context's claimant stopped joining another's named claim
    "lookalikes_kept_apart": 266 / 289,
    # 9/11 -> 8/11 when one document's claimant stopped counting between its own different figures:
    # the flag lost was found through a wrong member (Amodei's 10% growth sat in the unemployment
    # cluster and kept out his '20% without jobs' of the same sentence); the growth figure is its
    # own cluster now, and the '20% without jobs', which the gold keeps apart, joins unemployment
    # 8/11 -> 9/11 with the inaction condition: the Chinese '近半數' of entry-level jobs beside the
    # English 'half' and 'up to half'
    # 9/11 -> 10/11 with the second chance: the 212-page system card joins the 216-page one
    # 10/11 -> 11/11 when one article reporting a figure changed became a change over time
    "flag_recall": 1.0,
    "precision": 0.9312,
    "recall": 0.8782,
}
# may only be lowered; raised from 10 to 19 once, with attribution and scope flags found by matching
# (11 more flags, 6 of them holding two gold claims: two people credited with one figure, or a
# family's level against a member's, which the scorer counts as mixing by construction)
# 17 -> 18 with the ruled-out rule, see cluster_pair_recall; 18 -> 16 with years; 16 -> 17 when a
# model's maker became its claims' claimant (claims about Claude in general now join one about a member)
MAX_FLAGS_MIXING = 6  # 7 -> 6 when a lead's figure went to its presenter (no longer inferred from Cherny's cluster); 8 -> 7 with the inaction condition; 7 -> 8 with it (the same flag); 8 -> 7 when a claim saying little was embedded with its context; 17 -> 15 when a host's line addressing the guest became the guest's claim,
# 15 -> 14 when a model named without a version ('Claude Opus shows ...') stopped being a speaker,
# 14 -> 15 -> 14 with the upper bounds, until the window stopped at the next figure; 14 -> 9 when a
# flag stopped mixing claimants (scope pairs of two people; a context claimant beside another's) and
# subjects (a family's claim beside a member's), and a product named after a family stopped being its member
# 9 -> 8 when an officer (a chief scientist) and the organisation stopped being an attribution conflict
ZH_ATTRIBUTION = 0.9583  # the Chinese documents alone (0.9565 -> 0.9583 with the inaction condition)


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    if not (REALTEXT / "docs.jsonl").exists():
        pytest.skip(f"{REALTEXT} is not here: the development set lives beside the repo")
    tmp = tmp_path_factory.mktemp("realtext")
    claims, flags = ingest_and_export(REALTEXT / "docs.jsonl", tmp)
    got = score(REALTEXT / "gold.jsonl", claims, flags)
    got["zh"] = _score_one_language(tmp, claims, "zh")
    return got


def _score_one_language(tmp, claims, lang: str) -> dict:
    """The scorer over the documents of one language alone: their gold lines, their claims."""
    gold = [line for line in (REALTEXT / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("doc", {}).get("lang") == lang]
    (tmp / f"gold-{lang}.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    mine = [line for line in claims.read_text(encoding="utf-8").splitlines()
            if (json.loads(line).get("doc") or {}).get("lang") == lang]
    (tmp / f"claims-{lang}.jsonl").write_text("\n".join(mine) + "\n", encoding="utf-8")
    return score(tmp / f"gold-{lang}.jsonl", tmp / f"claims-{lang}.jsonl")


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(scored, metric):
    got = scored[metric]
    if isinstance(got, str):
        a, b = got.split("/")
        got = int(a) / int(b)
    assert got >= FLOORS[metric] - 1e-9, f"{metric} {scored[metric]} fell below its floor {FLOORS[metric]}"


def test_chinese_documents_alone(scored):
    """The issue scores the Chinese documents separately: attribution there is pinned on its own."""
    assert scored["zh"]["attribution_accuracy"] >= ZH_ATTRIBUTION - 1e-9, scored["zh"]


def test_flags_mixing_claims_stay_few(scored):
    assert scored["flags_mixing_clusters"] <= MAX_FLAGS_MIXING, scored
