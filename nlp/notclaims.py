"""What is not a claim: hypotheticals, analogies, questions, negated or dismissed values,
model names and versions, small narrative counts, fragments, headings and reference lists.

Word lists live in nlp/rules.toml; the functions here say where they apply.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.numbers import ValueMention, _minor_count

RULES_PATH = Path(__file__).with_name("rules.toml")

# Model names and versions: numbers in them are never values ("Claude Opus 4.1", "GPT-3", "Sonnet 3.6",
# "Opus 4 和 4.1", "Claude 3、Claude 3.5").
_MODEL_FAMILY = (r"(?<![A-Za-z])(?:Claude|GPT|ChatGPT|Opus|Sonnet|Haiku|Gemini|Gemma|Llama|LLaMA|Qwen|DeepSeek|Mistral|Mixtral|"
                 r"Grok|Kimi|Phi|PaLM|Bard|豆包|文心一言|通义千问|混元|Ernie|GLM|ChatGLM|Yi|Baichuan|MiniMax|"
                 r"Sora|DALL-E|Midjourney|Stable Diffusion|AlphaGo|AlphaFold|Transformer|BERT|T5)")
MODEL_NAME = re.compile(
    r"(?<![A-Za-z])o[1-9](?:-mini|-pro)?(?![A-Za-z0-9])|" + _MODEL_FAMILY + r"(?:[\s\-]?(?:Opus|Sonnet|Haiku|Pro|Flash|Turbo|mini|Ultra|Nano|Max|Plus))?"
    r"[\s\-]?v?\d+(?:\.\d+)*(?![\d.]|\s*(?:%|％|percent|倍|times|x\b|X\b|×))(?:[a-z]\b)?(?:[\s\-]?(?:Opus|Sonnet|Haiku|Pro|Flash|Turbo|mini|Ultra|Nano|Max|Plus|"
    r"Instruct|Chat|Coder|R1|V3))?"
    r"(?:\s*(?:和|与|、|,|，|/|and|or|to|到)\s*(?:(?:Claude|Opus|Sonnet|Haiku)\s*)?\d+(?:\.\d+)?(?![%％倍\dxX×.]|\s*(?:%|倍|times|percent|x\b)))*",
)
_VERSIONISH = re.compile(r"\b[vV]\d+(?:\.\d+)+\b|\b\d+\.\d+\.\d+\b")


@dataclass(frozen=True)
class NotClaimRules:
    hypothetical: tuple[str, ...]
    not_hypothetical: tuple[str, ...]
    ask_conditions: tuple[str, ...]
    inaction_negations: tuple[str, ...]
    inaction_actions: tuple[str, ...]
    status_quo: tuple[str, ...]
    analogy: tuple[str, ...]
    argument_frames: tuple[str, ...]
    negations: tuple[str, ...]
    ruled_out: tuple[str, ...]
    ruled_out_denied: tuple[str, ...]
    reference_points: tuple[str, ...]
    conversion_before: tuple[str, ...]
    dismissive_after: tuple[str, ...]
    hearsay_after: tuple[str, ...]
    denials: tuple[str, ...]
    aside_hedges: tuple[str, ...]
    reference_headings: tuple[str, ...]
    sample_before: tuple[str, ...]
    sample_after: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> NotClaimRules:
    with open(RULES_PATH, "rb") as f:
        r = tomllib.load(f)["not_claims"]
    return NotClaimRules(
        hypothetical=tuple(r["zh_hypothetical"] + r["en_hypothetical"]),
        not_hypothetical=tuple(r["zh_not_hypothetical"] + r["en_not_hypothetical"]),
        ask_conditions=tuple(r.get("zh_ask_conditions", []) + r.get("en_ask_conditions", [])),
        inaction_negations=tuple(r["zh_inaction_negations"] + r["en_inaction_negations"]),
        inaction_actions=tuple(r["zh_inaction_actions"] + r["en_inaction_actions"]),
        status_quo=tuple(r["zh_status_quo"] + r["en_status_quo"]),
        analogy=tuple(r["zh_analogy"] + r["en_analogy"]),
        argument_frames=tuple(r["zh_argument_frames"] + r["en_argument_frames"]),
        negations=tuple(r["zh_negations"] + r["en_negations"]),
        ruled_out=tuple(r["zh_ruled_out"] + r["en_ruled_out"]),
        ruled_out_denied=tuple(r["zh_ruled_out_denied"] + r["en_ruled_out_denied"]),
        reference_points=tuple(r["zh_reference_points"] + r["en_reference_points"]),
        conversion_before=tuple(r["zh_conversion_before"] + r["en_conversion_before"]),
        dismissive_after=tuple(r["zh_dismissive_after"] + r["en_dismissive_after"]),
        hearsay_after=tuple(r.get("zh_hearsay_after", [])),
        denials=tuple(r.get("zh_denials", [])),
        aside_hedges=tuple(r["zh_aside_hedges"] + r["en_aside_hedges"]),
        reference_headings=tuple(h.lower() for h in r["reference_headings"]),
        sample_before=tuple(r["zh_sample_before"] + r["en_sample_before"]),
        sample_after=tuple(r["zh_sample_after"] + r["en_sample_after"]),
    )


def _word_re(words: tuple[str, ...]) -> re.Pattern:
    """Any of `words` (case-insensitive; Latin words whole). One branch per first character behind
    a first-character lookahead: the scan skips other characters at C speed and tries only the
    words that can start where it stands, longest first as before."""
    groups: dict[str, list[str]] = {}
    for w in sorted((w for w in words if w), key=len, reverse=True):
        e = re.escape(w[1:]).replace(r"\ ", r"\s+")
        if w[-1:].isascii() and w[-1:].isalpha():
            e = e + r"(?![A-Za-z])"
        groups.setdefault(w[0].lower(), []).append(e)
    if not groups:
        return re.compile(r"(?!x)x")
    branches = []
    for first, rests in groups.items():
        guard = r"(?<![A-Za-z])" if first.isascii() and first.isalpha() else ""
        branches.append(guard + re.escape(first) + "(?:" + "|".join(rests) + ")")
    head = "".join(re.escape(c) for c in sorted(groups))
    return re.compile(f"(?=[{head}])(?:" + "|".join(branches) + ")", re.IGNORECASE)


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern]:
    r = rules()
    return {
        "hyp": _word_re(r.hypothetical),
        "not_hyp": _word_re(r.not_hypothetical),
        "hearsay": _word_re(r.hearsay_after),
        "sample_before": _word_re(r.sample_before),
        "sample_after": _word_re(r.sample_after),
        "denial": _word_re(r.denials),
        "ask": _word_re(r.ask_conditions),
        "inaction_neg": _word_re(r.inaction_negations),
        "inaction_act": _word_re(r.inaction_actions),
        "status_quo": _word_re(r.status_quo),
        "analogy": _word_re(r.analogy),
        "frame": _word_re(r.argument_frames),
        "neg": re.compile(r"(?:" + _word_re(r.negations).pattern + r")\s*(?:a|an|the|是)?\s*$", re.IGNORECASE),
        "neg_any": _word_re(r.negations),
        "ruled_out": _word_re(r.ruled_out),
        # a noun or two may stand between ('the 100x task threshold', 'ASL-3 安全阈值'); used with
        # .match(text, pos), so no '^' (which would only match at the start of the text)
        "reference_point": re.compile(r"\s*(?:[A-Za-z-]+\s+){0,2}?(?:[\u4e00-\u9fff]{1,4}?)?\s*(?:"
                                      + _word_re(r.reference_points).pattern + ")", re.I),
        "conversion": re.compile(r"(?:" + _word_re(r.conversion_before).pattern + r")\s*$", re.I),
        # the denial right before the cue, at most two words between ("cannot yet rule out", "无法完全排除")
        "ruled_out_denied": re.compile(r"(?:" + _word_re(r.ruled_out_denied).pattern
                                       + r")(?:\s*\S{1,12}){0,2}?\s*$", re.IGNORECASE),
        # a bracket opening with a guess: '(possibly ~70%+', '（可能 70% 以上'
        "aside": re.compile(r"[(（]\s*(?:" + _word_re(r.aside_hedges).pattern + r")[^()（）]*$", re.I),
        "dismiss": re.compile(r"^\s*(?:" + _word_re(r.dismissive_after).pattern + r")", re.IGNORECASE),
    }


_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”（）()\[\]，。]+|[\w.+-]+@[\w-]+\.[\w.]+|\barXiv:\s?\d{4}\.\d{4,5}"
                      r"|\b10\.\d{4,9}/\S+", re.I)
_ADDRESS_NO_MAIL = re.compile(r"(?=[hwa1])(?:(?:https?://|www\.)[^\s<>\"'“”（）()\[\]，。]+|\barXiv:\s?\d{4}\.\d{4,5}"
                              r"|\b10\.\d{4,9}/\S+)", re.I)


def masked_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of model names, versions, addresses and identifiers whose digits are not values."""
    out = [m.span() for m in MODEL_NAME.finditer(text)]
    out += [m.span() for m in _VERSIONISH.finditer(text)]
    # (without an '@' the e-mail alternative cannot match, and its run over word characters is
    # the slow part of the scan in Chinese text, where every character is one)
    out += [m.span() for m in (_ADDRESS if "@" in text else _ADDRESS_NO_MAIL).finditer(text)]
    return out


