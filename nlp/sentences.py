"""Sentence spans with exact offsets, for Chinese and English, plus line structure.

Fast and rule based (runs over the whole document before any NLP): a sentence ends at 。！？!? or
at a line break; an English full stop ends one only before white space and a capital, a quote, a
CJK character or the end. Closing quotes, brackets and markdown emphasis after the terminator stay
with the sentence.
"""

from __future__ import annotations

import bisect
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
    position: int  # its number among the document's sentences

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
    lines = Lines(text)
    out: list[Sentence] = []
    for i in range(len(lines)):
        for s in lines.sentences(i):
            out.append(s._replace(position=len(out)))
    return out


_NEWLINE = re.compile(r"\n")


class Lines:
    """The lines of a text and, on demand, the sentences of each: a line break always ends a
    sentence, so a line splits on its own, and a document whose lines mostly hold no candidate
    value never splits those at all. Sentences found this way have `index` -1 (`split` numbers
    them)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        self._urls = [u.span() for u in _URL.finditer(text)] if "://" in text or "www." in text else []
        self._url_ends = [e for _, e in self._urls]
        self._cache: dict[int, list[Sentence]] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def bounds(self, i: int) -> tuple[int, int]:
        lo = self.starts[i]
        hi = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return lo, hi

    def sentences(self, i: int) -> list[Sentence]:
        got = self._cache.get(i)
        if got is None:
            got = self._cache[i] = self._split_line(*self.bounds(i))
        return got

    def before(self, s: Sentence, k: int) -> list[Sentence]:
        """Up to `k` sentences right before `s`, in order (lines above included)."""
        i = self.line_of(s.line_start)
        out = [x for x in self.sentences(i) if x.start < s.start]
        while len(out) < k and i > 0:
            i -= 1
            out = self.sentences(i) + out
        return out[-k:] if k else []

    def next_in_paragraph(self, s: Sentence) -> Sentence | None:
        """The sentence right after `s` on its line, or the first of the next line when that line
        is not blank (a blank line ends a paragraph)."""
        i = self.line_of(s.line_start)
        after = [x for x in self.sentences(i) if x.start > s.start]
        if after:
            return after[0]
        if i + 1 < len(self.starts):
            nxt = self.sentences(i + 1)
            lo, hi = self.bounds(i + 1)
            if nxt and self.text[lo:hi].strip():
                return nxt[0]
        return None

    def _split_line(self, lo: int, hi: int) -> list[Sentence]:
        text = self.text
        n = len(text)
        out: list[Sentence] = []

        def emit(s: int, e: int) -> None:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(s, e, lo, -1))

        urls = []
        if self._urls:
            j = bisect.bisect_right(self._url_ends, lo)
            while j < len(self._urls) and self._urls[j][0] < hi:
                urls.append(self._urls[j])
                j += 1
        ui = 0
        start = lo
        for m in _BREAK.finditer(text, lo, hi):
            c = m.group(0)
            i = m.start()
            while ui < len(urls) and urls[ui][1] <= i:
                ui += 1
            if ui < len(urls) and urls[ui][0] <= i < urls[ui][1] - 1:
                continue  # '?', '.' and '!' inside an address end no sentence
            if c == ".":
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
        emit(start, hi)
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
