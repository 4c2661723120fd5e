"""Claim matching (claimtrack.matching) with the real multilingual encoder, on claims written for
the project: the same claim across languages and outlets joins, look-alikes stay apart, the
analysts' decisions hold on every re-run, and a topic no lexicon lists still clusters and flags."""

from __future__ import annotations

import json

import pytest

from claimtrack.matching import (
    apply,
    claimant_relation,
    match,
    subject_relation,
)
from claimtrack.pipeline import ingest, refresh_flags
from claimtrack.schema import Claim, DocRef, Document, Entity, MatchDecision, Proposition, Value
from claimtrack.similarity import claim_window, embed_claims
from index.sqlite_store import SQLiteStore


def claim(cid: str, quote: str, value_text: str, low: float | None, high: float | None, *, doc: str,
          claimant: str | None = None, unit: str = "ratio", qualifier: str = "exact", title: str = "",
          published: str = "2025-06-01", key: str | None = None, lang: str = "en") -> Claim:
    return Claim(
        id=cid, doc=DocRef(id=doc, url=f"https://example.test/{doc}", title=title or None, site=doc,
                           published=published),
        lang=lang, quote=quote, span=(0, len(quote)),  # type: ignore[arg-type]
        claimant=Entity(name=claimant, id=claimant.lower().replace(" ", "-").replace("·", "-")) if claimant else None,
        subject=None, proposition=Proposition(key=key or f"auto-{cid}", label=quote[:30]),
        value=Value(text=value_text, low=low, high=high, unit=unit, qualifier=qualifier),  # type: ignore[arg-type]
    )


def clustered(claims, decisions=()):
    vecs = dict(zip([c.id for c in claims], embed_claims(claims), strict=True))
    result = match(claims, vecs, decisions)
    apply(claims, result)
    return result


# -- the relations, on their own -----------------------------------------------------------------

@pytest.mark.parametrize("a,b,want", [
    (None, "kyle-fish", "unknown"), ("kyle-fish", "kyle-fish", "same"),
    ("cherny", "boris-cherny", "same"),  # a bare surname the extractor did not resolve
    ("claude-models", "claude-opus-4", "same"),  # a model family and its member
    ("kyle-fish", "dario-amodei", "different"),
    ("安雅-莫泽", "anja-moser", "unknown"),  # an unknown name in two scripts: cannot tell
    ("托马斯-林德奎斯特", "tomas-lindqvist", "same"),  # ... unless their sounds tell (claimtrack.transliteration)
    ("克雷斯特莱恩研究所", "miriam-okafor", "different"),  # an institute is no person
    ("安雅-莫泽", "李明", "different"),
])
def test_claimant_relation(a, b, want):
    assert claimant_relation(a, b) == want


@pytest.mark.parametrize("a,b,want", [
    ("claude-models", "claude-opus-4", "related"), ("claude-opus-4", "claude-opus-4", "same"),
    (None, "claude-opus-4", "unknown"), ("claude-opus-4", "gpt-5", "different"),
])
def test_subject_relation(a, b, want):
    assert subject_relation(a, b) == want


def test_the_window_is_the_text_around_the_value():
    quote = "In a long interview that covered many other topics, she put the share of reviewed papers at 12%."
    w = claim_window(quote, "12%")
    assert w.endswith("12%.") and "interview" not in w
    zh = "在一次涵盖许多其他话题的长篇访谈中，她估计经过审稿的论文比例约为 12%，并补充了细节。"
    assert "12%" in claim_window(zh, "12%") and "访谈" not in claim_window(zh, "12%")


# -- matching --------------------------------------------------------------------------------------

def test_one_claim_in_two_languages_joins_and_a_lookalike_stays_apart():
    zh = claim("zh", "海洋研究员林晓估计，到 2040 年全球珊瑚礁将有 70% 出现白化。", "70%", 0.7, 0.7, doc="a",
               claimant="Lin Xiao", lang="zh")
    en = claim("en", "Ocean researcher Lin Xiao estimates that 70% of the world's coral reefs will bleach by 2040.",
               "70%", 0.7, 0.7, doc="b", claimant="Lin Xiao")
    other = claim("x", "The bakery said 70% of its customers now pay by phone.", "70%", 0.7, 0.7, doc="c")
    clustered([zh, en, other])
    assert zh.cluster_id == en.cluster_id
    assert other.cluster_id != zh.cluster_id


