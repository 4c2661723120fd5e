"""Clustering and flag kinds on hand-built claims."""

from __future__ import annotations

from claimtrack.compare import assign_clusters, cluster_key, compute_flags


def kinds(flags):
    return sorted(f.kind for f in flags)


def test_same_claimant_different_values_is_a_value_conflict(claim_factory):
    a = claim_factory(doc="a", site="Outlet A", text="about 20%", low=0.2, high=0.2, qualifier="approx")
    b = claim_factory(doc="b", site="Outlet B", text="15 percent", low=0.15, high=0.15, qualifier="exact")
    flags = compute_flags(assign_clusters([a, b]))
    assert kinds(flags) == ["value_conflict"]
    assert set(flags[0].claims) == {a.id, b.id}
    assert "15 percent" in flags[0].summary and "about 20%" in flags[0].summary


def test_dropped_hedge_is_a_qualifier_conflict(claim_factory):
    a = claim_factory(doc="a", claimant="david-chalmers", text="at least 25%", low=0.25, high=None,
                      qualifier="at_least", prop="ai-consciousness-within-decade")
    b = claim_factory(doc="b", site="Outlet B", claimant="david-chalmers", text="25%", low=0.25, high=0.25,
                      qualifier="exact", prop="ai-consciousness-within-decade")
    assert kinds(compute_flags(assign_clusters([a, b]))) == ["qualifier_conflict"]


def test_range_versus_up_to_is_a_qualifier_conflict(claim_factory):
    a = claim_factory(doc="a", claimant="dario-amodei", prop="unemployment", text="10-20%", low=0.1, high=0.2,
                      qualifier="range")
    b = claim_factory(doc="b", site="Outlet B", claimant="dario-amodei", prop="unemployment", text="up to 20%",
                      low=None, high=0.2, qualifier="at_most")
    assert kinds(compute_flags(assign_clusters([a, b]))) == ["qualifier_conflict"]


def test_rounding_and_approx_are_not_disagreements(claim_factory):
    a = claim_factory(doc="a", text="3.4-fold", low=3.4, high=3.4, unit="times", qualifier="exact")
    b = claim_factory(doc="b", site="Outlet B", text="3.42-fold", low=3.42, high=3.42, unit="times",
                      qualifier="approx")
    assert compute_flags(assign_clusters([a, b])) == []


def test_scale_error_is_a_value_conflict(claim_factory):
    a = claim_factory(doc="a", prop="ai-capex", unit="USD", text="$300 billion", low=3e11, high=3e11)
    b = claim_factory(doc="b", site="Outlet B", prop="ai-capex", unit="USD", text="300万美元", low=3e6, high=3e6)
    flags = compute_flags(assign_clusters([a, b]))
    assert kinds(flags) == ["value_conflict"]
    assert flags[0].severity > 0.7


def test_lookalikes_sharing_a_number_stay_apart(claim_factory):
    fish = claim_factory(doc="a")
    opus = claim_factory(doc="b", site="Outlet B", claimant="anthropic", subject="claude-opus-4-1",
                         prop="introspection-success-rate")
    jobs = claim_factory(doc="c", site="Outlet C", claimant="dario-amodei", prop="unemployment",
                         text="up to 20%", low=None, high=0.2, qualifier="at_most")
    clustered = assign_clusters([fish, opus, jobs])
    assert len({c.cluster_id for c in clustered}) == 3
    assert compute_flags(clustered) == []


def test_same_document_repeating_itself_is_not_flagged(claim_factory):
    a = claim_factory(doc="a", text="20%", low=0.2, high=0.2)
    b = claim_factory(doc="a", text="15%", low=0.15, high=0.15, quote="Earlier he said 15%.")
    assert compute_flags(assign_clusters([a, b])) == []


def test_attribution_conflict_between_claimants(claim_factory):
    a = claim_factory(doc="a", claimant="kyle-fish", text="15%", low=0.15, high=0.15)
    b = claim_factory(doc="b", site="Outlet B", claimant="anthropic", text="15%", low=0.15, high=0.15)
    flags = compute_flags(assign_clusters([a, b]))
    assert kinds(flags) == ["attribution_conflict"]


