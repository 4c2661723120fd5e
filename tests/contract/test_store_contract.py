"""One contract for every `Store` backend (see conftest: SQLite always, Elasticsearch when named).

Fixture text is written for these tests (fictional outlets, paraphrased numbers).
"""

from __future__ import annotations

import pytest

from claimtrack.errors import StoreError
from claimtrack.schema import (
    Claim,
    MatchDecision,
    Review,
    SuggestedMatch,
)
from index.base import DocState
from index.sqlite_store import SQLiteStore
from index.transfer import copy_store, snapshot
from tests.support.store_corpus import (
    ZH_TEXT,
    fish_flag,
    ingest,
    make_claim,
    make_doc,
    other_flag,
)


def test_documents_new_unchanged_changed_keeps_versions(store):
    doc = make_doc("https://xinghe.example/ai/2.html", "第一版：概率约为百分之十。", "zh")
    assert store.put_document(doc) == DocState.NEW
    assert store.put_document(doc) == DocState.UNCHANGED
    assert store.get_document(doc.id) == doc
    assert store.list_document_versions(doc.id) == []

    edited = doc.model_copy(update={"text": "第二版：概率约为百分之二十。"})
    assert store.put_document(edited) == DocState.CHANGED
    assert store.get_document(doc.id).text == edited.text
    assert [v.text for v in store.list_document_versions(doc.id)] == [doc.text]
    assert store.put_document(edited) == DocState.UNCHANGED

    third = doc.model_copy(update={"text": "第三版。"})
    assert store.put_document(third) == DocState.CHANGED
    assert [v.text for v in store.list_document_versions(doc.id)] == [doc.text, edited.text]
    assert store.stats()["documents"] == 1


def test_get_and_iter_documents(store, corpus):
    assert store.get_document("nope") is None
    for doc in corpus["docs"]:
        store.put_document(doc)
    assert {d.id for d in store.iter_documents()} == {d.id for d in corpus["docs"]}


# -- claims ----------------------------------------------------------------------------------

def test_claims_round_trip_and_filters(store, corpus):
    ingest(store, corpus)
    zh, en, en2 = corpus["docs"]
    all_claims = [c for cs in corpus["claims"].values() for c in cs]
    assert sorted(c.id for c in store.iter_claims()) == sorted(c.id for c in all_claims)
    wanted = [all_claims[2].id, "missing", all_claims[0].id]
    assert store.get_claims(wanted) == [all_claims[2], all_claims[0]]

    assert {c.id for c in store.list_claims(cluster_id="cl-fish")} == {
        corpus["claims"][zh.id][0].id, corpus["claims"][en.id][0].id}
    assert [c.claimant.id for c in store.list_claims(claimant_id="david_chalmers")] == ["david_chalmers"]
    assert [c.lang for c in store.list_claims(lang="zh")] == ["zh"]
    assert len(store.list_claims(lang="en")) == 3
    assert [c.id for c in store.list_claims(doc_id=en2.id)] == [corpus["claims"][en2.id][0].id]
    assert len(store.list_claims(proposition_key="p_conscious")) == 2
    page1 = store.list_claims(limit=2)
    page2 = store.list_claims(limit=2, offset=2)
    assert len(page1) == 2 and len(page2) == 2
    assert {c.id for c in page1 + page2} == {c.id for c in all_claims}
    assert store.list_claims(cluster_id="cl-fish", lang="en", claimant_id="kyle_fish")[0].value.low == 15


def test_replace_claims_removes_old_ones_from_listing_and_search(store, corpus):
    ingest(store, corpus)
    en = corpus["docs"][1]
    keep = corpus["claims"][en.id][1]
    store.replace_claims(en.id, [keep])
    assert [c.id for c in store.list_claims(doc_id=en.id)] == [keep.id]
    assert store.search("Kyle Fish", lang="en") == []
    assert [c.id for c in store.search("Chalmers")] == [keep.id]
    store.replace_claims(en.id, [])
    assert store.search("Chalmers") == []
    assert store.stats()["claims"] == 2


def test_changed_claim_is_updated_in_place(store, corpus):
    ingest(store, corpus)
    en = corpus["docs"][1]
    first = corpus["claims"][en.id][0]
    moved = first.model_copy(update={"cluster_id": "cl-other"})
    store.replace_claims(en.id, [moved, corpus["claims"][en.id][1]])
    assert store.get_claims([first.id])[0].cluster_id == "cl-other"
    assert [c.id for c in store.list_claims(cluster_id="cl-other")] == [first.id]
    assert [c.id for c in store.search("Kyle Fish", lang="en")] == [first.id]


