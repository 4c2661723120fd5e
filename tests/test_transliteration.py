"""A Chinese transliteration and the Latin name it renders (claimtrack.transliteration), and the
claimant ids the matcher unites with it (claimtrack.fuzzy.claimant_remap). Names of people the
entities file does not know, made up for the test."""

from __future__ import annotations

import pytest

from claimtrack.fuzzy import claimant_remap
from claimtrack.transliteration import relation, same_person


@pytest.mark.parametrize("cjk,latin", [
    ("托马斯·林德奎斯特", "Tomas Lindqvist"), ("米里亚姆·奥卡福", "Miriam Okafor"), ("普丽娅·拉曼", "Priya Raman"),
    ("丹尼尔·费雷拉", "Daniel Ferreira"), ("本杰明·曼", "Benjamin Mann"), ("埃隆·马斯克", "Elon Musk"),
    ("斯图尔特·罗素", "Stuart Russell"), ("杰弗里·辛顿", "Geoffrey Hinton"),
])
def test_a_transliteration_is_the_name_it_renders(cjk, latin):
    assert same_person(cjk, latin)
    assert relation(cjk, latin) == "same"


@pytest.mark.parametrize("cjk,latin", [
    ("托马斯·林德奎斯特", "Thomas Lindberg"), ("丹尼尔·费雷拉", "Daniela Amodei"), ("马克·赞迪", "Mark Zuckerberg"),
    ("斯图尔特·罗素", "Steve Rosen"), ("杰弗里·辛顿", "Sam Altman"),
])
def test_another_name_is_not_the_same_person(cjk, latin):
    assert not same_person(cjk, latin)


def test_relation_never_guesses_a_translated_organisation():
    assert relation("北风实验室", "northwind-labs") == "unknown"  # a translation, not a sound
    assert relation("克雷斯特莱恩研究所", "miriam-okafor") == "different"  # an institute is no person
    assert relation("李明", "kyle-fish") == "unknown"  # a short Chinese name may be written any way


def test_the_matcher_unites_one_person_named_in_two_scripts(claim_factory):
    def _by(cid, name, doc):
        return claim_factory(doc=doc, site=doc, claimant=cid, claimant_name=name)

    claims = [_by("tomas-lindqvist", "Tomas Lindqvist", "a"), _by("托马斯-林德奎斯特", "托马斯·林德奎斯特", "b"),
              _by("miriam-okafor", "Miriam Okafor", "c")]
    remap = claimant_remap(claims)
    assert remap.get("托马斯-林德奎斯特", "托马斯-林德奎斯特") == remap.get("tomas-lindqvist", "tomas-lindqvist")
    assert "miriam-okafor" not in remap


def test_two_latin_names_that_fit_leave_the_transliteration_alone(claim_factory):
    def _by(cid, name, doc):
        return claim_factory(doc=doc, site=doc, claimant=cid, claimant_name=name)

    claims = [_by("priya-raman", "Priya Raman", "a"), _by("priya-ramani", "Priya Ramani", "b"),
              _by("普丽娅-拉曼", "普丽娅·拉曼", "c")]
    assert "普丽娅-拉曼" not in claimant_remap(claims)


@pytest.mark.parametrize("cjk,latin", [
    ("哈罗盖特基金会", "harrowgate-foundation"), ("梅里迪安研究所", "meridian-institute"),
    # an alliance, a coalition, a federation are organisations in English too
    ("奥克雷斯特河流保护联盟", "oakcrest-river-protection-alliance"),
])
def test_an_institution_whose_name_is_transliterated_is_the_same_in_both_scripts(cjk, latin):
    assert relation(cjk, latin) == "same"


def test_an_institution_of_other_sounds_or_a_short_name_stays_unknown():
    assert relation("梅里迪安研究所", "bellwether-institute") == "unknown"  # may be a translation
    assert relation("哈罗盖特基金会", "northwind-labs") == "unknown"
    assert relation("万托实验室", "vantor-labs") == "unknown"  # two characters: too short to tell by sound


@pytest.mark.parametrize("cjk,latin", [("安雅·莫泽", "moser"), ("辛顿", "geoffrey-hinton"), ("莫泽", "anja-moser")])
def test_a_bare_surname_in_one_script_is_the_full_name_in_the_other(cjk, latin):
    assert relation(cjk, latin) == "same"


def test_a_bare_surname_of_other_sounds_is_not_that_person():
    assert relation("杰弗里·辛顿", "russell") != "same"
    assert relation("罗素", "geoffrey-hinton") != "same"


@pytest.mark.parametrize("cjk,latin", [
    ("埃德温·索普", "edwin-thorpe"), ("基思·沃伦", "keith-warren"),  # 'th' heard as s
    ("托马斯·林德奎斯特", "thomas-lindqvist"),  # and as t
    ("奥利维娅·哈特-蒙哥马利", "olivia-hart-montgomery"),  # a double-barrelled surname
])
def test_th_and_double_barrelled_names_are_read_as_they_sound(cjk, latin):
    assert relation(cjk, latin) == "same"


def test_an_institution_whose_name_is_part_sound_part_translation():
    # '卡洛韦' is the sound of Calloway, '海洋未来' the translation of 'Ocean Futures'; a country may lead
    assert relation("卡洛韦海洋未来研究所", "calloway-institute-for-ocean-futures") == "same"
    assert relation("美国卡洛韦海洋未来研究所", "calloway-institute-for-ocean-futures") == "same"
    assert relation("卡洛韦海洋未来研究所", "northgate-institute") == "unknown"


@pytest.mark.parametrize("cjk,latin,rel", [
    ("阮志衡", "ruan-zhiheng", "same"), ("周以然", "yiran-zhou", "same"),  # pinyin, either order
    ("黄敏", "ruan-zhiheng", "different"), ("李明", "wang-fang", "different"),  # two Chinese names
    ("李明", "kyle-fish", "unknown"),  # a Chinese name and a Western one: a translation may be any
    # ... but a full Chinese name of three characters is not a Western full name of other sounds,
    # unless a part of it may spell the surname ('Kai-fu Lee', 李)
    ("陈思远", "helena-varga", "different"), ("罗嘉明", "peter-brandt", "different"),
    ("李开复", "kai-fu-lee", "unknown"),
    # the given name in pinyin, the surname in Wade-Giles: one person
    ("周维廷", "chou-wei-ting", "same"), ("许雅婷", "hsu-ya-ting", "unknown"),
    ("莫泽", "anja-moser", "same"), ("辛顿", "geoffrey-hinton", "same"),  # transliterations stay by sound
])
def test_a_chinese_name_and_its_pinyin(cjk, latin, rel):
    assert relation(cjk, latin) == rel