def is_question(sentence: str) -> bool:
    s = sentence.rstrip(" \t*_”’\"'」』）)")
    return s.endswith(("？", "?"))


_TAG = re.compile(r"(?:吗|嗎|呢|么|麼|吧|对不对|對不對|是不是|怎么看|怎麼看|同意|认同|認同|对吗|對嗎|没错|沒錯"
                  r"|\bright\b|\bagree\b|\btrue\b|\bcorrect\b|\bisn't it\b|\bdon't you\b|\bdo you\b"
                  r"|\bwould you\b|\bis that\b|\bstill\b)", re.I)


def question_tag(sentence: str) -> int | None:
    """Where the tag of a tag question starts ('查尔默斯说至少有四分之一，你同意吗？', '..., right?'):
    a short last clause that only asks about what the sentence stated before it; None for a
    question as a whole."""
    s = sentence.rstrip(" \t*_”’\"'」』）)？?")
    cut = max(s.rfind(c) for c in "，,—–")
    if cut <= 0:
        return None
    tag = s[cut + 1:].strip()
    cjk = sum(1 for ch in tag if "\u4e00" <= ch <= "\u9fff")
    if not tag or (cjk and len(tag) > 12) or (not cjk and len(tag.split()) > 6) or not _TAG.search(tag):
        return None
    return cut