def test_claim_of_another_document_is_refused(store, corpus):
    zh, en, _ = corpus["docs"]
    with pytest.raises(StoreError):
        store.replace_claims(en.id, corpus["claims"][zh.id])


def test_bulk_replace_claims_matches_replace_claims(store, corpus):
    written = store.bulk_replace_claims(list(corpus["claims"].items()), batch_size=2)
    assert written == 4
    assert store.stats()["claims"] == 4
    assert store.bulk_replace_claims(list(corpus["claims"].items())) == 0
    assert [c.id for c in store.search("意识")] == [corpus["claims"][corpus["docs"][0].id][0].id]


# -- search ----------------------------------------------------------------------------------

def test_search_chinese_and_english(store, corpus):
    ingest(store, corpus)
    zh, en, en2 = corpus["docs"]
    zh_id = corpus["claims"][zh.id][0].id
    fish_en, chalmers = (c.id for c in corpus["claims"][en.id])
    asl = corpus["claims"][en2.id][0].id

    assert [c.id for c in store.search("意识")] == [zh_id]
    assert [c.id for c in store.search("意识体验")] == [zh_id]
    assert [c.id for c in store.search("意识 概率")] == [zh_id]
    assert [c.id for c in store.search("百分之二十")] == [zh_id]
    assert [c.id for c in store.search("二十")] == [zh_id]  # a word inside a longer one
    # English words are stemmed alike: "consciousness" meets "conscious" (quote and labels)
    assert {c.id for c in store.search("consciousness")} == {zh_id, fish_en, chalmers}
    # case-folded; the Chinese claim matches by its (English) proposition label
    assert {c.id for c in store.search("CONSCIOUS experiences")} == {zh_id, fish_en}
    assert {c.id for c in store.search("Kyle Fish")} == {zh_id, fish_en}  # claimant id is indexed
    assert {c.id for c in store.search("Chalmers decade")} == {chalmers}
    assert {c.id for c in store.search("ASL-3 Opus")} == {asl}
    assert {c.id for c in store.search("AI safety level")} == {asl}  # proposition label
    assert store.search("Chalmers 意识") == []  # all words are required
    assert store.search("zebra") == []


def test_search_folds_stems_and_scripts(store, corpus):
    ingest(store, corpus)
    zh, en, en2 = corpus["docs"]
    zh_id = corpus["claims"][zh.id][0].id
    fish_en, chalmers = (c.id for c in corpus["claims"][en.id])
    trad = make_doc("https://taipei.example/ai/2.html", "研究員認為，模型擁有意識的機率約為百分之十五。", "zh")
    trad_claim = make_claim(trad, "模型擁有意識的機率約為百分之十五", lang="zh", value="約為百分之十五", low=15, high=15)
    store.put_document(trad)
    store.replace_claims(trad.id, [trad_claim])
    # Traditional and Simplified find each other, both ways
    assert {c.id for c in store.search("意識")} == {zh_id, trad_claim.id}
    assert {c.id for c in store.search("意识")} == {zh_id, trad_claim.id}
    assert [c.id for c in store.search("机率")] == [trad_claim.id]
    # inflections of one English word
    assert {c.id for c in store.search("decades")} == {chalmers}
    assert {c.id for c in store.search("experiences")} == {zh_id, fish_en, trad_claim.id}


def test_search_phrases_or_and_not(store, corpus):
    ingest(store, corpus)
    zh, en, en2 = corpus["docs"]
    zh_id = corpus["claims"][zh.id][0].id
    fish_en, chalmers = (c.id for c in corpus["claims"][en.id])
    asl = corpus["claims"][en2.id][0].id
    # a phrase: these words in this order (quote, a name or the label)
    assert {c.id for c in store.search('"conscious experience"')} == {zh_id, fish_en}
    assert store.search('"experience conscious"') == []
    assert [c.id for c in store.search('"within a decade"')] == [chalmers]
    assert store.search('"a decade within"') == []
    assert [c.id for c in store.search('"意识体验"')] == [zh_id]
    assert store.search('"体验意识"') == []
    # OR joins the words either side of it; the other words stay required
    assert {c.id for c in store.search("chalmers OR opus")} == {chalmers, asl}
    assert {c.id for c in store.search("percent chalmers OR opus")} == set()
    assert {c.id for c in store.search("kyle 15 OR 二十")} == {zh_id, fish_en}
    # NOT, or a leading minus, leaves claims out
    assert {c.id for c in store.search("kyle NOT 意识")} == {fish_en}
    assert {c.id for c in store.search("kyle -意识")} == {fish_en}
    assert {c.id for c in store.search('conscious NOT "within a decade"')} == {zh_id, fish_en}
    assert store.search("NOT kyle") == [] and store.search("-kyle") == []  # nothing required
    assert {c.id for c in store.search("fish-kyle")} == {zh_id, fish_en}  # a hyphen inside a word is no NOT


