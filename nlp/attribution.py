"""Who makes a claim: speech and estimate verbs, named views, quotation, interview turns,
pronouns and bare surnames resolved to the last full name, the document's own voice.

Works on one document: `DocContext` holds the entity mentions of the whole text (regex over the
aliases, cheap), the interview turns and the document's author organisation; the helpers here
find speakers, pronouns and roles in one sentence. `nlp/strategies.py` decides, for one value,
which of them made the claim.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from nlp.entities import EntityIndex, Mention, slug

RULES_PATH = Path(__file__).with_name("rules.toml")


@dataclass(frozen=True)
class Agent:
    name: str  # as written
    id: str | None
    kind: str  # person | org
    start: int = -1  # document offset of the mention, -1 when not written here


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: Agent


@lru_cache(maxsize=1)
def _rules() -> dict:
    with open(RULES_PATH, "rb") as f:
        return tomllib.load(f)["attribution"]


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(w.lower() for w in _rules().get("en_not_names", []))


_BYLINE_NAME = re.compile(r"[A-Z][\w'’.\-]+(?: [A-Z][\w'’.\-]+){1,2}|[\u4e00-\u9fff·]{2,8}")
_NOT_IN_NAMES = re.compile(r"[()\[\]{}=<>∈/\\|^]")


def may_be_agent(name: str) -> bool:
    """Can a name spaCy's NER tagged as a person or organisation be a claimant? ('AI' cannot, nor
    a formula NER took for one, 'p(x', nor a word in lower case.)"""
    n = name.strip()
    if not n or n.lower() in _not_names() or _NOT_IN_NAMES.search(n):
        return False
    return n[0].isupper() or n[0].isdigit() or not n[0].isascii()


@lru_cache(maxsize=1)
def _org_shape() -> tuple[frozenset[str], re.Pattern]:
    r = _rules()
    roles = "|".join(re.escape(w) for w in sorted(r.get("en_org_roles", []), key=len, reverse=True))
    return frozenset(r.get("en_org_suffixes", [])), re.compile(rf"['’]s\s+(?:{roles})\b", re.I)


def org_shaped(name: str, after: str) -> bool:
    """Is a name NER tagged as a person an organisation? Its last word is an organisation word
    ('Lumenfold Labs', 'Aldergate Securities'), or its possessive names one of its roles
    ('Lumenfold's chief scientist', 'the Jianglan Institute's economists'); `after` is the text
    right after the name."""
    suffixes, role = _org_shape()
    words = name.split()
    return (len(words) > 1 and words[-1].rstrip(".") in suffixes) or bool(role.match(after))


_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Za-z]?[a-z]+)?(?: [A-Z][a-z]+(?:[-'’][A-Za-z]?[a-z]+)?){1,2}")


@lru_cache(maxsize=4096)
def _tagged_as_person(name: str) -> bool:
    import probablepeople  # a CRF over name parts, trained on US names and company names

    try:
        return probablepeople.tag(name)[1] == "Person"
    except probablepeople.RepeatedLabelError:
        return False  # parts it cannot place once each: no person's name it knows the shape of


@lru_cache(maxsize=1)
def _org_run() -> re.Pattern:
    suffixes, _role = _org_shape()
    ends = "|".join(re.escape(w) for w in sorted(suffixes, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:[A-Z][a-z][\w&.-]*\s+){{0,5}}(?:{ends})\b")


def org_runs(sentence: str) -> list[tuple[int, str]]:
    """(offset, name) of capitalised names ending in an organisation word ('The Cascadia Lung
    Health Alliance', 'Kestrel Energy Analytics'), which the small English NER often tags as a
    date or a person; a leading 'The' and a connecting word at either end are not part of it."""
    out = []
    for m in _org_run().finditer(sentence):
        name = m.group(0)
        at = m.start()
        lead = re.match(r"(?:(?:The|A|An)\s+)+", name)
        if lead:
            at += lead.end()
            name = name[lead.end():]
        if len(name.split()) >= 2 and name[:1].isupper():
            out.append((at, name))
    return out


def names_a_study(name: str) -> bool:
    """'Wildfire Smoke Health Survey', 'Global Energy Outlook': the name of a survey or report,
    which says nothing itself (its author does)."""
    last = name.split()[-1].lower() if name.split() else ""
    r = _rules()
    return last in r.get("en_study_nouns", []) or last in r.get("en_study_name_ends", [])


def person_shaped(name: str, after: str) -> bool:
    """Is a name NER tagged as an organisation a person ('Declan Moorcroft', 'Helena Varga': the
    small English model often says ORG)? Two or three capitalised words, none an organisation
    word, no role of its own after it ("X's chief economist"), that a name parser trained on
    people's and companies' names (probablepeople) reads as a person's."""
    if not _LATIN_NAME.fullmatch(name) or org_shaped(name, after):
        return False
    suffixes, _role = _org_shape()
    if any(w in suffixes or w in institution_words() for w in name.split()):
        return False
    return _tagged_as_person(name)


_CAP = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"


@lru_cache(maxsize=1)
def _opening_name() -> re.Pattern:
    after = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_rules().get("en_opening_name_after", []),
                                                                      key=len, reverse=True))
    return re.compile(rf"\s*[\"“]?(?:(?:Her|His|Their|Its|Our)\s+(?:former\s+)?(?:colleague|co-author|boss|deputy|rival)\s+"
                      rf"|(?:What|How|Why|Where|When)\s+)?"
                      rf"(?P<n>{_CAP}(?:\s+{_CAP}){{1,2}})(?=\s*(?:{after})\b)")


def opening_name(sentence: str) -> tuple[int, str] | None:
    """(offset, name) of a person's full name opening the sentence before a copula, a speech verb
    or an apposition (rules.toml en_opening_name_after), when it is no organisation and no word
    that opens sentences ('The Ostrander Institute is', 'Her colleague ...' aside)."""
    m = _opening_name().match(sentence)
    if m is None:
        return None
    name = m.group("n")
    if name.split()[0] in _not_name_words() or not may_be_agent(name) or org_shaped(name, sentence[m.end():]):
        return None
    return m.start("n"), name


@lru_cache(maxsize=1)
def zh_cue() -> re.Pattern:
    """Where a Chinese name may stand right before: a speech verb, an 'according to' word, a view
    noun (rules.toml [attribution]), in normalised (Simplified) text."""
    r = _rules()
    words = sorted({w for k in ("zh_verbs", "zh_according", "zh_view_nouns") for w in r.get(k, [])},
                   key=len, reverse=True)
    # (run on the normalised, Simplified text; a lookahead on the first characters keeps it fast)
    heads = "".join(sorted({re.escape(w[0]) for w in words}))
    return re.compile(f"(?=[{heads}])(?:{'|'.join(re.escape(w) for w in words)})")


@lru_cache(maxsize=1)
def unnamed_role() -> re.Pattern:
    """A role right after an organisation's name, possessive or not ("'s chief economist",
    '首席科学家', '科技研究主管'; rules.toml [attribution] unnamed_roles)."""
    roles = _alt(_rules().get("unnamed_roles", []))
    return re.compile(rf"\s*(?:['’]s|的)?\s*(?:[\u4e00-\u9fff]{{0,6}}?)(?:{roles})", re.I)


@lru_cache(maxsize=1)
def _role_unnamed() -> re.Pattern:
    roles = _alt(_rules().get("unnamed_roles", []))
    return re.compile(rf"(?i:\b(?:the|its|their)\s+(?:[\w'’-]+\s+){{0,2}}?(?P<en>{roles}))"
                      rf"|(?:该|这家|這家|这位|這位|其)[\u4e00-\u9fff]{{0,8}}?(?P<zh>{roles})")


