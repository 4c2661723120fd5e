"""The CLI end to end on a real SQLite file: `claimtrack.cli.main()` in this process with each
command's argv (one new interpreter per call made this file the suite's longest); the installed
entry point itself is run as a subprocess in `test_the_installed_command_runs_as_a_process`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import ct, jsonl, run_cli
from tests.support.paths import ROOT, SHARED

FIXTURES = ROOT / "tests" / "fixtures" / "cli"
pytestmark = pytest.mark.slow




@pytest.fixture(scope="module")
def validators():
    jsonschema = pytest.importorskip("jsonschema")
    spec = SHARED / "spec"
    if not (spec / "claim.schema.json").is_file():
        pytest.skip(f"shared spec not found at {spec}: schema validation needs ../shared beside the repo")
    load = lambda name: jsonschema.Draft202012Validator(json.loads((spec / name).read_text()))  # noqa: E731
    return load("claim.schema.json"), load("flag.schema.json")


def stats(db: Path) -> tuple[int, int, int]:
    claims = jsonl(run_cli("claims", "--format", "jsonl", db=db).stdout)
    flags = jsonl(run_cli("flags", "--format", "jsonl", db=db).stdout)
    return len(claims), len({c["cluster_id"] for c in claims}), len(flags)


def test_ingest_is_idempotent_and_reviews_survive(tmp_path, validators):
    claim_v, flag_v = validators
    db = tmp_path / "store.db"
    run_cli("ingest", str(FIXTURES / "docs.jsonl"), db=db)
    claims = jsonl(run_cli("claims", "--format", "jsonl", db=db).stdout)
    flags = jsonl(run_cli("flags", "--format", "jsonl", db=db).stdout)
    assert claims and flags
    for c in claims:
        claim_v.validate(c)
    for f in flags:
        flag_v.validate(f)
    by_id = {c["id"]: c for c in claims}
    fish = [f for f in flags if {by_id[i]["value"]["low"] for i in f["claims"]} >= {0.15, 0.2}]
    assert fish, "Fish's 15% against his 20% must be flagged"
    before = stats(db)

    target = fish[0]["id"]
    run_cli("review", target, "--status", "dismissed", "--by", "Ana", "--note", "older estimate", db=db)
    run_cli("ingest", str(FIXTURES / "docs.jsonl"), db=db)
    assert stats(db) == before
    flag = next(f for f in jsonl(run_cli("flags", "--format", "jsonl", db=db).stdout) if f["id"] == target)
    assert flag["status"] == "dismissed" and flag["review"]["by"] == "Ana"
    assert flag["review"]["note"] == "older estimate"

    # New, unrelated evidence leaves the reviewed flag alone; exports carry the decision.
    run_cli("ingest", str(FIXTURES / "more.jsonl"), db=db)
    flag = next(f for f in jsonl(run_cli("flags", "--format", "jsonl", db=db).stdout) if f["id"] == target)
    assert flag["status"] == "dismissed"
    exported = jsonl(run_cli("export", "--format", "jsonl", "--what", "flags", db=db).stdout)
    assert [f["id"] for f in exported] == [target]


def test_review_reopens_when_new_evidence_arrives(tmp_path):
    db = tmp_path / "store.db"
    run_cli("ingest", str(FIXTURES / "docs.jsonl"), db=db)
    claims = {c["id"]: c for c in jsonl(run_cli("claims", "--format", "jsonl", db=db).stdout)}
    flags = jsonl(run_cli("flags", "--format", "jsonl", db=db).stdout)
    fish = next(f for f in flags if {claims[i]["value"]["low"] for i in f["claims"]} >= {0.15, 0.2})
    run_cli("review", fish["id"], "--status", "confirmed", "--by", "Li", db=db)
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({
        "url": "https://south-gazette.example/fish", "site": "South Gazette", "lang": "en",
        "published": "2025-10-01",
        "text": "Kyle Fish said there is roughly a 15 percent chance that current models are conscious."}) + "\n",
        encoding="utf-8")
    run_cli("ingest", str(extra), db=db)
    flag = next(f for f in jsonl(run_cli("flags", "--format", "jsonl", db=db).stdout) if f["id"] == fish["id"])
    assert flag["status"] == "open", "new evidence on a reviewed flag re-opens it"
    assert len(flag["claims"]) > len(fish["claims"])
    assert flag["review"]["by"] == "Li"  # the earlier decision stays visible


def test_extract_prints_only_schema_lines(validators):
    claim_v, _ = validators
    proc = run_cli("extract", "--format", "jsonl", str(FIXTURES / "docs.jsonl"))
    lines = jsonl(proc.stdout)
    assert lines
    for line in lines:
        claim_v.validate(line)
        assert line["quote"]
    urls = {line["doc"]["url"] for line in lines}
    assert "https://north-ledger.example/2025/fish" in urls


def test_bad_inputs_one_line_each_and_good_ones_kept(tmp_path):
    db = tmp_path / "store.db"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"url": "https://x.example/1", "text": "Kyle Fish said about 20% of it."}\n{oops\n',
                      encoding="utf-8")
    proc = run_cli("ingest", str(tmp_path / "missing.txt"), str(empty), str(binary), str(broken),
              "http://127.0.0.1:9/nothing.html", db=db, check=False)
    assert proc.returncode == 3
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 5, proc.stderr
    assert "Traceback" not in proc.stderr
    docs = jsonl(run_cli("claims", "--format", "jsonl", db=db).stdout)
    assert {d["doc"]["url"] for d in docs} <= {"https://x.example/1"}

    only_bad = run_cli("ingest", str(tmp_path / "missing.txt"), db=db, check=False)
    assert only_bad.returncode == 2 and only_bad.stderr.count("\nerror:") + only_bad.stderr.startswith("error:") == 1


def test_usage_and_store_errors_are_one_line(tmp_path):
    db = tmp_path / "store.db"
    proc = run_cli("review", "f-nope", "--status", "confirmed", "--by", "Ana", db=db, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = run_cli("flags", "--status", "maybe", db=db, check=False)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("ingest", str(FIXTURES / "docs.jsonl"), db=blocker / "sub" / "store.db", check=False)
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1


def test_exports(tmp_path):
    db = tmp_path / "store.db"
    run_cli("ingest", str(FIXTURES / "docs.jsonl"), db=db)
    flags = jsonl(run_cli("flags", "--format", "jsonl", db=db).stdout)
    run_cli("review", flags[0]["id"], "--status", "confirmed", "--by", "Ana", "--note", "checked the podcast", db=db)
    csv_text = run_cli("export", "--format", "csv", db=db).stdout
    assert csv_text.splitlines()[0].startswith("id,cluster_id,lang,claimant")
    assert len(csv_text.splitlines()) == 1 + len(jsonl(run_cli("claims", "--format", "jsonl", db=db).stdout))
    reviews = json.loads(run_cli("export", "--format", "claimreview", db=db).stdout)
    assert len(reviews) == 1 and reviews[0]["@type"] == "ClaimReview"
    assert reviews[0]["author"]["name"] == "Ana"
    assert reviews[0]["reviewRating"]["ratingExplanation"] == "checked the podcast"
    assert all(a["url"].startswith("https://") for a in reviews[0]["itemReviewed"]["appearance"])


def test_a_stray_surrogate_escape_in_a_jsonl_line_loses_nothing(tmp_path):
    # json.loads turns "\ud800" into a lone surrogate, which spaCy, jieba and SQLite cannot encode
    db = tmp_path / "store.db"
    lines = tmp_path / "docs.jsonl"
    lines.write_text(
        '{"url": "https://s.example/1", "lang": "en", "text": "Fish said the chance is about 15 percent \\ud800 today."}\n'
        '{"url": "https://s.example/2", "text": "菲什表示，现有模型有意识的概率约为 20%\\udfff。"}\n', encoding="utf-8")
    proc = run_cli("ingest", str(lines), db=db, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    claims = jsonl(run_cli("claims", "--format", "jsonl", db=db).stdout)
    assert sorted(c["value"]["low"] for c in claims) == [0.15, 0.2]
    assert all("\ufffd" in c["quote"] for c in claims)
    assert "20%" in run_cli("search", "概率", db=db).stdout


def test_the_installed_command_runs_as_a_process(tmp_path, validators):
    """The one subprocess: `python -m claimtrack.cli` ingests, lists and exits as the others do in-process."""
    claim_v, _ = validators
    db = tmp_path / "store.db"
    ct("ingest", str(FIXTURES / "docs.jsonl"), db=db)
    claims = jsonl(ct("claims", "--format", "jsonl", db=db).stdout)
    assert claims == jsonl(run_cli("claims", "--format", "jsonl", db=db).stdout)
    for c in claims:
        claim_v.validate(c)
    bad = ct("review", "no-such-flag", "--status", "confirmed", "--by", "Ana", db=db, check=False)
    assert bad.returncode != 0 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr
