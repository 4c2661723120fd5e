"""The text both backends index and the queries built from user text."""

from __future__ import annotations

import sqlite3

import pytest

from index.query import parse
from index.segment import fts5_match, query_terms, segment


def test_chinese_is_segmented_and_english_folded():
    words = segment("当前模型具有意识体验的概率约为百分之二十").split()
    assert "意识" in words and "百分之二十" in words and "二十" in words
    assert segment("Kyle Fish says 15 percent") == "kyle fish say 15 percent"
    assert segment("") == "" and segment(None) == ""
    mixed = segment("Kyle Fish认为概率约20%").split()
    assert "kyle" in mixed and "fish" in mixed and "认为" in mixed


@pytest.mark.parametrize("a,b", [
    ("consciousness", "conscious"),
    ("Consciously", "CONSCIOUS"),
    ("estimates", "estimated"),
    ("probabilities", "probability"),
    ("Zoë", "zoe"),
    ("意識", "意识"),
    ("機率", "机率"),
    ("模型福利", "模型福利"),
])
def test_index_and_query_fold_alike(a, b):
    """Inflections, case, diacritics and Traditional/Simplified meet in one indexed word."""
    assert segment(a) == segment(b) and query_terms(a) == query_terms(b)


@pytest.mark.parametrize("a,b", [("conscious", "science"), ("意识", "意见"), ("model", "mode")])
def test_folding_keeps_different_words_apart(a, b):
    assert segment(a) != segment(b)


@pytest.mark.parametrize("query,terms", [
    ("意识", ["意识"]),
    ("Kyle Fish", ["kyle", "fish"]),
    ("  fish   Fish ", ["fish"]),
    ("意識 意识", ["意识"]),
    ("凯尔·菲什", ["凯尔", "菲什"]),
    ("!!! ？。", []),
    ("", []),
])
def test_query_terms(query, terms):
    assert query_terms(query) == terms


def test_fts5_match_quotes_every_word():
    assert fts5_match('say "hi" AND') == '"say" AND "hi"'
    assert fts5_match("ASL-3 claude_3.5") == '("asl" AND "3") AND ("claud" AND "3" AND "5")'
    assert fts5_match("fish OR chalmers") == '("fish" OR "chalmer")'
    assert fts5_match("fish NOT chalmers") == '("fish") NOT ("chalmer")'
    assert fts5_match("fish -chalmers") == fts5_match("fish NOT chalmers")
    assert fts5_match('"conscious models"') == '("conscious" AND "model")'
    assert fts5_match("...") is None
    assert fts5_match("NOT fish") is None and fts5_match("-fish") is None  # nothing required


@pytest.mark.parametrize("query", ['a"b', "x*", "col:val", "(a OR b)", "NEAR(a b)", "a^b", "x -", "+y", "{a b}:c",
                                   "OR a", "a OR", "a OR OR b", "NOT", '"', '""', "a NOT -b", "- -"])
def test_fts5_match_is_valid_fts5_syntax(query):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    db.execute("INSERT INTO t VALUES ('a b x y col val')")
    match = fts5_match(query)
    if match is None:
        assert query in ("NOT", '"', '""', "- -")
        return
    db.execute("SELECT * FROM t WHERE t MATCH ?", (match,)).fetchall()  # no syntax error


def test_rjieba_segments_like_jieba():
    """The index uses rjieba for speed; its words must be jieba's (same dictionary, same HMM)."""
    import jieba

    from index.segment import segmenter

    fresh = jieba.Tokenizer()  # default dictionary: other tests may have added words to jieba's global one
    assert segmenter().name == "rjieba"
    texts = ["研究员在播客中表示，当前模型具有某种意识体验的概率大约是百分之二十。",
             "白领岗位的失业率可能在五年内升至百分之十到二十",
             "公司宣布对新模型启用第三级安全保护措施，并发布了内省实验的报告"]
    for text in texts:
        assert list(segmenter().cut_for_search(text)) == list(fresh.cut_for_search(text))
        assert list(segmenter().cut(text)) == list(fresh.cut(text))


def test_lone_surrogates_in_chinese_text_do_not_raise():
    # hypothesis found '㐀\ud800' (a CJK character and a lone surrogate) raising inside rjieba
    assert fts5_match("㐀\ud800") is not None
    assert "\ud800" not in segment("意识\ud800概率")
    assert query_terms("\udfff") == []


def test_any_user_text_gives_a_valid_fts5_query_or_none():
    """Whatever is typed in the search box, the MATCH expression parses (or there is nothing to search)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, detail=none, tokenize='unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO t VALUES ('kyle fish 意识 概率 asl 3')")
    alphabet = st.one_of(st.characters(), st.sampled_from(list('"*:^()-+{}NEARANDORNOT 意识概率\u3000\u200b')))

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=40))
    def check(text):
        match = fts5_match(text)
        if match is None:  # nothing searchable, or only words to leave out
            assert parse(text) is None
        else:
            db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()

    check()


def test_every_bmp_letter_splits_where_unicode61_splits():
    """A word the index tokenizer would split in two is a phrase, which detail=none refuses."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, detail=none, tokenize='unicode61 remove_diacritics 2')")
    refused = []
    for cp in range(0x20, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        match = fts5_match(f"a{chr(cp)}b")
        try:
            db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()
        except sqlite3.OperationalError:
            refused.append(hex(cp))
    assert refused == []