def is_fragment(sentence: str, values: list[ValueMention]) -> bool:
    """A bare value or a value with a word or two ('20%。', '至少四分之一的概率。'): a rhetorical fragment."""
    rest = sentence
    for v in sorted(values, key=lambda v: -v.start):
        rest = rest[:v.start] + rest[v.end:]
    if re.match(r"^[\s*_>\-•·]*(?:[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,2}|[\u4e00-\u9fff·]{2,8})\s*[:：]", rest):
        return False  # 'Long: under 10%' - a named line of a summary list
    if re.match(r"^\s*\|\s*(?:[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,2}|[\u4e00-\u9fff·]{2,8})\s*\|", rest):
        return False  # '| Long | under 10% |' - a named row of a table
    rest = re.sub(r"[\s\W_]+", "", rest)
    if re.search(r"[\u4e00-\u9fff]", rest):
        from nlp.attribution import zh_cue

        # '答：我会说大约 20%。': someone saying a figure is no fragment, however short ('I'd say 20%')
        return len(rest) <= 4 and not zh_cue().search(rest)
    return len(re.findall(r"[A-Za-z]+", sentence)) - sum(
        len(re.findall(r"[A-Za-z]+", sentence[v.start:v.end])) for v in values) <= 2


def in_hypothetical(sentence: str, pos: int) -> bool:
    """Is the value at `pos` inside a hypothetical (marker before it, no colon since) or an analogy?"""
    res = _res()
    if res["analogy"].search(sentence, 0, pos):
        return True
    asks_nothing = [(n.start(), n.end()) for n in res["not_hyp"].finditer(sentence, 0, pos)]
    for m in res["hyp"].finditer(sentence, 0, pos):
        if any(a <= m.start() < b for a, b in asks_nothing):
            continue  # '比想象中低': imagined, not supposed
        between = sentence[m.end():pos]
        if re.search(r"[:：]", between):
            continue  # "if you ask me: X" - the colon ends the condition
        if _new_main_clause().search(between):
            continue  # "explores whether X could hold and concludes that 10% ..." - the question has ended
        comma = re.search(r"[,，]", between)
        if comma and any(between[a.end():a.end() + 1] not in "们們"  # ('要我们…': no asking)
                         for a in res["ask"].finditer(between, 0, comma.start())):
            continue  # "if I had to put a number on it, I'd say 20%" - a condition that only asks
        if comma and _inaction(between[:comma.start()]):
            continue  # "if nothing is done, unemployment could reach 20%" - the default path, forecast
        before = sentence[:m.start()]
        colon = max(before.rfind(":"), before.rfind("："))
        if colon >= 0 and res["frame"].search(before[:colon]):
            continue  # "he reasoned: if A and B, then C" - a named person's argument
        return True
    return False


