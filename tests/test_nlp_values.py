"""Values, units and qualifiers (nlp.numbers), on text the detector sees (folded, Simplified)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimtrack.textnorm import normalise
from nlp.numbers import could_hold_value, find_values, parse_number

CASES = [
    # text, value text, low, high, unit, qualifier
    ("概率大约是 20%", "大约是 20%", 0.2, 0.2, "ratio", "approx"),
    ("百分之二十", "百分之二十", 0.2, 0.2, "ratio", "exact"),
    ("百分之五点五", "百分之五点五", 0.055, 0.055, "ratio", "exact"),
    ("两成", "两成", 0.2, 0.2, "ratio", "exact"),
    ("兩成", "兩成", 0.2, 0.2, "ratio", "exact"),
    ("三成五", "三成五", 0.35, 0.35, "ratio", "exact"),
    ("四分之一", "四分之一", 0.25, 0.25, "ratio", "exact"),
    ("三分之二", "三分之二", 2 / 3, 2 / 3, "ratio", "exact"),
    ("三千亿美元", "三千亿美元", 3e11, 3e11, "USD", "exact"),
    ("3000 亿美元", "3000 亿美元", 3e11, 3e11, "USD", "exact"),
    ("2万美元", "2万美元", 2e4, 2e4, "USD", "exact"),
    ("50 亿元人民币", "50 亿元人民币", 5e9, 5e9, "CNY", "exact"),
    ("十倍", "十倍", 10, 10, "times", "exact"),
    ("每年2X的速度", "2X", 2, 2, "times", "exact"),
    ("十倍甚至二十倍", "十倍甚至二十倍", 10, 20, "times", "range"),
    # bounds written as signs (full-width forms fold to these); an arrow is no bound
    ("credence: <10% for current models", "<10%", None, 0.1, "ratio", "less_than"),
    ("a chance of > 25% within a decade", "> 25%", 0.25, None, "ratio", "more_than"),
    ("hit ~20% at the best layer", "~20%", 0.2, 0.2, "ratio", "approx"),
    ("概率 ≥ 30%", "≥ 30%", 0.3, None, "ratio", "at_least"),
    ("失业率＜5%", "＜5%", None, 0.05, "ratio", "less_than"),
    ("成本≤ 10 亿美元", "≤ 10 亿美元", None, 1e9, "USD", "at_most"),
    ("new target => 20%", "20%", 0.2, 0.2, "ratio", "exact"),
    ("调整后 -> 20%", "20%", 0.2, 0.2, "ratio", "exact"),
    # a figure and the higher one the speaker allows for ('or even', '甚至'): one range
    ("jobs could fall 10% or even 20%", "10% or even 20%", 0.1, 0.2, "ratio", "range"),
    ("a loss of 5%, or possibly 8%", "5%, or possibly 8%", 0.05, 0.08, "ratio", "range"),
    ("costs of $1bn or even $2bn", "$1bn or even $2bn", 1e9, 2e9, "USD", "range"),
    ("比例可能达到 10%，甚至 20%", "10%，甚至 20%", 0.1, 0.2, "ratio", "range"),
    ("投入 10 亿美元乃至 20 亿美元", "10 亿美元乃至 20 亿美元", 1e9, 2e9, "USD", "range"),
    ("不到一千人", "不到一千人", None, 1000, "count", "less_than"),
    ("0% 到 10% 之间", "0% 到 10%", 0.0, 0.1, "ratio", "range"),
    ("一成到两成", "一成到两成", 0.1, 0.2, "ratio", "range"),
    ("6 到 12 个月", "6 到 12 个月", 6, 12, "months", "range"),
    ("１５％", "１５％", 0.15, 0.15, "ratio", "exact"),
    ("ASL-3", "ASL-3", 3, 3, "ASL", "exact"),
    ("约 1/4 的员工", "约 1/4", 0.25, 0.25, "ratio", "approx"),
    ("5成的人", "5成", 0.5, 0.5, "ratio", "exact"),
    ("百万分之一的概率", "百万分之一", 1e-6, 1e-6, "ratio", "exact"),
    ("30 亿美元至 50 亿美元", "30 亿美元至 50 亿美元", 3e9, 5e9, "USD", "range"),
    ("$1bn to $2bn", "$1bn to $2bn", 1e9, 2e9, "USD", "range"),
    ("a 50-50 chance", "50-50", 0.5, 0.5, "ratio", "exact"),
    ("比例高达 90% 以上", "高达 90% 以上", 0.9, None, "ratio", "at_least"),
    ("周活跃用户已超过 7 亿。", "超过 7 亿", 7e8, None, "count", "more_than"),
    ("a one-in-five chance", "one-in-five", 0.2, 0.2, "ratio", "exact"),
    ("they hired 2.5 times as many", "2.5 times", 2.5, 2.5, "times", "exact"),
    ("costs between $1bn and $3bn", "$1bn and $3bn", 1e9, 3e9, "USD", "range"),
    ("estimates range from 5% to 10%", "5% to 10%", 0.05, 0.1, "ratio", "range"),
    ("集群有 10 万块 GPU", "10 万块", 1e5, 1e5, "count", "exact"),
    ("部署了 5 万台服务器", "5 万台", 5e4, 5e4, "count", "exact"),
    ("成败的可能五五开", "五五开", 0.5, 0.5, "ratio", "exact"),
    ("trained on 15 trillion tokens", "15 trillion tokens", 1.5e13, 1.5e13, "tokens", "exact"),
    ("两千多名员工", "两千多名", 2000, None, "count", "more_than"),
    ("每周有超过 8 亿用户", "超过 8 亿", 8e8, None, "count", "more_than"),
    ("市值超 1 万亿美元", "超 1 万亿美元", 1e12, None, "USD", "more_than"),
    ("unemployment rose to 15pc", "15pc", 0.15, 0.15, "ratio", "exact"),
    ("fewer than one in a thousand", "fewer than one in a thousand", None, 0.001, "ratio", "less_than"),
    ("ASL3 级别", "ASL3", 3, 3, "ASL", "exact"),
    ("AI Safety Level 3", "AI Safety Level 3", 3, 3, "ASL", "exact"),
    ("AI 安全 3 级", "AI 安全 3 级", 3, 3, "ASL", "exact"),
    ("fifteen percent", "fifteen percent", 0.15, 0.15, "ratio", "exact"),
    ("twenty-five percent", "twenty-five percent", 0.25, 0.25, "ratio", "exact"),
    ("one in five adults", "one in five", 0.2, 0.2, "ratio", "exact"),
    ("a quarter of jobs", "a quarter", 0.25, 0.25, "ratio", "exact"),
    ("half of all code", "half", 0.5, 0.5, "ratio", "exact"),
    ("$300 billion", "$300 billion", 3e11, 3e11, "USD", "exact"),
    ("$20,000", "$20,000", 2e4, 2e4, "USD", "exact"),
    ("1.5 million people", "1.5 million people", 1.5e6, 1.5e6, "count", "exact"),
    ("between 10 and 20 percent", "between 10 and 20 percent", 0.1, 0.2, "ratio", "range"),
    ("10–20%", "10–20%", 0.1, 0.2, "ratio", "range"),
    ("14,000 tokens", "14,000 tokens", 14000, 14000, "tokens", "exact"),
    # the length of a document
    ("a 9,500-token prompt", "9,500-token", 9500, 9500, "tokens", "exact"),
    ("a 184-page audit report", "184-page", 184, 184, "pages", "exact"),
    ("a 184‑page audit report", "184‑page", 184, 184, "pages", "exact"),  # a non-breaking hyphen
    ("the report runs to 60 pages", "60 pages", 60, 60, "pages", "exact"),
    ("a 7,000-word essay", "7,000-word", 7000, 7000, "words", "exact"),
    ("some nine thousand words of notes", "some nine thousand words", 9000, 9000, "words", "approx"),
    ("一份 184 页的审计报告", "184 页", 184, 184, "pages", "exact"),
    ("这篇 2 万字的长文", "2 万字", 20000, 20000, "words", "exact"),
    ("less than one percentage point", "less than one percentage point", None, 1, "percentage_points", "less_than"),
    # qualifiers, each word
    ("约 20%", "约 20%", 0.2, 0.2, "ratio", "approx"),
    ("大概 3%", "大概 3%", 0.03, 0.03, "ratio", "approx"),
    ("20% 左右", "20% 左右", 0.2, 0.2, "ratio", "approx"),
    ("近 40%", "近 40%", 0.4, 0.4, "ratio", "approx"),
    ("接近 100%", "接近 100%", 1.0, 1.0, "ratio", "approx"),
    ("roughly 15%", "roughly 15%", 0.15, 0.15, "ratio", "approx"),
    ("nearly 40%", "nearly 40%", 0.4, 0.4, "ratio", "approx"),
    ("至少 25%", "至少 25%", 0.25, None, "ratio", "at_least"),
    ("不低于 25%", "不低于 25%", 0.25, None, "ratio", "at_least"),
    ("不少于 5000 万人", "不少于 5000 万人", 5e7, None, "count", "at_least"),
    ("50% 以上", "50% 以上", 0.5, None, "ratio", "at_least"),
    ("at least 25 percent", "at least 25 percent", 0.25, None, "ratio", "at_least"),
    ("超过 50%", "超过 50%", 0.5, None, "ratio", "more_than"),
    ("逾 1 亿美元", "逾 1 亿美元", 1e8, None, "USD", "more_than"),
    ("多于 70%", "多于 70%", 0.7, None, "ratio", "more_than"),
    ("more than 50%", "more than 50%", 0.5, None, "ratio", "more_than"),
    ("over 70%", "over 70%", 0.7, None, "ratio", "more_than"),
    ("高达 20%", "高达 20%", None, 0.2, "ratio", "at_most"),
    ("最多 10%", "最多 10%", None, 0.1, "ratio", "at_most"),
    ("不超过 2%", "不超过 2%", None, 0.02, "ratio", "at_most"),
    ("5% 以内", "5% 以内", None, 0.05, "ratio", "at_most"),
    ("up to 20%", "up to 20%", None, 0.2, "ratio", "at_most"),
    ("as much as $100 million", "as much as $100 million", None, 1e8, "USD", "at_most"),
    ("不到 5%", "不到 5%", None, 0.05, "ratio", "less_than"),
    ("低于 10%", "低于 10%", None, 0.1, "ratio", "less_than"),
    ("少于 1%", "少于 1%", None, 0.01, "ratio", "less_than"),
    ("10% 以下", "10% 以下", None, 0.1, "ratio", "less_than"),
    ("less than 10%", "less than 10%", None, 0.1, "ratio", "less_than"),
    ("under 10%", "under 10%", None, 0.1, "ratio", "less_than"),
    ("超過 50%", "超過 50%", 0.5, None, "ratio", "more_than"),
    ("高達兩成", "高達兩成", None, 0.2, "ratio", "at_most"),
    ("营收翻了一番", "翻了一番", 2, 2, "times", "exact"),
    ("用户数翻了两番", "翻了两番", 4, 4, "times", "exact"),
]


@pytest.mark.parametrize("text,vtext,low,high,unit,qual", CASES, ids=[c[0] for c in CASES])
def test_value(text, vtext, low, high, unit, qual):
    folded = normalise(text)
    values = find_values(folded)
    assert len(values) == 1, values
    v = values[0]
    assert text[v.start:v.end] == vtext
    assert v.unit == unit and v.qualifier == qual
    for got, want in ((v.low, low), (v.high, high)):
        assert (got is None and want is None) or abs(got - want) < 1e-9


@pytest.mark.parametrize("text", ["Claude Opus 4.1", "GPT-3", "2025 年 4 月", "一成不变", "八成是忘了", "第一名", "某天",
                                  "the first half", "AI 2027", "一个 token"[:2],
                                  "see page 12", "十字路口", "100 字母"])
def test_no_value(text):
    assert [v for v in find_values(normalise(text)) if v.unit not in ("count",)] == []


@pytest.mark.parametrize("s,n", [("3,000", 3000), ("1.5", 1.5), ("三千", 3000), ("两", 2), ("二十五", 25), ("十", 10),
                                 ("fifteen", 15), ("twenty-five", 25), ("一点五", 1.5), ("零", 0)])
def test_parse_number(s, n):
    assert parse_number(s) == n


def test_candidate_filter_is_exact_on_its_own_terms():
    # every sentence the detector would find a value in passes the cheap filter
    for text, *_ in CASES:
        assert could_hold_value(text), text
    assert not could_hold_value("这是一家很好的公司，我们一起去看看。")
    assert not could_hold_value("No numbers here at all.")
    # numbers that cannot start a value are not candidates: one of, every day, a little, dates
    for text in ("我们一个一个地看，每天都学一点。", "他們一個接一個地離開，一點也不急。", "2025 年 3 月，公司发布了第一个版本。",
                 "两位研究员和三家公司参加了会议。", "這個 AI 模型在 4.1—4.5 版之間改動不大。"):
        assert not could_hold_value(text), text


VALUE_BITS = ["20%", "２０％", "百分之二十", "两成", "兩成", "四分之一", "三千亿美元", "3000 亿美元", "2万美元", "$300 billion",
              "十倍", "2X", "10x", "tenfold", "three times as", "不到一千人", "1,500 people", "14000 token", "ASL3", "ASL-3",
              "AI Safety Level 3", "AI 安全三级", "one in five", "a quarter of", "half of", "一半", "半数", "每 100 名员工中就有 3 人",
              "6 到 12 个月", "一到三个月", "1 个百分点", "fifteen percent", "万亿美元", "千倍", "10–20%", "between 10 and 20 percent",
              "翻了一番", "翻倍",
              # as written in Traditional text or in full width: the filter runs before normalising
              "兩成", "三千億美元", "一個百分點", "十萬人", "一點五倍", "三個國家", "每 100 名員工中就有 3 人", "１５％",
              "新台幣 300 億元", "港幣", "USD300", "RMB 300", "3ASL-3", "ＡＳＬ－３", "四分之一", "數百萬美元", "兩倍",
              # head counts, small and large, and what makes a small one inexact
              "两位", "三家公司", "十个国家", "九十九人", "一〇〇人", "一百二十名", "15 名", "３家", "15万人", "5 人民币",
              "二十多人", "左右", "以上", "超过", "約", "近", "up to", "nearly", "AI SafetyLevel 3", "AI Safety  Level 3",
              "a trillion dollars", "a billion-dollar", "hundredfold",
              # counts of users and jobs, slash fractions, round numbers with more, ranges of money
              "8 亿用户", "300 万个工作岗位", "1200 万份工作", "两千多名", "100 余人", "二十多名", "1/4 的", "3/10 of",
              "5成", "百万分之一", "10万分之三", "15pc", "百分之 30", "30 亿美元至 50 亿美元", "one in a thousand",
              "one in 5,000", "超", "多", "/", "8/20", "a 50-50 chance", "fifty-fifty odds", "五五开", "15T tokens",
              "15 trillion tokens", "10 万块", "5 万台", "3000 张", "10 万块钱", "one-in-five", "rose from ",
              "between ", " and ", "100,000 GPUs", "3000 个全职岗位", "500 名全職員工", "用户已超过 7 亿。", "2025 年用户"]
NOISE = ["2025 年", "一个", "一個", "一点", "一點", "每天", "每一个", "有", "一日", "2025-", "4.1—", "一个 AI", "一直", "AI", "，", "。", " ", "Claude Opus 4.1", "的", "about", "约", "至少", "一些", "\n", "x", "-"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(VALUE_BITS + NOISE), max_size=8).map("".join))
@example("两位-15 名")  # a small count opening a range (found by this test in CI)
def test_cheap_filter_never_rejects_what_the_patterns_match(text):
    """The candidate filter's first stage passes every text the value patterns find a claim value in
    (not a small exact head count) - the exactness of the fast path."""
    from claimtrack.textnorm import normalise
    from nlp.numbers import holds_claim_value, may_hold_value

    if holds_claim_value(normalise(text)):
        assert may_hold_value(text), text


# A year is the value when a forecast gives it (rules.toml [forecast_years]); otherwise it is a date
# or the time frame of another figure. Sentences written for the test.
FORECAST_YEARS = [
    ("Most of the panel expects human-level machine translation by 2029.", "2029", 2029, 2029, "exact"),
    ("Her median forecast for a fully automated factory is around 2040.", "around 2040", 2040, 2040, "approx"),
    ("该机构预计，自动驾驶卡车大概要到2033年才会普及。", "大概要到2033", 2033, 2033, "approx"),
    ("The lab's timeline puts the first autonomous researcher at 2030-2032.", "2030-2032", 2030, 2032, "range"),
    ("Fusion power will likely arrive no later than 2045.", "2045", 2045, 2045, "exact"),
    ("多位专家预计，自动驾驶将在2035年全面普及。", "2035", 2035, 2035, "exact"),
    ("该机构预测，人形机器人有望在2030年进入家庭。", "2030", 2030, 2030, "exact"),
    ("研究团队估计，这一目标可能在2028到2030年实现。", "2028到2030", 2028, 2030, "range"),
    ("該機構預測，量子電腦將於2033年商用。", "2033", 2033, 2033, "exact"),
]


@pytest.mark.parametrize("text,vtext,low,high,qual", FORECAST_YEARS, ids=[c[1] + "-" + c[0][:12] for c in FORECAST_YEARS])
def test_a_forecast_year_is_the_value(text, vtext, low, high, qual):
    folded = normalise(text)
    [v] = find_values(folded)
    assert text[v.start:v.end] == vtext and v.unit == "year" and v.qualifier == qual
    assert (v.low, v.high) == (low, high)


@pytest.mark.parametrize("text", [
    "In 2023, the panel met twice.",                                    # a date, no forecast
    "Analysts predicted in 2019 that the market would stall.",          # the time of predicting
    "She expects 40% of factories to be automated by 2040.",            # the year frames the 40%
    "The share could reach a third by the end of the 2030s.",           # a decade, and another figure
    "The report was published in 2024 and expects slower growth.",      # the cue comes after the year
    "2025 年 3 月，公司发布了第一个版本。",                                # a date
    "专家预计，到2030年将有三成工厂实现自动化。",                           # the year frames the 30%
    "他在2021年预测了这一趋势。",                                          # the cue comes after the year
])
def test_a_year_that_no_forecast_gives_is_no_value(text):
    assert [v for v in find_values(normalise(text)) if v.unit == "year"] == []
