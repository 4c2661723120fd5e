"""jieba user words generated from seeds/entities.toml and seeds/propositions.toml.

`install_user_words()` adds them to the extractor's segmenter (`nlp.segmenter`) once per process
(names as 'nr' so name tagging sees them).
`python -m nlp.userdict [PATH]` writes them as a jieba user dictionary file (default
seeds/jieba_userdict) for tools that want the file.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from seeds import SEEDS_DIR

_DONE = False
_LOCK = threading.Lock()


def user_words() -> list[tuple[str, str]]:
    from nlp.entities import EntityIndex
    from nlp.propositions import PropositionLexicon

    idx = EntityIndex.load()
    words: dict[str, str] = {}
    for e in idx.entities:
        tag = "nr" if e.kind == "person" else "nt" if e.kind == "org" else "nz"
        for n in list(e.names) + list(e.short):
            if any("\u4e00" <= c <= "\u9fff" for c in n) and " " not in n:
                words[n] = tag
    for w in PropositionLexicon.load().user_words():
        words.setdefault(w, "n")
    for w in ("不低于", "不少于", "不超过", "不到", "高达", "接近", "左右", "以上", "以下", "以内", "百分之"):
        words.setdefault(w, "d")
    return sorted(words.items())


def install_user_words() -> None:
    global _DONE
    with _LOCK:
        if _DONE:
            return
        from nlp import segmenter

        segmenter.add_words(user_words())
        _DONE = True


def write(path: Path = SEEDS_DIR / "jieba_userdict") -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for w, tag in user_words():
            f.write(f"{w} 3 {tag}\n")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write(Path(sys.argv[1])) if len(sys.argv) > 1 else write())