def _inaction(condition: str) -> bool:
    """A condition of inaction ('没有及时的监管', 'nothing is done') or of things going on as they
    are ('current trends continue', '照此下去'): the negation before the action word."""
    res = _res()
    if res["status_quo"].search(condition):
        return True
    neg = res["inaction_neg"].search(condition)
    return neg is not None and res["inaction_act"].search(condition, neg.end()) is not None


def is_negated(sentence: str, v: ValueMention) -> bool:
    return bool(_res()["neg"].search(sentence[max(0, v.start - 16):v.start]))


def is_dismissed(sentence: str, v: ValueMention) -> bool:
    return bool(_res()["dismiss"].search(sentence[v.end:v.end + 16]))


def is_denied_hearsay(sentence: str, v: ValueMention) -> bool:
    """A figure reported as hearsay and denied later in its sentence ('对于网上流传的他预测无人车将拿下
    三成市场的说法，阮志衡予以否认'): no claim of anyone's."""
    res = _res()
    h = res["hearsay"].search(sentence, v.end, v.end + 24)
    return h is not None and res["denial"].search(sentence, h.end()) is not None


def is_masked(v: ValueMention, masks: list[tuple[int, int]]) -> bool:
    return any(s < v.end and v.start < e for s, e in masks)


def is_minor_count(v: ValueMention) -> bool:
    """Small exact counts are narrative ('两个女儿', 'eight members'), not claims (nlp.numbers decides,
    so the candidate filter and the detector agree)."""
    return _minor_count(v)


_VAGUE_BEFORE = re.compile(r"(?:几|数|上|好几|成|\bseveral|\bmany|\bhundreds of|\bthousands of|\btens of)\s*$", re.I)
_MEMBER_AFTER = re.compile(r"^\s*(?:之一|中的一|里的一)")
_MEMBER_BEFORE = re.compile(r"(?:\bone of (?:the )?|(?:^|[^\u4e00-\u9fff])前\s*|第\s*|\btop\s+|\bno\.\s*|\bnumber\s+|排名\s*)$", re.I)


