"""Chinese person (and institution) names the entities file does not know, from jieba's words.

Names stand where a sentence starts or right before a speech cue (the speech verbs and 'according to' words of rules.toml): only the
words there are read. jieba's dictionary tags (nr, nt, nz) and its HMM's new words name people;
transliterations ('马克·赞迪') are the word before the dot plus the word after it and any unknown
or name words that follow. Offsets are document offsets; names are returned as written, ids from
the Simplified form (the same person in zh-Hans and zh-Hant text).
"""

from __future__ import annotations

import re

from nlp import attribution, notclaims, segmenter
from nlp.attribution import Agent, DocContext
from nlp.entities import EntityIndex, slug

LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){1,2}(?![A-Za-z0-9])")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{1,5}")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_PLACE_AFTER = re.compile(r"\s*(?:中|里|上|内|当中|之中)(?![国文央心周月年次午旬半])")  # not 上周, 中旬: times


def may_name_someone_new(text: str, start: int, end: int, ctx: DocContext) -> bool:
    """Name tagging only pays where a speech cue stands and no known person or org does."""
    known = [m for m in ctx.mentions_between(start, end) if m.entity.is_agent]
    for cue in attribution.zh_cue().finditer(text):
        at = start + cue.start()
        if not any(at - 14 <= m.end <= at for m in known):
            return True
    return False


def _transliterated(name: str) -> bool:
    """Every character from the transliteration table (rules.toml zh_transliteration_chars)."""
    table = attribution.transliteration_chars()
    return bool(name) and all(ch in table for ch in name)


def personal_name(w: str) -> bool:
    """jieba's nr tag is noisy ('后继者'): keep transliterations and surname + given name."""
    if "·" in w or "•" in w:
        return len(w) >= 3
    return 2 <= len(w) <= 3 and w[0] in attribution.zh_surnames() and not w.endswith(("者", "们", "人", "家", "员"))


def windows(text: str, dots: bool = True) -> list[tuple[int, int]]:
    """Where names stand: the start of a sentence, right before a speech cue and (`dots`) the
    clause of a transliterated name (merged spans)."""
    spans = [(0, min(14, len(text)))] + [(_name_start(text, max(0, m.start() - 14)), m.start())
                                         for m in attribution.zh_cue().finditer(text)]
    # a transliterated name is a name wherever it stands ('……负责人蕾娜塔·沃斯克伊伦日前在……')
    # (jieba cuts the whole clause around it: cut at the name's edges, it glues words onto it)
    if dots:
        spans += [_clause_around(text, m.start(), m.end()) for m in _NAME_RUN.finditer(text)]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


_NAME_RUN = re.compile(r"[\u4e00-\u9fff]{1,6}[·•・][\u4e00-\u9fff]{1,5}(?:[-－‐‑][\u4e00-\u9fff]{1,4})?")


_PUNCT = re.compile(r"[，,。；;：:！!？?、（）()“”\"\s]")


def _clause_around(text: str, a: int, b: int) -> tuple[int, int]:
    """The clause around text[a:b], at most 20 characters either side."""
    lo = max([m.end() for m in _PUNCT.finditer(text, max(0, a - 20), a)], default=max(0, a - 20))
    nxt = _PUNCT.search(text, b, min(len(text), b + 20))
    return lo, nxt.start() if nxt else min(len(text), b + 20)


def _name_start(text: str, a: int) -> int:
    """`a`, or the start of a transliterated name that `a` falls inside ('德尔菲娜·马尔凯蒂-鲁在……':
    a window from '鲁' would make '鲁在' a name)."""
    for m in _NAME_RUN.finditer(text, max(0, a - 16), a + 12):
        if m.start() < a < m.end():
            return m.start()
    return a