def test_different_explicit_claimants_never_share_a_cluster():
    a = claim("a", "Marine biologist Lin Xiao expects 70% of coral reefs to bleach by 2040.", "70%", 0.7, 0.7,
              doc="a", claimant="Lin Xiao")
    b = claim("b", "Marine biologist Tom Berg expects 70% of coral reefs to bleach by 2040.", "70%", 0.7, 0.7,
              doc="b", claimant="Tom Berg")
    result = clustered([a, b])
    assert a.cluster_id != b.cluster_id
    assert result.attribution_pairs == [("a", "b")]  # the same claim credited to two people


@pytest.mark.parametrize("lang,quote", [
    ("en", "She expects 70% of coral reefs to bleach by 2040."),
    ("zh", "她预计，到 2040 年约 70% 的珊瑚礁将白化。"),
])
def test_a_claimant_the_context_gave_stays_apart_from_anothers_named_claim(lang, quote):
    """A page whose title names Tom Berg says 'she expects 70% ...': Tom Berg's figure (the context's
    claimant) is not the one Lin Xiao's own sentence credits to her, whichever comes first; the same
    person from the context joins."""
    named = claim("a", "Marine biologist Lin Xiao expects 70% of coral reefs to bleach by 2040.", "70%", 0.7, 0.7,
                  doc="a", claimant="Lin Xiao", published="2025-01-01")
    for soft_name, together in (("Tom Berg", False), ("Lin Xiao", True)):
        for published in ("2024-12-01", "2025-02-01"):  # before and after the named one
            soft = claim("s", quote, "70%", 0.7, 0.7, doc="s", claimant=soft_name, lang=lang,
                         published=published).model_copy(update={"claimant_basis": "context"})
            result = clustered([named, soft])
            assert (result.cluster_of["a"] == result.cluster_of["s"]) is together, (soft_name, published)


def test_one_person_spelled_two_ways_is_one_claimant():
    a = claim("a", "Hydrologist Katharina Lenz expects 40% of alpine lakes to shrink by 2050.", "40%", 0.4, 0.4,
              doc="a", claimant="Katharina Lenz")
    b = claim("b", "Hydrologist Katherina Lenz expects 40% of alpine lakes to shrink by 2050.", "40%", 0.4, 0.4,
              doc="b", claimant="Katherina Lenz")
    c = claim("c", "Hydrologist Tobias Lenz expects 40% of alpine lakes to shrink by 2050.", "40%", 0.4, 0.4,
              doc="c", claimant="Tobias Lenz")
    clustered([a, b, c])
    assert a.cluster_id == b.cluster_id != c.cluster_id


def test_an_unattributed_copy_takes_the_claimant_of_the_others_marked_as_inferred():
    named = [claim(f"n{i}", f"Ocean researcher Lin Xiao warns that 70% of coral reefs could bleach by 2040{s}",
                   "70%", 0.7, 0.7, doc=f"d{i}", claimant="Lin Xiao") for i, s in enumerate(".!")]
    bare = claim("bare", "70% of coral reefs could bleach by 2040, a researcher warns.", "70%", 0.7, 0.7, doc="d9")
    clustered([*named, bare])
    assert bare.cluster_id == named[0].cluster_id
    assert bare.claimant is not None and bare.claimant.id == "lin-xiao"
    assert bare.claimant_basis == "cluster" and bare.attribution == "attributed from 2 other outlets"
    assert named[0].claimant_basis is None  # its own document named it


def test_two_values_in_one_sentence_are_two_claims():
    s = "星海公司表示，今年营收增长 12%，利润率则达到 20%。"
    a = claim("a", s, "12%", 0.12, 0.12, doc="a", lang="zh")
    b = claim("b", s, "20%", 0.2, 0.2, doc="a", lang="zh")
    clustered([a, b])
    assert a.cluster_id != b.cluster_id


