"""Attribution from the document's context (the CONTEXT strategies of nlp/strategies.py), through the real
extractor, on documents written for the project: a sentence that names nobody takes the one
person the title names, else the person named last before it, else the one organisation the
title names; the claim records the basis ("context") and how it was decided."""

from __future__ import annotations

import pytest

from claimtrack.schema import Document
from claimtrack.settings import Settings
from claimtrack.terms import terms


@pytest.fixture(scope="module")
def extractor():
    from nlp import Extractor

    return Extractor(Settings()).load()


def claims_of(extractor, text: str, title: str, lang: str):
    doc = Document.create(f"https://ctx.test/{abs(hash((title, text)))}", text, title=title, lang=lang)
    return extractor.extract(doc)


CASES = [
    # (id, lang, title, text, value text, claimant id or None, how it was decided or None)
    ("en-title-person", "en", "Episode 12: Kyle Fish on model welfare experiments",
     "The episode covers welfare experiments. He estimates a roughly 20% chance that current models "
     "have some form of experience.", "roughly 20%", "kyle-fish", "named in the title: Kyle Fish"),
    ("zh-title-person", "zh", "对话凯尔·菲什：模型福利实验里最奇怪的发现",
     "这期节目谈到了福利实验。他估计，现有模型拥有某种体验的可能性大约为 20%。", "大约为 20%", "kyle-fish",
     "named in the title: 凯尔·菲什"),
    ("en-title-org", "en", "Anthropic paper finds limited introspection in language models",
     "The experiments were run on several models. The strongest models detected the injected concept "
     "about 20% of the time.", "about 20%", "anthropic", "named in the title: Anthropic"),
    ("zh-title-org", "zh", "Anthropic 论文：语言模型的内省能力有限",
     "实验在多个模型上进行。表现最好的模型大约在 20% 的试验中察觉到了被注入的概念。", "大约在 20%", "anthropic",
     "named in the title: Anthropic"),
    ("en-salience", "en", "Notes from a long conversation about AI safety",
     "Anthropic co-founder Benjamin Mann spoke for two hours.\n\n- Only about 1,000 people worldwide work "
     "on AI safety.", "about 1,000 people", "benjamin-mann", "named before: Benjamin Mann (1 sentence before)"),
    ("zh-salience", "zh", "一场关于 AI 安全的长谈笔记",
     "Anthropic 联合创始人本杰明·曼谈了两个小时。\n\n- 全球只有约 1000 人从事 AI 安全工作。", "约 1000 人", "benjamin-mann",
     None),
    # a role in the title names the person who held it on the document's date
    ("en-title-role", "en", "OpenAI CEO warns of a jobs shock",
     "The warning came at a conference. AI could take over 30% of office tasks within three years.",
     "over 30%", "sam-altman", "named in the title: Sam Altman"),
    ("zh-title-role", "zh", "OpenAI 首席执行官：AI 可能接手三成办公任务",
     "这番警告是在一次会议上发出的。三年内，AI 可能接手超过 30% 的办公任务。", "超过 30%", "sam-altman",
     "named in the title: Sam Altman"),
    # controls: the sentence names someone itself; a title naming two people decides nothing
    ("en-own-name-wins", "en", "Kyle Fish on model welfare",
     "David Chalmers puts the chance at 10% for current models.", "10%", "david-chalmers", None),
    ("en-two-people-in-title", "en", "Kyle Fish and David Chalmers debate model welfare",
     "The debate ran long. Current models have about a 15% chance of some experience.", "about a 15%", None, None),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_context_strategies(extractor, case):
    _id, lang, title, text, value_text, want, how = case
    found = [c for c in claims_of(extractor, text, title, lang) if c.value.text == value_text]
    assert found, [c.value.text for c in claims_of(extractor, text, title, lang)]
    c = found[0]
    assert (c.claimant.id if c.claimant else None) == want
    if how is not None:
        assert c.claimant_basis == "context" and c.attribution == how
    if _id in ("en-own-name-wins",):
        assert c.claimant_basis is None  # named in its own sentence


def test_strategy_report(extractor):
    """How many of these cases each strategy decides (a strategy with one case is suspect)."""
    counts: dict[str, int] = {}
    for _id, lang, title, text, value_text, _want, _how in CASES:
        for c in claims_of(extractor, text, title, lang):
            if c.value.text == value_text:
                key = (c.attribution or ("sentence" if c.claimant else "none")).split(":")[0]
                counts[key] = counts.get(key, 0) + 1
    assert counts.get("named in the title", 0) >= 4 and counts.get("named before", 0) >= 2, counts


@pytest.mark.parametrize("zh,en", [("失业率将升至 20%", "unemployment could rise to 20%"),
                                   ("阿莱奇冰川失去了三成冰量", "the Aletsch glacier lost a third of its ice")])
def test_chinese_words_meet_their_english_glosses(zh, en):
    assert terms(zh) & terms(en)


@pytest.mark.parametrize("lang,site,text,value_text,want", [
    # the site line names the organisation (or its address) whose 'we' a mirrored page speaks in
    ("en", "mirror.example (copy of anthropic.com)", "We estimate that about 8% of chats touch on feelings.",
     "about 8%", "anthropic"),
    ("en", "Pew Research Center / forum mirror (A. Writer)", "We found that 30% of adults use a chatbot weekly.",
     "30%", "pew-research-center"),
    ("zh", "jingxiang.example（转载 Anthropic 博客）", "我们估计，约 8% 的对话涉及情感话题。", "约 8%", "anthropic"),
    # a site line naming two organisations names no one voice; one naming none, nobody
    ("en", "OpenAI and Anthropic digest", "We estimate that about 8% of chats touch on feelings.", "about 8%", None),
    ("zh", "某论坛镜像", "我们估计，约 8% 的对话涉及情感话题。", "约 8%", None),
])
def test_the_site_line_names_whose_we_it_is(extractor, lang, site, text, value_text, want):
    doc = Document.create(f"https://site-line.test/{abs(hash((site, text)))}", text, lang=lang, site=site)
    found = [c for c in extractor.extract(doc) if c.value.text == value_text]
    assert found and (found[0].claimant.id if found[0].claimant else None) == want, found


@pytest.mark.parametrize("lang,author,site,text,value_text,want", [
    # 'I estimate' on a page with a byline is the writer's estimate: the byline, else the site
    # line's bracketed name
    ("en", "Dana Whitfield", None, "I estimate that about 300 full-time researchers work on this.", "about 300 full-time researchers",
     "dana-whitfield"),
    ("zh", "李明远", None, "我估计，约有 300 名全职研究员从事这项工作。", "约有 300 名", "李明远"),
    ("en", None, "Example Forum (Dana Whitfield)", "I estimate that about 300 full-time researchers work on this.",
     "about 300 full-time researchers", "dana-whitfield"),
    # a bracket on the site line that is no name names nobody
    ("en", None, "Code host (someone/some-repo)", "I estimate that about 300 full-time researchers work on this.",
     "about 300 full-time researchers", None),
])
def test_the_byline_is_whose_i_it_is(extractor, lang, author, site, text, value_text, want):
    doc = Document.create(f"https://byline.test/{abs(hash((author, site, text)))}", text, lang=lang, site=site,
                          author=author)
    found = [c for c in extractor.extract(doc) if c.value.text == value_text]
    assert found, [c.value.text for c in extractor.extract(doc)]
    c = found[0]
    assert (c.claimant.id if c.claimant else None) == want or (c.claimant and c.claimant.name == want), c.attribution


@pytest.mark.parametrize("name,ok", [("Kyle Fish", True), ("凯尔·菲什", True), ("3M", True), ("p(x", False),
                                     ("the lab", False), ("AI", False), ("x∈[1", False)])
def test_what_ner_tags_may_claim(name, ok):
    from nlp.attribution import may_be_agent

    assert may_be_agent(name) is ok


def test_a_shouted_text_is_read_as_written_in_lower_case():
    from claimtrack.similarity import embed_texts

    shouted, quiet = embed_texts(["THE MODEL ASSIGNED ITSELF A 20% CHANCE", "the model assigned itself a 20% chance"])
    assert float(shouted @ quiet) > 0.999
    mixed, = embed_texts(["The Model Assigned Itself A 20% Chance"])
    assert float(mixed @ quiet) < 0.999  # only text with no lower-case letter is changed