def is_vague(sentence: str, v: ValueMention) -> bool:
    """'几十万人', '数亿美元', '成千上万', 'hundreds of thousands': no checkable value."""
    head = sentence[v.start:v.start + 1]
    if head and head in "十百千万亿" and _VAGUE_BEFORE.search(sentence[max(0, v.start - 4):v.start]):
        return True
    return sentence[v.start:v.end].startswith(("几", "数"))


def is_membership(sentence: str, v: ValueMention) -> bool:
    """'最有影响力的 100 人之一', 'one of the 100 most influential': a list, not a measurement."""
    return bool(_MEMBER_AFTER.search(sentence[v.end:v.end + 6])
                or _MEMBER_BEFORE.search(sentence[max(0, v.start - 16):v.start]))


_BACKREF_BEFORE = re.compile(r"(?:这里的|这个|这一|上述的?|前述的?|该|此|\bthe same|\bthis|\bthese)\s*[“\"「]?\s*$",
                             re.I)
_MENTION_AFTER = re.compile(r"^\s*[”\"」]?\s*(?:这个数字|这一数字|这个数|这一数据|这个数据|的数字|这个比例|\bfigure\b|\bnumber\b)", re.I)
_EN_FRACTION_WORD = re.compile(r"^(?:a|one|two|three|four)[\s-](?:half|third|thirds|quarter|quarters|fifth|fifths|tenth)$|^half$", re.I)
_FRACTION_OK_BEFORE = re.compile(
    r"(?:\b(?:at|to|is|was|are|were|be|by|about|roughly|nearly|around|least|than|some|only|just|almost|"
    r"approximately|estimated|puts?|of|as many as|as much as|up to)|%)\s*$", re.I)


def is_number_mention(sentence: str, v: ValueMention) -> bool:
    """The number talked about, not asserted: '这里的 20%', '“20%”这个数字', 'the same 20% figure'."""
    before = sentence[max(0, v.start - 12):v.start]
    return bool(_BACKREF_BEFORE.search(before) or _MENTION_AFTER.search(sentence[v.end:v.end + 10]))


def is_loose_fraction(sentence: str, v: ValueMention) -> bool:
    """English fraction words as a bare noun ('a quarter sounds alarming') are no estimate."""
    text = sentence[v.start:v.end]
    if v.kind != "enfrac" or not _EN_FRACTION_WORD.match(text.strip()):
        return False
    if re.match(r"\s+(?:of|or\s+more|or\s+less)\b", sentence[v.end:v.end + 12], re.I):
        return False
    return not _FRACTION_OK_BEFORE.search(sentence[max(0, v.start - 20):v.start])


def _clause_start(sentence: str, pos: int) -> int:
    start = 0
    for m in re.finditer(r"[，,；;：:。.!?！？]|——|—", sentence[:pos]):
        start = m.end()
    return start


def _ruled_out_cues(sentence: str, start: int, end: int) -> list[tuple[int, bool]]:
    """(offset, denied) of each 'ruled out' between `start` (a clause start) and `end`: denied when
    a denial stands right before it ('cannot rule out', '无法排除')."""
    res = _res()
    return [(m.start(), bool(res["ruled_out_denied"].search(sentence[start:m.start()])))
            for m in res["ruled_out"].finditer(sentence, start, end)]


def is_negated_clause(sentence: str, v: ValueMention) -> bool:
    """A negation earlier in the value's clause: 'not a forecast that one in four ...'. A negation
    that only denies a ruling out ('cannot rule out 20%') is no negation of the value."""
    start = _clause_start(sentence, v.start)
    denied = [c for c, d in _ruled_out_cues(sentence, start, v.start) if d]
    return any(not any(0 <= c - m.end() <= 24 for c in denied) and not _NOT_UNTIL.match(sentence, m.end())
               for m in _res()["neg_any"].finditer(sentence, start, v.start))


# 'not until 2033', 'not before 2030': a time frame, the negation part of it (a forecast)
_NOT_UNTIL = re.compile(r"\s+(?:until|till|before)\b", re.I)