def test_a_cluster_refuses_a_claim_exactly_when_cannot_link_refuses_a_member():
    """matching._Cluster.refuses checks cannot_link's rules against the cluster's kept sets; the
    two must give one answer on every pair (claimants, years, lexicon keys, one sentence)."""
    from claimtrack.matching import _Cluster, cannot_link, profile

    same_span = "Lumen Labs said revenue rose 12% while margins reached 20%."
    cs = [claim("a", "Ana Ruiz said about 40% of the fleet was idle in 2023.", "about 40%", 0.4, 0.4, doc="a",
                claimant="Ana Ruiz"),
          claim("b", "Ben Ode said about 40% of the fleet was idle in 2023.", "about 40%", 0.4, 0.4, doc="b",
                claimant="Ben Ode"),
          claim("c", "About 40% of the fleet was idle in 2025, the audit found.", "About 40%", 0.4, 0.4, doc="c"),
          claim("d", "Roughly 45% of the fleet sat idle.", "Roughly 45%", 0.45, 0.45, doc="d", key="fleet-idle"),
          claim("e", "Roughly 45% of the fleet sat idle.", "Roughly 45%", 0.45, 0.45, doc="e", key="fleet-use"),
          claim("f", same_span, "12%", 0.12, 0.12, doc="f"),
          claim("g", same_span, "20%", 0.2, 0.2, doc="f"),
          claim("h", "审计发现，约 40% 的车队在 2023 年闲置。", "约 40%", 0.4, 0.4, doc="h", lang="zh",
                claimant="Ana Ruiz"),
          claim("i", "About 40% of the fleet was idle in 2023.", "About 40%", 0.4, 0.4, doc="i",
                claimant="Ben Ode").model_copy(update={"claimant_basis": "context"})]
    vecs = dict(zip([c.id for c in cs], embed_claims(cs), strict=True))
    ps = [profile(c, vecs[c.id]) for c in cs]
    refused = 0
    for i, p in enumerate(ps):
        for j, m in enumerate(ps):
            if i == j:
                continue
            one = _Cluster()
            one.add(m, j)
            assert one.refuses(p, {}) == cannot_link(p, m), (p.claim.id, m.claim.id)
            refused += cannot_link(p, m)
    assert 0 < refused < len(ps) * (len(ps) - 1)  # both answers occur


def test_the_years_a_figure_refers_to_split_claims():
    a = claim("a", "Cloud providers spent about $200 billion on data centres in 2024.", "about $200 billion",
              2e11, 2e11, unit="USD", doc="a")
    b = claim("b", "Cloud providers will spend about $300 billion on data centres in 2026.", "about $300 billion",
              3e11, 3e11, unit="USD", doc="b")
    clustered([a, b])
    assert a.cluster_id != b.cluster_id


@pytest.mark.parametrize("lang,texts", [
    ("en", ("Hyperscalers spent roughly $200 billion on AI data centres in 2024.",
            "Hyperscalers will spend roughly $300 billion on AI data centres in 2025.")),
    ("zh", ("云计算巨头在 AI 数据中心上的资本支出 2024 年约为 2000 亿美元。",
            "云计算巨头在 AI 数据中心上的资本支出 2025 年约为 3000 亿美元。")),
])
def test_the_year_next_to_a_figure_splits_claims_even_when_it_is_also_their_date(lang, texts):
    """The extractor dates a claim by the year its clause names (stated_at): that year is still
    the year the figure refers to, and two figures for two years are two claims."""
    values = ("roughly $200 billion", "roughly $300 billion") if lang == "en" else ("约为 2000 亿美元", "约为 3000 亿美元")
    a, b = (claim(k, t, vt, v, v, unit="USD", doc=k, lang=lang, published="2025-06-01").model_copy(
        update={"stated_at": y})
        for k, t, vt, v, y in zip("ab", texts, values, (2e11, 3e11), ("2024", "2025"), strict=True))
    clustered([a, b])
    assert a.cluster_id != b.cluster_id


def test_the_year_it_was_said_in_does_not_split_it_from_an_undated_copy():
    a = claim("a", "Ocean researcher Lin Xiao expects 70% of coral reefs to bleach, she said in 2024.", "70%", 0.7,
              0.7, doc="a", claimant="Lin Xiao", published="2024-03-01")
    b = claim("b", "Ocean researcher Lin Xiao now expects 80% of coral reefs to bleach.", "80%", 0.8, 0.8,
              doc="b", claimant="Lin Xiao", published="2024-09-01")
    clustered([a, b])
    assert a.cluster_id == b.cluster_id