def unnamed_role_in(sentence: str) -> str | None:
    """The role of someone a sentence does not name ('the chairman of the state-owned operator
    told ...', "the company's chief executive said", '该公司董事长表示'), lower-cased, or None."""
    m = _role_unnamed().search(sentence)
    return None if m is None else (m.group("en") or m.group("zh")).lower()


def role_opens(clause: str) -> bool:
    """Does the clause open with a role nobody is named for ('the chairman of the operator in the
    city of Kessan told': the names after 'of' are not who told)?"""
    clause = clause.strip()
    m = _role_unnamed().match(clause)
    # ... and no name after the role ('its director Clara Wong said' names her)
    return m is not None and m.group("en") is not None and re.match(r"(?:\s+(?:of|at|for)\b.*)?$", clause[m.end():]) is not None


def holds_role(sentence: str, role: str, start: int, end: int) -> bool:
    """Does the name at [start, end) of `sentence` stand with `role` beside it ('Zheng Guodong,
    chairman of Haichuan Water Group, said', '海川水务集团董事长郑国栋表示')?"""
    low = sentence.lower()
    return any(abs(m.start() - start) <= 40 or abs(m.start() - end) <= 40
               for m in re.finditer(re.escape(role), low))


@lru_cache(maxsize=1)
def study_noun() -> re.Pattern:
    """'survey', 'study', '调查', '报告' ... (rules.toml [attribution] zh_study_nouns, en_study_nouns)."""
    r = _rules()
    return re.compile(rf"(?:{_alt(r['en_study_nouns'])})|(?:{_alt(r['zh_study_nouns'], False)})", re.I)


_ADVERB = re.compile(r"\s+\w+ly\s+")


def cites_a_study(sentence: str) -> bool:
    """Does a survey or study speak in the sentence ('调查发现', 'the survey found', 'the report
    shows'): a study noun with a speech or evidence verb right after it?"""
    res = _res()
    for m in study_noun().finditer(sentence):
        after = sentence[m.end():m.end() + 10]
        if res["zh_verb"].search(after) or res["en_verb"].search(after):
            return True
        # 'the survey actually found', 'according to the report': an adverb between, or the study
        # as the source 'according to' names
        adverb = _ADVERB.match(sentence, m.end())
        if adverb and res["en_verb"].match(sentence, adverb.end()):
            return True
        if re.search(r"(?i)\baccording\s+to\s+(?:the|a|an|its|their)\s+(?:\w+\s+)?$", sentence[max(0, m.start() - 40):m.start()]):
            return True
    return False


@lru_cache(maxsize=1)
def _study_maker() -> tuple[re.Pattern, re.Pattern]:
    r = _rules()
    by = re.compile(r"(?:\bby|由)\s*(?:the\s+)?$", re.I)
    verb = re.compile(rf"\s*(?:{_alt(r['en_study_makers'])}|{_alt(r['zh_study_makers'], False)})", re.I)
    return by, verb


@lru_cache(maxsize=1)
def _presents() -> re.Pattern:
    r = _rules()
    en = rf"(?:{_alt(r['en_presents'])})\s+(?:{_alt(r['en_presented'])})"
    zh = rf"(?:{_alt(r['zh_presents'], False)})了?(?:{_alt(r['zh_presented'], False)})"
    return re.compile(rf"{en}|{zh}", re.I)


def presents_it(sentence: str) -> re.Match | None:
    """'presented the details', 'shared these figures', '介绍了这些细节', '公布了上述数据': a verb of
    presenting whose object points back at a figure given before (rules.toml en_presents ...)."""
    return _presents().search(sentence)


@lru_cache(maxsize=1)
def own_view() -> re.Pattern:
    """A word for a view right after a first-person possessive ('My own guess', '我自己的猜测';
    rules.toml en/zh_own_view_nouns), matched at the possessive's end."""
    r = _rules()
    return re.compile(rf"(?:\s+own)?\s+(?:best\s+)?(?:{_alt(r['en_own_view_nouns'])})"
                      rf"|(?:自己)?的(?:{_alt(r['zh_own_view_nouns'], False)})", re.I)


def may_name_a_maker(sentence: str) -> bool:
    """A cheap look before name tagging: 'by' / '由' or a verb of making anywhere in the sentence."""
    _by, verb = _study_maker()
    return bool(re.search(r"\bby\b|由", sentence, re.I) or verb.search(sentence))


def makes_the_study(sentence: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) of `sentence` is given as a study's author: after 'by' or
    '由', or right before a verb of making it ('ran', '组织')."""
    by, verb = _study_maker()
    return bool(by.search(sentence[:start]) or verb.match(sentence, end))


@lru_cache(maxsize=1)
def institution_words() -> frozenset[str]:
    """Words that end the name of an institution ('研究所', '实验室', '大学')."""
    return frozenset(_rules().get("zh_institution_words", []))


@lru_cache(maxsize=1)
def zh_surnames() -> frozenset[str]:
    return frozenset(_rules().get("zh_surnames", ""))


@lru_cache(maxsize=1)
def transliteration_chars() -> frozenset[str]:
    """The characters of the transliteration table (rules.toml zh_transliteration_chars)."""
    return frozenset(_rules().get("zh_transliteration_chars", ""))


def _alt(words: list[str], latin_bounds: bool = True) -> str:
    parts = []
    for w in sorted(words, key=len, reverse=True):
        e = re.escape(w).replace(r"\ ", r"\s+")
        if latin_bounds and w[:1].isascii() and w[:1].isalpha():
            e = r"(?<![A-Za-z])" + e
        if latin_bounds and w[-1:].isascii() and w[-1:].isalpha():
            e = e + r"(?![A-Za-z])"
        parts.append(e)
    return "|".join(parts)


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern]:
    r = _rules()
    data_subjects = _alt(r.get("zh_data_subjects", []) + r.get("en_data_subjects", []))
    data_verbs = _alt(r.get("data_verbs", []))
    # 说 starting 说明/说法/说服 and 称 starting 称为/称作/称呼/称号 are no speech verbs
    # 指 alone ('他指，……', Hong Kong usage) only right before a comma or colon
    special = {"说": "说(?![明法服])", "称": "称(?![为作呼号])", "指": "指(?=[，,：:])"}
    zh_verbs = "|".join(special.get(w, re.escape(w)) for w in sorted(r["zh_verbs"], key=len, reverse=True))
    return {
        # data as the subject of an evidence verb: '数据显示', 'the figures show'
        "data_subject": re.compile(rf"(?:{data_subjects})\s*(?:{data_verbs})(?![A-Za-z])", re.I),
        "zh_verb": re.compile(rf"(?<![小比虽据听])(?:{zh_verbs})"),
        "en_verb": re.compile(rf"\b(?:{_alt(r['en_verbs'])})\b", re.I),
        "zh_view": re.compile(_alt(r["zh_view_nouns"], False)),
        "en_view": re.compile(r"(?:(?<=[A-Za-z])['’]s|(?<=s)['’])\s+(?:[A-Za-z-]+\s+)?"
                              rf"(?:{_alt(r['en_view_nouns'])})", re.I),
        "zh_acc": re.compile(rf"(?<![数证依根])(?:{_alt(r['zh_according'], False)})"
                             rf"(?!{_alt(r['zh_according_impersonal'], False)})"),
        "anonymous": re.compile(r"\s*(?:知情人士|消息人士|业内人士|内部人士|匿名人士|有关人士|相关人士|消息|媒体报道|报道|"
                                r"people (?:familiar|close|briefed)|sources?\b|(?:a |an )?(?:person|people|insiders?|"
                                r"officials?) (?:familiar|close|with knowledge)|reports?\b|media reports)", re.I),
        "en_acc": re.compile(rf"(?:{_alt(r['en_according'])})\s+", re.I),
        "zh_p_person": re.compile(rf"(?:{_alt(r['zh_pronouns_person'], False)})(?![们們])|"
                                  rf"(?:{_alt(r['zh_role_ref_prefixes'], False)})(?:{_alt(r['zh_role_nouns'], False)})"),
        "zh_p_group": re.compile(_alt(r["zh_pronouns_group"], False)),
        "en_p_person": re.compile(rf"\b(?:{_alt(r['en_pronouns_person'])})\b|"
                                  rf"\b(?:{_alt(r['en_role_refs'])})\b(?!\s+(?:of|at|for|in)\b)", re.I),
        "en_p_group": re.compile(rf"(?:{_alt(r['en_pronouns_group'])})", re.I),
        "show_of": re.compile(rf"(?:['’]s|的)?\s*(?:{_alt(r['show_nouns'])})", re.I),
        "zh_first": re.compile(_alt(r["zh_first_person"], False)),
        "en_first": re.compile(rf"\b(?:{'|'.join(_first_person(w) for w in sorted(r['en_first_person'], key=len, reverse=True))})\b"),
        "en_self": re.compile(rf"\b(?:{_alt(r['en_self_report'])})\b", re.I),
        "zh_self": re.compile(_alt(r["zh_self_report"], False)),
        "en_model_ref": re.compile(rf"\b(?:{_alt(r['en_model_refs'])})\b", re.I),
        "zh_model_ref": re.compile(_alt(r["zh_model_refs"], False)),
    }


_SPEAKER_LINE = re.compile(r"^[ \t>*_]*(?P<name>[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,2}|[\u4e00-\u9fff·]{1,8})"
                           r"[ \t*_]*[:：][ \t*_]*$", re.M)
_SPEAKER_INLINE = re.compile(r"^[ \t>*_]*(?P<name>[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,2}|[\u4e00-\u9fff·]{1,6})"
                             r"[ \t*_]*[:：][ \t*_]*(?=\S)", re.M)
# a label that gives the speaker's role too, before the name or in brackets after it ('委员 钱淑芬：',
# '郑国栋（海川水务集团董事长）：', 'Ana Ruiz (CEO):'): a speaker label for sure
_SPEAKER_ROLE = re.compile(r"^[ \t>*_]*(?:(?P<role>[\u4e00-\u9fff]{2,12})[ \t\u3000]+)?"
                           r"(?P<name>[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,2}|[\u4e00-\u9fff·]{2,6})"
                           r"[ \t]*(?P<paren>[（(][^（）()\n]{1,40}[）)])?[ \t*_]*[:：][ \t*_]*(?=\S)", re.M)
_COLON = re.compile(r"[:：]")


@lru_cache(maxsize=1)
def _qa_line() -> re.Pattern:
    """The label opening a line of a Q&A ('Q: ...', 'A: ...', '问：……', '答：……'; rules.toml
    qa_question_labels, qa_answer_labels): group 'q' a question's."""
    r = _rules()
    return re.compile(rf"^[ \t>*_]*(?:(?P<q>{_alt(r['qa_question_labels'])})|{_alt(r['qa_answer_labels'])})"
                      r"[ \t*_]*[:：.][ \t*_]*(?=\S)", re.M)
