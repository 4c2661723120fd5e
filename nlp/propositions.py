"""What a value measures: a language-independent key from the bilingual lexicon in
seeds/propositions.toml, or, when the lexicon does not know it, a stable key from salient terms."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from claimtrack.ids import digest
from seeds import SEEDS_DIR

PROPOSITIONS_PATH = SEEDS_DIR / "propositions.toml"
MONEY_UNITS = {"USD", "EUR", "GBP", "CNY", "JPY", "HKD", "TWD"}

_EN_STOP = set("""a an the of to in on at for by with from and or but is are was were be been being this that these
those it its their our your his her my we you they he she i as than then so such there here what which who whom
whose about over under more less most least up down into out also only just very can could would should will may
might must do does did has have had not no nor per each every some any all both either neither one two three
percent chance probability likelihood share rate level times said says say according estimate estimated think
believe argued roughly nearly around at least almost approximately""".split())
_ZH_STOP = set("""的 了 是 在 有 和 与 或 也 都 就 而 及 其 这 那 这种 那种 一个 一种 我们 你们 他们 她们 我 你 他 她 它 它们
自己 可能 大约 大概 约 左右 近 接近 至少 不低于 不少于 以上 超过 逾 多于 高达 最多 不超过 以内 不到 低于 少于 以下 之间 到
说 表示 认为 估计 指出 称 写道 概率 可能性 比例 数字 时候 目前 现在 已经 还 更 很 非常 之一 方面 情况 问题 东西 事情 一些
进行 通过 没有 如果 因为 所以 但是 然而 以及 就是 还是 不是 这个 那个 这些 那些 什么 怎么 哪些""".split())


@dataclass(frozen=True)
class PropositionRule:
    key: str
    en: str
    zh: str
    all: tuple[tuple[str, ...], ...]
    any: tuple[str, ...]
    not_: tuple[str, ...]
    units: tuple[str, ...]
    subject: str | None
    subject_includes: tuple[str, ...] = ()
    forecast_key: str | None = None
    forecast_en: str | None = None


class _Words:
    """A set of trigger words matched in one regex pass (Latin words at a word start)."""

    def __init__(self, words: tuple[str, ...] | list[str]):
        parts = []
        for w in sorted({x.lower() for x in words}, key=len, reverse=True):
            e = re.escape(w)
            if w.isascii() and re.match(r"[a-z0-9]", w):
                e = r"(?<![a-z])" + e
            parts.append(e)
        self.re = re.compile("|".join(parts)) if parts else None

    def search(self, text: str) -> bool:
        return bool(self.re and self.re.search(text))

    def distance(self, text: str, pos: int) -> int | None:
        """Characters between `pos` and the nearest match, None when no match."""
        if not self.re:
            return None
        best = None
        for m in self.re.finditer(text):
            d = 0 if m.start() <= pos < m.end() else min(abs(m.start() - pos), abs(m.end() - pos))
            best = d if best is None else min(best, d)
        return best

    def count(self, text: str) -> int:
        return len({m.group(0) for m in self.re.finditer(text)}) if self.re else 0


def future_frame() -> re.Pattern:
    return _future_frame()


@functools.lru_cache(maxsize=1)
def _future_frame() -> re.Pattern:
    rules = Path(__file__).with_name("rules.toml")
    with open(rules, "rb") as f:
        frames = tomllib.load(f).get("propositions", {}).get("future_frames", [])
    return re.compile("|".join(f"(?:{x})" for x in frames) or r"(?!x)x", re.I)


class _Presence:
    """Which of many trigger words occur in a text, in one scan (a word found means every word
    that is a prefix of it at the same place is found too: the scan tries the longest first)."""

    def __init__(self, words: set[str]):
        words = {w.lower() for w in words if w}
        groups: dict[str, list[str]] = {}
        for w in sorted(words, key=len, reverse=True):
            e = re.escape(w[1:])
            guard = rf"(?<![a-z]{re.escape(w[0])})" if w.isascii() and re.match(r"[a-z0-9]", w) else ""
            groups.setdefault(re.escape(w[0]), []).append(guard + e)
        # one branch per first character (the engine skips a branch whose first literal differs),
        # behind a first-character lookahead (other positions are skipped at C speed)
        alts = "|".join(f + "(?:" + "|".join(g) + ")" for f, g in groups.items())
        head = "".join(sorted(groups))
        self.re = re.compile(f"(?=[{head}])(?=({alts}))") if alts else None
        self.prefixes = {w: frozenset(p for p in words if w.startswith(p)) for w in words}

    def present(self, text: str) -> set[str]:
        out: set[str] = set()
        if self.re is not None:
            for m in self.re.finditer(text):
                out |= self.prefixes[m.group(1)]
        return out


class PropositionLexicon:
    def __init__(self, rules: list[PropositionRule]):
        self.rules = rules
        # ('not' words need no pattern of their own: the presence scan below decides them)
        self._compiled = [(r, [_Words(g) for g in r.all], _Words(r.any)) for r in rules]
        # a rule can only match a sentence holding a word of each of its groups: one scan tells
        self._needs = [([frozenset(w.lower() for w in g) for g in r.all], frozenset(w.lower() for w in r.not_))
                       for r in rules]
        every: set[str] = set()
        for r in rules:
            every |= {w for g in r.all for w in g} | set(r.not_)
        self._presence = _Presence(every)

    @classmethod
    def load(cls, path: Path = PROPOSITIONS_PATH) -> PropositionLexicon:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        rules = []
        for p in data.get("proposition", []):
            _ = p
            rules.append(PropositionRule(
                key=p["key"], en=p.get("en", p["key"]), zh=p.get("zh", ""),
                all=tuple(tuple(g) for g in p.get("all", [])), any=tuple(p.get("any", [])),
                not_=tuple(p.get("not", [])), units=tuple(p.get("units", [])), subject=p.get("subject"),
                subject_includes=tuple(p.get("subject_includes", [])),
                forecast_key=p.get("forecast_key"), forecast_en=p.get("forecast_en"),
            ))
        return cls(rules)

    def user_words(self) -> list[str]:
        words = set()
        for r in self.rules:
            for g in r.all:
                for w in g:
                    if re.search(r"[\u4e00-\u9fff]", w) and " " not in w and len(w) >= 2:
                        words.add(w)
        return sorted(words)

    def holds(self, rule: PropositionRule, text: str) -> bool:
        """Whether `text` holds a word of each of `rule`'s groups."""
        for r, groups, _ in self._compiled:
            if r is rule:
                return all(g.search(text) for g in groups)
        return False

    def match(self, clause: str, sentence: str, unit: str, pos: int | None = None,
              clause_start: int = 0) -> PropositionRule | None:
        """Best rule for a value of `unit` in `clause` of `sentence` (both lower-case Simplified).

        Trigger words in the value's clause count more than elsewhere in the sentence, and the
        nearer to the value (sentence offset `pos`) the better: two propositions in one clause
        ('half of white-collar jobs ... unemployment of 10-20%') go to the nearer words."""
        best: tuple[float, PropositionRule] | None = None
        present = self._presence.present(sentence)
        for (r, groups, any_), (need, nots) in zip(self._compiled, self._needs, strict=True):
            if r.units:
                ok = unit in r.units or ("money" in r.units and unit in MONEY_UNITS)
                if not ok:
                    continue
            if not nots.isdisjoint(present) or any(g.isdisjoint(present) for g in need):
                continue  # (what `not_.search(sentence)` and the group searches below would say)
            score = 0.0
            matched = True
            for group in groups:
                if group.search(clause):
                    score += 2
                    if pos is not None:
                        d = group.distance(clause, pos - clause_start)
                        score += 1.0 / (1.0 + (d or 0) / 8.0)
                elif group.search(sentence):
                    score += 1
                else:
                    matched = False
                    break
            if not matched:
                continue
            score += 0.25 * any_.count(clause)
            if not r.all:
                score += 0.5
            if best is None or score > best[0]:
                best = (score, r)
        return best[1] if best else None


