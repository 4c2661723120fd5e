"""Values in a sentence: numbers with their units, scales, ranges and qualifiers.

`find_values(text)` works on folded text (see claimtrack.textnorm: ASCII digits, Simplified Chinese) and
returns `ValueMention`s with character offsets into it. Chinese numerals go through cn2an; the
units (万 亿 成 倍 分之 ...) and English number words are handled here.

Normalised units follow claim.schema.json: 'ratio' (20% -> 0.2), ISO 4217 codes for money at full
scale (3000亿美元 -> 3e11 'USD'), 'ASL', 'times', 'count', 'tokens', 'months', 'weeks', 'years'.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

RULES_PATH = Path(__file__).with_name("rules.toml")


@dataclass(frozen=True)
class ValueMention:
    start: int
    end: int
    low: float | None
    high: float | None
    unit: str
    qualifier: str = "exact"
    kind: str = ""  # which pattern found it: percent, money, times, asl, ...

    @property
    def point(self) -> float | None:
        return self.low if self.low is not None else self.high


# ---------------------------------------------------------------- number words


log = logging.getLogger(__name__)
# CLAIMTRACK_STRICT=1 (the test suite sets it): an error inside extraction raises instead of being
# logged and skipped, so the tests that say "never raises" can fail
STRICT = os.environ.get("CLAIMTRACK_STRICT", "") not in ("", "0", "false")

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
              "mn": 1e6, "bn": 1e9, "tn": 1e12, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_ZH_SCALES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6,
              "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2, "兆": 1e12}
_EN_FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3,
                 "one-third": 1 / 3, "a quarter": 0.25, "one quarter": 0.25, "one-quarter": 0.25,
                 "two thirds": 2 / 3, "two-thirds": 2 / 3, "three quarters": 0.75, "three-quarters": 0.75,
                 "a fifth": 0.2, "one fifth": 0.2, "one-fifth": 0.2, "a tenth": 0.1, "one tenth": 0.1,
                 "one-tenth": 0.1, "two fifths": 0.4, "three fifths": 0.6, "four fifths": 0.8, "一半": 0.5, "半数": 0.5}
_EN_MULT = {"twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "quadruple": 4, "quadrupled": 4,
            "tenfold": 10, "hundredfold": 100, "thousandfold": 1000, "twofold": 2, "threefold": 3,
            "fourfold": 4, "fivefold": 5}

_ZH_DIGITS = "零〇一二两三四五六七八九十百千万亿"
EN_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six"
           r"|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
           r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?:[- ]hundred)?")
AR = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
ZH = r"(?:[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
NUM = rf"(?:{AR}|{ZH}|\b{EN_WORD}\b)"
ZH_SCALE = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)"
# before a currency word, 兆 is a trillion (Taiwan, Hong Kong, Japan: '1.2兆美元', '3兆日元')
MONEY_ZH_SCALE = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|兆)"
EN_SCALE = r"(?:hundred|thousand|million|billion|trillion|mn|bn|tn|k|m|b|t)\b"


def parse_en_word(s: str) -> float | None:
    s = s.lower().replace("-", " ").strip()
    total = 0.0
    parts = s.split()
    if not parts:
        return None
    cur = 0.0
    for w in parts:
        if w in _EN_UNITS:
            cur += _EN_UNITS[w]
        elif w in _EN_TENS:
            cur += _EN_TENS[w]
        elif w == "hundred":
            cur = (cur or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (cur or 1) * _EN_SCALES[w]
            cur = 0
        elif w in ("and", "a"):
            continue
        else:
            return None
    return total + cur


_AR_FULL = re.compile(AR)
_EN_WORD_FULL = re.compile(EN_WORD, re.I)


def _cn2an(s: str) -> float:
    import cn2an  # on first use: importing it compiles its patterns (~0.15 s of start-up)

    return float(cn2an.cn2an(s, "smart"))


@lru_cache(maxsize=4096)
def parse_number(s: str) -> float | None:
    """'3,000' '1.5' '三千' '两' '二十五' 'fifteen' 'twenty-five' -> float; None when not a number.

    Memoised: the numbers of news text are few and recur ('三成', '二十', '一半'), and cn2an's
    input checks cost more than the rest of a value's parsing."""
    s = s.strip()
    if not s:
        return None
    if _AR_FULL.fullmatch(s):
        return float(s.replace(",", ""))
    if _EN_WORD_FULL.fullmatch(s):
        return parse_en_word(s)
    if all(c in _ZH_DIGITS + "点" for c in s):
        if s in ("十", "百", "千", "万", "亿"):
            return {"十": 10.0, "百": 100.0, "千": 1000.0, "万": 1e4, "亿": 1e8}[s]
        if s[0] in "百千万" and len(s) > 1:
            s = "一" + s  # '百万', '千万' (as in 百万分之一)
        try:
            return _cn2an(s.replace("两", "二").replace("〇", "零"))
        except (ValueError, KeyError, IndexError):  # cn2an on numerals that are no number ('十十十', '九十九人')
            return None
    try:
        return _cn2an(s)
    except (ValueError, KeyError, IndexError):
        return None


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    if word in _ZH_SCALES:
        return _ZH_SCALES[word]
    w = word.lower()
    if w in ("m", "b", "t", "k"):
        return _EN_SCALES[w]
    return _EN_SCALES.get(w, 1.0)


# ---------------------------------------------------------------- currencies