_NOT_SPEAKERS = {"注意", "问题", "总结", "参考资料", "参考文献", "来源", "原文链接", "摘要", "结论", "提示", "例如", "比如",
                 "Note", "Source", "Sources", "Summary", "Title", "Update", "Editor", "Correction", "Related",
                 "References", "Q", "A", "问", "答", "快问快答", "Abstract", "Disclaimer", "TL", "TLDR", "PS"}


def _speaker_after(text: str, outlet: Agent, verbs: list[re.Match], pos: int, agents: list[Agent],
                   pronouns: list, lang: str, window: int) -> Agent | None:
    """Someone other than `outlet` named before a speech or estimate verb that comes after it and
    before the value."""
    for v in verbs:
        if outlet.start < v.start() < pos:
            a = _agent_before(text, v.start(), [x for x in agents if x.start > outlet.start], pronouns, lang, window)
            if isinstance(a, Agent) and a.id != outlet.id and a.name != outlet.name:
                return a
    return None


_TRAILING_SPEAKER = re.compile(r"^\s*(?P<who>[^。！？!?\n“”「」\"]{2,30}?)\s*(?:说|說|表示|指出|称|稱|补充道|補充道|强调|強調)\s*[。.！!]?\s*$")


def _titles() -> str:
    """The job titles (rules.toml zh_titles) as one alternation, longest first."""
    return "|".join(re.escape(t) for t in sorted(_rules().get("zh_titles", []), key=len, reverse=True))


@lru_cache(maxsize=1)
def _title_end() -> re.Pattern:
    return re.compile(rf"(?:{_titles()})$")


def ends_with_title(text: str, end: int) -> bool:
    """Whether text[:end] ends in a job title (rules.toml zh_titles): '……经济学家'."""
    return _title_end().search(text, max(0, end - 8), end) is not None


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    # the name: two or three characters after the title, before what the speaker did when
    # ('主任阮志衡日前接受本报专访时' -> '阮志衡')
    return re.compile(rf"(?:{_titles()})(?P<name>[\u4e00-\u9fff]{{2,3}}?)"
                      rf"(?:$|(?={_ZH_ADVERBS[:-1]}|在|接受|对|向|于|时)[\u4e00-\u9fff]*$)")


@lru_cache(maxsize=1)
def titled_name() -> re.Pattern:
    """A job title, then a name of two or three characters, then what the person did: a speech
    cue, 对/向/在/于, a time word, or a clause break (normalised text)."""
    r = _rules()
    cues = sorted({w for k in ("zh_verbs", "zh_according") for w in r.get(k, [])}, key=len, reverse=True)
    return re.compile(rf"(?:{_titles()})(?P<name>[\u4e00-\u9fff]{{2,3}}?)"
                      rf"(?={_ZH_ADVERBS[:-1]}|对|向|在|于|和|与|接受|带领|率领|领导|[，,（(：:、]|"
                      rf"{'|'.join(re.escape(c) for c in cues)})")


@lru_cache(maxsize=1)
def titled_long_name() -> re.Pattern:
    """A job title, then a transliterated name of four to six characters, then a clause break
    ('分析主管穆尔克罗夫特，把……')."""
    return re.compile(rf"(?:{_titles()})(?P<name>[\u4e00-\u9fff]{{4,6}})(?=[，,：:])")


def _name_after_title(who: str) -> str:
    """'研究所所長李明' -> '李明', '主任阮志衡日前接受本报专访时' -> '阮志衡' (Simplified titles match
    Traditional text after OpenCC)."""
    from claimtrack.textnorm import to_simplified

    m = _title_re().search(to_simplified(who))
    if m and m.group("name")[0] in zh_surnames():
        return who[m.start("name"):m.end("name")]
    return who


_BYLINE_LINE = re.compile(r"^[ \t*_]*(?:By|BY|by)[ \t]+(?P<en>[A-Z][\w'’.\-]+(?:[ \t]+[A-Z][\w'’.\-]+){1,2})[ \t*_]*$"
                          r"|^[ \t*_]*(?:文|作者|撰文|撰稿)[ \t]*[/／|｜:：][ \t]*(?P<zh>[\u4e00-\u9fff·]{2,8})[ \t*_]*$", re.M)


def byline_in_text(text: str) -> str | None:
    """The writer's name on a byline line, one of the first two lines of the text ('By Ana Ruiz',
    '文｜周雨桐', '作者：李明'), for pages whose byline is not in their metadata."""
    for line in [ln for ln in text[:600].split("\n") if ln.strip()][:2]:
        m = _BYLINE_LINE.fullmatch(line)
        if m:
            return m.group("en") or m.group("zh")
        if line.rstrip().endswith((".", "。", "!", "?", "！", "？")):
            break  # prose has begun (a heading may stand above a byline, a sentence may not)
    return None