def test_dated_statements_are_change_over_time(claim_factory):
    a = claim_factory(doc="a", text="15%", low=0.15, high=0.15, stated_at="2025-04")
    b = claim_factory(doc="b", site="Outlet B", text="20%", low=0.2, high=0.2, stated_at="2025-08")
    assert kinds(compute_flags(assign_clusters([a, b]))) == ["change_over_time"]


def test_flag_id_is_stable_and_evidence_changes_with_new_claims(claim_factory):
    a = claim_factory(doc="a", text="20%")
    b = claim_factory(doc="b", site="Outlet B", text="15%", low=0.15, high=0.15)
    c = claim_factory(doc="c", site="Outlet C", text="15%", low=0.15, high=0.15)
    first = compute_flags(assign_clusters([a, b]))[0]
    again = compute_flags(assign_clusters([b, a]))[0]
    more = compute_flags(assign_clusters([a, b, c]))[0]
    assert first.id == again.id == more.id
    assert first.evidence == again.evidence != more.evidence


def test_cluster_key_ignores_document_and_language(claim_factory):
    en = claim_factory(doc="a", lang="en")
    zh = claim_factory(doc="b", lang="zh", quote="他估计概率大约是 20%。")
    assert cluster_key(en) == cluster_key(zh)


def test_syndicated_copies_count_once_in_severity(claim_factory):
    from claimtrack.compare import Evidence

    a = claim_factory(doc="a", site="Outlet A", text="20%")
    b1 = claim_factory(doc="b1", site="Outlet B", text="15%", low=0.15, high=0.15)
    b2 = claim_factory(doc="b2", site="Outlet C", text="15%", low=0.15, high=0.15)
    b3 = claim_factory(doc="b3", site="Outlet D", text="15%", low=0.15, high=0.15)
    a2 = claim_factory(doc="a2", site="Outlet E", text="20%")
    a3 = claim_factory(doc="a3", site="Outlet F", text="20%")
    claims = assign_clusters([a, a2, a3, b1, b2, b3])
    independent = compute_flags(claims)[0].severity
    copies = Evidence(story_of={"b2": "b1", "b3": "b1", "a2": "a", "a3": "a"})
    syndicated = compute_flags(claims, copies)[0].severity
    assert syndicated < independent


def test_primary_source_on_one_side_raises_severity(claim_factory):
    from claimtrack.compare import Evidence

    a = claim_factory(doc="a", text="20%")
    b = claim_factory(doc="b", site="Outlet B", text="15%", low=0.15, high=0.15)
    claims = assign_clusters([a, b])
    assert compute_flags(claims, Evidence(primary=frozenset({"a"})))[0].severity > compute_flags(claims)[0].severity


def test_percent_against_percentage_points_is_a_value_conflict(claim_factory):
    a = claim_factory(doc="a", prop="unemployment", text="3%", low=0.03, high=0.03, unit="ratio", qualifier="exact")
    b = claim_factory(doc="b", site="Outlet B", prop="unemployment", text="3 percentage points", low=0.03,
                      high=0.03, unit="percentage_points", qualifier="exact")
    flags = compute_flags(assign_clusters([a, b]))
    assert kinds(flags) == ["value_conflict"] and "percentage points" in flags[0].summary


def test_summary_names_where_each_variant_first_appeared(claim_factory):
    early = claim_factory(doc="a", site="First Post", published="2025-04-25", text="15%", low=0.15, high=0.15)
    copy = claim_factory(doc="b", site="Copy Daily", published="2025-05-02", text="15%", low=0.15, high=0.15)
    other = claim_factory(doc="c", site="Other Wire", published="2025-08-01", text="about 20%")
    summary = compute_flags(assign_clusters([copy, other, early]))[0].summary
    assert "'15%' first in First Post (2025-04-25), then 1 more" in summary
    assert "'about 20%' first in Other Wire (2025-08-01)" in summary


