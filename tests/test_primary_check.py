"""Claims checked against their own primary source: the nightly run (real spider on loopback, real
extractor, real SQLite store) follows the citations of two outlets, an English one citing a lab's
HTML report and a Chinese one citing a PDF, and says of each claim whether the source supports it,
says otherwise, or does not contain it; then the digest of what changed between runs."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest

from claimtrack import digest
from claimtrack.nightly import crawl_and_ingest
from claimtrack.settings import Settings
from crawler import load_sources
from crawler.serve import serve_directory_server
from index import open_store
from nlp import Extractor
from tests.support import primary_site
from tests.support.atom import problems
from tests.support.paths import SHARED

pytestmark = pytest.mark.slow

PRIMARY_PATHS = ("/lumen/vega-2-welfare.html", "/xinghe/tianshu-3-report.pdf")
EXPECTED = {  # outlet -> value as written -> what its own source says
    "harbor": {"12%": "supported", "8%": "differs", "40%": "not_in_source"},
    "nanwan": {"约15%": "supported", "9%": "differs", "60%": "not_in_source"},
}
NEW_ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>What Vega 2's testers saw</title></head>
<body><article><h1>What Vega 2's testers saw</h1>
<p>Published 7 March 2026. A second look at the welfare assessment Lumen Labs released this week, and at the
questions outside reviewers keep asking about how the conversations were chosen and scored.</p>
<p>Vega 2 expressed distress in 12% of long adversarial conversations, Lumen Labs said in the assessment
({primary}/lumen/vega-2-welfare.html).</p>
<p>The lab has promised an updated report with each major release, and reviewers said they would hold it to that.</p>
</article></body></html>
"""


@dataclass
class Runs:
    store_path: Path
    settings: Settings
    site: Path
    hits: list[list[str]] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)


def _run(settings: Settings, sources: Path, base: str, extractor: Extractor) -> int:
    return crawl_and_ingest(settings, load_sources(sources, base=base), "run", False, open_store(settings), extractor)


def _touch(path: Path) -> None:
    later = time.time() + 10
    os.utime(path, (later, later))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    tmp = tmp_path_factory.mktemp("primary")
    settings = Settings(data_dir=tmp / "data", db=tmp / "store.db")
    extractor = Extractor(settings)
    out = Runs(store_path=tmp / "store.db", settings=settings, site=tmp / "site")
    with serve_directory_server(out.site) as server:
        base = server.base_url
        primary = base.replace("127.0.0.1", "localhost")  # another host: an outlet's own pages are no primary
        sources = primary_site.build(out.site, base, primary)
        out.urls = {"edited": f"{base}/harbor/2026/vega-welfare.html", "new": f"{base}/harbor/2026/vega-testers.html"}
        for _ in range(2):  # the first run, then a re-run over the unchanged site
            server.hits.clear()
            out.codes.append(_run(settings, sources, base, extractor))
            out.hits.append(list(server.hits))
        # one page edited silently (a sentence without a figure), one new article in the feed
        page = out.site / "harbor" / "2026" / "vega-welfare.html"
        page.write_text(page.read_text("utf-8").replace("a useful start", "a welcome first step"), "utf-8")
        _touch(page)
        (out.site / "harbor" / "2026" / "vega-testers.html").write_text(NEW_ARTICLE.replace("{primary}", primary),
                                                                       "utf-8")
        feed = out.site / "harbor" / "feed.xml"
        text = feed.read_text("utf-8").replace(
            "<updated>2026-03-05T08:00:00Z</updated></entry>", "<updated>2026-03-07T09:00:00Z</updated></entry>")
        text = text.replace("</feed>", f"""  <entry><title>What Vega 2's testers saw</title><id>urn:test:harbor:2</id>
    <link href="{out.urls['new']}"/><updated>2026-03-07T08:00:00Z</updated></entry>
</feed>""")
        feed.write_text(text, "utf-8")
        _touch(feed)
        server.hits.clear()
        out.codes.append(_run(settings, sources, base, extractor))
        out.hits.append(list(server.hits))
    return out


