"""A claim whose own clause says little ("A: I'd say around 20%.") is read with its context: the
question it answers (kept as `Claim.context`, embedded with the claim) or the sentences before
(embedded apart, at a lower weight). Texts written for the test, in both languages."""

from __future__ import annotations

import pytest

from claimtrack.schema import Document
from claimtrack.similarity import embed_claims
from claimtrack.textnorm import asks

QA_EN = ("Q: How likely is it that deep-sea mining wipes out a whole species of coral by 2040?\n\n"
         "A: I would put it at about 30%. Nobody has good data yet.")
QA_ZH = ("问：您认为到2040年深海采矿导致某种珊瑚灭绝的可能性有多大？\n\n"
         "答：我会说大约30%。现在谁都没有可靠的数据。")
PLAIN_EN = "Marine biologist Tove Halvorsen puts the chance that deep-sea mining wipes out a coral species at about 30%."
PLAIN_ZH = "海洋生物学家托芙·哈尔沃森认为，深海采矿导致某种珊瑚灭绝的可能性约为30%。"


@pytest.fixture(scope="module")
def extractor():
    from claimtrack.settings import Settings
    from nlp import Extractor

    return Extractor(Settings()).load()


def _claims(extractor, text, lang, url):
    return extractor.extract(Document.create(url, text, lang=lang, title="Interview"))


@pytest.mark.parametrize("text,lang,question", [
    (QA_EN, "en", "deep-sea mining"),
    (QA_ZH, "zh", "深海采矿"),
])
def test_an_answer_keeps_the_question_it_answers(extractor, text, lang, question):
    [c] = _claims(extractor, text, lang, f"https://sea.test/{lang}/qa")
    assert c.value.low == pytest.approx(0.3)
    assert c.context is not None and question in c.context and asks(c.context)
    assert "context" in c.to_json()


@pytest.mark.parametrize("text,lang,asked", [
    ("Harbour Weekly: When will most container ships in Europe run without a crew?\n\n"
     "Lindqvist: On the open sea, not in port? I'd say 2036.", "en", "container ships"),
    ("港口周刊：欧洲的集装箱船什么时候能大多无人驾驶？\n\n林德奎斯特：在公海上，不是在港口？我会说2036年。", "zh", "集装箱船"),
])
def test_an_answer_after_a_few_words_of_its_own_keeps_the_question(extractor, text, lang, asked):
    [c] = _claims(extractor, text, lang, f"https://sea.test/{lang}/qa2")
    assert c.value.low == 2036 and c.context is not None and asked in c.context


@pytest.mark.parametrize("text,lang", [(PLAIN_EN, "en"), (PLAIN_ZH, "zh")])
def test_a_claim_that_says_what_it_measures_has_no_context(extractor, text, lang):
    [c] = _claims(extractor, text, lang, f"https://sea.test/{lang}/plain")
    assert c.context is None and "context" not in c.to_json()


def test_an_answer_with_its_question_is_nearer_its_other_language_version(extractor):
    answer_en = _claims(extractor, QA_EN, "en", "https://sea.test/en/qa")
    answer_zh = _claims(extractor, QA_ZH, "zh", "https://sea.test/zh/qa")
    plain_zh = _claims(extractor, PLAIN_ZH, "zh", "https://sea.test/zh/plain")
    plain_en = _claims(extractor, PLAIN_EN, "en", "https://sea.test/en/plain")
    bare_en = [c.model_copy(update={"context": None}) for c in answer_en]
    bare_zh = [c.model_copy(update={"context": None}) for c in answer_zh]
    v = embed_claims([*answer_en, *bare_en, *plain_zh, *answer_zh, *bare_zh, *plain_en])
    assert float(v[0] @ v[2]) > float(v[1] @ v[2]) + 0.1   # en answer vs zh statement
    assert float(v[3] @ v[5]) > float(v[4] @ v[5]) + 0.1   # zh answer vs en statement


@pytest.mark.parametrize("text,expected", [
    ("What is your estimate?", True), ("“您怎么看？”", True), ("你觉得呢？ ", True),
    ("He estimates 30%.", False), ("他说：", False), ("", False),
])
def test_asks(text, expected):
    assert asks(text) is expected
