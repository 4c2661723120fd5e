"""The digest of a run (claimtrack.digest) on objects written for this test: which flags are new or
re-opened, which claims are new variants of a claim and where they first appeared, and the
Markdown and Atom it renders."""

from __future__ import annotations

from claimtrack import digest
from claimtrack.schema import Claim, Document, Flag, Proposition, SourceCheck, Value
from tests.support.atom import problems

P = Proposition(key="auto-share", label="share of tasks abandoned")


def _claim(url: str, text: str, value: str, low: float, cluster: str) -> Claim:
    doc = Document.create(url, text, site=url.split("/")[2], title="t " + url[-1])
    span = (0, len(text))
    return Claim(id=Claim.make_id(doc.id, doc.content_sha256, span, value, 0), doc=doc.ref(), lang="en", quote=text,
                 span=span, proposition=P, value=Value(text=value, low=low, high=low, unit="ratio", qualifier="exact"),
                 cluster_id=cluster)


OLD = _claim("https://a.example/1", "The lab said 6% of tasks were abandoned.", "6%", 0.06, "c1")
SAME = _claim("https://b.example/2", "六成？不，6% 的任务被放弃了。", "6%", 0.06, "c1")
NEW_VALUE = _claim("https://c.example/3", "A blog now says 16% of tasks were abandoned.", "16%", 0.16, "c1")
NEW_CLUSTER = _claim("https://d.example/4", "Another 40% figure, about something else.", "40%", 0.4, "c2")


def _flag(fid: str, status: str = "open", reason: str | None = None) -> Flag:
    return Flag(id=fid, kind="value_conflict", severity=0.8, cluster_id="c1", claims=[OLD.id, NEW_VALUE.id],
                summary=f"summary of {fid}", status=status, reopened_reason=reason)  # type: ignore[arg-type]


def test_new_and_reopened_flags_and_new_variants_with_where_they_first_appeared():
    before = digest.before([_flag("f-kept"), _flag("f-reviewed", "dismissed")], [OLD])
    after_flags = [_flag("f-kept"), _flag("f-reviewed", "open", "evidence changed after it was dismissed"),
                   _flag("f-new")]
    d = digest.build(before, after_flags, [OLD, SAME, NEW_VALUE, NEW_CLUSTER], [], [])
    assert [f["id"] for f in d["new_flags"]] == ["f-new"]
    assert [(f["id"], f["reason"]) for f in d["reopened_flags"]] == [
        ("f-reviewed", "evidence changed after it was dismissed")]
    # a value the cluster did not hold is a variant; the same value again, or a new cluster, is not
    assert [(v["value"], v["url"]) for v in d["new_variants"]] == [("16%", "https://c.example/3")]
    assert not digest.is_empty(d)


def test_documents_and_primaries_go_to_their_own_sections():
    outlet = Document.create("https://a.example/new", "text", title="New piece", site="a.example")
    edited = Document.create("https://a.example/old", "text two", title="Old piece", site="a.example")
    primary = Document.create("https://lab.example/card.pdf", "text three", title="Card", site="lab.example", primary=True)
    d = digest.build(digest.before([], []), [], [], [outlet, primary], [edited])
    assert [x["url"] for x in d["new_documents"]] == [outlet.url]
    assert [x["url"] for x in d["edited_documents"]] == [edited.url]
    assert [x["url"] for x in d["new_primaries"]] == [primary.url] and d["changed_primaries"] == []


def test_a_claim_newly_contradicted_by_its_source_is_listed_once():
    checked = NEW_VALUE.model_copy(update={"source_check": SourceCheck(
        status="differs", doc_id="d", url="https://lab.example/card.pdf", claim_id=OLD.id, quote=OLD.quote, value="6%")})
    d = digest.build(digest.before([], [OLD]), [], [OLD, checked], [], [])
    assert [(c["value"], c["source_value"]) for c in d["contradicted"]] == [("16%", "6%")]
    again = digest.build(digest.before([], [OLD, checked]), [], [OLD, checked], [], [])
    assert again["contradicted"] == [] and digest.is_empty(again)


def test_markdown_and_atom_of_runs():
    d = digest.build(digest.before([], [OLD]), [_flag("f-new")], [OLD, NEW_VALUE], [], [])
    runs = [{"kind": "run", "run_id": "r2", "started": "2026-03-07T02:30:00+00:00",
             "finished": "2026-03-07T02:41:00+00:00", "digest": d},
            {"kind": "run", "run_id": "r1", "started": "2026-03-06T02:30:00+00:00",
             "finished": "2026-03-06T02:40:00+00:00", "digest": digest.build(digest.before([], []), [], [], [], [])},
            {"kind": "ingest", "started": "2026-03-05T10:00:00+00:00"}]  # no digest: not in the feed
    md = digest.to_markdown(runs[0])
    assert "## New flags (1)" in md and "## New variants of a claim (1)" in md and "https://c.example/3" in md
    assert "Nothing new since the previous run." in digest.to_markdown(runs[1])
    feed = digest.atom_feed(runs, "k", "https://desk.example/digest.atom")
    assert problems(feed.encode()) == []
    assert feed.count("<entry>") == 2 and "urn:claimtrack:digest:k:run:r2" in feed
    assert digest.opens_app(dict(runs[0], digest=dict(d, first_run=False)))
    assert not digest.opens_app(dict(runs[0], digest=dict(d, first_run=True))) and not digest.opens_app(runs[1])