def test_flag_keeps_its_id_when_the_kind_changes(claim_factory):
    a = claim_factory(doc="a", claimant="david-chalmers", text="at least 25%", low=0.25, high=None,
                      qualifier="at_least")
    b = claim_factory(doc="b", site="Outlet B", claimant="david-chalmers", text="25%", low=0.25, high=0.25,
                      qualifier="exact")
    c = claim_factory(doc="c", site="Outlet C", claimant="david-chalmers", text="30%", low=0.3, high=0.3,
                      qualifier="exact")
    before = compute_flags(assign_clusters([a, b]))
    after = compute_flags(assign_clusters([a, b, c]))
    assert [f.kind for f in before] == ["qualifier_conflict"]
    assert before[0].id in {f.id for f in after}


def test_compatible_intervals_are_qualifier_not_value_conflicts(claim_factory):
    at_least = claim_factory(doc="a", text="at least 25%", low=0.25, high=None, qualifier="at_least")
    thirty = claim_factory(doc="b", site="Outlet B", text="30%", low=0.3, high=0.3, qualifier="exact")
    under = claim_factory(doc="c", site="Outlet C", text="under 10%", low=None, high=0.1, qualifier="less_than")
    assert kinds(compute_flags(assign_clusters([at_least, thirty]))) == ["qualifier_conflict"]
    assert kinds(compute_flags(assign_clusters([at_least, under]))) == ["value_conflict"]


def test_value_said_of_a_family_against_one_member_is_flagged(claim_factory):
    family = claim_factory(doc="a", claimant="benjamin-mann", subject="claude-models", prop="asl-level",
                           text="ASL-3", low=3, high=3, unit="ASL", qualifier="exact")
    opus = claim_factory(doc="b", site="Outlet B", claimant="anthropic", subject="claude-opus-4", prop="asl-level",
                         text="ASL-3", low=3, high=3, unit="ASL", qualifier="exact")
    sonnet = claim_factory(doc="b", site="Outlet B", claimant="anthropic", subject="claude-sonnet-4",
                           prop="asl-level", text="ASL-2", low=2, high=2, unit="ASL", qualifier="exact")
    other = claim_factory(doc="c", site="Outlet C", claimant="x", subject="gemini-2", prop="asl-level",
                          text="ASL-2", low=2, high=2, unit="ASL", qualifier="exact")
    flags = compute_flags(assign_clusters([family, opus, sonnet, other]))
    assert kinds(flags) == ["value_conflict"]
    assert set(flags[0].claims) == {family.id, sonnet.id}
    assert "claude-models" in flags[0].summary and "claude-sonnet-4" in flags[0].summary
    assert compute_flags(assign_clusters([family, opus])) == []


def test_an_original_and_its_copies_are_one_independent_source(claim_factory):
    from claimtrack.compare import Evidence, _independent

    original = claim_factory(doc="o", site="Outlet A")
    copies = [claim_factory(doc=f"c{i}", site=f"Outlet {i}") for i in range(3)]
    own = claim_factory(doc="x", site="Outlet X")
    ev = Evidence(story_of={f"c{i}": "o" for i in range(3)})
    assert _independent([original, *copies], ev) == 1
    assert _independent([original, *copies, own], ev) == 2


def test_counted_lengths_differ_by_any_whole_number(claim_factory):
    """'a 184-page report' and 'a 187-page report' are two claims (1.6% apart, inside rounding for
    a percentage); '15%' and '15.2%' stay one."""
    pages = [claim_factory(doc="a", site="Site A", claimant=None, prop="auto-report-length", low=184, high=184,
                           unit="pages", qualifier="exact", text="184-page", quote="It is a 184-page report."),
             claim_factory(doc="b", site="Site B", claimant=None, prop="auto-report-length", low=187, high=187,
                           unit="pages", qualifier="exact", text="187-page", quote="一份 187 页的报告。", lang="zh")]
    flags = compute_flags(assign_clusters(pages))
    assert [f.kind for f in flags] == ["value_conflict"]
    rates = [claim_factory(doc="a", low=0.15, high=0.15, text="15%"),
             claim_factory(doc="b", site="Site B", low=0.152, high=0.152, text="15.2%")]
    assert compute_flags(assign_clusters(rates)) == []