def test_decisions_join_and_split_whatever_the_score():
    a = claim("a", "Ocean researcher Lin Xiao expects 70% of coral reefs to bleach by 2040.", "70%", 0.7, 0.7,
              doc="a", claimant="Lin Xiao")
    b = claim("b", "70% of coral reefs could bleach by 2040, say scientists.", "70%", 0.7, 0.7, doc="b")
    c = claim("c", "The bakery said 70% of its customers now pay by phone.", "70%", 0.7, 0.7, doc="c")
    clustered([a, b, c], [MatchDecision(a="a", b="b", decision="different", by="mei"),
                          MatchDecision(a="a", b="c", decision="same", by="mei")])
    assert a.cluster_id != b.cluster_id and a.cluster_id == c.cluster_id


# -- through the store -----------------------------------------------------------------------------

ARTICLES = [  # a topic no lexicon lists: the share of a glacier's ice lost, one zh, one en
    ("https://ice.test/zh/1", "zh", "冰川学家：阿莱奇冰川已消失三成冰量", "2025-03-01",
     "瑞士冰川学家安雅·莫泽表示，自 1980 年以来，阿莱奇冰川已经失去了约 30% 的冰量。她说，融化速度仍在加快。"),
    ("https://ice.test/en/1", "en", "Aletsch glacier has lost a fifth of its ice, glaciologist says", "2025-04-02",
     "Swiss glaciologist Anja Moser said the Aletsch glacier has lost about 20% of its ice since 1980. "
     "She added that the melting is still speeding up."),
]


@pytest.fixture(scope="module")
def extractor():
    from claimtrack.settings import Settings
    from nlp import Extractor

    return Extractor(Settings()).load()


@pytest.fixture(scope="module")
def glacier_store(tmp_path_factory, extractor):
    store = SQLiteStore(tmp_path_factory.mktemp("ice") / "ice.db")
    docs = [Document.create(url, text, lang=lang, title=title, published=pub, site=url.split("/")[2])
            for url, lang, title, pub, text in ARTICLES]
    ingest(docs, store, extractor)
    refresh_flags(store)
    return store


def test_a_topic_with_no_lexicon_entry_gets_one_cluster_and_one_flag(glacier_store):
    claims = [c for c in glacier_store.iter_claims() if c.value.unit == "ratio"]
    assert {c.lang for c in claims} == {"zh", "en"}
    assert all(c.proposition.key.startswith("auto-") for c in claims)
    assert len({c.cluster_id for c in claims}) == 1
    flags = glacier_store.list_flags()
    assert len(flags) == 1 and flags[0].kind == "value_conflict"
    assert set(flags[0].claims) == {c.id for c in claims}


FORECASTS = [  # a forecast year, no lexicon entry: when fusion power reaches the grid, one zh, one en
    ("https://grid.test/zh/1", "zh", "能源学家：核聚变发电将在2040年并网", "2025-06-01",
     "能源学家马库斯·维兰德预测，核聚变发电将在2040年首次并网。他说，成本仍是最大的障碍。"),
    ("https://grid.test/en/1", "en", "Fusion on the grid by 2045, energy scientist says", "2025-07-10",
     "Energy scientist Markus Wieland expects the first fusion power plant to feed the grid by 2045. "
     "He said cost remains the biggest obstacle."),
]


def test_two_forecast_years_of_one_forecaster_are_one_cluster_and_one_flag(tmp_path, extractor):
    store = SQLiteStore(tmp_path / "grid.db")
    ingest([Document.create(url, text, lang=lang, title=title, published=pub, site=url.split("/")[2])
            for url, lang, title, pub, text in FORECASTS], store, extractor)
    refresh_flags(store)
    years = [c for c in store.iter_claims() if c.value.unit == "year"]
    assert sorted((c.lang, c.value.low) for c in years) == [("en", 2045.0), ("zh", 2040.0)]
    assert len({c.cluster_id for c in years}) == 1
    [flag] = store.list_flags()
    assert flag.kind == "value_conflict" and set(flag.claims) == {c.id for c in years}


def test_a_decision_survives_a_rerun(glacier_store):
    claims = [c for c in glacier_store.iter_claims() if c.value.unit == "ratio"]
    zh, en = sorted(claims, key=lambda c: c.lang, reverse=True)
    glacier_store.add_match_decision(MatchDecision(a=zh.id, b=en.id, decision="different", by="mei"))
    refresh_flags(glacier_store)
    refresh_flags(glacier_store)  # and again: nothing drifts back
    after = {c.id: c.cluster_id for c in glacier_store.iter_claims()}
    assert after[zh.id] != after[en.id]
    assert glacier_store.list_flags() == []
    assert glacier_store.list_match_decisions()[0].by == "mei"