_CURRENCY_WORDS = [
    ("美元", "USD"), ("美金", "USD"), ("港元", "HKD"), ("港币", "HKD"), ("欧元", "EUR"), ("英镑", "GBP"),
    ("日元", "JPY"), ("人民币", "CNY"), ("元人民币", "CNY"), ("新台币", "TWD"), ("台币", "TWD"), ("元", "CNY"),
    ("块钱", "CNY"), ("dollars", "USD"), ("dollar", "USD"), ("usd", "USD"), ("euros", "EUR"), ("euro", "EUR"),
    ("eur", "EUR"), ("pounds", "GBP"), ("gbp", "GBP"), ("yuan", "CNY"), ("rmb", "CNY"), ("cny", "CNY"),
    ("yen", "JPY"), ("hkd", "HKD"),
]
_CURRENCY_SYMBOLS = [("us$", "USD"), ("usd", "USD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "CNY"),
                     ("￥", "CNY"), ("hk$", "HKD"), ("rmb", "CNY"), ("nt$", "TWD")]
_CUR_WORD_RE = "|".join(re.escape(w) for w, _ in sorted(_CURRENCY_WORDS, key=lambda x: -len(x[0])))
_CUR_SYM_RE = "|".join(re.escape(w) for w, _ in sorted(_CURRENCY_SYMBOLS, key=lambda x: -len(x[0])))


def _currency(word: str) -> str:
    w = word.lower().strip()
    for k, code in _CURRENCY_WORDS + _CURRENCY_SYMBOLS:
        if w == k:
            return code
    return "USD"


# ---------------------------------------------------------------- patterns

# 'A or even B', 'A，甚至 B': a figure and the higher one the speaker allows for are one range
_ESCALATE = r"(?:[,，]\s*)?(?:\bor\s+(?:even|possibly|perhaps|maybe)\b|(?:甚至|乃至)(?:是|达到|高达)?)"
_RANGE_SEP = rf"(?:到|至|~|～|(?<![A-Za-z])[-–—](?![A-Za-z])|或|{_ESCALATE}|\bto\b|\band\b|\bor\b)"
_DUR_UNIT = r"(?:个月|個月|月|周|星期|年|months?|weeks?|years?)"
# nouns counted without a measure word of their own ('8 亿用户', '3 亿个全职岗位')
_COUNTED_NOUNS_ZH = ("用户", "员工", "网民", "开发者", "订阅者", "岗位", "职位")
_COUNTED_ZH = "|".join(_COUNTED_NOUNS_ZH)
# measure words and the nouns they count; a bare noun ('8 亿用户') stays out of the value's text
# (a page's own reach, '25 万次播放', is no count of the story: see _COUNTED_PLURAL)
# measure words of things counted (cases, wafers, vehicles, ships, aircraft, homes, buildings): in
# the value pattern and in the candidate filter's first stage alike
_ZH_MEASURES = "例片辆艘架套户座栋"
# the measure words of a rate ('每 100 名员工中就有 3 人', '每十笔贷款中就有一笔', '每五次试验中有一次'):
# those of people, firms and events, and those of things counted
_ZH_RATE_MEASURE = f"[个名位家人笔次件台份所起{_ZH_MEASURES}]"
_COUNT_NOUN_ZH = (rf"(?:人|名|位|家公司|家|个国家|个实验室|个模型|款|项|篇|[{_ZH_MEASURES}]|次(?!播放|浏览|阅读|观看|点击|转发|转载|点赞|评论)|份工作|台|张|颗|枚|块(?!钱)|"
                  rf"[个份名](?=[\u4e00-\u9fff]{{0,6}}?(?:{_COUNTED_ZH}))|(?={_COUNTED_ZH}))")  # '130万个客服与后台岗位'
_TOKEN = r"(?:tokens?|词元|個?token|个\s*tokens?)"

# physical quantities, kept in the unit as written (the scale words applied: '10万吨' is 100,000 t):
# energy, power, mass, volume. (written form -> the unit's one name, the same in both languages)
QTY_UNITS = {  # one spelling each: a space in a key matches spaces or a hyphen ('gigawatt-hours')
    "twh": "TWh", "terawatt hours": "TWh", "terawatt hour": "TWh", "太瓦时": "TWh",
    "gwh": "GWh", "gigawatt hours": "GWh", "gigawatt hour": "GWh", "吉瓦时": "GWh",
    "mwh": "MWh", "megawatt hours": "MWh", "megawatt hour": "MWh", "兆瓦时": "MWh",
    "kwh": "kWh", "kilowatt hours": "kWh", "kilowatt hour": "kWh", "千瓦时": "kWh",
    "gw": "GW", "gigawatts": "GW", "gigawatt": "GW", "吉瓦": "GW",
    "mw": "MW", "megawatts": "MW", "megawatt": "MW", "兆瓦": "MW",
    "kw": "kW", "kilowatts": "kW", "kilowatt": "kW", "千瓦": "kW",
    "tonnes": "t", "tonne": "t", "metric tons": "t", "tons": "t", "吨": "t", "公吨": "t",
    "kilograms": "kg", "kilogram": "kg", "kg": "kg", "公斤": "kg", "千克": "kg",
    "cubic metres": "m3", "cubic meters": "m3", "cubic metre": "m3", "cubic meter": "m3", "立方米": "m3",
    "barrels": "bbl", "barrel": "bbl", "桶": "bbl",
}
_QTY_SEP = re.compile(r"[\s-]+")
_QTY_UNIT = "|".join(
    (re.escape(w).replace(r"\ ", r"[\s-]+") + (r"(?![A-Za-z])" if w.isascii() else ""))
    for w in sorted(QTY_UNITS, key=len, reverse=True))

# what a count may say of the counted between the number and the noun ('300 full-time technical AI
# safety researchers'): up to four lower-case words or acronyms, none a function word (the case-blind
# pattern is switched off here: a capitalised word is a name, '300 Google employees' counts Google's)
_COUNT_MODIFIERS = (r"(?:(?-i:(?!(?:of|the|a|an|and|or|in|on|at|to|for|with|by|from|per|than|more|less|over|under|"
                    r"about|around|are|is|were|was|be|been|have|has|had|will|would|could|can|may|might|who|which|"
                    r"that|this|these|those|other|many|most|some|all|each|every|such|no|not|only|just)\b)"
                    r"(?:[a-z][a-z]*(?:-[a-z]+)*|[A-Z]{2,5}))\s+){0,4}")
# any other plural noun counted ('fewer than 1,000 world-class specialists', 'over 100 security
# controls'), but a unit of measure or of time (those are values of their own kinds, or durations)
# and a page's own reach
_COUNTED_PLURAL = (r"(?-i:(?!(?:years|months|weeks|days|hours|minutes|seconds|decades|centuries|times|percent|points|"
                   r"pages|words|tokens|dollars|euros|pounds|yuan|yen|miles|meters|metres|kilometers|kilometres|feet|"
                   r"inches|kilograms|grams|tons|tonnes|degrees|bytes|gigabytes|terabytes|watts|gigawatts|megawatts|"
                   r"parameters|basis|cents|bps|others|those|these|this|thus|plus|versus|various|previous|less|"
                   r"unless|yes|is|was|has|its|us|as|"
                   # the reach of the page or post itself ('has drawn over 133,000 views'), not of the story
                   r"views|likes|followers|shares|retweets|reposts|comments|replies|impressions|clicks|upvotes|"
                   r"reactions|reads)\b)[a-z]{2,}s\b)")
# a year after a preposition is a date, not a count ('In 2023 researchers found ...')
_NOT_A_YEAR = (r"(?:(?!(?:19|20)\d\d(?![\d,.]))|(?<!\bin )(?<!\bIn )(?<!\bby )(?<!\bBy )(?<!\bsince )(?<!\bSince )"
               r"(?<!\bfrom )(?<!\buntil )(?<!\bof )(?<!\bduring )(?<!\bbefore )(?<!\bafter )(?<!\bin early )"
               r"(?<!\bin late ))")


_P = re.compile(
    # every alternative starts with one of these: the lookahead lets the scan skip other
    # characters (most of a Chinese text) without trying twenty alternatives at each; a letter only
    # where a word starts, but for the few alternatives with no word guard of their own
    r"(?=[0-9零〇一二两三四五六七八九十百千万亿半每翻$€£¥￥]|(?<![A-Za-z])[A-Za-z]|ai|asl|between|us|hk|rmb|nt)(?:" +
    "|".join([
        # ASL levels
        r"(?P<asl>(?<![A-Za-z])ASL[\s\-]?(?P<asl_n>[1-5])(?![0-9]|\.\d)|\bAI\s*Safety\s*Level[\s\-]?(?P<asl_n2>[1-5])(?![0-9]|\.\d)"
        r"|AI\s*安全\s*(?:等级|级别)?\s*(?P<asl_n3>[1-5一二三四五])\s*级|ASL\s*(?P<asl_n4>[1-5])(?=\s*级))",
        # percentage ranges: 0% 到 10%, 10-20%, 10 到 20 个百分点 is not a ratio, between 10 and 20 percent
        rf"(?P<prange>(?:between\s+)?(?P<pr_a>{NUM})\s*(?:%|percent\b|per cent\b)?\s*{_RANGE_SEP}\s*(?P<pr_b>{NUM})\s*(?:%|percent\b|per cent\b))",
        rf"(?P<pzrange>百分之(?P<pz_a>{ZH}|{AR})\s*(?:到|至|或|-)\s*(?:百分之)?(?P<pz_b>{ZH}|{AR}))",
        r"(?P<crange>(?P<cr_a>[一二两三四五六七八九])成?(?:到|至|或|-)(?P<cr_b>[一二两三四五六七八九十])成)",
        # rates: 每 100 名员工中就有 3 人, 10 个人里有 1 个
        rf"(?P<zrate>每\s*(?P<zr_b>{AR}|{ZH})\s*(?:{ZH_SCALE})?\s*{_ZH_RATE_MEASURE}?[\u4e00-\u9fff]{{0,6}}?(?:中|里|当中)\s*[,，]?\s*(?:就|便|约|大约)?\s*有\s*(?P<zr_a>{AR}|{ZH})\s*{_ZH_RATE_MEASURE})",
        # percentage points: a change of a rate, not a rate
        rf"(?P<pp>(?P<pp_n>{NUM})\s*(?:个)?\s*(?:百分点|percentage[\s-]points?\b|pp\b|pts?\b(?=\s))(?!\s*(?:of)))",
        # percentages
        rf"(?P<pct>(?P<pct_n>{NUM})\s*(?:%|percent\b|per cent\b|pct\b|(?<=\d)pc\b))",
        rf"(?P<pzh>百分之\s*(?P<pzh_n>{ZH}|{AR}))",
        r"(?P<cheng>(?![八九]成(?:是|会|要|就|不|没|也))(?P<cheng_n>[一二两三四五六七八九]|(?<![\d.])[1-9]\s?)成(?P<cheng_m>[一二三四五六七八九]|(?<=成)[1-9](?![\d.%]))?(?![功为立本员长熟果就了不年型绩交语群千万批片人套]))",
        # fractions
        rf"(?P<frac>(?P<frac_d>(?:{ZH}|{AR})(?:万|亿)?|万|亿)分之(?P<frac_n>{ZH}|{AR}))",
        # '1/4 的员工', 'about 1/3 of': a small fraction before what it is of (not a date: 8/20, 2025/8)
        r"(?P<slfrac>(?<![\d/.])(?P<sf_n>[1-9])\s*/\s*(?P<sf_d>[2-9]|10)(?![\d/.])(?=\s*(?:的|以上|以下|左右|of\b)))",
        rf"(?P<onein>\b(?P<oi_a>{EN_WORD}|\d+)(?:\s+|-)(?:in|out\s+of)(?:\s+every)?(?:\s+|-)(?:(?P<oi_b>{AR}|{EN_WORD}|a|one)"
        r"(?:\s+(?P<oi_scale>hundred|thousand|million|billion))?)\b)",
        r"(?P<enfrac>\b(?:a\s+half|one\s+half|a\s+third|one[\s-]third|a\s+quarter|one[\s-]quarter|two[\s-]thirds"
        r"|three[\s-]quarters|a\s+fifth|one[\s-]fifth|a\s+tenth|one[\s-]tenth|two\s+fifths|three\s+fifths"
        r"|four\s+fifths)\b|\bhalf(?=\s+(?:\([^()]{1,40}\)\s+)?(?:of|the|all|its|their|our|or\s+more|or\s+less)\b)"
        r"|(?<![0-9零〇一二两三四五六七八九十百千])(?:一半|半数)(?![年天个月小]))",
        # even odds: 'a 50-50 chance', 'fifty-fifty odds', '五五开'
        r"(?P<even>\b(?:50\s*[-/]\s*50|fifty[\s-]fifty)\b(?=\s+(?:chance|odds|shot|probability|likelihood|bet|proposition))"
        r"|(?<![一二三四五六七八九十])五五开)",
        # money
        rf"(?P<money_sym>(?P<ms_cur>{_CUR_SYM_RE})\s*(?P<ms_a>{AR})(?:\s*(?:-|–|to)\s*(?:{_CUR_SYM_RE})?\s*(?P<ms_b>{AR}))?\s*(?P<ms_scale>{ZH_SCALE}|{EN_SCALE})?)",
        rf"(?P<money_w>(?P<mw_a>{NUM})(?:\s*(?P<mw_a_scale>{MONEY_ZH_SCALE}|{EN_SCALE}))?(?:\s*{_RANGE_SEP}\s*(?P<mw_b>{NUM}))?\s*(?P<mw_scale>{MONEY_ZH_SCALE}|{EN_SCALE})?\s*(?P<mw_cur>{_CUR_WORD_RE}))",
        r"(?P<money_bare>(?<![0-9零〇一二两三四五六七八九十百千])(?P<mb_scale>万亿|千亿|亿)(?P<mb_cur>美元|美金|欧元|英镑|日元|人民币|元)"
        r"|\ba\s+(?P<mb_scale_en>million|billion|trillion)[\s-]+(?P<mb_cur_en>dollars?|euros?|pounds|yuan)\b)",
        # multipliers
        rf"(?P<trange>(?P<tr_a>{NUM})\s*(?:倍|x|X|×)?\s*{_RANGE_SEP}\s*(?P<tr_b>{NUM})\s*(?:倍|x\b|X\b|×|times\s+(?=more|less|faster|larger|bigger|higher|greater|cheaper|better|as|the|over|smarter|stronger)))",
        rf"(?P<times>(?P<t_n>{NUM})\s*(?:倍|(?<=\d)\s*[xX×](?![a-zA-Z0-9])|[\s-]?fold\b|\s+times(?=\s+(?:more|less|faster|larger|bigger|higher|greater|cheaper|better|as|the|over|smarter|stronger))))",
        r"(?P<enmult>\b(?:tenfold|hundredfold|thousandfold|twofold|threefold|fourfold|fivefold)\b)",
        r"(?P<zhmult>(?<![0-9零〇一二两三四五六七八九十百千万])(?P<zm>[百千万])倍)",
        r"(?P<fanfan>翻(?:了)?(?P<ff>一|两|三)番|翻(?:了)?一倍|翻倍)",
        # tokens
        rf"(?P<tok>(?P<tok_n>{AR}|{ZH})\s*(?P<tok_scale>{ZH_SCALE}|[kKmMbBtT]\b|thousand|million|billion|trillion)?\s*[-‑–]?\s*{_TOKEN})",
        # physical quantities: '520 gigawatt-hours', '1.2 GW', '10万吨', '300兆瓦'
        rf"(?P<qty>(?P<q_n>{NUM})\s*(?P<q_scale>thousand|million|billion|{ZH_SCALE})?\s*[-‑]?\s*(?P<q_u>{_QTY_UNIT}))",
        # the length of a document: 'a 212-page system card', 'an 11,000-word guide', '80 页'
        rf"(?P<doclen>(?P<dl_n>{AR}|\b{EN_WORD})(?:\s+(?P<dl_s>hundred|thousand))?\s*[-‑–]?\s*(?P<dl_u>pages?|words?)\b"
        rf"|(?P<dl_zn>{AR})\s*(?P<dl_zs>万|千)?\s*(?P<dl_zu>页|字)(?![母幕节符段体]))",
        # duration ranges (single durations are narrative, not claims)
        rf"(?P<drange>(?P<dr_a>{NUM})\s*(?:个|個)?\s*{_RANGE_SEP}\s*(?P<dr_b>{NUM})\s*(?P<dr_u>{_DUR_UNIT})(?!\s*(?:前|后|以前|以后|之前|之后|ago|later|old)))",
        # counts
        rf"(?P<count_zh>(?P<cz_n>{AR}|{ZH})\s*(?P<cz_scale>{ZH_SCALE})?\s*(?P<cz_more>多|余)?\s*(?P<cz_noun>{_COUNT_NOUN_ZH}))",
        rf"(?P<count_en>{_NOT_A_YEAR}(?P<ce_n>(?<![\d.,]){AR}|\b{EN_WORD}\b)\s*(?P<ce_scale>thousand|million|billion|trillion|mn|bn|k|m|b)?\b\s*{_COUNT_MODIFIERS}(?P<ce_noun>people|persons|users|researchers|employees|workers|jobs|engineers|customers|companies|labs|scientists|subscribers|developers|staff|members|experts|participants|respondents|humans|lives|gpus|chips|servers|accelerators|{_COUNTED_PLURAL}))",
        rf"(?P<count_scale>(?P<cs_n>{AR})\s+(?P<cs_scale>million|billion|trillion)\b)",
        # '用户已超过 7 亿。': a Chinese number with a scale and nothing after it, counting what came before
        rf"(?P<bzs>(?P<bzs_n>{AR}|{ZH})\s*(?P<bzs_scale>万亿|亿|千万|百万|万)(?![\u4e00-\u9fff%A-Za-z0-9.]|,\d))",  # (a clause's comma may follow)
    ]) + ")",
    flags=re.IGNORECASE,
)


def _num(s: str | None) -> float | None:
    return parse_number(s) if s else None


_KINDS = ("asl", "prange", "pzrange", "crange", "zrate", "pp", "pct", "pzh", "cheng", "frac", "slfrac", "onein", "enfrac", "even", "money_sym",
          "money_w", "money_bare", "trange", "times", "enmult", "zhmult", "fanfan", "tok", "qty", "doclen", "drange", "count_zh",
          "count_en", "count_scale", "bzs")
_KIND_SET = frozenset(_KINDS)


_SLASH_DATE_BEFORE = re.compile(r"(?:于|在|定在|定于|截至|截止|自|从|\bon|\bby|\buntil)\s*$", re.I)
_SLASH_DATE_AFTER = re.compile(r"\s*(?:的)?\s*(?:上午|下午|晚上|凌晨|中午|早上|当天|那天|当日|发布会|会议)")


_COUNTED_BEFORE = re.compile(r"用户|人数|人口|员工|网民|粉丝|订阅|下载|访问量|访客|开发者")


def _mention(m: re.Match) -> ValueMention | None:
    # the outer group of an alternative closes last, so lastgroup names the alternative; should a
    # pattern ever end in an inner group, look for the outer one
    kind = m.lastgroup or ""
    if kind not in _KIND_SET:
        kind = next((k for k in _KINDS if m.group(k) is not None), kind)
    s, e = m.span(kind)
    reader = _READERS.get(kind)
    return reader(m, kind, s, e) if reader is not None else None


# ---------------------------------------------------------------- one reader per kind of match

# A reader turns a match of one alternative of `_P` (its `kind`, spanning [s, e)) into a value,
# or None when what it holds makes none; `_mention` picks it by the alternative's group name.
_Reader = Callable[[re.Match, str, int, int], ValueMention | None]


def _read_asl(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'ASL-3', 'AI Safety Level 4', 'AI 安全 3 级': a safety level."""
    raw = m.group("asl_n") or m.group("asl_n2") or m.group("asl_n3") or m.group("asl_n4")
    n = _num(raw)
    return ValueMention(s, e, n, n, "ASL", kind="asl") if n else None


def _ratio_range(group_a: str, group_b: str, per: int) -> _Reader:
    """The reader of a range of two ratios, each a number per `per` ('10-20%': 100, '两到三成': 10),
    in the groups `group_a` and `group_b`; none when the range runs backwards."""

    def read(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
        a, b = _num(m.group(group_a)), _num(m.group(group_b))
        if a is None or b is None or a > b:
            return None
        return ValueMention(s, e, a / per, b / per, "ratio", "range", kind)

    return read


def _percent(group: str) -> _Reader:
    """The reader of a percentage ('15%', '百分之二十') whose number is in `group`."""

    def read(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
        n = _num(m.group(group))
        return ValueMention(s, e, n / 100, n / 100, "ratio", kind=kind) if n is not None else None

    return read


def _part_of(part: float | None, whole: float | None, kind: str, s: int, e: int) -> ValueMention | None:
    """`part` of `whole` as a ratio, never more than the whole."""
    if not whole or part is None or part > whole:
        return None
    return ValueMention(s, e, part / whole, part / whole, "ratio", kind=kind)


def _read_zrate(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'每 100 名员工中就有 3 人': a rate, a of every b."""
    return _part_of(_num(m.group("zr_a")), _num(m.group("zr_b")), kind, s, e)


def _read_pp(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'3 个百分点', '5 percentage points': a change of a rate, not a rate."""
    n = _num(m.group("pp_n"))
    return ValueMention(s, e, n, n, "percentage_points", kind=kind) if n is not None else None


def _read_cheng(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'三成', '两成五': tenths, and hundredths after them."""
    n = _num(m.group("cheng_n"))
    if n is None:
        return None
    sub = _num(m.group("cheng_m")) if m.group("cheng_m") else 0
    v = n / 10 + (sub or 0) / 100
    return ValueMention(s, e, v, v, "ratio", kind=kind)


def _read_frac(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'四分之一', '万分之三': a Chinese fraction, never more than the whole."""
    return _part_of(_num(m.group("frac_n")), _num(m.group("frac_d")), kind, s, e)


def _read_slfrac(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'1/4 的员工': a small slash fraction, unless it is a date."""
    n, d = float(m.group("sf_n")), float(m.group("sf_d"))
    if n >= d or _SLASH_DATE_BEFORE.search(m.string, max(0, s - 6), s) or _SLASH_DATE_AFTER.match(m.string, e):
        return None  # '定于 9/10', '9/10 的下午': a date
    return ValueMention(s, e, n / d, n / d, "ratio", kind=kind)


def _read_onein(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'one in ten', 'three out of 1,000': a rate in words."""
    # 'one in 1,000', 'one in a thousand', 'one in ten thousand'; 'one in a' alone is no ratio
    raw_b, scale_b = m.group("oi_b"), m.group("oi_scale")
    if raw_b.lower() == "a" and not scale_b:
        return None
    a = _num(m.group("oi_a"))
    b = 1.0 if raw_b.lower() == "a" else _num(raw_b)
    b = b * _scale(scale_b) if b is not None else None
    if not b or a is None or a > b:
        return None
    return ValueMention(s, e, a / b, a / b, "ratio", kind=kind)


def _read_even(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'a 50-50 chance', '五五开': even odds."""
    return ValueMention(s, e, 0.5, 0.5, "ratio", kind=kind)


def _read_enfrac(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'a third', 'two-thirds', 'half of', '一半': a fraction in words."""
    key = re.sub(r"\s+", " ", m.group("enfrac").lower())
    share = _EN_FRACTIONS.get(key, _EN_FRACTIONS.get(key.replace("-", " ")))
    return ValueMention(s, e, share, share, "ratio", kind=kind) if share is not None else None


def _read_money_sym(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'$300 billion', '€2-3bn': money after a currency sign, one amount or a range."""
    cur = _currency(m.group("ms_cur"))
    sc = _scale(m.group("ms_scale"))
    a = _num(m.group("ms_a"))
    b = _num(m.group("ms_b"))
    if a is None:
        return None
    if b is not None:
        return ValueMention(s, e, a * sc, b * sc, cur, "range", kind)
    return ValueMention(s, e, a * sc, a * sc, cur, kind=kind)


def _read_money_w(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'3000亿美元', '5 to 10 billion dollars', '1万亿至1.2万亿美元': money before a currency word,
    one amount or a range (each end may carry its own scale)."""
    cur = _currency(m.group("mw_cur"))
    a = _num(m.group("mw_a"))
    b = _num(m.group("mw_b"))
    if a is None or (m.group("mw_a_scale") and m.group("mw_scale") and b is None):
        return None
    sc = _scale(m.group("mw_scale") or (m.group("mw_a_scale") if b is None else None))
    sa = _scale(m.group("mw_a_scale")) if m.group("mw_a_scale") else sc
    if b is not None and b * sc >= a * sa:
        return ValueMention(s, e, a * sa, b * sc, cur, "range", kind)
    if b is not None:
        return None
    return ValueMention(s, e, a * sa, a * sa, cur, kind=kind)


def _read_money_bare(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'万亿美元', 'a trillion dollars': money without a number."""
    # a scale word without a number ('万亿美元', 'a trillion dollars') gives an order of magnitude
    if m.group("mb_scale"):
        v, cur = _ZH_SCALES[m.group("mb_scale")], _currency(m.group("mb_cur"))
    else:
        v, cur = _EN_SCALES[m.group("mb_scale_en").lower()], _currency(m.group("mb_cur_en"))
    return ValueMention(s, e, v, v, cur, "approx", kind)


def _read_trange(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'3 到 5 倍', '2-4x': a range of multipliers."""
    a, b = _num(m.group("tr_a")), _num(m.group("tr_b"))
    if a is None or b is None or a >= b:
        return None
    return ValueMention(s, e, a, b, "times", "range", kind)


def _read_times(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'3 倍', '10x', 'five times more': a multiplier."""
    n = _num(m.group("t_n"))
    # '百倍', '千倍': a scale word without a number is an order of magnitude
    q = "approx" if m.group("t_n").strip() in ("百", "千", "万") else "exact"
    return ValueMention(s, e, n, n, "times", q, kind) if n else None


def _read_enmult(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'tenfold', 'hundredfold': a multiplier in one word."""
    n = _EN_MULT.get(m.group("enmult").lower())
    # 'hundredfold', 'thousandfold': an order of magnitude, like '千倍' ('tenfold' is ten)
    return ValueMention(s, e, n, n, "times", "approx" if n and n >= 100 else "exact", kind) if n else None


def _read_zhmult(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'千倍': a scale word as a multiplier."""
    n = {"百": 100.0, "千": 1000.0, "万": 10000.0}[m.group("zm")]
    return ValueMention(s, e, n, n, "times", "approx", kind)  # '千倍更强': a scale word, no number


def _read_fanfan(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'翻一番', '翻两番', '翻倍': doubling, twice over, ..."""
    n = {"一": 2.0, "两": 4.0, "三": 8.0}.get(m.group("ff") or "一", 2.0)
    return ValueMention(s, e, n, n, "times", kind=kind)


def _scaled(m: re.Match, number: str, scale: str, lower_words: bool) -> float | None:
    """The number in group `number` times the scale word in group `scale` ('200k', '10万', '1.2
    million'); one letter is read in lower case ('200K'), whole words too when `lower_words`."""
    n = _num(m.group(number))
    if n is None:
        return None
    sc = m.group(scale)
    return n * _scale(sc.lower() if sc and (lower_words or len(sc) == 1) else sc)


def _read_tok(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'200k tokens', '100 万 token': a number of tokens."""
    n = _scaled(m, "tok_n", "tok_scale", lower_words=False)
    return ValueMention(s, e, n, n, "tokens", kind=kind) if n is not None else None


def _read_qty(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'520 gigawatt-hours', '10万吨', '1.2 GW': a physical quantity in the unit as written."""
    n = _scaled(m, "q_n", "q_scale", lower_words=True)
    if n is None:
        return None
    return ValueMention(s, e, n, n, QTY_UNITS[_QTY_SEP.sub(" ", m.group("q_u").lower())], kind=kind)


_PAGE_RANGE_BEFORE = re.compile(r"(?:第|\bpp?\.|\bpages?)\s*[\d,]+\s*[—–\-~～至到]\s*$", re.I)


def _read_doclen(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'a 212-page system card', 'an 11,000-word guide', '80 页': the length of a document; the end
    of a range of pages ('第101—115页', 'pp. 101–115 pages') is where something stands in a
    publication, no length."""
    if _PAGE_RANGE_BEFORE.search(m.string, max(0, s - 16), s):
        return None
    zh = m.group("dl_zn")
    n = _num(zh or m.group("dl_n"))
    if n is None:
        return None
    n *= _scale(m.group("dl_zs") if zh else m.group("dl_s"))
    u = (m.group("dl_zu") or m.group("dl_u")).lower()
    return ValueMention(s, e, n, n, "pages" if u in ("页", "page", "pages") else "words", kind=kind)


def _read_drange(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'三到五年', '6-12 months': a range of durations, not of dates."""
    a, b = _num(m.group("dr_a")), _num(m.group("dr_b"))
    if a is None or b is None or a >= b:
        return None
    u = m.group("dr_u").lower()
    if ("年" in u or u.startswith("year")) and a >= 1900:
        return None  # 2023-2024 年: a period of dates, not a duration
    unit = ("months" if ("月" in u or u.startswith("month")) else
            "weeks" if (u in ("周", "星期") or u.startswith("week")) else "years")
    return ValueMention(s, e, a, b, unit, "range", kind)


def _read_count_zh(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'3 亿个岗位', '两千多名': a Chinese count with its measure word."""
    n = _num(m.group("cz_n"))
    if n is None:
        return None
    n *= _scale(m.group("cz_scale"))
    if m.group("cz_more"):
        # '两千多名', '100 余人': more than a round number ('35 多人' is no Chinese)
        if not re.search(r"[0十百千万亿]\s*$", m.group("cz_n") + (m.group("cz_scale") or "")):
            return None
        return ValueMention(s, e, n, None, "count", "more_than", kind)
    return ValueMention(s, e, n, n, "count", kind=kind)


def _read_count_en(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'2,000 engineers', '5 million users': an English count with its noun."""
    n = _num(m.group("ce_n"))
    if n is None:
        return None
    sc = m.group("ce_scale")
    n *= _scale(sc.lower()) if sc else 1
    return ValueMention(s, e, n, n, "count", kind=kind)


def _read_bzs(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'用户已超过 7 亿。': a bare Chinese scaled number counting what came before."""
    if not _COUNTED_BEFORE.search(m.string, max(0, s - 12), s):
        return None  # '营收超过 7 亿': money with its currency left out, or who knows what
    n = _num(m.group("bzs_n"))
    if n is None:
        return None
    n *= _scale(m.group("bzs_scale"))
    return ValueMention(s, e, n, n, "count", kind=kind)


def _read_count_scale(m: re.Match, kind: str, s: int, e: int) -> ValueMention | None:
    """'800 million': a number with a scale word and nothing counted after it."""
    n = _num(m.group("cs_n"))
    if n is None:
        return None
    n *= _scale(m.group("cs_scale").lower())
    return ValueMention(s, e, n, n, "count", kind=kind)


_READERS: dict[str, _Reader] = {
    "asl": _read_asl,
    "prange": _ratio_range("pr_a", "pr_b", 100),
    "pzrange": _ratio_range("pz_a", "pz_b", 100),
    "crange": _ratio_range("cr_a", "cr_b", 10),
    "zrate": _read_zrate,
    "pp": _read_pp,
    "pct": _percent("pct_n"),
    "pzh": _percent("pzh_n"),
    "cheng": _read_cheng,
    "frac": _read_frac,
    "slfrac": _read_slfrac,
    "onein": _read_onein,
    "even": _read_even,
    "enfrac": _read_enfrac,
    "money_sym": _read_money_sym,
    "money_w": _read_money_w,
    "money_bare": _read_money_bare,
    "trange": _read_trange,
    "times": _read_times,
    "enmult": _read_enmult,
    "zhmult": _read_zhmult,
    "fanfan": _read_fanfan,
    "tok": _read_tok,
    "qty": _read_qty,
    "doclen": _read_doclen,
    "drange": _read_drange,
    "count_zh": _read_count_zh,
    "count_en": _read_count_en,
    "bzs": _read_bzs,
    "count_scale": _read_count_scale,
}
assert set(_READERS) == _KIND_SET, "one reader per alternative of _P"


# ---------------------------------------------------------------- qualifiers

@lru_cache(maxsize=1)
def _qualifier_rules() -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
    with open(RULES_PATH, "rb") as f:
        q = tomllib.load(f)["qualifiers"]
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    for key, words in q.items():
        if key == "fillers":
            continue
        qual, pos = key.rsplit("_", 1)
        for w in words:
            (before if pos == "before" else after).append((w, qual))
    before.sort(key=lambda x: -len(x[0]))
    after.sort(key=lambda x: -len(x[0]))
    fillers = "|".join(re.escape(w) for w in sorted(q["fillers"], key=len, reverse=True))
    return before, after, fillers


@lru_cache(maxsize=1)
def _qualifier_res() -> tuple[re.Pattern, re.Pattern, dict[str, str], dict[str, str]]:
    before, after, fillers = _qualifier_rules()

    def alt(words: list[tuple[str, str]]) -> str:
        parts = []
        for w, _ in words:
            if re.search(r"[A-Za-z]", w):
                parts.append(r"\b" + re.escape(w) + (r"\b" if w[-1].isalnum() else ""))
            else:
                parts.append(re.escape(w))
        return "|".join(parts)

    # (a first-character lookahead: the search skips the other positions of the window at C speed)
    firsts = "".join(re.escape(c) for c in sorted({w[0].lower() for w, _ in before if w}))
    b_re = re.compile(rf"(?=[{firsts}])(?P<q>{alt(before)})(?:\s*(?:{fillers}))*\s*$", re.I)
    # after the value, a noun may come first: "a 25% chance or more", "25% 的概率以上"
    a_re = re.compile(rf"^\s*(?:的)?\s*(?:(?:chance|probability|likelihood|odds|概率|可能性?|几率|机率)\s*)?"
                      rf"(?P<q>{alt(after)})", re.I)
    return b_re, a_re, {w.lower(): q for w, q in before}, {w.lower(): q for w, q in after}


_CLAUSE_TAIL = re.compile(r"[^，。；;：:,、!！?？\n]*$")
_SHORT_VERB_TAIL = re.compile(r"[\u4e00-\u9fff]{1,2}\s*$")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


_EMPHATIC_BEFORE = frozenset(("高达", "多达", "as high as", "as much as", "as many as"))


def _apply_qualifier(v: ValueMention, text: str) -> ValueMention:
    if v.qualifier == "range" or v.unit == "ASL":
        return v
    b_re, a_re, bmap, amap = _qualifier_res()
    qual = None
    m, start = _qualifier_before(v, text, b_re)
    end = v.end
    if m:
        word = m.group("q").lower()
        # "over" and "under" and "some" must be followed by a number, not used as verbs
        qual = bmap.get(word)
    # 'maybe a 25% chance or more', '高达 90% 以上': the bound after wins over a vague or emphatic word before
    if qual is None or qual == "approx" or (m is not None and m.group("q").lower() in _EMPHATIC_BEFORE):
        after = _qualifier_after(v, text, a_re, amap)
        if after is not None:
            qual, end = after
    if qual is None:
        return v
    point = v.low if v.low is not None else v.high
    if qual in ("exact", "approx"):
        lo, hi = v.low, v.high
    elif qual in ("at_least", "more_than"):
        lo, hi = point, None
    else:
        lo, hi = None, point
    return replace(v, start=min(start, v.start), end=max(end, v.end), low=lo, high=hi, qualifier=qual)


def _qualifier_before(v: ValueMention, text: str, b_re: re.Pattern) -> tuple[re.Match | None, int]:
    """The qualifier word before `v` in its clause ('约', 'at least', '至少需要 X') as a match of
    `b_re` in the window before the value, and the text offset where it starts (`v.start` when
    there is none)."""
    # the window stops at a clause boundary
    tail = _CLAUSE_TAIL.search(text, max(0, v.start - 24), v.start)
    window = tail.group(0) if tail else ""
    m = b_re.search(window)
    if not m:
        # Chinese adverbial qualifiers before a short verb: 大约投入 X, 至少需要 X
        m2 = _SHORT_VERB_TAIL.search(window)
        if m2 and m2.start() > 0:
            m = b_re.search(window[:m2.start()])
            if m and not _CJK_CHAR.search(m.group("q")):
                m = None
    if m and m.group("q") in ("<", ">") and window[:m.start("q")].endswith(("-", "=", "<", ">")):
        m = None  # an arrow ('15% -> 20%', '=>'), not a bound
    if not m:
        return None, v.start
    return m, v.start - (len(window) - m.start("q"))


def _qualifier_after(v: ValueMention, text: str, a_re: re.Pattern, amap: dict[str, str]
                     ) -> tuple[str | None, int] | None:
    """The qualifier the word right after `v` gives ('以上', 'or more', '左右', '多': None for a
    word `amap` does not know) and the text offset where it ends; None when no word there applies."""
    m2 = a_re.match(text[v.end:v.end + 30])
    if not m2:
        return None
    word = m2.group("q").lower()
    # "多" after a number only when the number is round: 100多人, 二十多
    # ('三倍多', '两倍余': a little more than a multiple, round or not)
    if word in ("多", "余") and not text[v.start:v.end].endswith("倍") and \
            not re.search(r"[0十百千万]$", text[v.start:v.end].rstrip("%人名位个倍")):
        return None
    if word == "+" and v.unit == "ratio":
        return "at_least", v.end + m2.end("q")
    return amap.get(word), v.end + m2.end("q")


# ---------------------------------------------------------------- entry point

def _cls(chars: str) -> str:
    from claimtrack.textnorm import variants

    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in variants(chars)) + "]"


def _word(word: str) -> str:
    return "".join(_cls(c) for c in word)


@lru_cache(maxsize=1)
def _candidate_parts() -> tuple[re.Pattern, re.Pattern]:
    """The first stage of `could_hold_value`, on text as written: (candidates, qualifier words).

    A sentence may hold a value when the pattern finds a strong candidate, or a weak one and a
    qualifier word stands anywhere in it. Strong is everything a value pattern needs to start a
    match but small head counts ('两位', '三家', '十个国家', '3 名'): those are weak (the group
    'weak' of a match), because an exact count
    under a hundred is narrative (`_minor_count`) and only a qualifier ('约', '超过', '左右')
    makes one inexact. Built from the characters the value patterns use, each with every
    character `normalise` turns into it (full-width forms, Traditional), so the stage rejects
    nothing `find_values(normalise(text))` would keep (a property test checks it)."""
    digits = r"\d"  # as in the value patterns: any Unicode decimal digit, full width included
    numerals = _cls("零〇一二两三四五六七八九十百千万亿")
    letters = "[A-Za-zＡ-Ｚａ-ｚ]"
    # what may follow a range word inside a value: the second number (or the sign or word before it)
    range_sep = rf"(?:{_cls('到至~～-–—或')}|{_word('甚至')}|{_word('乃至')})\s*(?:{digits}|{numerals}|{letters}|{_cls('$€£¥￥')})"
    # a number counts only when something a value pattern needs comes right after it:
    # '2025 年', '一个人', '一直', '一些', '一点', '4.1—' do not
    counts = (_cls("人名位家款项篇次台张颗枚块" + _ZH_MEASURES) + "|" + _cls("个") + r"\s*" + _cls("国实模") + "|" + _cls("个份名")
              + r"?\s*[\u4e00-\u9fff]{0,3}?(?:"
              + "|".join(_word(w) for w in _COUNTED_NOUNS_ZH) + ")|"
              + _word("份工作"))
    no_count = "|".join([
        _cls("%百千万亿兆十倍×xX成分元半级页字吨吉太公立桶") + "|" + letters, range_sep,
        # a slash fraction (1/4) and a round number with more (两千多名, 100 余人)
        r"\s*/\s*" + digits, _cls("多余") + r"\s*(?:" + counts + ")",
        # 个 only before what follows it in a value: 个百分点, 个 token, 三个到六个月
        _cls("个") + r"\s*(?:" + _cls("百") + "|" + range_sep + "|" + "|".join(
            _word(w) + r"\b" for w in ("token", "to", "and", "or")) + ")",
        *(_word(w) for w in ("美元", "美金", "港元", "港币", "欧元", "英镑", "日元", "新台币", "台币", "块钱", "人民币",
                             "词元")),
    ])
    number = (rf"{digits}(?:{digits}|{_cls(',.')})*+"
              rf"|{numerals}(?:{numerals}|{_cls('点')}(?={numerals}))*+")
    # a number under a hundred, as a whole run: '二十', '九十九', '3', '15' (not '一百', '3.5', '十五万')
    small = (rf"(?:{_cls('一二两三四五六七八九十')}{{1,2}}|{_cls('一二三四五六七八九')}{_cls('十')}{_cls('一二三四五六七八九')})"
             rf"(?!{numerals}|{_cls('点')})|{digits}{{1,2}}(?!{digits}|{_cls(',.')})")
    alternatives = [
        # a number and what follows it; a count noun only after a number of a hundred or more
        # (atomic: a small run is never read again as a number of any size)
        rf"(?>(?P<small>{small})|{number})\s*(?:{no_count}|(?(small)(?!)|(?:{counts})))",
        _cls("%$€£¥￥"),
        _word("百分之"),
        # a year, which a forecast may give as its value (`_forecast_years`)
        rf"(?<!{digits})[12]{digits}{{3}}(?!{digits}|\s*{_cls('年')}?\s*{digits}{{1,2}}\s*{_cls('月')})",
        # a rate: 每 100 名员工中就有 3 人 (its 有 is further on in the sentence)
        _cls("每") + rf"\s*(?:{digits}|{numerals})(?=[^\n]*有)",
        _word("半数"), _word("五五开"),
        _cls("翻") + _cls("了") + "?" + _cls("一两三倍"),
        _word("asl") + rf"(?:\s|{_cls('-')})*{digits}",
        _word("safety") + r"\s*" + _word("level"),
        "|".join(_word(w) for w in ("rmb", "usd")),
        r"\ba\s+(?:million|billion|trillion)\b",
        rf"\b(?:{EN_WORD}|half|third|quarter|fifth|tenth|twice|double|tenfold|hundredfold|thousandfold|twofold|"
        r"threefold|fourfold|fivefold|percent)\b",
    ]
    firsts = r"\d|" + _cls("%$€£¥￥零〇一二两三四五六七八九十百千万亿每半翻") + "|[a-zA-Zａ-ｚＡ-Ｚ]"
    # a small count that opens a range ('两位-15 名', '三家到五家'): a range is no exact head count
    alternatives.append(rf"(?:{small})\s*(?:{counts})\s*{range_sep}")
    alternatives.append(rf"(?P<weak>(?:{small})\s*(?:{counts}))")  # last: strong ones win at one place
    candidates = re.compile(rf"(?=(?:{firsts}))(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    _, _, bmap, amap = _qualifier_res()
    quals = sorted(set(bmap) | set(amap), key=len, reverse=True)
    # (a first-character lookahead: the scan skips other characters at C speed)
    firsts_q = _cls("".join(sorted({w[0] for w in quals if w} | {w[0].upper() for w in quals if w})))
    qualifier = re.compile(f"(?={firsts_q})(?:" + "|".join(_word(w) for w in quals if w) + ")", re.IGNORECASE)
    return candidates, qualifier


def candidate_pattern() -> re.Pattern:
    """The pattern of `may_hold_value`: a text it finds nothing in holds no value."""
    return _candidate_parts()[0]


def may_hold_value(text: str) -> bool:
    """The first, cheapest stage of `could_hold_value`, on the text as written."""
    candidates, qualifier = _candidate_parts()
    m = candidates.search(text)
    while m is not None:
        if m.lastgroup != "weak" or qualifier.search(text) is not None:
            return True
        m = candidates.search(text, m.start() + 1)  # a strong one further on?
    return False


def holds_claim_value(normalised: str) -> bool:
    """The second stage of `could_hold_value`, on the normalised text: a value that is more than a
    small exact count."""
    return any(not _minor_count(v) for v in find_values(normalised))


def could_hold_value(text: str, normalised: str | None = None) -> bool:
    """Cheap filter before any NLP: does the sentence hold anything the value patterns match?

    Exact, not a guess: a sentence it rejects yields no value in `find_values(normalise(text))`
    either, so the fast path finds the same claims as running every sentence through spaCy. The
    first stage is one scan of `_candidate()`; the second is `find_values` itself, whose result
    is cached for the detector that runs next on the same sentence.
    """
    if not may_hold_value(text):
        return False  # the first stage
    if normalised is None:
        from claimtrack.textnorm import normalise

        normalised = normalise(text)
    # small exact counts ('一家公司', '两位研究员') are dropped by the detector whatever else holds:
    # a sentence with nothing but those is no candidate either
    return any(not _minor_count(v) for v in find_values(normalised))


def _minor_count(v: ValueMention) -> bool:
    if v.unit not in ("count", "tokens", "pages", "words"):
        return False
    n = v.point or 0
    if v.unit != "count":
        return n < 10
    return n < 2 if v.qualifier != "exact" else n < 100


def find_values(text: str) -> list[ValueMention]:
    """All value mentions in folded text, left to right, non-overlapping, qualifiers applied."""
    return list(_find_values_cached(text))


def clear_value_cache() -> None:
    _find_values_cached.cache_clear()


@lru_cache(maxsize=4096)
def _find_values_cached(text: str) -> tuple[ValueMention, ...]:
    return tuple(_find_values(text))


def _find_values(text: str) -> list[ValueMention]:
    out: list[ValueMention] = []
    for m in _P.finditer(text):
        try:
            v = _mention(m)
        except (ValueError, ArithmeticError, IndexError) as exc:  # a reader's bug: logged, the rest read on
            if STRICT:
                raise
            log.warning("value %r not read (%s: %s) in %r", m.group(0), type(exc).__name__, exc, text[:200])
            v = None
        if v is None:
            continue
        if v.low is not None and v.low != v.low:  # NaN guard
            continue
        if v.kind == "prange" and _CHANGE_FROM.search(text, max(0, v.start - 30), v.start):
            # 'rose from 5% to 8%': where it was and where it is
            out.extend(_apply_qualifier(x, text) for x in _change_ends(m, text))
            continue
        out.append(_apply_qualifier(v, text))
    if _YEAR_HINT.search(text):  # ('2031年左右', '大概要到2031年': a forecast year may be approximate)
        out = sorted([*out, *(_apply_qualifier(y, text) for y in _forecast_years(text, out))], key=lambda v: v.start)
    return _join_ranges(out, text) if len(out) > 1 else out


# ---------------------------------------------------------------- forecast years

_YEAR_HINT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_VALUE = re.compile(r"(?<![\d.,$€£¥/-])(?P<a>(?:19|20)\d\d)(?:\s*(?:-|–|—|~|to|到|至)\s*(?P<b>(?:19|20)\d\d))?"
                         r"(?P<zh>\s*年)?(?![\d%A-Za-z]|[.,:/]\d|\s*(?:-|–|—|~|到|至)\s*\d|\s*年?\s*\d{1,2}\s*月|\s*年代)")
# (not '2020s' nor '2020年代', a decade; not '2025年3月', a date)
_CLAUSE_END = re.compile(r"[。；;！!？?\n]|\.(?=\s)")


@lru_cache(maxsize=1)
def _forecast_rules() -> tuple[tuple[re.Pattern | None, re.Pattern], ...]:
    """(cue, frame right before the year) pairs from rules.toml [forecast_years]: English, English
    modal, English frames that forecast by themselves (no cue), then the same for Chinese."""
    with open(RULES_PATH, "rb") as f:
        r = tomllib.load(f)["forecast_years"]

    def words(ws: list[str], *, en: bool) -> str:
        alts = "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))
        return rf"\b(?:{alts})\b" if en else f"(?:{alts})"

    def frame(ws: list[str], *, en: bool) -> re.Pattern:
        if en:
            return re.compile(rf"{words(ws, en=True)}\s+(?:the\s+)?(?:year\s+)?(?:early\s+|mid-?|late\s+)?$", re.I)
        return re.compile(rf"{words(ws, en=False)}\s*$")

    return ((re.compile(words(r["en_cues"], en=True), re.I), frame(r["en_frames"], en=True)),
            (re.compile(words(r["en_modal_cues"], en=True), re.I), frame(r["en_modal_frames"], en=True)),
            (None, frame(r["en_own_frames"], en=True)),
            (re.compile(words(r["zh_cues"], en=False)), frame(r["zh_frames"], en=False)),
            (None, frame(r["zh_own_frames"], en=False)))


def _forecast_years(text: str, found: list[ValueMention]) -> list[ValueMention]:
    """Years a forecast gives as its value (rules.toml [forecast_years]): a cue before the year in
    its clause, a frame word right before it, and no other figure in the clause."""
    en, en_modal, en_own, zh, zh_own = _forecast_rules()
    out: list[ValueMention] = []
    for m in _YEAR_VALUE.finditer(text):
        lo = max((x.end() for x in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
        nxt = _CLAUSE_END.search(text, m.end())
        hi = nxt.start() if nxt else len(text)
        if any(lo <= v.start < hi or lo < v.end <= hi for v in found):
            continue  # the year is the time frame of another figure of its clause
        before = text[lo:m.start()]
        chinese = bool(m.group("zh")) or bool(_CJK_CHAR.search(before[-4:]))
        # the cue stands before the frame or is part of it ('有望在'); a frame of its own ('要到',
        # 'not until') needs none
        if not any((f := frame.search(before)) is not None and (cue is None or cue.search(before, 0, f.end()))
                   for cue, frame in ((zh, zh_own) if chinese else (en, en_modal, en_own))):
            continue
        a = float(m.group("a"))
        b = float(m.group("b")) if m.group("b") else a
        if b < a:
            continue
        end = m.end("b") if m.group("b") else m.end("a")
        out.append(ValueMention(m.start(), end, a, b, "year", "range" if b > a else "exact", kind="fyear"))
    return out


_CHANGE_FROM = re.compile(r"\b(?:rise|rose|risen|rising|rises|fall|fell|fallen|falling|falls|grow|grew|grown|growing"
                          r"|grows|increase|increased|increasing|decrease|decreased|decreasing|decline|declined"
                          r"|declining|drop|dropped|dropping|jump|jumped|climb|climbed"
                          r"|surged|soared|plunged|slipped|went|gone|up|down|shrank|shrunk|doubled|tripled)"
                          r"\s+(?:\w+\s+){0,2}?from\s+(?:about\s+|around\s+|roughly\s+)?$", re.I)


def _change_ends(m: re.Match, text: str) -> list[ValueMention]:
    """The two ends of 'from 5% to 8%' / 'from 5 to 8 percent', each a value of its own."""
    a, b = _num(m.group("pr_a")), _num(m.group("pr_b"))
    if a is None or b is None:
        return []
    a_end = m.end("pr_a")
    unit_after_a = re.match(r"\s*(?:%|percent\b|per cent\b)", text[a_end:])
    if unit_after_a:
        a_end += unit_after_a.end()
    return [ValueMention(m.start("pr_a"), a_end, a / 100, a / 100, "ratio", kind="pct"),
            ValueMention(m.start("pr_b"), m.end("prange"), b / 100, b / 100, "ratio", kind="pct")]


_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)
_BETWEEN_RANGE = re.compile(rf"\s*(?:到|至|~|～|-|–|—|\bto\b|{_ESCALATE})\s*")


def _join_ranges(values: list[ValueMention], text: str) -> list[ValueMention]:
    """'30 亿美元至 50 亿美元', '$1bn to $2bn', '1,000 人到 2,000 人': two values of one unit with only a
    range word between them are one range."""
    out: list[ValueMention] = []
    for v in values:
        p = out[-1] if out else None
        if p is not None and p.unit == v.unit and p.unit not in ("ratio", "ASL") \
                and p.qualifier in ("exact", "approx") and v.qualifier == "exact" \
                and p.low is not None and v.low is not None and p.low < v.low \
                and (_BETWEEN_RANGE.fullmatch(text, p.end, v.start)
                     or re.fullmatch(r"\s+and\s+", text[p.end:v.start]) and _BETWEEN_BEFORE.search(text, 0, p.start)) \
                and not _CHANGE_FROM.search(text, max(0, p.start - 30), p.start):
            out[-1] = replace(p, end=v.end, high=v.high, qualifier="range", kind="range")
            continue
        out.append(v)
    return out