def _outlet(url: str) -> str | None:
    return next((k for k in EXPECTED if f"/{k}/" in url), None)


def test_each_claim_is_supported_contradicted_or_missing_in_its_own_source(runs):
    assert runs.codes[0] == 0
    assert sorted(p for p in runs.hits[0] if p in PRIMARY_PATHS) == sorted(PRIMARY_PATHS)
    store = open_store(runs.settings)
    primaries = [d for d in store.iter_documents() if d.primary]
    assert sorted(re.sub(r"^https?://[^/]+", "", d.url) for d in primaries) == sorted(PRIMARY_PATHS)
    pdf = next(d for d in primaries if d.url.endswith(".pdf"))
    assert "天枢3" in pdf.text and pdf.lang == "zh" and pdf.site == "localhost"
    found: dict[str, dict[str, str]] = {k: {} for k in EXPECTED}
    claims = {c.id: c for c in store.iter_claims()}
    for c in claims.values():
        outlet = _outlet(c.doc.url)
        if outlet and c.doc.url != runs.urls["new"]:
            found[outlet][c.value.text] = c.source_check.status if c.source_check else "unchecked"
    assert found == EXPECTED
    # a cited host that does not resolve is left for a later run, said in the run's errors
    first = store.list_runs(limit=3)[-1]
    assert any("reviewers.invalid" in e for e in first["errors"]), first["errors"]
    # a contradiction is a flag of its own, at the highest severity, with the primary's statement
    against = [f for f in store.list_flags() if f.against_source]
    assert sorted(claims[c].value.text for f in against for c in f.claims if c != f.against_source) == ["8%", "9%"]
    for f in against:
        source = claims[f.against_source]
        assert f.severity == 1.0 and source.doc.url in {d.url for d in primaries}
        outlet = next(claims[c] for c in f.claims if c != f.against_source)
        assert outlet.source_check.claim_id == source.id and outlet.source_check.quote == source.quote
        assert source.value.text in f.summary and outlet.value.text in f.summary
    store.close()


def test_checks_and_flags_keep_to_the_contract(runs):
    spec = SHARED / "spec"
    if not spec.is_dir():
        pytest.skip(f"the spec is not beside the project ({spec})")
    import json

    claim_schema = json.loads((spec / "claim.schema.json").read_text("utf-8"))
    flag_schema = json.loads((spec / "flag.schema.json").read_text("utf-8"))
    store = open_store(runs.settings)
    checked = [c for c in store.iter_claims() if c.source_check]
    assert checked
    for c in checked:
        jsonschema.validate(c.to_json(), claim_schema)
    for f in store.list_flags():
        jsonschema.validate(f.to_json(), flag_schema)
    store.close()


def test_a_rerun_over_the_unchanged_site_fetches_no_primary_again(runs):
    assert runs.codes[1] == 0
    assert not [p for p in runs.hits[1] if p in PRIMARY_PATHS]
    assert not [p for p in runs.hits[2] if p in PRIMARY_PATHS]  # the new article cites a primary already read
    store = open_store(runs.settings)
    second = store.list_runs(limit=3)[1]
    assert digest.is_empty(second["digest"])
    store.close()


def test_the_digest_lists_the_edited_page_and_the_new_article(runs):
    assert runs.codes[2] == 0
    store = open_store(runs.settings)
    last = store.list_runs(limit=1)[0]["digest"]
    store.close()
    assert [d["url"] for d in last["new_documents"]] == [runs.urls["new"]]
    assert [d["url"] for d in last["edited_documents"]] == [runs.urls["edited"]]
    assert last["new_primaries"] == [] and last["changed_primaries"] == [] and last["new_variants"] == []
    md, atom = digest.paths(runs.store_path)
    text = md.read_text("utf-8")
    assert runs.urls["new"] in text and runs.urls["edited"] in text
    assert "Pages edited since they were first read (1)" in text and "New articles (1)" in text