def salient_terms(clause: str, lang: str, masked: list[tuple[int, int]] | None = None) -> list[str]:
    """Content words of a clause, for a key the lexicon does not know (stable for the same wording)."""
    text = clause
    for s, e in sorted(masked or [], reverse=True):
        text = text[:s] + " " * (e - s) + text[e:]
    terms: list[str] = []
    if lang == "zh":
        from nlp import segmenter

        for w, flag in segmenter.tagged(text):
            w = w.strip()
            if len(w) < 2 or w in _ZH_STOP or re.search(r"\d", w):
                continue
            if flag.startswith(("n", "v")) or re.fullmatch(r"[a-zA-Z]+", w):
                terms.append(w.lower())
    else:
        for w in re.findall(r"[A-Za-z][A-Za-z\-]+", text):
            lw = w.lower()
            if lw not in _EN_STOP and len(lw) > 2:
                terms.append(lw)
    seen: list[str] = []
    for t in terms:
        if t not in seen:
            seen.append(t)
    return seen[:4]


def fallback(clause: str, lang: str, unit: str, masked: list[tuple[int, int]] | None = None) -> tuple[str, str]:
    terms = salient_terms(clause, lang, masked)
    if not terms:
        return f"unknown-{unit.lower()}", f"unlabelled {unit} value"
    label = " ".join(terms)
    return "auto-" + digest(unit, *sorted(terms), size=10), label
