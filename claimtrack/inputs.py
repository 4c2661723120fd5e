"""Read the local inputs of `ingest` and `extract`: files, folders, JSONL, http(s) URLs.

`read_inputs` yields a Document for every good input and an InputError for every bad one, so
one bad file or line never stops the others.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimtrack.errors import InputError
from claimtrack.schema import Document, utcnow
from claimtrack.textnorm import document_lang
from crawler.dates import iso_date
from crawler.extract import NotAnArticle, extract_article

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
URL_TIMEOUT = 15.0


def read_inputs(paths: Iterable[str]) -> Iterator[Document | InputError]:
    for arg in paths:
        if arg.startswith(("http://", "https://")):
            yield _read_url(arg)
            continue
        path = Path(arg)
        if not path.exists():
            yield InputError(f"{arg}: no such file or folder", hint="check the path")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield InputError(f"{arg}: folder holds no .txt, .md, .html or .jsonl files")
            for f in files:
                yield from _read_file(f)
        else:
            yield from _read_file(path)


def _read_file(path: Path) -> Iterator[Document | InputError]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield InputError(f"{path}: unsupported file type {suffix or '(none)'}",
                         hint="give .txt, .md, .html or .jsonl files")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    if not data.strip():
        yield InputError(f"{path}: empty file, nothing to read")
        return
    if _looks_binary(data):
        yield InputError(f"{path}: binary file, not text", hint="give .txt, .md, .html or .jsonl text files")
        return
    url = path.resolve().as_uri()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, data)
    elif suffix in HTML_SUFFIXES:
        yield _from_html(data, url, None)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = decode_html(data)
        yield Document.create(url, text, title=_first_line(text), lang=guess_lang(text), fetched_at=utcnow())


def _read_jsonl(path: Path, data: bytes) -> Iterator[Document | InputError]:
    text = data.decode("utf-8-sig", errors="replace")
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: malformed JSON ({exc.msg})", hint="one JSON object a line")
            continue
        if not isinstance(obj, dict):
            yield InputError(f"{where}: expected a JSON object")
            continue
        url = obj.get("url")
        if not isinstance(url, str) or not url:
            yield InputError(f'{where}: missing "url"')
            continue
        meta = {k: obj.get(k) for k in ("title", "site", "published") if isinstance(obj.get(k), str)}
        if isinstance(obj.get("text"), str) and obj["text"].strip():
            body = obj["text"]
            yield Document.create(url, body, lang=obj.get("lang") or guess_lang(body), fetched_at=utcnow(),
                                  **meta)
        elif isinstance(obj.get("html"), str) and obj["html"].strip():
            doc = _from_html(obj["html"].encode("utf-8"), url, obj.get("lang"))
            if isinstance(doc, Document):
                doc = doc.model_copy(update={k: v for k, v in meta.items() if v})
            yield doc if isinstance(doc, Document) else InputError(f"{where}: {doc.message}")
        else:
            yield InputError(f'{where}: needs "text" or "html"')


def _from_html(data: bytes, url: str, lang: str | None, charset: str | None = None) -> Document | InputError:
    """The same article extraction as the crawler's (crawler.extract), on locally read bytes."""
    try:
        art = extract_article(decode_html(data, charset), url)
    except NotAnArticle as exc:
        return InputError(f"{url}: not an article ({exc})")
    return Document.create(url, art.text, title=art.title, author=art.author, published=iso_date(art.published),
                           lang=lang or art.lang or guess_lang(art.text), links=art.links, fetched_at=utcnow())


def _read_url(url: str) -> Document | InputError:
    req = urllib.request.Request(url, headers={"User-Agent": "claimtrack/0.1"})
    try:
        with urllib.request.urlopen(req, timeout=URL_TIMEOUT) as resp:
            data = resp.read(20_000_000)
            charset = resp.headers.get_content_charset()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return InputError(f"{url}: did not answer ({reason})", hint="check the URL or try again later")
    return _from_html(data, url, None, charset) if data else InputError(f"{url}: empty response")


def guess_lang(text: str) -> str:
    return document_lang(text) or "en"


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Page bytes as text, decoded as Scrapy decodes a response (w3lib: the BOM, the declared
    charset, the meta tag; gb2312 and gbk read as GB18030, big5 as Big5-HKSCS); with none of them,
    the first of UTF-8, GB18030 and Big5-HKSCS that decodes the bytes whole."""
    from w3lib.encoding import html_to_unicode

    header = f"text/html; charset={declared}" if declared else None
    _encoding, text = html_to_unicode(header, data, auto_detect_fun=_whole_decoding)
    return text


def _whole_decoding(data: bytes) -> str | None:
    for enc in ("utf-8", "gb18030", "big5hkscs"):
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the sample's end
            return False
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl > len(head) * 0.05


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None