def words(text: str, norm: str, sdoc=None) -> list[tuple[int, str]]:
    """jieba's words of the Simplified form `norm` of a sentence, with their offsets: the tokens of
    its Doc when it has one and is Simplified already, else jieba over the windows names stand in."""
    if sdoc is not None and norm == text:
        return [(t.idx, t.text) for t in sdoc]
    out = []
    for ws, we in windows(norm):
        pos = ws
        for w in segmenter.cut(norm[ws:we]):
            out.append((pos, w))
            pos += len(w)
    return out


def names(text: str, norm: str, start: int, end: int, ctx: DocContext, entities: EntityIndex,
          words: list[tuple[int, str]]) -> list[Agent]:
    """People and institutions named in the sentence `text` (document offsets [start, end);
    `norm` its normalised form, `words` jieba's words of `norm`) that `entities` does not know."""
    if norm != text:
        found = names(norm, norm, start, end, ctx, entities, words)
        return [Agent(text[a.start - start:a.start - start + len(a.name)], a.id, a.kind, a.start) for a in found]
    cue_starts = [m.start() for m in attribution.zh_cue().finditer(text)]
    merged = windows(text)
    out = _latin_names(text, start, end, ctx, entities, cue_starts)
    found, taken = _transliterated_names(text, start, ctx, entities, words, merged, set(cue_starts))
    out += found
    # other names only where names stand as subjects (not anywhere in a clause a dot name opened)
    merged = windows(text, dots=False)
    out += _titled_names(text, start, ctx, entities, taken)
    out += _institutions(text, start, ctx, entities, words, merged, taken)
    out += _word_names(text, start, ctx, entities, words, merged, cue_starts, taken)
    return out


def _titled_names(text: str, start: int, ctx: DocContext, entities: EntityIndex,
                  taken: list[tuple[int, int]]) -> list[Agent]:
    """A surname and one or two characters right after a job title, before what the person did
    ('呼吸科主任医师吴立新对本刊表示', '应急办副主任何建平在同一场合表示', '主席梁咏诗指出'): how Chinese
    news names most people, whatever jieba made of the characters. Spans `taken` grow in place."""
    out = []
    long_names = [m for m in attribution.titled_long_name().finditer(text) if _transliterated(m.group("name"))]
    for m in [*attribution.titled_name().finditer(text), *long_names]:
        st, en = m.start("name"), m.end("name")
        name = m.group("name")
        if (name[0] not in attribution.zh_surnames() and len(name) <= 3) or any(a < en and st < b for a, b in taken):
            continue
        tag = segmenter.tag(name)
        if tag is not None and not tag.startswith("nr"):
            continue  # a word of the dictionary that is no name: '董事长周一对代表表示' (Monday)
        if not entities.lookup(name):
            a = ctx.agent_for_name(name, start + st)
            out.append(Agent(name, a.id, "person", start + st))
        taken.append((st, en))
    return out


_GLUED_AFTER_A_NAME = "对向跟在和与说称"
_NOT_A_NAME_START = re.compile(r"(?:另据|据|另外|此外|而|但|并|和|与|及|由)+")