def test_the_feed_is_valid_atom_with_one_entry_a_run(runs):
    _, atom = digest.paths(runs.store_path)
    xml = atom.read_bytes()
    assert problems(xml) == []
    from lxml import etree

    entries = etree.fromstring(xml).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 3
    newest = etree.tostring(entries[0], encoding="unicode")
    assert "vega-testers.html" in newest and "nothing new" not in newest.lower()


def test_a_feed_reader_reads_the_feed_as_atom_1_0(runs):
    # A second opinion beside our RFC 4287 checker: feedparser, the library feed readers are built on,
    # recognises Atom 1.0, finds no error and reads every entry's id, date, title and link.
    import feedparser

    _, atom = digest.paths(runs.store_path)
    parsed = feedparser.parse(atom.read_bytes())
    assert parsed.version == "atom10" and not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 3
    assert all(e.get("id") and e.get("updated_parsed") and e.get("title") and e.get("link") for e in parsed.entries)
    assert len({e.id for e in parsed.entries}) == 3


def test_the_atom_checker_finds_what_is_missing():
    bad = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><id>nope</id></entry></feed>'
    found = problems(bad)
    assert any("feed has 0 atom:id" in p for p in found)
    assert any("not an absolute IRI" in p for p in found)
    assert any("entry 0 has 0 atom:updated" in p for p in found)
    assert problems(digest.atom_feed([], "k").encode()) == []


def test_a_confirmed_contradiction_is_rated_against_the_primary_in_claimreview(runs):
    from claimtrack.export import AGAINST_SOURCE, claim_review
    from claimtrack.schema import Review

    store = open_store(runs.settings)
    flag = next(f for f in store.list_flags() if f.against_source)
    store.add_review(Review(flag_id=flag.id, status="confirmed", by="Ana Analyst", note="checked the report"))
    flag = store.get_flag(flag.id)
    claims = store.get_claims(flag.claims)
    store.close()
    review = claim_review(flag, claims)
    source = next(c for c in claims if c.id == flag.against_source)
    outlet = next(c for c in claims if c.id != flag.against_source)
    assert review["reviewRating"]["alternateName"] == AGAINST_SOURCE
    assert source.quote in review["reviewRating"]["ratingExplanation"]
    assert "checked the report" in review["reviewRating"]["ratingExplanation"]
    assert review["isBasedOn"]["url"] == source.doc.url and review["claimReviewed"] == outlet.quote
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == [outlet.doc.url]


def test_the_feed_is_served_over_http_as_atom(runs):
    import socket
    import urllib.error
    import urllib.request

    from claimtrack.feedserver import serve_feed

    md, atom = digest.paths(runs.store_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = serve_feed("127.0.0.1", port, md, atom)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/digest.atom", timeout=10) as r:
            assert r.headers["Content-Type"].startswith("application/atom+xml")
            assert problems(r.read()) == []
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/digest.md", timeout=10) as r:
            assert r.read().decode("utf-8") == md.read_text("utf-8")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/store.db", timeout=10)
        assert err.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_the_count_limit_caps_the_primaries_fetched_in_one_run(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", db=tmp_path / "store.db", primary_max_per_run=1)
    with serve_directory_server(tmp_path / "site") as server:
        base = server.base_url
        sources = primary_site.build(tmp_path / "site", base, base.replace("127.0.0.1", "localhost"))
        assert _run(settings, sources, base, Extractor(settings)) == 0
        fetched = [p for p in server.hits if p in PRIMARY_PATHS]
    assert len(fetched) == 1
    store = open_store(settings)
    statuses = {_outlet(c.doc.url): c.source_check is not None for c in store.iter_claims() if _outlet(c.doc.url)}
    run = store.list_runs(limit=1)[0]
    store.close()
    assert sorted(statuses.values()) == [False, True]  # one outlet checked, the other's source left for later
    assert run["primaries"].get("skipped") == 1
