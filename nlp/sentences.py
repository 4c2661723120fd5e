"""Sentence spans with exact offsets, for Chinese and English, plus line structure.

Fast and rule based (runs over the whole document before any NLP): a sentence ends at 。！？!? or
at a line break; an English full stop ends one only before white space and a capital, a quote, a
CJK character or the end. Closing quotes, brackets and markdown emphasis after the terminator stay
with the sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "st", "vs", "e.g", "i.e", "etc", "u.s", "u.k", "inc", "ltd", "jr",
           "sr", "no", "fig", "al", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
           "oct", "nov", "dec", "co", "corp", "gen", "gov", "sen", "rep", "ph.d", "p"}
_CLOSERS = "”’\"'」』）)]】》*_"
_TERMINATORS = "。！？!?…"


class Sentence(NamedTuple):
    """Offsets of one sentence (a named tuple: a document makes thousands, and a frozen dataclass
    costs four times as much to build)."""

    start: int
    end: int
    line_start: int  # offset of the start of its line
    index: int

    def text(self, doc_text: str) -> str:
        return doc_text[self.start:self.end]


def _is_english_stop(text: str, i: int) -> bool:
    """Is the '.' at i the end of an English sentence?"""
    n = len(text)
    if i + 1 < n and text[i + 1].isdigit():
        return False  # 4.1, 3.5
    # the word before
    j = i - 1
    while j >= 0 and (text[j].isalnum() or text[j] == "."):
        j -= 1
    word = text[j + 1:i].lower()
    if word in _ABBREV or (len(word) == 1 and word.isalpha()):
        return False
    k = i + 1
    while k < n and text[k] in _CLOSERS:
        k += 1
    if k >= n:
        return True
    if text[k] == "\n":
        return True
    if not text[k].isspace():
        return "\u4e00" <= text[k] <= "\u9fff"
    while k < n and text[k] in " \t":
        k += 1
    if k >= n or text[k] == "\n":
        return True
    c = text[k]
    return c.isupper() or c in "\"“‘'(「[" or c.isdigit() or "\u4e00" <= c <= "\u9fff"


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”（）()\[\]，。]+", re.I)
# (a first-character lookahead: the scan skips other characters at C speed)
_BREAK = re.compile(r"(?=[\n。！？!?….;；])(?:\n|[。！？!?…]+[”’\"'」』）)\]】》*_。！？!?…]*|\.(?=[\s”’\"'」』）)\]*_]|$|[\u4e00-\u9fff])|[;；])")


def split(text: str) -> list[Sentence]:
    """Sentences of `text` as offsets; white space trimmed; empty ones dropped."""
    out: list[Sentence] = []
    n = len(text)
    start = 0
    line_start = 0

    def emit(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(s, e, line_start, len(out)))

    urls = [(u.start(), u.end()) for u in _URL.finditer(text)] if "://" in text or "www." in text else []
    ui = 0
    for m in _BREAK.finditer(text):
        c = m.group(0)
        i = m.start()
        while ui < len(urls) and urls[ui][1] <= i:
            ui += 1
        if ui < len(urls) and urls[ui][0] <= i < urls[ui][1] - 1 and c != "\n":
            continue  # '?', '.' and '!' inside an address end no sentence
        if c == "\n":
            emit(start, i)
            start = i + 1
            line_start = i + 1
        elif c == ".":
            if i < start or not _is_english_stop(text, i):
                continue
            j = i + 1
            while j < n and (text[j] in _TERMINATORS or text[j] in _CLOSERS):
                j += 1
            emit(start, j)
            start = j
        elif c in ";；":
            if i - start > 200:
                emit(start, i + 1)
                start = i + 1
        else:
            if i < start:
                continue
            emit(start, m.end())
            start = m.end()
    emit(start, n)
    return out


_CLAUSE_BOUNDARY = re.compile(r"[，,；;：:、—\-–]{1,2}\s*|(?<=[。！？])")


def clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    """[start, end) of the clause of `sentence` that holds offset `pos` (commas, semicolons, colons)."""
    s = 0
    e = len(sentence)
    for m in re.finditer(r"[，,；;：:]|——|—", sentence):
        if m.end() <= pos:
            s = m.end()
        elif m.start() >= pos:
            e = m.start()
            break
    return s, e