def test_search_lang_filter_and_limit(store, corpus):
    ingest(store, corpus)
    zh_id = corpus["claims"][corpus["docs"][0].id][0].id
    fish_en = corpus["claims"][corpus["docs"][1].id][0].id
    assert [c.id for c in store.search("kyle", lang="zh")] == [zh_id]
    assert [c.id for c in store.search("kyle", lang="en")] == [fish_en]
    assert len(store.search("kyle", limit=1)) == 1
    assert store.search("kyle", limit=0) == []


@pytest.mark.parametrize("query", ["", "   ", "!!!", "？。，", '"', "*", "()", "-", ":", "^", "AND", "NEAR(", "OR"])
def test_search_punctuation_and_syntax_never_errors(store, corpus, query):
    ingest(store, corpus)
    result = store.search(query)
    if query.strip() in ("", "!!!", "？。，", '"', "*", "()", "-", ":", "^"):
        assert result == []
    else:
        assert isinstance(result, list)


@pytest.mark.parametrize("query", ['kyle"', "kyle*", "fish:kyle", "(kyle", "kyle AND", "NOT kyle", "kyle^2", "fish-kyle"])
def test_search_with_fts_syntax_in_user_text(store, corpus, query):
    ingest(store, corpus)
    result = store.search(query)  # never raises; the words are searched as words
    assert all(isinstance(c, Claim) for c in result)


# -- filters and facets run in the store ------------------------------------------------------

def more_claims(corpus):
    """Three documents more: a month-only date, no date, and a claim with no number."""
    month = make_doc("https://harbor.example/news/month", "Kyle Fish later said 12 percent, roughly.", "en",
                     published="2025-06")
    undated = make_doc("https://undated.example/p", "查默斯说概率至少是百分之三十。", "zh", published=None)
    wordy = make_doc("https://valley.example/words", "Kyle Fish says nobody knows the chance of consciousness.",
                     "en", published="2025-07-01T23:30:00")
    return [
        (month, [make_claim(month, "Kyle Fish later said 12 percent", lang="en", value="12 percent", low=12, high=12)]),
        (undated, [make_claim(undated, "概率至少是百分之三十", lang="zh", value="至少是百分之三十", low=30, high=None,
                             qualifier="at_least", claimant=("查默斯", "david_chalmers"),
                             subject=("AI systems", "ai_systems"),
                             prop=("p_conscious_decade", "probability of AI consciousness within a decade"),
                             cluster="cl-chalmers")]),
        (wordy, [make_claim(wordy, "nobody knows the chance of consciousness", lang="en", value="nobody knows",
                           low=None, high=None)]),
    ]


def ingest_more(store, corpus):
    ingest(store, corpus)
    extra = more_claims(corpus)
    for doc, claims in extra:
        store.put_document(doc)
        store.replace_claims(doc.id, claims)
    return {c.value.text: c.id for cs in [*corpus["claims"].values(), *(cs for _d, cs in extra)] for c in cs}


def values(claims) -> list[str]:
    return sorted(c.value.text for c in claims)


