"""rapidfuzz identity for people and propositions the lexicons do not know."""

from __future__ import annotations

from claimtrack.compare import cluster_all, compute_flags
from claimtrack.fuzzy import claimant_remap, proposition_remap


def test_one_person_spelled_two_ways_forms_one_cluster_and_is_flagged(claim_factory):
    a = claim_factory(doc="a", claimant="jonathan-birch", claimant_name="Jonathan Birch", prop="auto-x",
                      text="10%", low=0.1, high=0.1)
    b = claim_factory(doc="b", site="Outlet B", claimant="jonathon-birch", claimant_name="Jonathon Birch",
                      prop="auto-x", text="30%", low=0.3, high=0.3)
    c = claim_factory(doc="c", site="Outlet C", claimant="jonathan-birch", claimant_name="Jonathan Birch",
                      prop="auto-x", text="10%", low=0.1, high=0.1)
    assert claimant_remap([a, b, c]) == {"jonathon-birch": "jonathan-birch"}
    clustered = cluster_all([a, b, c])
    assert len({x.cluster_id for x in clustered}) == 1
    assert [f.kind for f in compute_flags(clustered)] == ["value_conflict"]


def test_different_people_sharing_a_surname_stay_apart(claim_factory):
    dario = claim_factory(doc="a", claimant="dario-x", claimant_name="Dario Amodei")
    daniela = claim_factory(doc="b", claimant="daniela-x", claimant_name="Daniela Amodei")
    jane = claim_factory(doc="c", claimant="jane-smith", claimant_name="Jane Smith")
    john = claim_factory(doc="d", claimant="john-smith", claimant_name="John Smith")
    assert claimant_remap([dario, daniela, jane, john]) == {}


def test_unknown_proposition_labelled_in_other_words_is_one_key(claim_factory):
    a = claim_factory(doc="a", claimant="p", prop="auto-1", text="40%", low=0.4, high=0.4)
    a.proposition.label = "share of hospitals using ai triage"
    b = claim_factory(doc="b", claimant="p", prop="auto-2", text="45%", low=0.45, high=0.45)
    b.proposition.label = "hospitals using ai triage share"
    c = claim_factory(doc="c", claimant="p", prop="auto-3", text="45%", low=0.45, high=0.45)
    c.proposition.label = "rainfall in spring"
    remap = proposition_remap([a, b, c])
    assert remap in ({"auto-2": "auto-1"}, {"auto-1": "auto-2"})
    known = claim_factory(doc="d", claimant="p", prop="unemployment")
    assert "unemployment" not in proposition_remap([a, b, known])
