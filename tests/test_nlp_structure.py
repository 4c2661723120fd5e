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