def _institutions(text: str, start: int, ctx: DocContext, entities: EntityIndex, words: list[tuple[int, str]], merged: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[Agent]:
    """Institutions the entities file does not know: a dictionary institution word that ends in an
    institution word ('清华大学'), or a transliterated or proper name before one ('克雷斯特莱恩研究所',
    '北风实验室': the unknown, name or place words right before it, two to eight characters; a
    single character only between two of them). The words: rules.toml [attribution]
    zh_institution_words. Spans `taken` grow in place."""
    suffixes = attribution.institution_words()
    out = []
    for i, (st, w) in enumerate(words):
        if not any(ws <= st < we for ws, we in merged) or _PLACE_AFTER.match(text, st + len(w)):
            continue
        if w in suffixes:
            name_start = _name_before(words, i, suffixes)
            if st - name_start < 2:
                continue
        elif segmenter.tag(w) == "nt" and w.endswith(tuple(suffixes)):
            name_start = st  # the dictionary word is the whole name
        else:
            continue
        if any(a < st + len(w) and name_start < b for a, b in taken):
            continue
        lead = _NOT_A_NAME_START.match(text, name_start)  # '另据环太平洋铜业协会': 'according to' is no part of it
        if lead and st + len(w) - lead.end() >= len(w) + 2:
            name_start = lead.end()
        name = text[name_start:st + len(w)]
        if not entities.lookup(name):
            out.append(Agent(name, slug(name), "org", start + name_start))
        taken.append((name_start, st + len(w)))
    return out


def _name_ish(w: str) -> bool:
    tag = segmenter.tag(w)
    return bool(_CJK_WORD.fullmatch(w)) and (tag is None or tag.startswith(("nr", "ns", "nz", "nt")))


_DESCRIPTOR_TAGS = frozenset({"n", "vn", "t", "nz", "an", "b", "j"})


def _descriptor(w: str) -> bool:
    """A common word of an institution's name: a noun of two characters or more (or of one:
    '肺'), a two-character adjective ('健康', '绿色'), a time or a distinguishing word."""
    tag = segmenter.tag(w)
    if not _CJK_WORD.fullmatch(w):
        return False
    return (tag in _DESCRIPTOR_TAGS and len(w) >= 2) or tag == "n" or (tag == "a" and len(w) == 2)


def _name_before(words: list[tuple[int, str]], i: int, suffixes: frozenset[str]) -> int:
    """Where the proper name before the institution word `words[i]` starts (its own start: none).
    Up to three common words may stand between the name and the institution word when a proper
    name stands before them ('奥斯特兰德 技术 未来 研究所', '江澜 数字 经济 研究院')."""
    k = i
    while k > 0 and i - k < 3 and words[k - 1][1] not in suffixes and _descriptor(words[k - 1][1]):
        k -= 1
    if k < i:
        name_start = _proper_name_before(words, k, suffixes)
        if name_start < words[k][0]:
            return name_start
    return _proper_name_before(words, i, suffixes)


def _proper_name_before(words: list[tuple[int, str]], i: int, suffixes: frozenset[str]) -> int:
    """Where the run of name words right before `words[i]` starts, eight characters at most."""
    st = words[i][0]
    j = i
    while j > 0:
        pst, pw = words[j - 1]
        if pw in suffixes or st - pst > 8:
            break
        between = (len(pw) == 1 and bool(_CJK_WORD.fullmatch(pw))  # one character, never a bracket or a comma
                   and j >= 2 and _name_ish(words[j - 2][1]) and _name_ish(words[j][1]))
        if not (_name_ish(pw) or between):
            break
        j -= 1
    return words[j][0]


def _latin_names(text: str, start: int, end: int, ctx: DocContext, entities: EntityIndex,
                 cue_starts: list[int]) -> list[Agent]:
    """Latin-script names in a Chinese sentence ('Sander Schulhoff 表示') near a speech cue or
    early in it, outside known mentions and model names, whose first word no entity owns."""
    out = []
    # Latin-script names in a Chinese sentence: 'Sander Schulhoff 表示'
    known = [(m.start - start, m.end - start) for m in ctx.mentions_between(start, end)]
    models = [(m.start(), m.end()) for m in notclaims.MODEL_NAME.finditer(text)]
    for m in LATIN_NAME.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in known + models):
            continue
        near_cue = any(0 <= cs - m.end() <= 6 for cs in cue_starts)
        if not (near_cue or m.start() < 30) or entities.lookup(m.group(0).split()[0]):
            continue
        a = ctx.agent_for_name(m.group(0), start + m.start())
        # 'Touchline Metrics的引援分析主管': a name ending in an organisation word is one
        kind = "org" if attribution.org_shaped(m.group(0), "") else "person"
        out.append(Agent(m.group(0), a.id, kind if a.kind == "person" else a.kind, start + m.start()))
    return out