def test_an_officer_and_the_organisation_are_no_attribution_conflict(claim_factory):
    """'The lab raised its tier' and 'its chief scientist said the lab raised its tier' credit one
    claim to the organisation and to the officer announcing it: no conflict. Two people credited
    with it still are a conflict."""
    from claimtrack.claimants import officers
    from claimtrack.compare import compute_flags

    lab = claim_factory(doc="a", claimant="anthropic", prop="auto-tier", text="ASL-3", low=3, high=3, unit="ASL",
                        quote="Anthropic 宣布 Claude Opus 4 采用 ASL-3 防护。", lang="zh").model_copy(
        update={"cluster_id": "m-lab"})
    kaplan = claim_factory(doc="b", site="Site B", claimant="jared-kaplan", prop="auto-tier", text="ASL-3", low=3,
                           high=3, unit="ASL", quote="Jared Kaplan said Claude Opus 4 ships under ASL-3.").model_copy(
        update={"cluster_id": "m-kaplan"})
    fish = claim_factory(doc="c", site="Site C", claimant="kyle-fish", prop="auto-tier", text="ASL-3", low=3, high=3,
                         unit="ASL", quote="Kyle Fish said Claude Opus 4 ships under ASL-3.").model_copy(
        update={"cluster_id": "m-fish"})
    roles = officers()
    assert "anthropic" in roles["jared-kaplan"] and "kyle-fish" not in roles
    pairs = [(lab.id, kaplan.id)]
    assert compute_flags([lab, kaplan], attribution_pairs=pairs, officers=roles) == []
    assert [f.kind for f in compute_flags([lab, kaplan], attribution_pairs=pairs)] == ["attribution_conflict"]
    flags = compute_flags([kaplan, fish], attribution_pairs=[(kaplan.id, fish.id)], officers=roles)
    assert [f.kind for f in flags] == ["attribution_conflict"]


def test_one_document_reporting_a_figure_changed_is_change_over_time(claim_factory):
    """'Back in May 2025 she put it at 80%; now she says 100%': the dated figure against the one
    said when the article was published."""
    a = claim_factory(doc="a", text="roughly 80%", low=0.8, high=0.8, stated_at="2025-05",
                      quote="Back in May 2025, Rhee put the share at roughly 80%.", published="2026-03-08")
    b = claim_factory(doc="a", text="100%", low=1.0, high=1.0, quote="Now Rhee says it is 100%.",
                      published="2026-03-08")
    flags = compute_flags(assign_clusters([a, b]))
    assert kinds(flags) == ["change_over_time"]
    assert "said 2025-05" in flags[0].summary


def test_one_document_giving_two_undated_figures_is_not_flagged(claim_factory):
    a = claim_factory(doc="a", text="约 80%", low=0.8, high=0.8, quote="她估计约 80%。", lang="zh", published="2026-03-08")
    b = claim_factory(doc="a", text="100%", low=1.0, high=1.0, quote="她又说是 100%。", lang="zh", published="2026-03-08")
    assert compute_flags(assign_clusters([a, b])) == []


def test_one_document_dating_both_figures_the_same_month_is_not_flagged(claim_factory):
    a = claim_factory(doc="a", text="约 80%", low=0.8, high=0.8, stated_at="2025-05", quote="2025 年 5 月，她估计约 80%。",
                      lang="zh")
    b = claim_factory(doc="a", text="100%", low=1.0, high=1.0, stated_at="2025-05", quote="同月她又说是 100%。",
                      lang="zh")
    assert compute_flags(assign_clusters([a, b])) == []


def test_one_chinese_document_reporting_a_change_is_change_over_time(claim_factory):
    a = claim_factory(doc="a", text="约一成", low=0.1, high=0.1, stated_at="2023-05", quote="2023 年 5 月，她估计约一成。",
                      lang="zh", published="2025-11-02")
    b = claim_factory(doc="a", text="约三成", low=0.3, high=0.3, quote="如今她认为约三成。", lang="zh",
                      published="2025-11-02")
    assert kinds(compute_flags(assign_clusters([a, b]))) == ["change_over_time"]