def test_list_claims_filters_run_in_the_store(store, corpus):
    from datetime import date

    ingest_more(store, corpus)
    # one value or several (any of them); empty means any
    assert values(store.list_claims(claimant_id="david_chalmers")) == ["at least a 25%", "至少是百分之三十"]
    assert values(store.list_claims(claimant_id=["david_chalmers", "valley_post"], lang="en")) == [
        "ASL-3", "at least a 25%"]
    assert len(store.list_claims(claimant_id=[])) == 7
    assert values(store.list_claims(subject_id="ai_systems")) == ["at least a 25%", "至少是百分之三十"]
    assert values(store.list_claims(site="valley.example")) == ["ASL-3", "nobody knows"]
    assert values(store.list_claims(site=["xinghe.example", "undated.example"])) == ["大约是百分之二十", "至少是百分之三十"]
    assert values(store.list_claims(proposition_key=["asl_level", "p_conscious_decade"], lang="zh")) == [
        "至少是百分之三十"]
    # days are inclusive; a month counts as its first day; a time on the last day still counts;
    # undated documents are left out by any bound
    assert values(store.list_claims(published_from="2025-06-01")) == ["12 percent", "15 percent", "at least a 25%",
                                                                      "nobody knows"]
    assert values(store.list_claims(published_from=date(2025, 6, 2), published_to=date(2025, 6, 10))) == [
        "15 percent", "at least a 25%"]
    assert values(store.list_claims(published_to="2025-05-02")) == ["ASL-3", "大约是百分之二十"]
    assert values(store.list_claims(published_from="2025-07-01", published_to="2025-07-01")) == ["nobody knows"]
    assert store.list_claims(published_from="2025-07-02") == []
    # value ranges keep intervals that overlap; an open end reaches any bound; no number, no match
    assert values(store.list_claims(value_min=21)) == ["at least a 25%", "至少是百分之三十"]
    assert values(store.list_claims(value_max=12.5)) == ["12 percent", "ASL-3"]
    assert values(store.list_claims(value_min=16, value_max=22)) == ["大约是百分之二十"]
    assert values(store.list_claims(value_min=40, lang="en")) == ["at least a 25%"]
    # everything together, and paging over the filtered claims
    assert values(store.list_claims(claimant_id="kyle_fish", lang="en", published_from="2025-06-01",
                                    value_max=14)) == ["12 percent"]
    fish = store.list_claims(claimant_id="kyle_fish")
    assert [c.id for c in store.list_claims(claimant_id="kyle_fish", limit=1, offset=1)] == [fish[1].id]
    assert [c.id for c in store.list_claims(claimant_id="kyle_fish", newest_first=True)] == [c.id for c in fish[::-1]]
    with pytest.raises(StoreError):
        store.list_claims(published_from="last week")


def test_search_filters_run_before_the_limit(store, corpus):
    ids = ingest_more(store, corpus)
    # "kyle" matches four claims; the filters choose among all of them, not among the best few
    assert len(store.search("kyle")) == 4
    assert [c.id for c in store.search("kyle", limit=1, site="xinghe.example")] == [ids["大约是百分之二十"]]
    assert [c.id for c in store.search("kyle", limit=1, published_from="2025-07-01")] == [ids["nobody knows"]]
    assert [c.id for c in store.search("kyle", limit=1, value_max=13)] == [ids["12 percent"]]
    assert {c.id for c in store.search("kyle", value_min=14, value_max=16)} == {ids["15 percent"]}
    every = store.search("consciousness", limit=100)
    wanted = {c.id for c in every if c.claimant and c.claimant.id in ("david_chalmers", "valley_post")}
    assert wanted and wanted != {c.id for c in every}
    assert {c.id for c in store.search("consciousness", claimant_id=["david_chalmers", "valley_post"])} == wanted
    assert {c.id for c in store.search("概率", subject_id="ai_systems", lang=["zh"])} == {ids["至少是百分之三十"]}
    assert {c.id for c in store.search("kyle", proposition_key="p_conscious", lang=["zh", "en"])} == {
        ids["大约是百分之二十"], ids["15 percent"], ids["12 percent"], ids["nobody knows"]}
    assert store.search("kyle", site="nowhere.example") == []


def test_one_filter_object_or_its_keywords_mean_the_same(store, corpus):
    from index.filters import ClaimFilters

    ids = ingest_more(store, corpus)
    flt = ClaimFilters.of(claimant_id="kyle_fish", lang="en")
    assert [c.id for c in store.list_claims(flt)] == [c.id for c in store.list_claims(claimant_id="kyle_fish", lang="en")]
    # keywords set filters on top of the object (None clears one)
    assert values(store.list_claims(flt, value_max=14)) == ["12 percent"]
    assert len(store.list_claims(flt, lang=None)) == len(store.list_claims(claimant_id="kyle_fish"))
    assert {c.id for c in store.search("kyle", ClaimFilters.of(site="xinghe.example"))} == {ids["大约是百分之二十"]}
    # search takes every filter list_claims takes, the cluster and the document too
    one = store.list_claims(claimant_id="kyle_fish")[0]
    assert {c.id for c in store.search("kyle", doc_id=one.doc.id)} <= {c.id for c in store.list_claims(doc_id=one.doc.id)}
    with pytest.raises(StoreError, match="no claim filter is called"):
        store.list_claims(outlet="valley.example")