def test_the_cli_records_a_decision_and_lists_suggestions(tmp_path, extractor):
    from typer.testing import CliRunner

    from claimtrack.cli import app

    path = tmp_path / "cli.db"
    store = SQLiteStore(path)
    ingest([Document.create(url, text, lang=lang, title=title, published=pub, site=url.split("/")[2])
            for url, lang, title, pub, text in ARTICLES], store, extractor)
    refresh_flags(store)
    zh, en = sorted((c for c in store.iter_claims() if c.value.unit == "ratio"), key=lambda c: c.lang, reverse=True)
    assert len(store.list_flags()) == 1
    runner = CliRunner()
    listed = runner.invoke(app, ["matches", "--format", "jsonl", "--db", str(path)])
    assert listed.exit_code == 0, listed.output
    assert all(set(json.loads(line)) == {"a", "b", "score"} for line in listed.stdout.splitlines() if line.strip())
    done = runner.invoke(app, ["match", zh.id, en.id, "--different", "--by", "mei", "--note", "two glaciers",
                               "--db", str(path)])
    assert done.exit_code == 0, done.output
    after = SQLiteStore(path)
    assert after.list_flags() == []
    assert [d.decision for d in after.list_match_decisions()] == ["different"]
    bad = runner.invoke(app, ["match", zh.id, "no-such-claim", "--same", "--by", "mei", "--db", str(path)])
    assert bad.exit_code != 0


def test_a_flag_holds_only_claims_that_all_match_each_other():
    """The flag of a cluster is a clique: a claim by the same person about something else (mangroves,
    not reefs) matches one side of the disagreement well and the other badly, and stays out."""
    from claimtrack.matching import _Cluster, _firm_members, profile

    cs = [claim("a", "Ocean researcher Lin Xiao estimates that 70% of the world's coral reefs will bleach by 2040.",
                "70%", 0.7, 0.7, doc="a", claimant="Lin Xiao"),
          claim("b", "海洋研究员林晓估计，到 2040 年全球珊瑚礁将有 60% 出现白化。", "60%", 0.6, 0.6, doc="b", lang="zh"),
          claim("c", "Lin Xiao also said that 60% of the mangrove forests in the region could be lost.", "60%", 0.6, 0.6,
                doc="c", claimant="Lin Xiao"),
          claim("d", "Reef scientists put the share of coral reefs that will bleach by 2040 at 60%.", "60%", 0.6, 0.6,
                doc="d")]
    vecs = dict(zip([c.id for c in cs], embed_claims(cs), strict=True))
    cl = _Cluster(members=[profile(c, vecs[c.id]) for c in cs])
    assert _firm_members(cl) == {"a", "b", "d"}
    # two claims with one value never make a flag by themselves
    same = _Cluster(members=[profile(c, vecs[c.id]) for c in cs[1:3]])
    assert _firm_members(same) == set()


def test_the_window_around_a_figure_stops_at_another_figure():
    from claimtrack.similarity import claim_window

    en = "In his best case the economy grows at 10% a year and 20% of people have no job."
    assert "10%" in claim_window(en, "10%") and "20%" not in claim_window(en, "10%")
    assert "20%" in claim_window(en, "20%") and "10%" not in claim_window(en, "20%")
    zh = "在他设想的最好情况下，经济以10%的速度增长，但20%的人没有工作。"
    assert "20%" not in claim_window(zh, "10%") and "10%" not in claim_window(zh, "20%")
    alone = "Kyle Fish puts the odds that current models are conscious at about 15% for now."
    assert claim_window(alone, "about 15%") == alone[alone.index("about 15%") - 40:].strip()


def test_the_window_stops_before_a_figure_it_would_cut_in_half():
    from claimtrack.similarity import claim_window

    q = "Cancer cured and the economy grows at 10% a year, the budget balanced, and 20% of people idle."
    w = claim_window(q, "10%")
    assert "20" not in w and "10%" in w