def is_reference_point(sentence: str, v: ValueMention) -> bool:
    """The value names a threshold or a mark ('far exceeding the 100x task threshold', '接近 ASL-3
    安全阈值'): a reference point, not a figure asserted of anything."""
    return bool(_res()["reference_point"].match(sentence, v.end))


def is_conversion(sentence: str, v: ValueMention) -> bool:
    """A conversion of another amount ('（约合 7.18 亿元人民币）', 'equivalent to £80 million')."""
    return bool(_res()["conversion"].search(sentence, max(0, v.start - 24), v.start))


def is_aside(sentence: str, v: ValueMention, others: list[ValueMention] | None) -> bool:
    """A guess in brackets right after another figure ('over half (possibly ~70%+) of PRs', '超过一半
    （可能 70% 以上）'): the figure is the claim, the bracket a hedge on it."""
    m = _res()["aside"].search(sentence, max(0, v.start - 24), v.start)
    if m is None:
        return False
    return any(o is not v and o.end <= m.start() and not sentence[o.end:m.start()].strip() for o in others or [])


def is_ruled_out(sentence: str, v: ValueMention) -> bool:
    """'Ruled out' earlier in the value's clause, not itself denied: the value is said not to hold
    ('we have ruled out that the model needs ASL-4'; '已排除其需要 ASL-4 的可能')."""
    return any(not d for _c, d in _ruled_out_cues(sentence, _clause_start(sentence, v.start), v.start))


@lru_cache(maxsize=1)
def _new_main_clause() -> re.Pattern:
    """'and/but (then) <speech verb>', '并/但/而/却 <speech verb>': a clause of saying after a
    condition or an open question starts the sentence's own claim."""
    with open(RULES_PATH, "rb") as f:
        a = tomllib.load(f)["attribution"]
    zh = "|".join(re.escape(w) for w in sorted(a["zh_verbs"], key=len, reverse=True))
    en = "|".join(re.escape(w) for w in sorted(a["en_verbs"], key=len, reverse=True))
    return re.compile(rf"(?:并且|并|但是|但|而|却|随后)\s*(?:{zh})|(?<![A-Za-z])(?:and|but)\s+(?:then\s+)?(?:{en})(?![A-Za-z])",
                      re.I)


@lru_cache(maxsize=1)
def _attribution_cue() -> re.Pattern:
    with open(RULES_PATH, "rb") as f:
        a = tomllib.load(f)["attribution"]
    zh = "|".join(re.escape(w) for w in sorted(a["zh_verbs"] + a["zh_according"], key=len, reverse=True))
    en = "|".join(re.escape(w) for w in sorted(a["en_verbs"] + ["according to"], key=len, reverse=True))
    return re.compile(rf"{zh}|(?<![A-Za-z])(?:{en})(?![A-Za-z])", re.I)


def is_plain_count(sentence: str, v: ValueMention, others: list[ValueMention] | None = None) -> bool:
    """An exact head count nobody vouches for ('访问了 1200 名开发者', 'has 1,500 employees'):
    narrative, unless it is large or someone is said to state or estimate it (a speech or
    estimate cue with no other value between it and this one)."""
    if v.unit != "count" or v.qualifier != "exact" or (v.point or 0) >= 10_000:
        return False
    for m in _attribution_cue().finditer(sentence):
        lo, hi = sorted((m.start(), v.start))
        if not any(lo < o.start < hi for o in (others or []) if o is not v):
            return False
    return True


_SAMPLE_NOUN = re.compile(r"\s*[名位个人]?(?:的)?[\u4e00-\u9fff]{0,6}?\s*")  # '约1800名|教师|参与调查'
_SAMPLE_HEDGE = re.compile(r"(?:\s*(?:about|around|nearly|almost|more\s+than|over|some|roughly|约|近|超过|逾)\s*)?$", re.I)