def test_facets_count_claims_and_name_values_in_both_languages(store, corpus):
    assert store.facets() == {"claimants": [], "subjects": [], "propositions": [], "sites": [], "langs": []}
    ingest(store, corpus)
    f = store.facets()
    assert list(f) == ["claimants", "subjects", "propositions", "sites", "langs"]
    assert f["claimants"] == [("kyle_fish", "Kyle Fish / 凯尔·菲什", 2), ("david_chalmers", "David Chalmers", 1),
                              ("valley_post", "Valley Post", 1)]
    assert f["subjects"] == [("current_models", "current models", 2), ("ai_systems", "AI systems", 1),
                             ("claude_opus_4", "Claude Opus 4", 1)]
    assert f["propositions"] == [("p_conscious", "probability of conscious experience", 2),
                                 ("asl_level", "AI safety level", 1),
                                 ("p_conscious_decade", "probability of AI consciousness within a decade", 1)]
    assert f["sites"] == [("harbor.example", "harbor.example", 2), ("valley.example", "valley.example", 1),
                          ("xinghe.example", "xinghe.example", 1)]
    assert f["langs"] == [("en", "en", 3), ("zh", "zh", 1)]
    assert {k: len(v) for k, v in store.facets(limit=1).items()} == dict.fromkeys(f, 1)
    assert store.facets(limit=1)["claimants"] == [("kyle_fish", "Kyle Fish / 凯尔·菲什", 2)]
    # the name used by more claims comes first; facets follow replaced claims
    ingest_more(store, corpus)
    f = store.facets()
    assert ("david_chalmers", "David Chalmers / 查默斯", 2) in f["claimants"]
    assert f["claimants"][0] == ("kyle_fish", "Kyle Fish / 凯尔·菲什", 4)
    assert f["langs"] == [("en", "en", 5), ("zh", "zh", 2)]
    en = corpus["docs"][1]
    store.replace_claims(en.id, [])
    assert ("david_chalmers", "查默斯", 1) in store.facets()["claimants"]
    # every facet value filters to exactly its count
    f = store.facets()
    for facet, arg in (("claimants", "claimant_id"), ("subjects", "subject_id"),
                       ("propositions", "proposition_key"), ("sites", "site"), ("langs", "lang")):
        for value, _label, n in f[facet]:
            assert len(store.list_claims(**{arg: value})) == n, (facet, value)


def test_list_flags_of_one_cluster(store, corpus):
    ingest(store, corpus)
    store.sync_flags([fish_flag(corpus), other_flag(corpus)])
    assert [f.id for f in store.list_flags(cluster_id="cl-fish")] == ["flag-fish"]
    assert [f.id for f in store.list_flags(cluster_id="cl-asl", kind="attribution_conflict")] == ["flag-asl"]
    assert store.list_flags(cluster_id="cl-asl", kind="value_conflict") == []
    assert store.list_flags(cluster_id="cl-none") == []
    store.sync_flags([other_flag(corpus)])  # the fish flag is retired: no longer listed
    assert store.list_flags(cluster_id="cl-fish") == []


# -- idempotent re-ingest --------------------------------------------------------------------

def test_reingest_changes_nothing(store, corpus):
    ingest(store, corpus)
    store.sync_flags([fish_flag(corpus)])
    before_stats = store.stats()
    before_claims = sorted(c.model_dump_json() for c in store.iter_claims())
    for doc in corpus["docs"]:
        assert store.put_document(doc) == DocState.UNCHANGED
        store.replace_claims(doc.id, corpus["claims"][doc.id])
    assert store.stats() == before_stats
    assert sorted(c.model_dump_json() for c in store.iter_claims()) == before_claims
    assert [c.id for c in store.search("意识")] == [corpus["claims"][corpus["docs"][0].id][0].id]


# -- flags and reviews -----------------------------------------------------------------------