def _transliterated_names(text: str, start: int, ctx: DocContext, entities: EntityIndex,
                          words: list[tuple[int, str]], merged: list[tuple[int, int]],
                          cue_set: set[int]) -> tuple[list[Agent], list[tuple[int, int]]]:
    """Transliterated names in the windows `merged` (马克·赞迪, 萨姆·奥特曼) that `entities` does not
    know, and the spans every transliterated name takes (known or not), in sentence offsets."""
    ending_at = {st + len(w): w for st, w in words}
    starting_at = {st: w for st, w in words}
    out = []
    taken: list[tuple[int, int]] = []
    for ws, we in merged:
        # transliterated names: 马克·赞迪, 萨姆·奥特曼
        for m in re.finditer(r"[·•・]", text[ws:we]):
            dot = ws + m.start()
            # the first name is the word before the dot ('经济学家马克' -> '马克'), the surname the
            # word after it and any unknown or name words that follow, never a time word, adverb
            # or verb ('乔纳森·伯奇周二表示' -> '伯奇'), at most five characters
            first = ending_at.get(dot, "")
            if not _CJK_WORD.fullmatch(first):
                continue
            r_end = _surname_end(text, dot, starting_at, cue_set)
            if r_end == dot + 1:
                continue
            st = _first_name_start(dot - len(first), dot, ending_at)
            name = text[st:r_end]
            if not entities.lookup(name):
                a = ctx.agent_for_name(name, start + st)
                out.append(Agent(name, a.id, "person", start + st))
            taken.append((st, r_end))
    return out, taken


def _first_name_start(st: int, dot: int, ending_at: dict[int, str]) -> int:
    """Where a transliterated first name that ends at the dot begins: jieba may cut a long one in
    two ('科学家米里亚姆' -> 米里 / 亚姆), so the unknown or name (nr) words right before its last word
    belong to it, six characters in all; a title or any other word ends it. A first name is never
    one character: jieba cut '托芙' into 托 / 芙, and the character before belongs to it."""
    while True:
        w = ending_at.get(st, "")
        tag = segmenter.tag(w)
        if not w or not _CJK_WORD.fullmatch(w) or not (tag is None or tag.startswith("nr")) or dot - st + len(w) > 6:
            if dot - st == 1 and len(w) == 1 and _CJK_WORD.fullmatch(w):
                return st - 1
            return st
        st -= len(w)


def _surname_end(text: str, dot: int, starting_at: dict[int, str], cue_set: set[int]) -> int:
    """Where the surname after the dot at `dot` ends: jieba's words from there on, up to a speech
    cue, five characters in all, the first any CJK word, the rest unknown or name (nr) words
    (`dot + 1`: no surname)."""
    r_end = _name_words_end(text, dot + 1, 5, starting_at, cue_set)
    # a double-barrelled surname ('阿什比-索恩', '马尔凯蒂-鲁'): the part before the hyphen is all
    # CJK (jieba may cut it at a preposition: 阿什 / 比), the part after ends as a surname does
    hy = _HYPHENATED.match(text, dot + 1)
    if r_end > dot + 1 and hy is not None and hy.end() - 1 >= r_end:
        after = _name_words_end(text, hy.end(), 4, starting_at, cue_set)
        if after > hy.end():
            return after
    return r_end


_HYPHENATED = re.compile(r"[\u4e00-\u9fff]{1,5}[-－‐‑]")


def _name_words_end(text: str, at: int, most: int, starting_at: dict[int, str],
                    cue_set: set[int]) -> int:
    """Where the name words from `at` end: jieba's words up to a speech cue, `most` characters in
    all, the first any CJK word, the rest unknown, name (nr) or transliterated place words."""
    r_end = at
    while r_end < len(text) and r_end not in cue_set:
        w = starting_at.get(r_end)
        if not w or not _CJK_WORD.fullmatch(w) or r_end + len(w) - at > most:
            break
        tag = segmenter.tag(w)
        # a place's or a brand's sounds go on a transliterated name ('哈|洛伦': 洛伦 is tagged ns)
        if r_end > at and not (tag is None or tag.startswith("nr") or (tag in ("ns", "nz") and _transliterated(w))):
            break
        r_end += len(w)
        if tag is None and len(w) > 1 and w[-1] in _NEVER_ENDS_A_NAME:
            return r_end - 1  # jieba's guess ran into the next word: '鲁在7月7日' -> '鲁'
    return r_end


