"""Name shapes the attribution reads without the entities file (nlp/attribution.py): a person NER
called an organisation, an organisation named by its last word, a survey's name, a byline at the
top of the text, a name right after a Chinese job title. Cases written for the project."""

from __future__ import annotations

import pytest

from nlp import attribution


@pytest.mark.parametrize("name,after,want", [
    ("Halvard Brenning", " said on Tuesday", True),
    ("Oona Markkanen", ", head of research", True),
    ("Priscilla Achterberg", " is chief economist", True),
    ("Brenning Analytics", " said", False),       # an organisation word
    ("Aldgate Bank", " said", False),
    ("Halvard Brenning", "'s chief economist said", False),  # a role of its own after it
    ("Brenning", " said", False),                  # one word: no shape to read
    ("HALVARD BRENNING", " said", False),
])
def test_person_shaped(name, after, want):
    assert attribution.person_shaped(name, after) is want


@pytest.mark.parametrize("sentence,want", [
    ("OSLO, May 2 - The Fjordvik Tenants Alliance today published its figures.", ["Fjordvik Tenants Alliance"]),
    ("Said Ana Lund of Northgate Energy Analytics, 'we were surprised'.", ["Northgate Energy Analytics"]),
    ("The Institute for Coastal Studies said", []),            # 'The Institute': no name before the word
    ("Mersey Rowing Club and Halden Research signed it", ["Halden Research"]),
    ("THE CITY'S OWN AI SAID SO", []),                         # shouting is no name
])
def test_org_runs(sentence, want):
    assert [n for _, n in attribution.org_runs(sentence)] == want


@pytest.mark.parametrize("name,want", [
    ("Coastal Flood Risk Survey", True), ("Annual Housing Report", True), ("Global Steel Outlook", True),
    ("Coastal Flood Risk Institute", False), ("Halden Research", False),
])
def test_names_a_study(name, want):
    assert attribution.names_a_study(name) is want


@pytest.mark.parametrize("text,want", [
    ("By Marta Quist\n\nI expect prices to fall.", "Marta Quist"),
    ("**By Anders Holt-Lie**\n\nText.", "Anders Holt-Lie"),
    ("文｜钟以宁\n\n我预计房价下跌。", "钟以宁"),
    ("作者：罗季平\n\n正文。", "罗季平"),
    ("By the numbers, prices fell.\n\nText.", None),   # 'By' opening a sentence is no byline
    ("Prices fell.\n\nBy Marta Quist", None),           # (only the top of the text)
])
def test_byline_in_text(text, want):
    assert attribution.byline_in_text(text) == want


@pytest.mark.parametrize("text,want", [
    ("港务局副局长林泽宇在发布会上表示", ["林泽宇"]),
    ("呼吸科主任医师许明远对记者表示", ["许明远"]),
    ("基金会主席梁嘉欣指出", ["梁嘉欣"]),
    ("人口学家邱文涛和同事估计", ["邱文涛"]),
    ("该所所长表示", []),                  # a title with no name after it
    ("主任高度评价了这项工作", []),          # '高度': no name before a cue
])
def test_titled_name(text, want):
    got = [m.group("name") for m in attribution.titled_name().finditer(text)
           if m.group("name")[0] in attribution.zh_surnames()]
    assert got == want


@pytest.mark.parametrize("sentence,want", [
    ("The survey found that 5% of flats stand empty.", True),
    ("What the survey actually found is that 9% of flats stand empty.", True),   # an adverb between
    ("According to the annual report, 12% of loans are late.", True),            # the study as a source
    ("调查发现，约9%的住房空置。", True),
    ("The study took three years.", False),
    ("According to Ana Ruiz, 12% of loans are late.", False),
])
def test_cites_a_study(sentence, want):
    assert attribution.cites_a_study(sentence) is want


def test_an_institution_named_with_a_one_character_noun_and_an_adjective():
    """'斯坦贝克 肺 健康 联盟': the common words of an institution's name may be short."""
    from nlp import zh_names
    from nlp.attribution import DocContext
    from nlp.entities import EntityIndex

    index = EntityIndex.load()
    text = "北欧非营利组织斯坦贝克肺健康联盟日前发布的调查显示，约三成成年人出现症状。"
    ctx = DocContext.build(text, index)
    got = [(a.name, a.kind) for a in zh_names.names(text, text, 0, len(text), ctx, index, zh_names.words(text, text))]
    assert ("斯坦贝克肺健康联盟", "org") in got