def test_sync_flags_new_kept_reopened_retired(store, corpus):
    ingest(store, corpus)
    assert store.sync_flags([fish_flag(corpus), other_flag(corpus)]) == {"new": 2, "kept": 0, "reopened": 0, "retired": 0}
    assert [f.id for f in store.list_flags()] == ["flag-fish", "flag-asl"]  # most severe first

    store.add_review(Review(flag_id="flag-fish", status="confirmed", by="ana", note="checked the podcast"))
    # Same evidence, new severity/summary: kept, status and review stay.
    counts = store.sync_flags([fish_flag(corpus, severity=0.7), other_flag(corpus)])
    assert counts == {"new": 0, "kept": 2, "reopened": 0, "retired": 0}
    flag = store.get_flag("flag-fish")
    assert (flag.status, flag.review.by, flag.severity) == ("confirmed", "ana", 0.7)

    # Evidence changed after review: open again, with a reason, history kept.
    counts = store.sync_flags([fish_flag(corpus, evidence="ev2"), other_flag(corpus)])
    assert counts == {"new": 0, "kept": 1, "reopened": 1, "retired": 0}
    flag = store.get_flag("flag-fish")
    assert flag.status == "open" and flag.reopened_reason and "confirmed" in flag.reopened_reason
    assert [r.status for r in store.list_reviews("flag-fish")] == ["confirmed"]
    assert {f.id for f in store.list_flags(status="open")} == {"flag-fish", "flag-asl"}
    # Open flags are not re-opened twice.
    assert store.sync_flags([fish_flag(corpus, evidence="ev3"), other_flag(corpus)])["reopened"] == 0

    # Missing from the new list: retired, not listed, still readable with its reviews.
    store.add_review(Review(flag_id="flag-asl", status="dismissed", by="bo"))
    assert store.sync_flags([fish_flag(corpus, evidence="ev3")]) == {"new": 0, "kept": 1, "reopened": 0, "retired": 1}
    assert [f.id for f in store.list_flags()] == ["flag-fish"]
    assert store.get_flag("flag-asl").status == "dismissed"
    assert store.stats()["flags"] == 1
    # Retiring again counts nothing; coming back restores it with its review.
    assert store.sync_flags([fish_flag(corpus, evidence="ev3")])["retired"] == 0
    store.sync_flags([fish_flag(corpus, evidence="ev3"), other_flag(corpus)])
    back = store.get_flag("flag-asl")
    assert back.status == "dismissed" and back.review.by == "bo"
    assert {f.id for f in store.list_flags()} == {"flag-fish", "flag-asl"}


def test_list_flags_filters(store, corpus):
    ingest(store, corpus)
    store.sync_flags([fish_flag(corpus), other_flag(corpus)])
    assert [f.id for f in store.list_flags(kind="attribution_conflict")] == ["flag-asl"]
    store.add_review(Review(flag_id="flag-asl", status="dismissed", by="bo"))
    assert [f.id for f in store.list_flags(status="dismissed")] == ["flag-asl"]
    assert [f.id for f in store.list_flags(status="open")] == ["flag-fish"]
    assert [f.id for f in store.list_flags(limit=1, offset=1)] == ["flag-asl"]


def test_reviews_are_a_history_and_unknown_flags_are_refused(store, corpus):
    ingest(store, corpus)
    store.sync_flags([fish_flag(corpus)])
    with pytest.raises(StoreError):
        store.add_review(Review(flag_id="no-such-flag", status="confirmed", by="ana"))
    first = store.add_review(Review(flag_id="flag-fish", status="confirmed", by="ana", note="n1",
                                    at="2025-07-01T10:00:00+00:00"))
    assert first.status == "confirmed" and first.review.note == "n1"
    second = store.add_review(Review(flag_id="flag-fish", status="dismissed", by="bo", note="n2",
                                     at="2025-07-02T10:00:00+00:00"))
    assert (second.status, second.review.by) == ("dismissed", "bo")
    history = store.list_reviews("flag-fish")
    assert [(r.by, r.status, r.note) for r in history] == [("ana", "confirmed", "n1"), ("bo", "dismissed", "n2")]
    assert store.get_flag("flag-fish").status == "dismissed"
    assert store.stats()["reviews"] == 2
    assert store.list_reviews("no-such-flag") == []
    # The very same decision twice (a double click) is one entry.
    same = Review(flag_id="flag-fish", status="confirmed", by="cy", at="2025-07-03T10:00:00+00:00")
    store.add_review(same)
    store.add_review(same)
    assert [r.by for r in store.list_reviews("flag-fish")] == ["ana", "bo", "cy"]


