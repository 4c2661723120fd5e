"""PDF text for cited primary sources (pypdf): both scripts, and a clear reason for what is not read."""

from __future__ import annotations

import pytest

from crawler.extract import NotAnArticle
from crawler.pdf import extract_pdf, is_pdf
from tests.support.primary_site import write_pdf

LINES = [("en", "Quarterly welfare note"),
         ("en", "The evaluators found that the assistant declined 7% of benign coding requests in March."),
         ("zh", "评估人员发现，该助手在三月份拒绝了7%的正常编程请求。"),
         ("en", "A second round of tests with outside reviewers is planned for the summer months."),
         ("zh", "第二轮测试将在夏季邀请外部评审人员参加。")]


def test_pdf_text_keeps_english_and_chinese_lines_and_the_title(tmp_path):
    path = tmp_path / "note.pdf"
    write_pdf(path, LINES)
    body = path.read_bytes()
    assert is_pdf(body, None) and is_pdf(b"junk", "application/pdf") and not is_pdf(b"<html>", "text/html")
    article = extract_pdf(body, min_chars=50)
    assert article.title == "Quarterly welfare note"
    for _, line in LINES:
        assert line in article.text
    assert article.author is None  # the writer's placeholder 'anonymous' is no byline


@pytest.mark.parametrize("body, why", [
    (b"%PDF-1.7\n not really a pdf", "unreadable PDF"),
    (b"", "unreadable PDF"),
])
def test_a_broken_pdf_is_not_an_article_with_a_reason(body, why):
    with pytest.raises(NotAnArticle, match=why):
        extract_pdf(body, min_chars=10)


def test_a_pdf_with_too_little_text_says_so(tmp_path):
    path = tmp_path / "short.pdf"
    write_pdf(path, [("en", "Cover")])
    with pytest.raises(NotAnArticle, match="too short"):
        extract_pdf(path.read_bytes(), min_chars=200)
