"""The app on claims checked against their own source: a badge on each claim with the source's
sentence one click away, the queue filter "contradicts its own source", and the digest page the
app opens on when the last run found something new (AppTest, real SQLite store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.schema import Claim, Document, Flag, SourceCheck, Value
from index.sqlite_store import SQLiteStore
from tests.support.ui_store import FLAG_FISH, build_store, run_app, use_store

TIMEOUT = 60
SOURCE_QUOTE = "Our own testers put the figure at 12 percent."
DIGEST = {"new_flags": [{"id": "f-x", "kind": "value_conflict", "severity": 1.0,
                         "summary": "Kyle Fish: '15 percent' in Harbor Ledger, but its own source says '12 percent'",
                         "against_source": True}],
          "reopened_flags": [], "new_variants": [], "contradicted": [],
          "new_documents": [{"id": "d1", "url": "https://harbor.example/new", "title": "A new piece <b>x</b>",
                             "site": "Harbor Ledger", "published": None}],
          "edited_documents": [], "new_primaries": [], "changed_primaries": [], "first_run": False}


def _with_checks(path: Path, *, digest: dict | None) -> dict[str, str]:
    """Checks on three claims (differs, supported, not in source) and one flag against the source."""
    store = SQLiteStore(path)
    try:
        claims = sorted(store.iter_claims(), key=lambda c: c.id)
        flagged = store.get_flag(FLAG_FISH)
        assert flagged is not None
        fish = [c for c in claims if c.id in flagged.claims]
        differs = fish[0]
        # the lab's own page, stored as a primary document with its one statement
        doc = Document.create("https://lab.example/report", SOURCE_QUOTE, title="Lab report", site="lab.example",
                              lang="en", primary=True)
        span = (0, len(SOURCE_QUOTE))
        source = Claim(id=Claim.make_id(doc.id, doc.content_sha256, span, "12 percent", 0), doc=doc.ref(), lang="en",
                       quote=SOURCE_QUOTE, span=span, claimant=differs.claimant, subject=differs.subject,
                       proposition=differs.proposition,
                       value=Value(text="12 percent", low=0.12, high=0.12, unit="ratio", qualifier="exact"),
                       cluster_id=differs.cluster_id)
        store.replace_claims(doc.id, [source])
        store.put_document(doc)
        others = [c for c in claims if c.id not in flagged.claims]
        statuses = {differs.id: "differs", others[0].id: "supported", others[1].id: "not_in_source"}
        for c in [differs, *others[:2]]:
            status = statuses[c.id]
            c.source_check = SourceCheck(status=status, doc_id=source.doc.id, url="https://lab.example/report",  # type: ignore[arg-type]
                                         claim_id=source.id if status != "not_in_source" else None,
                                         quote=SOURCE_QUOTE if status != "not_in_source" else None,
                                         value="12 percent" if status != "not_in_source" else None)
            store.replace_claims(c.doc.id, [x for x in store.iter_claims() if x.doc.id == c.doc.id and x.id != c.id] + [c])
        flags = store.list_flags()
        flags.append(Flag(id="f-against", kind="value_conflict", severity=1.0, cluster_id=differs.cluster_id or "x",
                          claims=sorted([differs.id, source.id]), summary="contradicts its own source",
                          against_source=source.id))
        store.sync_flags(flags)
        if digest is not None:
            store.record_run({"kind": "run", "started": "2025-08-05T01:00:00+00:00",
                              "finished": "2025-08-05T01:01:00+00:00", "per_source": {}, "errors": [],
                              "failed_sources": [], "documents": 1, "new": 1, "changed": 0, "claims": 1,
                              "digest": digest})
    finally:
        store.close()
    return statuses


@pytest.fixture()
def env(tmp_path, monkeypatch):
    return use_store(monkeypatch, build_store(tmp_path / "ui.db"))


def test_every_claim_wears_its_check_and_the_source_sentence_opens_from_it(env):
    _with_checks(env, digest=None)
    at = run_app()
    labels = [e.label for e in at.expander]
    assert sum("Its own source says otherwise" in x for x in labels) == 1
    assert sum("Supported by its own source" in x for x in labels) == 1
    assert sum("Not found in its own source" in x for x in labels) == 1
    captions = [c.value for c in at.caption]
    assert any("Not checked against a primary source" in c for c in captions)  # the rest: unchecked
    assert sum("A primary source's own statement" in c for c in captions) == 1  # the primary's own claim
    differs = next(e for e in at.expander if "says otherwise" in e.label)
    inside = "\n".join(m.value for m in differs.markdown)
    assert "12 percent" in inside and "lab.example/report" in inside


def test_the_queue_filters_flags_that_contradict_their_own_source(env):
    _with_checks(env, digest=None)
    at = run_app("views/discrepancies.py")
    assert len(at.session_state["d_ids"]) > 1
    at.toggle(key="d_against").set_value(True).run()
    assert at.session_state["d_ids"] == ["f-against"]
    kinds = list(at.dataframe[0].value.iloc[:, 2])
    assert any("contradicts its source" in str(k) for k in kinds), kinds


def test_the_app_opens_on_the_digest_when_the_last_run_found_something_new(env):
    _with_checks(env, digest=DIGEST)
    at = run_app()
    assert [t.value for t in at.title] == ["Since the last run"]
    text = "\n".join(m.value for m in at.markdown)
    assert "New flags (1)" in text and "New articles (1)" in text
    assert "](discrepancies?flag=f-x)" in text  # a new flag opens in the queue and "<b>" not in text.replace("\\<b\\>", "")


@pytest.mark.parametrize("digest", [None, dict(DIGEST, first_run=True),
                                    {k: ([] if isinstance(v, list) else v) for k, v in DIGEST.items()}])
def test_the_app_opens_on_the_search_otherwise(env, digest):
    """No digest, the store's first run (everything is new), or a run that found nothing."""
    _with_checks(env, digest=digest)
    at = run_app()
    assert [t.value for t in at.title] != ["Since the last run"]
    assert at.text_input  # the search box