def test_reviews_survive_resync_and_reingest(store, corpus):
    ingest(store, corpus)
    store.sync_flags([fish_flag(corpus)])
    store.add_review(Review(flag_id="flag-fish", status="confirmed", by="ana"))
    for _ in range(2):  # a later run: same documents, same claims, same flags
        ingest(store, corpus)
        store.sync_flags([fish_flag(corpus)])
    flag = store.get_flag("flag-fish")
    assert flag.status == "confirmed" and flag.review.by == "ana"
    assert len(store.list_reviews("flag-fish")) == 1
    # A run where the flag disappears and a later one where it is back.
    store.sync_flags([])
    assert store.list_flags() == [] and len(store.list_reviews("flag-fish")) == 1
    store.sync_flags([fish_flag(corpus)])
    assert store.get_flag("flag-fish").status == "confirmed"
    assert store.stats()["open_flags"] == 0


# -- runs and stats --------------------------------------------------------------------------

def test_runs_newest_first(store):
    store.record_run({"at": "2025-07-01T00:00:00+00:00", "documents": 3, "sources_failed": []})
    store.record_run({"at": "2025-07-02T00:00:00+00:00", "documents": 5, "note": "第二次"})
    runs = store.list_runs()
    assert [r["documents"] for r in runs] == [5, 3]
    assert runs[0]["note"] == "第二次"
    assert len(store.list_runs(limit=1)) == 1


def test_list_clusters_largest_first_with_outlets(store, corpus):
    assert store.list_clusters() == []
    ingest(store, corpus)
    assert store.list_clusters() == [("cl-fish", 2, 2), ("cl-asl", 1, 1), ("cl-chalmers", 1, 1)]
    assert store.list_clusters(limit=1, offset=1) == [("cl-asl", 1, 1)]
    assert store.list_clusters(limit=5, offset=3) == []


def test_stats(store, corpus):
    assert store.stats() == {"documents": 0, "claims": 0, "clusters": 0, "flags": 0, "open_flags": 0, "reviews": 0}
    ingest(store, corpus)
    store.sync_flags([fish_flag(corpus), other_flag(corpus)])
    store.add_review(Review(flag_id="flag-asl", status="dismissed", by="bo"))
    assert store.stats() == {"documents": 3, "claims": 4, "clusters": 3, "flags": 2, "open_flags": 1, "reviews": 1}


# -- migration between backends --------------------------------------------------------------

def fill_everything(store, corpus) -> None:
    """A store with every kind of state: versions, statuses, a re-opened and a retired flag, history."""
    ingest(store, corpus)
    zh = corpus["docs"][0]
    store.put_document(zh.model_copy(update={"text": ZH_TEXT + "（更正）"}))
    store.sync_flags([fish_flag(corpus), other_flag(corpus)])
    store.add_review(Review(flag_id="flag-fish", status="confirmed", by="ana", note="heard the podcast",
                            at="2025-07-01T10:00:00+00:00"))
    store.add_review(Review(flag_id="flag-asl", status="dismissed", by="bo", at="2025-07-02T10:00:00+00:00"))
    store.sync_flags([fish_flag(corpus, evidence="ev2")])  # fish re-opened, asl retired
    store.record_run({"at": "2025-07-01T00:00:00+00:00", "documents": 3})
    store.record_run({"at": "2025-07-02T00:00:00+00:00", "documents": 3, "note": "第二次"})
    zh_claim, en_claim = corpus["claims"][zh.id][0], corpus["claims"][corpus["docs"][1].id][0]
    store.add_match_decision(MatchDecision(a=zh_claim.id, b=en_claim.id, decision="different", by="mei",
                                           note="另一个问题", at="2025-07-03T00:00:00+00:00"))