def test_the_window_stops_at_the_clause_break_before_another_figure():
    """What the other figure measures sits in its own clause: 'core' is not the 2.6%'s."""
    from claimtrack.similarity import claim_window

    zh = "这位分析师预计，明年城市失业率平均为4.2%，青年失业率则平均为9.8%。"
    assert "青年" not in claim_window(zh, "4.2%") and "城市失业率" in claim_window(zh, "4.2%")
    assert "青年失业率" in claim_window(zh, "9.8%") and "城市" not in claim_window(zh, "9.8%")
    en = "Overall joblessness will average 4.2% next year, while youth joblessness stays at 9.8% for now."
    assert "youth" not in claim_window(en, "4.2%") and "Overall joblessness" in claim_window(en, "4.2%")
    assert "youth joblessness" in claim_window(en, "9.8%") and "Overall" not in claim_window(en, "9.8%")


# -- one claim a flag: claimants and subjects ----------------------------------------------------

@pytest.mark.parametrize("a,b,want", [
    ("claude-models", "claude-code", "different"),  # a product named after the family is no member
    ("lumen-models", "lumen-5", "related"), ("lumen-models", "lumen-studio", "different"),
])
def test_a_family_member_is_a_versioned_model(a, b, want):
    assert subject_relation(a, b) == want


def _about(c: Claim, subject: str, basis: str | None = None) -> Claim:
    return c.model_copy(update={"subject": Entity(name=subject, id=subject), "claimant_basis": basis})


def test_a_scope_flag_sets_one_claimants_figures_side_by_side():
    """A family's tier against a member's is a scope flag when one claimant (or nobody) says both;
    a critic's figure for the member against the maker's for the family is two people's claims."""
    fam = _about(claim("fam", "Orchid Labs says every Lumen model is rated at safety tier 2.", "tier 2", 2, 2,
                       doc="a", claimant="Orchid Labs", unit="tier"), "lumen-models")
    mem = _about(claim("mem", "Orchid Labs 表示，Lumen 5 模型的安全等级为 3 级。", "3 级", 3, 3, doc="b",
                       claimant="Orchid Labs", unit="tier", lang="zh"), "lumen-5")
    critic = _about(claim("critic", "Critic Ana Ruiz says the Lumen 5 model is rated at safety tier 3.", "tier 3",
                          3, 3, doc="c", claimant="Ana Ruiz", unit="tier"), "lumen-5")
    assert clustered([fam, mem]).scope_pairs == [("fam", "mem")]
    assert clustered([fam, critic]).scope_pairs == []


def test_a_flag_keeps_out_a_claimant_the_context_gave_and_a_related_subject():
    """A cluster may hold a claim whose page title names another person (a soft claimant) or one
    said of the whole family; the flag of one claim holds neither."""
    from claimtrack.matching import _Cluster, _firm_members, profile

    base = [claim("a", "Ocean researcher Lin Xiao estimates that 70% of the world's coral reefs will bleach by 2040.",
                  "70%", 0.7, 0.7, doc="a", claimant="Lin Xiao"),
            claim("b", "海洋研究员林晓估计，到 2040 年全球珊瑚礁将有 60% 出现白化。", "60%", 0.6, 0.6, doc="b", lang="zh")]
    soft = claim("s", "She estimates that 60% of the world's coral reefs will bleach by 2040.", "60%", 0.6, 0.6,
                 doc="s", claimant="Mara Holt").model_copy(update={"claimant_basis": "context"})
    cs = [*base, soft]
    vecs = dict(zip([c.id for c in cs], embed_claims(cs), strict=True))
    cl = _Cluster(members=[profile(c, vecs[c.id]) for c in cs])
    assert _firm_members(cl) == {"a", "b"}
    same_soft = soft.model_copy(update={"claimant": Entity(name="Lin Xiao", id="lin-xiao")})
    cl = _Cluster(members=[profile(c, vecs[c.id]) for c in (*base, same_soft)])
    assert _firm_members(cl) == {"a", "b", "s"}
    fam = [_about(base[0], "reef-models"), _about(base[1], "reef-2")]
    cl = _Cluster(members=[profile(c, vecs[c.id]) for c in fam])
    assert _firm_members(cl) == set()