def is_sample_size(sentence: str, v: ValueMention) -> bool:
    """The size of a survey's sample: its method, not its finding ('a survey of 2,140 adults',
    'It reached 4,812 respondents', '访问了4812名受访者', '在两千多名受访的研究人员中')."""
    if v.unit != "count":
        return False
    res = _res()
    head = sentence[max(0, v.start - 30):v.start]
    hedge = _SAMPLE_HEDGE.search(head)
    head = head[:hedge.start()] if hedge else head
    if any(not head[m.end():].strip() for m in res["sample_before"].finditer(head)):
        return True
    tail = sentence[v.start:v.end + 24]
    gap = v.end - v.start  # the count's own noun ('4,812 respondents') or the words right after it
    return any(a.start() < gap or _SAMPLE_NOUN.fullmatch(tail[gap:a.start()])
               for a in res["sample_after"].finditer(tail))


def value_is_claim(sentence: str, v: ValueMention, masks: list[tuple[int, int]],
                   others: list[ValueMention] | None = None) -> tuple[bool, str]:
    """Decide one value; returns (keep, reason): the first of _NOT_A_CLAIM that holds says why not."""
    for reason, holds in _NOT_A_CLAIM:
        if holds(sentence, v, masks, others):
            return False, reason
    return True, ""


# (reason, check of sentence, value, masks, the sentence's other values), in the order they are asked
_NotAClaim = Callable[[str, ValueMention, list[tuple[int, int]], list[ValueMention] | None], bool]
_NOT_A_CLAIM: list[tuple[str, _NotAClaim]] = [
    ("model name or version", lambda s, v, m, o: is_masked(v, m)),
    ("narrative count", lambda s, v, m, o: is_minor_count(v) or is_plain_count(s, v, o)),
    ("sample size", lambda s, v, m, o: is_sample_size(s, v)),
    ("vague number", lambda s, v, m, o: is_vague(s, v)),
    ("list membership", lambda s, v, m, o: is_membership(s, v)),
    ("negated", lambda s, v, m, o: is_negated(s, v) or is_negated_clause(s, v)),
    ("ruled out", lambda s, v, m, o: is_ruled_out(s, v)),
    ("a threshold named, not asserted", lambda s, v, m, o: is_reference_point(s, v)),
    ("a conversion of another amount", lambda s, v, m, o: is_conversion(s, v)),
    ("a guess in brackets beside another figure", lambda s, v, m, o: is_aside(s, v, o)),
    ("the number mentioned, not asserted", lambda s, v, m, o: is_number_mention(s, v)),
    ("loose fraction word", lambda s, v, m, o: is_loose_fraction(s, v)),
    ("figure of speech", lambda s, v, m, o: is_dismissed(s, v)),
    ("hearsay, denied", lambda s, v, m, o: is_denied_hearsay(s, v)),
    ("hypothetical", lambda s, v, m, o: in_hypothetical(s, v.start)),
]


# ---------------------------------------------------------------- document structure

_SEPARATOR = re.compile(r"^\s*(?:[━─=\-_*~]{3,}|#{1,6}\s.*)\s*$")
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s|◆|■|●|▶|►|【|\d{1,2}[)）、]\s*|第[一二三四五六七八九十\d]+[章节部分件])")
_LIST_MARK = re.compile(r"^\s*(?:[-*•·+]\s|\d{1,3}[.．]\s|\d{1,3}\\\.\s|[（(]\d{1,3}[)）]\s?)")
_REFERENCE_ITEM = re.compile(r"\bet al\.|arXiv:\s?\d{4}\.\d{4,5}|\bdoi:\s*10\.|\[\[.*\]\]|^\s*[-*]\s*\[[^\]]+\]\(https?://",
                             re.IGNORECASE)
_TERMINAL = re.compile(r"[。！？!?.…;；][\s*_”’\"'」』）)]*$")