def test_copy_to_sqlite_and_back_loses_nothing(store_factory, corpus, tmp_path):
    src = store_factory()
    fill_everything(src, corpus)
    before = snapshot(src)
    flags = {r["flag"]["id"]: r for r in before["flag"]}
    assert flags["flag-fish"]["flag"]["reopened_reason"] and flags["flag-fish"]["active"] is True
    assert flags["flag-asl"]["flag"]["status"] == "dismissed" and flags["flag-asl"]["active"] is False

    with SQLiteStore(tmp_path / "other" / "copy.db") as other:
        counts = copy_store(src, other)
        assert counts == {"documents": 3, "claims": 4, "flags": 2, "reviews": 2, "runs": 2, "match_decisions": 1}
        assert snapshot(other) == before
        assert other.stats() == src.stats()
        assert [c.id for c in other.search("意识")] == [c.id for c in src.search("意识")]
        assert [v.text for v in other.list_document_versions(corpus["docs"][0].id)] == [ZH_TEXT]
        # Copying again adds nothing.
        assert copy_store(src, other) == {"documents": 0, "claims": 0, "flags": 0, "reviews": 0, "runs": 0}

        back = store_factory()
        copy_store(other, back)
        assert snapshot(back) == before
        assert back.get_flag("flag-fish").status == "open" and back.list_flags() == src.list_flags()
        assert [r.by for r in back.list_reviews("flag-asl")] == ["bo"]
        assert [r["documents"] for r in back.list_runs()] == [3, 3] and back.list_runs()[0]["note"] == "第二次"
        assert [(d.decision, d.by, d.note) for d in back.list_match_decisions()] == [("different", "mei", "另一个问题")]


# -- claim matching state ------------------------------------------------------------------------

def test_vectors_are_kept_per_claim_with_their_model_and_read_back_in_half_precision(store, corpus):
    import numpy as np

    ingest(store, corpus)
    ids = [c.id for cs in corpus["claims"].values() for c in cs]
    rng = np.random.default_rng(7)
    vecs = {cid: rng.standard_normal(16).astype(np.float32) for cid in ids[:3]}
    assert store.get_vectors(ids, "use-v3") == {}
    store.put_vectors(vecs, "use-v3")
    got = store.get_vectors(ids, "use-v3")
    assert set(got) == set(ids[:3])  # the fourth claim has none
    for cid, v in vecs.items():
        assert got[cid].dtype == np.float32 and np.allclose(got[cid], v, atol=2e-3)
    store.put_vectors({ids[0]: np.zeros(16, dtype=np.float32)}, "use-v3")  # replaced, not added
    assert not store.get_vectors([ids[0]], "use-v3")[ids[0]].any()
    # one vector a claim: another model's replaces it, and asking for the old model finds none
    store.put_vectors({ids[1]: np.ones(16, dtype=np.float32)}, "use-v4")
    assert ids[1] not in store.get_vectors(ids, "use-v3")
    assert store.get_vectors([ids[1]], "use-v4")[ids[1]].tolist() == [1.0] * 16


def test_match_decisions_append_and_refuse_unknown_claims(store, corpus):
    ingest(store, corpus)
    a, b = (cs[0].id for cs in list(corpus["claims"].values())[:2])
    assert store.list_match_decisions() == []
    store.add_match_decision(MatchDecision(a=a, b=b, decision="same", by="ana", at="2025-07-01T00:00:00+00:00"))
    store.add_match_decision(MatchDecision(a=a, b=b, decision="different", by="mei", note="不同年份",
                                           at="2025-07-02T00:00:00+00:00"))
    assert [(d.decision, d.by, d.note) for d in store.list_match_decisions()] == [
        ("same", "ana", ""), ("different", "mei", "不同年份")]
    with pytest.raises(StoreError):
        store.add_match_decision(MatchDecision(a=a, b="no-such-claim", decision="same", by="ana"))
    assert len(store.list_match_decisions()) == 2


def test_suggestions_are_replaced_and_listed_best_first(store):
    assert store.list_suggestions() == []
    store.replace_suggestions([SuggestedMatch(a="c1", b="c2", score=0.61), SuggestedMatch(a="c1", b="c3", score=0.7),
                               SuggestedMatch(a="c0", b="c4", score=0.61)])
    assert [(s.a, s.b) for s in store.list_suggestions()] == [("c1", "c3"), ("c0", "c4"), ("c1", "c2")]
    assert [(s.a, s.b) for s in store.list_suggestions(limit=1)] == [("c1", "c3")]
    store.replace_suggestions([SuggestedMatch(a="c5", b="c6", score=0.5)])
    assert [(s.a, s.b, s.score) for s in store.list_suggestions()] == [("c5", "c6", 0.5)]
    store.replace_suggestions([])
    assert store.list_suggestions() == []


def test_import_rejects_unknown_records(store):
    with pytest.raises(StoreError):
        store.import_records([("gizmo", {})])