def test_one_unknown_person_in_two_scripts_is_one_claimant_and_an_institute_another():
    """People the entities file does not know: 'Tomas Lindqvist' and '托马斯·林德奎斯特' are one
    claimant (their sounds), so his figure in two languages is one claim; an institute's figure in
    Chinese is someone else's, however alike its words."""
    en = claim("en", "Tomas Lindqvist, chief scientist at Northwind Labs, puts the risk of an AI catastrophe "
               "below 0.01%.", "below 0.01%", None, 0.0001, doc="a", claimant="Tomas Lindqvist", qualifier="less_than")
    zh = claim("zh", "北风实验室首席科学家托马斯·林德奎斯特认为，人工智能引发灾难的风险不到0.01%。", "不到0.01%", None, 0.0001,
               doc="b", claimant="托马斯·林德奎斯特", qualifier="less_than", lang="zh")
    inst = claim("inst", "克雷斯特莱恩研究所的调查认为，人工智能引发灾难的风险不到0.01%。", "不到0.01%", None, 0.0001,
                 doc="c", claimant="克雷斯特莱恩研究所", qualifier="less_than", lang="zh")
    result = clustered([en, zh, inst])
    assert result.cluster_of["en"] == result.cluster_of["zh"]
    assert result.cluster_of["inst"] != result.cluster_of["en"]


def test_one_documents_claimant_is_no_evidence_between_its_own_figures():
    """Two figures of one document share its claimant whatever they measure: the claimant counts
    between them only when they give one value (a figure restated), and always across documents."""
    from claimtrack.matching import W_SAME_CLAIMANT, profile, structure

    dam = claim("a", "Hydrologist Ingrid Solberg puts the chance that the dam fails this decade at 15%.", "15%",
                0.15, 0.15, doc="d1", claimant="Ingrid Solberg")
    harbour = claim("b", "Solberg gave a 20% chance that the harbour floods before the end of the decade.", "20%",
                    0.2, 0.2, doc="d1", claimant="Ingrid Solberg")
    restated = claim("c", "Solberg's 15% for a dam failure is the highest estimate yet.", "15%",
                     0.15, 0.15, doc="d1", claimant="Ingrid Solberg")
    elsewhere = claim("d", "Ingrid Solberg says the harbour has a 20% chance of flooding.", "20%",
                      0.2, 0.2, doc="d2", claimant="Ingrid Solberg")
    vecs = embed_claims([dam, harbour, restated, elsewhere])
    p = [profile(c, v) for c, v in zip([dam, harbour, restated, elsewhere], vecs, strict=True)]
    without = structure(p[0], p[1])
    assert structure(p[0], p[2]) >= W_SAME_CLAIMANT  # one value restated in one document
    assert structure(p[1], p[3]) >= W_SAME_CLAIMANT  # one claimant in two documents
    assert without < W_SAME_CLAIMANT
    result = clustered([dam, harbour])
    assert result.cluster_of["a"] != result.cluster_of["b"]


def _unit(*xs: float):
    import numpy as np

    v = np.zeros(512, dtype=np.float32)
    v[:len(xs)] = xs
    return v / np.linalg.norm(v)


def _three(lang_a: str, quote_a: str, soft: str | None = None):
    """A (earliest) matches B under JOIN; D, later, matches B best and A well, so D joins B and A
    arrives too early for the cluster it belongs in. Words in the quotes are disjoint on purpose
    (no term overlap) and nobody is named: the vectors decide."""
    import numpy as np

    a = claim("a", quote_a, "70%", 0.7, 0.7, doc="a", lang=lang_a, published="2025-01-01")
    b = claim("b", "Seventy percent of alpine ice melts, says one forecast.", "Seventy percent", 0.7, 0.7,
              doc="b", published="2025-02-01")
    d = claim("d", "Glaciers lose 70% before 2100 per modelling.", "70%", 0.7, 0.7, doc="d", published="2025-03-01")
    if soft:
        a.claimant, a.claimant_basis = Entity(name=soft, id=soft.lower().replace(" ", "-")), "context"
        b.claimant = d.claimant = Entity(name="Mira Holt", id="mira-holt")
    vb = _unit(1, 0, 0)
    vd = _unit(0.8, 0.6, 0)  # cos(b, d) = 0.8
    # cos(a, b) = 0.45 and cos(a, d) = 0.72: alone with b, a stays under JOIN; with b and d, over it
    x = 0.45
    y = (0.72 - 0.8 * x) / 0.6
    va = _unit(x, y, float(np.sqrt(max(0.0, 1 - x * x - y * y))))
    return [a, b, d], {"a": va, "b": vb, "d": vd}


