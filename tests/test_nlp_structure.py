"""Document structure: which lines are a reference list (their numbers are no claims)."""

from __future__ import annotations

from nlp.notclaims import reference_lines


def _lines(text: str, offsets: set[int]) -> list[str]:
    return [text[o:text.find("\n", o) if text.find("\n", o) >= 0 else len(text)] for o in sorted(offsets)]


def test_a_list_runs_from_its_heading_to_two_blank_lines():
    text = ("正文里说，约 30% 的受访者同意。\n\n## 参考文献\n\n- 张三，2024，某报告第 12 页\n- 李四，2023\n\n\n"
            "后文又说，超过 40% 的人反对。\n")
    got = _lines(text, reference_lines(text))
    assert got == ["## 参考文献", "- 张三，2024，某报告第 12 页", "- 李四，2023"]


def test_headings_are_whole_lines_in_any_case_and_marks():
    text = "Intro line with 20%.\n**Further-Reading:**\n1. A report, p. 45\n---\nBody again, 50%.\nsee also this note\n"
    got = _lines(text, reference_lines(text))
    assert got == ["**Further-Reading:**", "1. A report, p. 45"]  # 'see also this note' is no heading


def test_reference_entries_count_without_a_heading():
    text = "Body with 10%.\n- Smith et al. 2021, 30% of cases\n- [A report on 40% of jobs](https://example.org/r)\nBody, 5%.\n"
    got = _lines(text, reference_lines(text))
    assert got == ["- Smith et al. 2021, 30% of cases", "- [A report on 40% of jobs](https://example.org/r)"]


def test_a_separator_ends_a_list_and_a_heading_after_it_starts_another():
    text = "References\n- one\n---\nbody 20%\n\nSources\n- two\n"
    got = _lines(text, reference_lines(text))
    assert got == ["References", "- one", "Sources", "- two"]


# ---------------------------------------------------------------- the lexicon's one-scan word presence

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nlp.propositions import PropositionLexicon, _Words  # noqa: E402

_LEX = PropositionLexicon.load()
_WORDS = sorted({w.lower() for r in _LEX.rules for g in r.all for w in g} | {w.lower() for r in _LEX.rules for w in r.not_})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + ["x", "a", "的", " ", "，", "abc", "意", "识"]), max_size=8).map("".join))
def test_presence_scan_agrees_with_each_word_search(text):
    """The lexicon's prefilter finds exactly the words a search for each word finds (overlaps,
    shared prefixes and Latin word starts included), so skipping rules on it changes no match."""
    present = _LEX._presence.present(text)
    for w in _WORDS:
        assert (w in present) == _Words([w]).search(text), (w, text)
