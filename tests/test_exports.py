"""Exports as their readers open them: CSV in Excel (UTF-8 with a BOM), ClaimReview JSON-LD."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.export import CSV_ENCODING, claim_review, claim_row, full_names, review_url, to_csv
from claimtrack.schema import Entity, ReviewInfo
from tests.support.ui_store import FLAG_FISH, build_store

BOM = b"\xef\xbb\xbf"


def _claims():
    from tests.support.ui_store import fixture_objects

    docs, flags = fixture_objects()
    return {c.id: c for _d, cs in docs for c in cs}, {f.id: f for f in flags}


def test_claimreview_quotes_the_earliest_appearance_once_per_page_with_full_name_and_url():
    claims, flags = _claims()
    flag = flags[FLAG_FISH].model_copy(update={"status": "confirmed",
                                               "review": ReviewInfo(by="Li", at="2025-09-01T00:00:00+00:00", note="n")})
    en, zh = (claims[i] for i in flag.claims)
    # the Chinese appearance names him in Chinese; a second claim on the English page repeats the page
    zh = zh.model_copy(update={"claimant": Entity(name="菲什", id="kyle-fish")})
    again = en.model_copy(update={"id": en.id + "b", "quote": en.quote[:30]})
    review = claim_review(flag, [zh, again, en], names={"kyle-fish": "Kyle Fish"},
                          url=review_url("https://checks.example.org/", flag.id))
    assert review["claimReviewed"] == en.quote or review["claimReviewed"] == again.quote  # earliest page, as quoted
    assert review["claimReviewed"] != flag.summary and review["description"] == flag.summary
    urls = [a["url"] for a in review["itemReviewed"]["appearance"]]
    assert urls == [en.doc.url, zh.doc.url]  # each page once, earliest first
    assert review["itemReviewed"]["firstAppearance"]["url"] == en.doc.url
    assert review["url"] == f"https://checks.example.org/discrepancies?flag={flag.id}"
    # the earliest claim names him "Kyle Fish" already; a short name takes the entities file's full one
    short = en.model_copy(update={"claimant": Entity(name="Fish", id="kyle-fish")})
    assert claim_review(flag, [short], names=full_names())["itemReviewed"]["author"]["name"] == "Kyle Fish"
    unknown = en.model_copy(update={"claimant": Entity(name="Zora Lin", id=None)})
    assert claim_review(flag, [unknown], names=full_names())["itemReviewed"]["author"]["name"] == "Zora Lin"
    assert claim_review(flag, [en])["url"] is None  # no public address configured


def test_csv_files_carry_a_bom_and_keep_chinese(tmp_path):
    claims, _ = _claims()
    text = to_csv((claim_row(c) for c in claims.values()), ["id", "quote"])
    data = text.encode(CSV_ENCODING)
    assert data.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert any("凯尔·菲什" in r["quote"] for r in rows) and list(rows[0]) == ["id", "quote"]


def test_cli_export_csv_file_has_bom_stdout_does_not(tmp_path):
    db = build_store(tmp_path / "x.db")
    runner = CliRunner()
    out = tmp_path / "claims.csv"
    res = runner.invoke(app, ["export", "--format", "csv", "--out", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    assert data.startswith(BOM) and "凯尔·菲什".encode() in data
    res = runner.invoke(app, ["export", "--format", "csv", "--db", str(db)])
    assert res.exit_code == 0 and not res.stdout.startswith("\ufeff") and res.stdout.startswith("id,")
    jl = tmp_path / "all.jsonl"
    runner.invoke(app, ["export", "--format", "jsonl", "--out", str(jl), "--db", str(db)])
    assert not jl.read_bytes().startswith(BOM)  # JSON lines stay plain UTF-8


def test_cli_claimreview_uses_public_url(tmp_path, monkeypatch):
    from claimtrack.schema import Review
    from index.sqlite_store import SQLiteStore

    db = build_store(tmp_path / "x.db")
    with SQLiteStore(db) as store:
        store.add_review(Review(flag_id=FLAG_FISH, status="confirmed", by="Li", note="misquoted"))
    monkeypatch.setenv("CLAIMTRACK_PUBLIC_URL", "https://checks.example.org")
    res = CliRunner().invoke(app, ["export", "--format", "claimreview", "--db", str(db)])
    assert res.exit_code == 0, res.output
    [review] = json.loads(res.stdout)
    assert review["url"] == f"https://checks.example.org/discrepancies?flag={FLAG_FISH}"
    assert review["claimReviewed"].startswith("Kyle Fish told our reporter")
    assert review["itemReviewed"]["author"]["name"] == "Kyle Fish"