@pytest.mark.parametrize("lang,quote", [
    ("en", "By the century's end, 70% of the ice is gone."),
    ("zh", "到本世纪末，约 70% 的冰将消失。"),
])
def test_a_claim_that_arrived_before_its_cluster_gets_a_second_chance(lang, quote):
    cs, vecs = _three(lang, quote)
    r = match(cs, vecs)
    assert r.cluster_of["a"] == r.cluster_of["b"] == r.cluster_of["d"]


def test_a_second_chance_asks_for_the_whole_clusters_average():
    """Against a cluster of many members where a matches three well and the rest badly, the
    first pass's mean of the K best would let a in; the second chance asks more, and a stays alone."""
    import numpy as np

    cs, vecs = _three("en", "By the century's end, 70% of the ice is gone.")
    rng = np.random.default_rng(7)
    for i in range(8):  # more members of b's cluster, close to b and d, far from a
        cid = f"m{i}"
        cs.append(claim(cid, f"Forecast {i}: alpine glaciers shed seventy percent.", "seventy percent", 0.7, 0.7,
                        doc=cid, published="2025-04-01"))
        v = _unit(0.9, 0.3, -0.3 + 0.02 * rng.standard_normal())
        vecs[cid] = v
    r = match(cs, vecs)
    assert r.cluster_of["b"] == r.cluster_of["d"] == r.cluster_of["m0"]
    assert r.cluster_of["a"] != r.cluster_of["b"]


def test_a_second_chance_keeps_out_a_claimant_the_context_gave_that_differs():
    cs, vecs = _three("en", "By the century's end, 70% of the ice is gone.", soft="Omar Reyes")
    r = match(cs, vecs)
    assert r.cluster_of["b"] == r.cluster_of["d"] != r.cluster_of["a"]
    cs, vecs = _three("zh", "到本世纪末，约 70% 的冰将消失。", soft="Mira Holt")  # the same person: it joins
    r = match(cs, vecs)
    assert r.cluster_of["a"] == r.cluster_of["b"]


@pytest.mark.parametrize("a,b,want", [
    (1.5e9, 1.5e8, True),  # '1.5 billion' against '1.5亿' (150 million): a scale word lost
    (3.4e9, 3.4e8, True),
    (1.3e6, 3.1e6, True),  # two digits swapped
    (0.26, 0.62, True),
    (0.2, 0.02, False),  # one digit: too common to tell (2% against 20%)
    (0.15, 0.2, False),
    (1.3e6, 1.4e6, False),
    (125.0, 0.521, True),
    (0.125, 0.25, False),
])
def test_same_digits(a, b, want):
    from claimtrack.matching import _same_digits

    assert _same_digits(min(a, b), max(a, b)) is want


@pytest.mark.parametrize("quote_b,text_b,low_b,cos", [
    ("Regional lenders reckon 3.1 million back-office jobs will be automated by 2030.", "3.1 million", 3.1e6, 0.4),
    ("地区银行估计，到2030年将有13亿个后台岗位被自动化。", "13亿", 1.3e9, 0.65),  # no terms shared across scripts
])
def test_a_figure_that_mutated_in_copying_stays_in_its_claims_cluster(quote_b, text_b, low_b, cos):
    """1.3 million copied as 3.1 million, or as 13亿: the gap costs nothing when the digits are
    the same digits swapped or at another scale; 1.3 million against 4.2 million still does."""
    a = claim("a", "Regional lenders reckon 1.3 million back-office jobs will be automated by 2030.", "1.3 million",
              1.3e6, 1.3e6, doc="a", unit="count", published="2025-01-01")
    b = claim("b", quote_b, text_b, low_b, low_b, doc="b", unit="count", published="2025-02-01",
              lang="zh" if "银行" in quote_b else "en")
    c = claim("c", "Regional lenders reckon 4.2 million back-office jobs will be automated by 2030.", "4.2 million",
              4.2e6, 4.2e6, doc="c", unit="count", published="2025-03-01")
    va, vb = _unit(1, 0), _unit(cos, (1 - cos * cos) ** 0.5)  # under JOIN by itself, at it with the terms
    vc = _unit(0.5, -0.866)
    r = match([a, b, c], {"a": va, "b": vb, "c": vc})
    assert r.cluster_of["a"] == r.cluster_of["b"]
    assert r.cluster_of["c"] != r.cluster_of["a"]
