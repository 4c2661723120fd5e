"""The extractor's Chinese words (`nlp.segmenter`, rjieba) are the pure-Python jieba's: the same
cut, the same dictionary tags, the same dictionary, on text written for the project."""

import subprocess
import sys

import pytest

jieba = pytest.importorskip("jieba")

from nlp import segmenter  # noqa: E402
from nlp.userdict import user_words  # noqa: E402

TEXTS = [
    "研究员在播客中表示，当前模型具有某种意识体验的概率大约是百分之二十。",
    "该公司宣布对新模型启用 ASL-3 防护，GPT-4o 与 Claude Opus 4.1 的内省成功率约 20%。",
    "详情见 www.example.org/report 与 data.example.net，增长 3.5% 至 12.75 亿元。",
    "entry-level 岗位与 self-driving 汽车：C++ 程序员、R&D 部门与 A_B 测试各占约三成。",
    "贝拉·奥孔克沃对记者表示，约有四成受访企业计划明年扩招。",
    "李文浩向本报透露，每十笔贷款中就有一笔逾期。",
]


@pytest.fixture(scope="module")
def reference():
    """A pure-Python jieba with the same user words as the extractor's segmenter."""
    tok = jieba.Tokenizer()
    tok.initialize()
    words = user_words()
    for w, tag in words:
        tok.add_word(w, freq=None, tag=tag)
    segmenter.add_words(words)
    return tok


def test_cut_is_jiebas(reference):
    for text in TEXTS:
        assert segmenter.cut(text) == list(reference.cut(text)), text


def test_latin_runs_are_cut_at_their_punctuation_as_jieba_cuts_them(reference):
    assert segmenter.cut("启用ASL-3防护") == ["启用", "ASL", "-", "3", "防护"]
    assert "3.5%" in segmenter.cut("增长3.5%")  # a decimal and its percent stay one word, as in jieba


def test_dictionary_tags_and_words_are_jiebas(reference):
    import jieba.posseg

    pos = jieba.posseg.POSTokenizer(reference)
    pos.makesure_userdict_loaded()  # the user words' tags over the dictionary's
    tags = pos.word_tag_tab
    freq = reference.FREQ
    assert len(tags) > 300_000
    # every 7th dictionary word, and every 10th of the words rjieba cuts when they stand alone (about
    # 8,400: their tags come from a search of jieba's dictionary file)
    split = 0
    for i, (w, t) in enumerate(tags.items()):
        alone = len(segmenter._jieba().tag(w, False)) > 1
        split += alone
        if i % 7 == 0 or alone and split % 10 == 0:
            assert segmenter.tag(w) == t, w
            assert segmenter.known(w) == bool(freq.get(w)), w
    assert split > 5_000
    for w in ("不存在的词语组合", "ZXQW", "李文浩对"):
        assert segmenter.tag(w) is None and not segmenter.known(w)


def test_user_words_are_words_with_their_tags(reference):
    for w, tag in user_words():
        assert segmenter.tag(w) == tag and segmenter.known(w)


def test_extracting_chinese_loads_no_pure_python_jieba(tmp_path):
    """The pure-Python jieba costs ~1.5 s at start-up; the extractor does not import it."""
    code = ("import sys; from claimtrack.settings import Settings; from nlp import Extractor;"
            "from claimtrack.schema import Document;"
            "cs = Extractor(Settings()).extract(Document.create('https://e.org/a', '凯尔·菲什估计，概率约为 15%。'));"
            "assert cs and cs[0].claimant.id == 'kyle-fish', cs;"
            "print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False"