_BULLET = re.compile(r"[ \t>]*(?:[-*•·–]|\d{1,2}[.)、])[ \t]+")
_ENDS_A_SENTENCE = (".", "。", "!", "?", "！", "？", "”", '"')


def _heading_above(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the heading line above the list whose line holds `pos`: the list's lines
    are bullets, the heading a short line above them (blank lines between) that ends no sentence."""
    ls = text.rfind("\n", 0, pos) + 1
    if not _BULLET.match(text, ls):
        return None
    i = ls
    for _ in range(40):
        if i <= 0:
            return None
        end = i - 1
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() and not _BULLET.match(line):
            ok = len(line.strip()) <= 80 and not line.rstrip().endswith(_ENDS_A_SENTENCE)
            return (start, end) if ok else None
        i = start
    return None


@dataclass
class DocContext:
    text: str
    index: EntityIndex
    mentions: list[Mention] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    qa_labels: list[tuple[int, str]] | None = None  # (line start, 'Q' or 'A') of a Q&A's lines, read on first use
    qa_starts: list[int] = field(default_factory=list)  # ... their line starts
    author: Agent | None = None
    publisher: Agent | None = None  # the organisation the site line names, when it is not the author
    byline: Agent | None = None  # the person who wrote the page (its byline, or the site line's name)
    extra_people: list[Agent] = field(default_factory=list)  # NER / jieba names found so far
    # the people the lead names, known or new: read on first use (lead()), by `lead_reader`
    lead_people: list[Agent] = field(default_factory=list)
    lead_reader: Callable[[], tuple[list[Agent], list[Agent]]] | None = None
    # the people NER / name tagging finds in text[start:end] (set by the extractor), for headings
    name_reader: Callable[[int, int], list[Agent]] | None = None
    headings: dict[int, Agent | None] = field(default_factory=dict)  # heading start -> its one person
    extra_agents: list[Agent] = field(default_factory=list)  # people and organisations, any order
    extra_orgs: list[Agent] = field(default_factory=list)  # NER organisations before 'the company', in order
    title_agents: list[Agent] = field(default_factory=list)  # people, then organisations, named in the title
    title_things: list[Mention] = field(default_factory=list)  # models and products with a maker, in the title
    date: str | None = None  # the document's date (who held a role then)
    label_names: dict[str, bool] = field(default_factory=dict)  # label_is_name, once per label
    sponsors: dict[int, Agent] = field(default_factory=dict)  # sentence start -> the study's author named next
    presenters: dict[int, Agent] = field(default_factory=dict)  # sentence start -> who presented it, named after
    role_holders: dict[int, Agent] = field(default_factory=dict)  # sentence start -> its unnamed role's holder, named after

    @classmethod
    def build(cls, text: str, index: EntityIndex, url: str = "", site: str | None = None,
              source_urls: list[str] | None = None, title: str | None = None,
              date: str | None = None, byline: str | None = None) -> DocContext:
        ctx = cls(text, index, date=date)
        ctx.mentions = index.mentions(text)
        ctx._index_mentions()
        ctx.turns = ctx._find_turns()
        ctx.author = ctx._find_author(url, site, source_urls or [])
        ctx.publisher = None if ctx.author is not None else ctx._site_names_org(site or "")
        ctx.byline = ctx._byline(byline or byline_in_text(text), site or "")
        ctx.title_agents = title_agents(title or "", index, date)
        ctx.title_things = [m for m in index.mentions(title or "")
                            if m.entity.kind in ("model", "product", "group") and m.entity.maker]
        return ctx

    # ------------------------------------------------------------ lookups (bisect: big documents stay linear)

    def _index_mentions(self) -> None:
        self._starts = [m.start for m in self.mentions]
        self._by_kind: dict[str, tuple[list[int], list[Mention]]] = {}
        for m in self.mentions:
            ks, ms = self._by_kind.setdefault(m.entity.kind, ([], []))
            ks.append(m.start)
            ms.append(m)
        self._extra_len = -1
        self._label_mentions: set[int] = set()
        self._sure_labels: set[str] = set()

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        return self.mentions[i:j]

    def opens_with_a_thing(self, start: int, name: str) -> bool:
        """Does a model, product or model family with a known maker open the name at `start`
        ('Claude Opus shows ...', 'the Claude Code team')? It is measured, it does not speak."""
        return any(m.start == start and m.entity.kind in ("model", "product", "group") and m.entity.maker
                   for m in self.mentions_between(start, start + len(name)))

    def _extra_starts(self) -> list[int]:
        if self._extra_len != len(self.extra_people):
            self.extra_people.sort(key=lambda a: a.start)
            self._extra_start_list = [a.start for a in self.extra_people]
            self._extra_len = len(self.extra_people)
        return self._extra_start_list

    def extra_between(self, start: int, end: int) -> list[Agent]:
        st = self._extra_starts()
        return self.extra_people[bisect.bisect_left(st, start):bisect.bisect_left(st, end)]

    # ------------------------------------------------------------ structure

    def agent_for_name(self, name: str, start: int = -1) -> Agent:
        ent = self.index.lookup(name) or self.index.misspelt_person(name)
        if ent is not None:
            return Agent(name, ent.id, ent.kind if ent.is_agent else "person", start)
        # a bare surname resolves to the last full name that ends with it
        for a in reversed(self.extra_people[-200:]):
            if a.name != name and (a.name.endswith(" " + name) or a.name.endswith("·" + name)
                                   or a.name.endswith(name) and len(a.name) > len(name) + 1):
                if start < 0 or a.start < start:
                    return Agent(name, a.id, a.kind, start)
        return Agent(name, slug(name), "person", start)

    def _find_turns(self) -> list[Turn]:
        labels, inline = self._speaker_labels()
        chosen = self._label_line_speakers(labels)
        standalone = {n for n, _ in ((n, 0) for _, n in chosen)}
        chosen += self._inline_speakers(inline, standalone)
        chosen.sort()
        if len({n for _, n in chosen}) < 2 and not any(self.index.lookup(n) for _, n in chosen):
            return []  # one label alone is more likely a section heading than an interview
        # mentions inside speaker labels name the speaker; 'he' in a turn never points at them
        for s, name in chosen:
            end = self.text.find("\n", s)
            for mention in self.mentions_between(s, s + len(name) + 8 if end < 0 else min(end, s + len(name) + 8)):
                self._label_mentions.add(mention.start)
        turns = []
        for i, (s, name) in enumerate(chosen):
            e = chosen[i + 1][0] if i + 1 < len(chosen) else len(self.text)
            turns.append(Turn(s, e, self.agent_for_name(name, s)))
        return turns

    def _speaker_labels(self) -> tuple[dict[str, list[tuple[int, int]]], dict[str, list[tuple[int, int]]]]:
        """Speaker labels by name, each with its (start, end) occurrences: label lines ('Lenny:'
        alone on its line) and inline labels ('Lenny: What is ...', ending at the name)."""
        labels: dict[str, list[tuple[int, int]]] = {}
        inline: dict[str, list[tuple[int, int]]] = {}
        # a label is a line start up to a colon: only lines with a colon are read
        text = self.text
        seen_line = -1
        for c in _COLON.finditer(text):
            ls = text.rfind("\n", 0, c.start()) + 1
            if ls == seen_line:
                continue
            seen_line = ls
            m = _SPEAKER_LINE.match(text, ls)
            if m:
                labels.setdefault(m.group("name").strip(), []).append((m.start(), m.end()))
            m = _SPEAKER_INLINE.match(text, ls)
            if m:
                inline.setdefault(m.group("name").strip(), []).append((m.start(), m.end("name")))
                continue
            m = _SPEAKER_ROLE.match(text, ls)
            if m and (m.group("role") or m.group("paren")):
                inline.setdefault(m.group("name").strip(), []).append((m.start(), m.end("name")))
                self._sure_labels.add(m.group("name").strip())
        return labels, inline

    def _label_line_speakers(self, labels: dict[str, list[tuple[int, int]]]) -> list[tuple[int, str]]:
        """(start, name) of the label lines that open turns: a name-like label seen twice or more,
        and then a label seen once that is surely a name."""
        chosen: list[tuple[int, str]] = []
        for name, occ in labels.items():
            if len(occ) >= 2 and name not in _NOT_SPEAKERS and self._namelike(name):
                chosen += [(s, name) for s, _ in occ]
        if chosen:
            # a label line seen once joins an interview whose other speaker is certain, when it is
            # a name for sure (known, or a capitalised Latin name: 'Lenny:'), never a heading word
            for name, occ in labels.items():
                if len(occ) == 1 and name not in _NOT_SPEAKERS and (
                        self.index.lookup(name) is not None or re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}", name)):
                    chosen += [(s, name) for s, _ in occ]
        return chosen

    def _inline_speakers(self, inline: dict[str, list[tuple[int, int]]], standalone: set[str]
                         ) -> list[tuple[int, str]]:
        """(start, name) of the inline labels that open turns, beside the names of label lines
        (`standalone`): a name-like label seen three times (twice when known), or twice in an
        interview whose other speaker is certain."""
        chosen: list[tuple[int, str]] = []
        confirmed = {n for n, occ in inline.items()
                     if n not in _NOT_SPEAKERS and self._namelike(n)
                     and (len(occ) >= 3 or (len(occ) >= 2 and (self.index.lookup(n) is not None
                                                                or n in self._sure_labels)))}
        for name, occ in inline.items():
            if name in standalone or name in _NOT_SPEAKERS or not self._namelike(name):
                continue
            # a label seen twice (once, when it gives a role) joins an interview whose other
            # speaker is certain
            if name in confirmed or ((len(occ) >= 2 or name in self._sure_labels) and (confirmed or standalone)):
                chosen += [(s, name) for s, _ in occ]
        return chosen

    def _namelike(self, name: str) -> bool:
        if self.index.lookup(name) is not None:
            return True
        if re.fullmatch(r"[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,2}", name):
            return True
        return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", name)) and name not in _NOT_SPEAKERS

    def _find_author(self, url: str, site: str | None, source_urls: list[str]) -> Agent | None:
        for u in [url, *source_urls]:
            try:
                host = urlparse(u).hostname or ""
            except ValueError:
                host = ""
            if host:
                ent = self.index.by_domain(host)
                if ent is not None and ent.is_agent:
                    return Agent(ent.names[0], ent.id, ent.kind)
        if site:
            ent = self.index.lookup(site)
            if ent is not None and ent.kind == "org":
                return Agent(site, ent.id, ent.kind)
        return None

    def _site_names_org(self, site: str) -> Agent | None:
        """The one organisation a site line names inside it ('vuink.com (mirror of anthropic.com)',
        'Example Institute / Forum mirror (A. Writer)'): whose 'we' the page's own words are."""
        found: dict[str, Agent] = {}
        for m in self.index.mentions(site):
            if m.entity.kind == "org":
                found.setdefault(m.entity.id, Agent(m.entity.names[0], m.entity.id, "org"))
        for host in re.findall(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", site.lower()):
            ent = self.index.by_domain(host)
            if ent is not None and ent.kind == "org":
                found.setdefault(ent.id, Agent(ent.names[0], ent.id, "org"))
        return next(iter(found.values())) if len(found) == 1 else None

    def _byline(self, byline: str | None, site: str) -> Agent | None:
        """The writer: the page's byline, else a name in brackets on its site line ('Forum (A.
        Writer)'); a person the entities file knows, or two or three capitalised words."""
        names = [byline.strip()] if byline and byline.strip() else re.findall(r"[(（]([^()（）]{3,40})[)）]\s*$", site)
        for name in names:
            ent = self.index.lookup(name)
            if ent is not None:
                return Agent(ent.names[0], ent.id, ent.kind) if ent.kind == "person" else None
            if _BYLINE_NAME.fullmatch(name) and may_be_agent(name):
                return Agent(name, slug(name), "person")
        return None

    def lead(self) -> list[Agent]:
        """The people the lead names; the first call reads the lead (NER / name tagging, the same
        whichever claim asks first) and adds its people and organisations to those found so far."""
        if self.lead_reader is not None:
            reader, self.lead_reader = self.lead_reader, None
            self.lead_people, orgs = reader()
            self.extra_people.extend(self.lead_people)
            self.extra_orgs.extend(orgs)
            self.extra_orgs.sort(key=lambda a: a.start)
        return self.lead_people

    def heading_person(self, pos: int) -> Agent | None:
        """The one person the heading above a list names, for a line of that list ('What Ana Ruiz
        said' then '- Capacity: ...'; '周维廷谈了什么：' then '- 产能：……'): the list's lines are theirs."""
        span = _heading_above(self.text, pos)
        if span is None:
            return None
        if span[0] not in self.headings:
            people = {m.entity.id: Agent(m.name, m.entity.id, "person", m.start)
                      for m in self.mentions_between(*span) if m.entity.kind == "person"}
            if not people and self.name_reader is not None:
                people = {a.id or a.name: a for a in self.name_reader(*span) if a.kind == "person"}
            self.headings[span[0]] = next(iter(people.values())) if len(people) == 1 else None
        return self.headings[span[0]]

    def main_org(self, pos: int) -> Agent | None:
        """The organisation named most often before `pos` ('the company', '该公司')."""
        ks, ms = self._by_kind.get("org", ([], []))
        n = bisect.bisect_left(ks, pos)
        if n == 0:
            self.lead()
            # no organisation the entities file knows: the last one NER found in the sentences before
            before = [a for a in self.extra_orgs if a.start < pos]
            return before[-1] if before else None
        counts: dict[str, int] = {}
        for m in ms[:n]:
            counts[m.entity.id] = counts.get(m.entity.id, 0) + 1
        best = max(counts, key=lambda k: (counts[k], max(m.start for m in ms[:n] if m.entity.id == k)))
        m = [m for m in ms[:n] if m.entity.id == best][-1]
        return Agent(m.name, m.entity.id, "org", m.start)

    def other_speaker(self, turn: Turn) -> Agent | None:
        """The nearest speaker before (else after) `turn` who is not its speaker."""
        i = self.turns.index(turn)
        for t in list(reversed(self.turns[:i])) + self.turns[i + 1:]:
            if t.speaker.id != turn.speaker.id:
                return t.speaker
        return None

    def next_sentence_text(self, pos: int) -> tuple[int, str | None]:
        """(start, text) of the sentence right after offset `pos` on the same or the next line."""
        rest = self.text[pos:pos + 80]
        m = re.match(r"[ \t]*\n?[ \t]*([^。！？!?\n]*[。！？!?]?)", rest)
        if m and m.group(1).strip():
            return pos + m.start(1), m.group(1)
        return pos, None

    def qa_line(self, pos: int) -> str | None:
        """'Q' or 'A' when `pos` stands in a question or an answer of a Q&A (a page with both
        'Q:' and 'A:' lines, or 问：/答：): the label of the last such line before it."""
        if self.qa_labels is None:
            found = [(m.start(), "Q" if m.group("q") else "A") for m in _qa_line().finditer(self.text)]
            self.qa_labels = found if {k for _, k in found} == {"Q", "A"} else []
            self.qa_starts = [st for st, _ in self.qa_labels]
        if not self.qa_labels:
            return None
        i = bisect.bisect_right(self.qa_starts, pos) - 1
        return self.qa_labels[i][1] if i >= 0 else None

    def qa_guest(self) -> Agent | None:
        """Who answers a Q&A's questions: the one person its title names, else the first its lead
        names in full (whom the introduction is about; a one-word 'person' of NER's is often a
        place or a thing)."""
        people = [a for a in self.title_agents if a.kind == "person"]
        if len(people) == 1:
            return people[0]
        lead = sorted((a for a in self.lead() if " " in a.name.strip() or not a.name.isascii()), key=lambda a: a.start)
        return lead[0] if lead else None

    def turn_at(self, pos: int) -> Turn | None:
        if not self.turns:
            return None
        i = bisect.bisect_right([t.start for t in self.turns], pos) - 1
        if i >= 0 and self.turns[i].start <= pos < self.turns[i].end:
            return self.turns[i]
        return None

    def last_known_person(self, pos: int) -> Agent | None:
        """The last person the entities file knows named before `pos` (outside speaker labels).
        Known names only: the names NER finds depend on which sentences were parsed."""
        ks, ms = self._by_kind.get("person", ([], []))
        i = bisect.bisect_left(ks, pos) - 1
        while i >= 0 and ms[i].start in self._label_mentions:
            i -= 1
        return Agent(ms[i].name, ms[i].entity.id, "person", ms[i].start) if i >= 0 else None

    def last_agent(self, pos: int, kind: str, floor: int = 0) -> Agent | None:
        """The last person (or org) mentioned before `pos`: full names and aliases, then NER names."""
        best: Agent | None = None
        ks, ms = self._by_kind.get(kind, ([], []))
        i = bisect.bisect_left(ks, pos) - 1
        while i >= 0 and ms[i].start in self._label_mentions:
            i -= 1
        if i >= 0 and ms[i].start >= floor:
            m = ms[i]
            best = Agent(m.name, m.entity.id, kind, m.start)
        if kind == "person":
            st = self._extra_starts()
            j = bisect.bisect_left(st, pos) - 1
            if j >= 0 and self.extra_people[j].start >= floor and (best is None or st[j] > best.start):
                best = self.extra_people[j]
        return best


def title_agents(title: str, index: EntityIndex, date: str | None = None) -> list[Agent]:
    """The people, then the organisations, a title names, each once, in the order written. Only
    names the entities file knows: a title-case headline makes any two capitalised words look
    like a name ('Safety Cannot', 'Binance Square'). A role of an organisation names the person
    who held it on `date` ('Anthropic CEO warns ...' names Dario Amodei). Offsets are -1: the
    title is not the text."""
    show = _res()["show_of"]
    known = [Agent(m.name, m.entity.id, m.entity.kind, m.start) for m in index.mentions(title)
             if m.entity.is_agent and not show.match(title, m.end)]
    holders = _role_holders(title, known, index, date)
    out: list[Agent] = []
    seen: set[str] = set()
    for kind in ("person", "org"):
        for a in sorted(known + holders, key=lambda a: a.start):
            if a.kind == kind and a.id not in seen:
                seen.add(a.id or "")
                out.append(Agent(a.name, a.id, kind))
    return out


@lru_cache(maxsize=1)
def _title_cues() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    r = _rules()
    before = re.compile(rf"(?:^|[\s|:：—–-])(?:{_alt(r['en_title_cues'])})\s*[:：,-]?\s*$", re.I)
    own = _alt(r["en_title_after"] + r["zh_title_after"])
    after = re.compile(rf"^(?:\s*[:：]|\s+(?:{_alt(r['en_verbs'])}|on)\b|\s*(?:{own}))", re.I)
    zh = re.compile(_alt(r["zh_title_cues"], False))
    return before, after, zh


_TWO_CAPITALS = re.compile(r"[A-Z][\w'’.-]+\s+[A-Z][\w'’.-]+")


def may_name_a_speaker(title: str) -> bool:
    """A cheap look before NER: two capitalised words right after an interview label or right
    before a speech verb, 'on', a colon or 'in her own words'."""
    before, after, _zh = _title_cues()
    return any(before.search(title[:m.start()]) or after.match(title[_name_end(m):])
               for m in _TWO_CAPITALS.finditer(title))


def _name_end(m: re.Match) -> int:
    """Where a capitalised name matched with its possessive ends, without it ("Ryan Kidd's")."""
    return m.end() - 2 if m.group(0).endswith(("'s", "’s")) else m.end()


def cued_title_names(title: str) -> list[tuple[int, str]]:
    """(offset, name) of the capitalised runs of two or three words a strong cue marks as a
    person's name: an interview label or 'quotes from' before it, 'in her own words' after it
    ('Interview with Tove Aalberg', 'Tove Aalberg in her own words'). For the titles where NER
    sees no person; a colon or a verb after a run is too weak alone (a title-case headline)."""
    r = _rules()
    before, _after, _zh = _title_cues()
    own = re.compile(rf"^\s*(?:{_alt(r['en_title_after'])})", re.I)
    out = []
    for m in _TITLE_NAME.finditer(title):
        end = _name_end(m)
        name = title[m.start():end]
        if (before.search(title[:m.start()]) or own.match(title[end:])) and may_be_agent(name) \
                and name.split()[0] not in _not_name_words() and not org_shaped(name, title[end:]):
            out.append((m.start(), name))
    return out


_TITLE_NAME = re.compile(r"(?<![\w'’])[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){1,2}(?![\w'’])")


def named_in_title(title: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) of a title stands where a title names a speaker: after an
    interview label, or before a speech verb, 'on', a colon or words that collect their own words
    (rules.toml en_title_cues, en/zh_title_after)."""
    before, after, zh = _title_cues()
    if before.search(title[:start]) or after.match(title[end:]):
        return True
    return bool(zh.search(title[max(0, start - 4):start])) or title[end:end + 1] in ("：", ":")


def label_is_name(label: str, ctx: DocContext) -> bool:
    """Does the 'X:' label of a line name someone? A name the entities file knows does, and so
    does a Chinese name; a Latin label of one word only when the document also writes it as part
    of a longer capitalised name ('Lenny:' beside 'Lenny Rachitsky'). 'Trigger:', 'Key finding:'
    name nobody."""
    label = label.strip()
    if ctx.index.lookup(label) is not None:
        return True
    if not label.isascii():
        return label not in _NOT_SPEAKERS
    words = label.split()
    if len(words) > 1:
        return all(w[:1].isupper() for w in words) and not set(words) & _not_name_words()
    if label not in ctx.label_names:  # one scan of the document per label, not per claim
        w = re.escape(label)
        ctx.label_names[label] = bool(re.search(rf"\b{w}\s+[A-Z][a-z]+|\b[A-Z][a-z]+\s+{w}\b", ctx.text))
    return ctx.label_names[label]


# ---------------------------------------------------------------- one value

_QUOTE_PAIRS = [("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'), ("‘", "’")]


def _enclosing_quote(sentence: str, pos: int) -> int | None:
    """Offset of the opening quotation mark around `pos`, if the value is quoted speech."""
    for o, c in _QUOTE_PAIRS:
        if o == c:
            idx = [i for i, ch in enumerate(sentence) if ch == o]
            opens = [i for k, i in enumerate(idx) if k % 2 == 0 and i < pos]
            for i in opens:
                k = idx.index(i)
                close = idx[k + 1] if k + 1 < len(idx) else len(sentence)
                if i < pos < close:
                    return i
        else:
            i = sentence.rfind(o, 0, pos)
            if i >= 0:
                j = sentence.find(c, i + 1)
                if j == -1 or j > pos:
                    return i
    return None


def strip_speech(text: str) -> str:
    """Chinese text without its speech verbs and pronouns (what is left says what is measured)."""
    res = _res()
    text = res["zh_verb"].sub(" ", text)
    return re.sub(r"[我你您他她它][们們]?|本人|估计|数字|概率|可能性", " ", text)


def _closing_quote(sentence: str, open_pos: int) -> int | None:
    o = sentence[open_pos]
    c = dict(_QUOTE_PAIRS).get(o, o)
    j = sentence.find(c, open_pos + 1)
    return j if j >= 0 else None


def _agents_in(sentence: str, offset: int, ctx: DocContext, extra: list[Agent]) -> list[Agent]:
    """Person and organisation mentions inside a sentence (sentence-relative starts)."""
    out = []
    for m in ctx.mentions_between(offset, offset + len(sentence)):
        if m.entity.is_agent:
            out.append(Agent(m.name, m.entity.id, m.entity.kind, m.start - offset))
    for a in list(extra) + ctx.extra_between(offset, offset + len(sentence)):
        if offset <= a.start < offset + len(sentence):
            if not any(o.start <= a.start - offset < o.start + len(o.name) for o in out):
                out.append(Agent(a.name, a.id, a.kind, a.start - offset))
    out += _role_holders(sentence, out, ctx.index, ctx.date)
    out.sort(key=lambda a: a.start)
    return out


@lru_cache(maxsize=1)
def _role_res() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    roles: dict[str, list[str]] = _rules().get("roles", {})
    key = {w.lower(): r for r, words in roles.items() for w in words}
    alt = _alt([w for words in roles.values() for w in words])
    after = re.compile(rf"\s*(?:'s|’s|的)?\s*(?P<role>{alt})", re.I)
    before = re.compile(rf"(?P<role>{alt})\s+(?:of|at)\s+$", re.I)
    return after, before, key


def _role_holders(sentence: str, agents: list[Agent], index: EntityIndex, date: str | None) -> list[Agent]:
    """'Anthropic CEO', "Anthropic's chief executive", 'CEO of Anthropic', 'Anthropic 首席执行官':
    the person the entities file says held that role on the document's date, as a person
    mentioned where the role is written (a name written after the role is nearer still)."""
    after, before, key = _role_res()
    out = []
    for a in agents:
        if a.kind != "org" or a.id is None or a.start < 0:
            continue
        m = after.match(sentence, a.start + len(a.name))
        if m is None:
            m = before.search(sentence, max(0, a.start - 40), a.start)
        if m is None:
            continue
        role = key[m.group("role").lower()]
        if role == "spokesperson":  # speaks with the organisation's voice
            out.append(Agent(a.name, a.id, "person", m.start("role")))
            continue
        holder = index.holder(role, a.id, date)
        if holder is not None:
            out.append(Agent(holder.names[0], holder.id, "person", m.start("role")))
    return out


def _first_person(word: str) -> str:
    """'i' only as 'I' (a lone lower-case i is a typo or a variable, rarely the writer); any other
    word in either case of its first letter ('We estimate ...' opens a sentence)."""
    rest = re.escape(word[1:])
    return f"I{rest}" if word[0] == "i" else f"[{word[0].upper()}{word[0]}]{rest}"


def _pronoun_agents(sentence: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of pronouns: kind first | person | group."""
    res = _res()
    out = []
    if lang == "zh":
        for m in res["zh_first"].finditer(sentence):
            out.append((m.start(), m.end(), "first"))
        for m in re.finditer(r"[你您](?!们|們)", sentence):
            out.append((m.start(), m.end(), "second"))
        for m in res["zh_p_group"].finditer(sentence):
            # '该公司', '该研究所': one organisation named before; '他们': whoever was last
            out.append((m.start(), m.end(), "group" if m.group(0) in ("他们", "她们") else "company"))
        for m in res["zh_p_person"].finditer(sentence):
            out.append((m.start(), m.end(), "person"))
    else:
        for m in res["en_first"].finditer(sentence):
            out.append((m.start(), m.end(), "first"))
        for m in re.finditer(r"\b(?:you|You)(?:'ve| have)?\b", sentence):
            out.append((m.start(), m.end(), "second"))
        for m in res["en_p_group"].finditer(sentence):
            out.append((m.start(), m.end(), "group" if m.group(0).lower() == "they" else "company"))
        for m in res["en_p_person"].finditer(sentence):
            out.append((m.start(), m.end(), "person"))
    return out


def refers_to_a_person(sentence: str, lang: str) -> bool:
    """Does the (folded) sentence refer to a person by a pronoun or a role ('she', 'the
    economist', '这位经济学家')? Then the sentences before may name them."""
    return bool(_res()["zh_p_person" if lang == "zh" else "en_p_person"].search(sentence))


def says_before(text: str, end: int) -> bool:
    """Is there a speech or estimate verb in text[:end] (either language)?"""
    res = _res()
    return bool(res["zh_verb"].search(text, 0, end) or res["en_verb"].search(text, 0, end))


def names_company(sentence: str, lang: str) -> bool:
    """Does the sentence say 'the company' / '该公司' (an organisation named before it)?"""
    return any(k == "company" for _, _, k in _pronoun_agents(sentence, lang))


def _singular_first(text: str, pos: int) -> bool:
    """Is the first-person pronoun at `pos` singular ('I', 'my', '我', '本人'; not '我们')?"""
    if text.startswith(("I", "my", "My", "本人"), pos):
        return True
    return text.startswith("我", pos) and not text.startswith(("我们", "我們"), pos)


_REF_ARTICLE = re.compile(r"^(?:the\s+|该|這個|这个|这家|這家|此)", re.I)


def _org_by_head(word: str, abs_pos: int, ctx: DocContext) -> Agent | None:
    """The last organisation named before `abs_pos` whose name holds the noun of 'the alliance' /
    '该联盟' (alliance, 联盟): a survey or a programme named in between is not what it refers to."""
    head = _REF_ARTICLE.sub("", word.strip()).lower()
    if len(head) < 2 or head in ("company", "firm", "group", "公司"):
        return None  # (any company: the one named most, main_org)
    ctx.lead()
    found = [Agent(m.name, m.entity.id, "org", m.start) for m in ctx._by_kind.get("org", ([], []))[1]
             if m.start < abs_pos and head in m.name.lower()]
    found += [a for a in ctx.extra_orgs + ctx.extra_agents if a.kind == "org" and 0 <= a.start < abs_pos
              and head in a.name.lower()]
    return max(found, key=lambda a: a.start) if found else None


def _resolve_pronoun(kind: str, abs_pos: int, ctx: DocContext, quote_speaker: Agent | None,
                     word: str = "") -> Agent | None:
    if kind in ("company", "group") and word:
        by_head = _org_by_head(word, abs_pos, ctx)
        if by_head is not None:
            return by_head
    if kind == "first":
        if quote_speaker is not None:
            return quote_speaker
        t = ctx.turn_at(abs_pos)
        if t is not None:
            return t.speaker
        if ctx.qa_line(abs_pos) == "A":
            return ctx.qa_guest()
        if _singular_first(ctx.text, abs_pos):  # 'I estimate': the writer; 'we': the house
            return ctx.author or ctx.byline or ctx.publisher
        return ctx.author or ctx.publisher or ctx.byline
    if kind == "second":
        # in an interview, 'you said ...' is the other speaker's claim
        t = ctx.turn_at(abs_pos)
        if t is None:
            return None
        return ctx.other_speaker(t)
    if kind == "person":
        ctx.lead()
        return ctx.last_agent(abs_pos, "person")
    if kind == "group":
        return ctx.last_agent(abs_pos, "org") or ctx.author
    if kind == "company":
        return ctx.main_org(abs_pos) or ctx.author
    return None


_RELATIVE = re.compile(r",\s+(?:who|which|whose)\b[^,;:]*,")
_ZH_STOPS = ("，", ",", "。", "；", ";", "：", ":", "！", "!", "？", "?", "\n")
_ZH_AND = re.compile(r"\s*(?:并且|并|还|随后|同时|进而|也)\s*")


def _clause_start_before(sentence: str, verb_pos: int, lang: str, window: int) -> int:
    """Where the clause of the verb at `verb_pos` starts, at most `window` characters before it."""
    lo = max(0, verb_pos - window)
    seg = sentence[lo:verb_pos]
    stop = max(seg.rfind(c) for c in _ZH_STOPS) if lang == "zh" \
        else max(seg.rfind(c) for c in (".", ";", ":", "!", "?", "\n", "“", "\""))
    if stop >= 0 and lang == "zh" and seg[stop] in "，," and _ZH_AND.fullmatch(seg, stop + 1):
        # '菲什探讨了……，并认为': a second predicate of the same subject, the clause before it
        stop = max(seg.rfind(c, 0, stop) for c in _ZH_STOPS)
    return lo + stop + 1 if stop >= 0 else lo


def _agent_before(sentence: str, verb_pos: int, agents: list[Agent], pronouns: list[tuple[int, int, str]],
                  lang: str, window: int) -> Agent | tuple[int, int, str] | None:
    """Nearest person (else org, else pronoun) before a verb, in the same clause."""
    lo = _clause_start_before(sentence, verb_pos, lang, window)
    # a name inside a relative clause is no subject of the verb ('Harrowgate Research, which ran the
    # poll for the Civic Compass Foundation, found ...': Harrowgate)
    inner = [(m.start(), m.end()) for m in _RELATIVE.finditer(sentence, lo, verb_pos)] if lang == "en" else []
    cands: list[Agent] = [a for a in agents if lo <= a.start < verb_pos
                          and not any(s < a.start < e for s, e in inner)
                          and not (lang == "zh" and addressed(sentence, a.start))]
    persons = [a for a in cands if a.kind == "person"]
    prons = [p for p in pronouns if lo <= p[0] < verb_pos]
    best_named = persons[-1] if persons else (cands[-1] if cands else None)
    best_pron = prons[-1] if prons else None
    if best_named is not None and (best_pron is None or best_named.start >= best_pron[0]
                                   or best_named.kind == "person"):
        return best_named
    return best_pron or best_named


@lru_cache(maxsize=1)
def _addressee() -> re.Pattern:
    # who is spoken to, not who speaks: '对市人大代表表示', '向张三透露' (the speaker stands before);
    # not '针对', '面对' (rules.toml zh_addressee_before)
    return re.compile(rf"(?<![针面绝相])(?:{_alt(_rules()['zh_addressee_before'], False)})[市省县區区]?$")


def addressed(sentence: str, at: int) -> bool:
    """Is the Chinese name at `at` the one spoken to ('对市人大代表表示', '向张三透露')?"""
    return _addressee().search(sentence, max(0, at - 3), at) is not None


_EN_CAP_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){0,2}"
# auxiliaries and adverbs between a name and its verb: 'Okafor has put', 'Birch also said'
_EN_AUX = r"(?:\s+(?:has|had|have|also|now|once|previously|recently|reportedly|would|will|then|later|even))*"
_EN_NAME_BEFORE_VERB = re.compile(rf"[,\"”]\s*[\"”]?\s*(?P<n>{_EN_CAP_NAME}){_EN_AUX}\s+$")
_EN_NAME_AFTER_VERB = re.compile(rf"\s+(?P<n>{_EN_CAP_NAME})\b")
_EN_NAME_OPENS = re.compile(rf"\s*[\"“]?(?P<n>{_EN_CAP_NAME}){_EN_AUX}\s+$")


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    return frozenset(_rules().get("en_not_name_words", []))


@lru_cache(maxsize=1)
def _pronoun_words() -> frozenset[str]:
    r = _rules()
    return frozenset(w for k in ("en_first_person", "en_pronouns_person", "en_pronouns_group", "en_pronouns_other")
                     for w in r[k] if " " not in w)


def _is_pronoun(name: str) -> bool:
    """'My estimate is ...', 'Our forecast puts ...': a capitalised pronoun at a verb is nobody's name."""
    return name.lower() in _pronoun_words()


def _name_at_verb(text: str, v: re.Match, back: int) -> re.Match | None:
    """A capitalised name right at the speech verb `v`: '"...," Birch said', '..., said Birch',
    'Birch tweeted that ...' (`back`: how far before the verb the name and its quote may start)."""
    m = _EN_NAME_BEFORE_VERB.search(text, max(0, v.start() - back), v.start())
    if m is None and re.search(r"[,\"”]\s*[\"”]?\s*$", text[max(0, v.start() - 4):v.start()]):
        m = _EN_NAME_AFTER_VERB.match(text, v.end())
    if m is None:
        m = _EN_NAME_OPENS.fullmatch(text, 0, v.start())
    return m


def _bare_name_at_verb(text: str, v: re.Match, sent_start: int, ctx: DocContext) -> Agent | None:
    """The claimant named by a capitalised name at a speech verb that NER did not tag (a bare surname
    mostly): the last full name ending in it, else itself."""
    m = _name_at_verb(text, v, 60)
    if m is None:
        return None
    name = m.group("n")
    if name.split()[0] in _not_name_words() or not may_be_agent(name) or _is_pronoun(name):
        return None
    if ctx.opens_with_a_thing(sent_start + m.start("n"), name):
        return None
    return ctx.agent_for_name(name, sent_start + m.start("n"))


# adverbs between a Chinese name and its verb: '奥卡福此前曾表示', '辛顿也认为'
_ZH_ADVERBS = "(?:此前|之前|早前|曾经|曾|也|还|则|更|又|再次|一再|多次|随后|后来|日前|近日|今天|昨天)*"


@lru_cache(maxsize=1)
def _zh_bare_name() -> re.Pattern:
    return re.compile(rf"(?:^|(?<=[，,。；;：:\s」”\"]))(?P<n>[\u4e00-\u9fff]{{2,5}}?){_ZH_ADVERBS}(?={zh_cue().pattern})")


def bare_zh_name_at_verb(text: str, v: re.Match, sent_start: int, ctx: DocContext) -> Agent | None:
    """A Chinese name standing alone before the speech verb `v` ('奥卡福此前曾表示') that is the
    surname of a full name named before in the document ('米里亚姆·奥卡福'): that person. Nothing is
    guessed: a word no earlier full name ends in is no one."""
    for m in _zh_bare_name().finditer(text):
        if m.end() > v.start() or not re.fullmatch(_ZH_ADVERBS, text[m.end("n"):v.start()]):
            continue
        name = m.group("n")
        a = ctx.agent_for_name(name, sent_start + m.start("n"))
        if a.id != slug(name):
            return a
    return None


def zh_bare_name_at_cue(sentence: str) -> bool:
    """Does a Chinese sentence name someone by a bare word before a speech verb ('奥卡福表示'), a word
    jieba's dictionary does not know as anything but a name ('研究显示' does not)? Their full name may
    stand in a sentence before."""
    from nlp import segmenter

    for m in _zh_bare_name().finditer(sentence):
        tag = segmenter.tag(m.group("n"))
        if tag is None or tag.startswith("nr"):
            return True
    return False


def bare_surname_at_verb(sentence: str) -> bool:
    """Does an English sentence name someone by one capitalised word at a speech verb
    ('"...," Birch said')? Their full name may stand in a sentence before."""
    for v in _res()["en_verb"].finditer(sentence):
        m = _name_at_verb(sentence, v, 30)
        if m is not None and " " not in m.group("n") and m.group("n") not in _not_name_words():
            return True
    return False


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)(?:\s*年)?")