def reference_lines(text: str) -> set[int]:
    """Offsets of the starts of lines that belong to a reference list (or are reference entries).

    A list starts at a heading line ('参考文献', 'References') and runs to two blank lines or a
    separator; list items that look like references count wherever they stand. Only the lines
    near those marks are read, not every line of the document."""
    out: set[int] = set()
    for m in _REFERENCE_ENTRY_LINE.finditer(text):
        out.add(m.start())
    walked_to = -1
    for hm in _heading_line().finditer(text):
        pos = hm.start()
        if pos <= walked_to:
            continue  # inside a list already walked
        end = text.find("\n", pos)
        out.add(pos)
        blank_run = 0
        while end >= 0:
            pos = end + 1
            end = text.find("\n", pos)
            line = text[pos:end if end >= 0 else len(text)]
            if not line.strip():
                blank_run += 1
                if blank_run >= 2:
                    break
            elif _SEPARATOR.match(line):
                break  # (a heading that is also a separator starts its own list: not walked_to)
            else:
                blank_run = 0
                out.add(pos)
            walked_to = pos
    return out


# a list item that looks like a reference entry, as a whole-text scan (^ is a line start)
_REFERENCE_ENTRY_LINE = re.compile(
    r"^(?=[^\S\n]*(?:[-*•·+][^\S\n]|\d{1,3}[.．][^\S\n]|\d{1,3}\\\.[^\S\n]|[（(]\d{1,3}[)）]))"
    r"(?=[^\n]*?(?:\bet al\.|arXiv:[^\S\n]?\d{4}\.\d{4,5}|\bdoi:[^\S\n]*10\.|\[\[.*\]\])"
    r"|[^\S\n]*[-*][^\S\n]*\[[^\]\n]+\]\(https?://)",
    re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=1)
def _heading_line() -> re.Pattern:
    """A whole line that is a reference heading, give or take marks and spaces ('## References:')."""
    punct = r"(?:[#*_:：>\-]|[^\S\n])"
    heads = "|".join(f"{punct}+".join(re.escape(w) for w in h.split()) for h in rules().reference_headings)
    return re.compile(rf"^{punct}*(?:{heads}){punct}*$", re.I | re.M)


def front_matter_end(text: str) -> int:
    """End offset of a leading YAML front-matter block ('---' ... '---'), else 0."""
    m = re.match(r"\s*---\s*\n.*?\n---\s*\n", text, re.DOTALL)
    return m.end() if m and m.end() < 5000 else 0


def is_title_line(text: str, line_start: int) -> bool:
    """The first line of a document, without end punctuation: its headline. A list item
    ('- ASL-2: ...', '• X predicts ...') is no headline: the list, the body, starts there."""
    end = text.find("\n", line_start)
    line = text[line_start:end if end >= 0 else len(text)].strip()
    if _LIST_MARK.match(line):
        return False
    return bool(line) and len(line) < 200 and not _TERMINAL.search(line) and end >= 0


_TABLE_ROW = re.compile(r"^\s*\|.*\|.*\|\s*$")


def is_heading_line(line: str, unpunctuated: bool = False) -> bool:
    """A heading: marked as one, or one short sentence without end punctuation that is not a list
    item nor a table row. In a document written without end punctuation (`unpunctuated`: a thread
    of posts, notes) a short line is just a line."""
    s = line.strip()
    if not s:
        return False
    if _HEADING_MARK.match(s) and len(s) < 60:
        return True
    if unpunctuated or _TABLE_ROW.match(s):
        return False
    if len(s) < 80 and not _LIST_MARK.match(s) and not _TERMINAL.search(s):
        return True
    return False


def unpunctuated_style(text: str) -> bool:
    """Is the document written without end punctuation: at least four lines of prose (not list
    items, table rows or marked headings), three in five of them without a sentence end?"""
    lines = [x.strip() for x in text.splitlines()]
    prose = [x for x in lines if x and not _LIST_MARK.match(x) and not _TABLE_ROW.match(x)
             and not _HEADING_MARK.match(x)]
    bare = sum(1 for x in prose if not _TERMINAL.search(x))
    return len(prose) >= 4 and bare >= 0.6 * len(prose)