# the tags of a one-character word that is no surname here ('和|海涛', '向|海涛', '都|海涛')
_NOT_A_SURNAME_TAGS = frozenset({"c", "p", "d", "v", "u", "uj", "ul", "r", "rz", "m", "q", "f", "t", "y", "x"})


def _with_surname(text: str, words: list[tuple[int, str]], i: int) -> tuple[int, str]:
    """jieba's i-th word, with the one-character surname it cut off before a two-character given
    name ('林|海涛表示' -> '林海涛')."""
    st, w = words[i]
    if i and len(w) == 2 and _surname_before(text, words[i - 1], st):
        return words[i - 1][0], words[i - 1][1] + w
    return st, w


def _surname_before(text: str, prev: tuple[int, str], st: int) -> bool:
    """A one-character surname jieba cut off a two-character given name ('林|海涛', '马|海涛'):
    it stands right before the name, opens the text or a clause, follows '的' ('研究所的鲁|安娜') or a
    job title ('经济学家林|海涛'), and is tagged as no function word."""
    p_st, p = prev
    if len(p) != 1 or p_st + 1 != st or p not in attribution.zh_surnames():
        return False
    if segmenter.tag(p) in _NOT_A_SURNAME_TAGS:
        return False
    return (p_st == 0 or not _CJK_CHAR.match(text, p_st - 1) or text[p_st - 1] == "的"
            or attribution.ends_with_title(text, p_st))


# prepositions that transliterations do not use: a new word ending in one has run into what follows
_NEVER_ENDS_A_NAME = frozenset("在对向跟和与被把将从")


def _word_names(text: str, start: int, ctx: DocContext, entities: EntityIndex, words: list[tuple[int, str]], merged: list[tuple[int, int]], cue_starts: list[int],
                taken: list[tuple[int, int]]) -> list[Agent]:
    """People and institutions among jieba's words inside the windows `merged`, outside the spans
    `taken`: a dictionary name (nr) or a new word shaped like surname + given name is a person, an
    institution word (nt, nz) right before a speech cue an organisation."""
    out = []
    # jieba's HMM proposes unknown words; a dictionary name (nr) or a new word shaped like
    # surname + given name is a person (posseg's own HMM tagging is ten times slower)
    for i, (st, w) in enumerate(words):
        w_end = st + len(w)
        st, w = _with_surname(text, words, i)
        if not any(ws <= st and w_end <= we for ws, we in merged):
            continue
        if any(a <= st < b for a, b in taken):
            continue
        if _PLACE_AFTER.match(text, w_end):
            continue  # '在一篇论文中写道', '在博客里说': where it was said, not who said it
        tag = segmenter.tag(w)
        if tag in ("nt", "nz") and len(w) >= 2 and any(0 <= cs - w_end <= 4 for cs in cue_starts):
            # an institution right before a speech verb: 摩根士丹利估计, 清华大学指出
            if not entities.lookup(w):
                out.append(Agent(w, slug(w), "org", start + st))
            continue
        is_name = tag in ("nr", "nrfg", "nrt") or (tag is None and not segmenter.known(w))
        if is_name and not personal_name(w) and len(w) >= 3 and w[-1] in _GLUED_AFTER_A_NAME \
                and personal_name(w[:-1]):
            w = w[:-1]  # jieba's new word glued the preposition on: '李文浩对|记者表示'
        if is_name and personal_name(w) and not entities.lookup(w):
            a = ctx.agent_for_name(w, start + st)
            out.append(Agent(w, a.id, "person", start + st))
    return out
