"""Reading local inputs: every bad input becomes one InputError, the good ones still come through."""

from __future__ import annotations

import json

import pytest

from claimtrack.errors import InputError
from claimtrack.inputs import decode_html, read_inputs
from claimtrack.schema import Document


def split(items):
    docs = [i for i in items if isinstance(i, Document)]
    errs = [i for i in items if isinstance(i, InputError)]
    return docs, errs


def test_text_file_keeps_exact_text_and_file_uri(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("标题\n研究员表示，概率大约是 20%。\n", encoding="utf-8")
    docs, errs = split(list(read_inputs([str(p)])))
    assert not errs and len(docs) == 1
    assert docs[0].text == p.read_text(encoding="utf-8")
    assert docs[0].url.startswith("file:") and docs[0].url.endswith("/note.txt")
    assert docs[0].lang == "zh" and docs[0].title == "标题"


def test_bad_inputs_each_give_one_line_and_good_ones_survive(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("The researcher said the chance is about 20 percent.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    lines = tmp_path / "docs.jsonl"
    lines.write_text("\n".join([
        json.dumps({"url": "https://a.example/1", "text": "Fish said 20%.", "lang": "en"}),
        "{not json",
        json.dumps({"url": "https://a.example/2"}),
        json.dumps({"text": "no url"}),
        json.dumps({"url": "https://a.example/3", "text": "Chalmers said at least 25%.", "site": "A"}),
    ]), encoding="utf-8")
    items = list(read_inputs([str(good), str(empty), str(binary), str(lines), str(tmp_path / "missing.txt")]))
    docs, errs = split(items)
    assert [d.url for d in docs][1:] == ["https://a.example/1", "https://a.example/3"]
    assert docs[2].site == "A"
    messages = [e.one_line() for e in errs]
    assert len(messages) == 6
    assert all("\n" not in m for m in messages)
    assert any("empty" in m for m in messages)
    assert any("binary" in m for m in messages)
    assert any("docs.jsonl:2" in m and "malformed" in m for m in messages)
    assert any("docs.jsonl:3" in m for m in messages)
    assert any("missing.txt" in m and "no such file" in m for m in messages)


def test_folder_is_walked_for_supported_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Kyle Fish said about 20%.", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<html><head><title>T</title></head><body><article><p>" + "Fish put the chance of consciousness "
        "at about 20 percent, he said in an interview with the podcast. " * 5
        + '<a href="https://arxiv.org/abs/2411.00986">paper</a></p></article></body></html>', encoding="utf-8")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    docs, errs = split(list(read_inputs([str(tmp_path)])))
    assert not errs
    assert sorted(d.url.rsplit("/", 1)[1] for d in docs) == ["a.txt", "b.html"]
    html_doc = next(d for d in docs if d.url.endswith("b.html"))
    assert "20 percent" in html_doc.text
    assert "https://arxiv.org/abs/2411.00986" in html_doc.links


def test_unanswered_url_is_one_error(tmp_path):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    docs, errs = split(list(read_inputs([f"http://127.0.0.1:{port}/story.html"])))
    assert not docs and len(errs) == 1 and "did not answer" in errs[0].one_line()


def test_gb18030_html_with_meta_charset_only(tmp_path):
    body = "<p>" + "研究人员估计，当前模型具有意识的概率大约是百分之二十。" * 6 + "</p>"
    html = f'<html><head><meta charset="gb18030"><title>测试</title></head><body><article>{body}</article></body></html>'
    p = tmp_path / "gb.html"
    p.write_bytes(html.encode("gb18030"))
    docs, errs = split(list(read_inputs([str(p)])))
    assert not errs and "百分之二十" in docs[0].text


@pytest.mark.parametrize("data,declared", [
    ("<html><head><meta charset=gb2312></head><body>模型有意识的概率约为百分之二十</body></html>".encode("gbk"), None),
    ("<html><body>模型有意識的機率約為百分之二十</body></html>".encode("big5"), "big5"),
    ("<html><body>模型有意识的概率约为百分之二十</body></html>".encode("gb18030"), None),  # no charset anywhere
    (b"\xef\xbb\xbf" + "<html><body>模型有意识的概率约为百分之二十</body></html>".encode(), "gbk"),  # BOM wins
])
def test_html_bytes_decode_as_the_crawler_decodes_them(data, declared):
    text = decode_html(data, declared)
    assert "百分之二十" in text and "\ufffd" not in text
