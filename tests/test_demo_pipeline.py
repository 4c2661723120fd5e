"""`claimtrack demo --no-ui` end to end: real spider on loopback, real extraction, real SQLite store.

The demo corpus plants the disagreements listed in seeds/demo/MANIFEST.md; each must be flagged with
the right kind, and the look-alikes that share a number must stay in clusters of their own.
"""

from __future__ import annotations

import json

import pytest

from tests.support.cli import ct, jsonl

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    proc = ct("demo", "--no-ui", db=db)
    claims = jsonl(ct("claims", "--format", "jsonl", db=db).stdout)
    flags = jsonl(ct("flags", "--format", "jsonl", db=db).stdout)
    return db, proc, claims, flags


def _flags_with(flags, claims, pred_a, pred_b):
    by_id = {c["id"]: c for c in claims}
    out = []
    for f in flags:
        members = [by_id[i] for i in f["claims"] if i in by_id]
        if any(pred_a(c) for c in members) and any(pred_b(c) for c in members):
            out.append(f)
    return out


def who(c):
    return (c["claimant"] or {}).get("id")


def value(c, low, high):
    v = c["value"]
    close = lambda a, b: (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)  # noqa: E731
    return close(v["low"], low) and close(v["high"], high)


def test_summary_counts(demo_store):
    _db, proc, claims, flags = demo_store
    assert "documents" in proc.stdout and "flags" in proc.stdout
    assert len({c["doc"]["url"] for c in claims}) >= 12
    assert {c["lang"] for c in claims} == {"zh", "en"}
    assert flags


def test_fish_15_against_20_is_a_value_conflict(demo_store):
    _db, _proc, claims, flags = demo_store
    found = _flags_with(flags, claims, lambda c: who(c) == "kyle-fish" and value(c, 0.15, 0.15),
                        lambda c: who(c) == "kyle-fish" and value(c, 0.2, 0.2))
    assert found and found[0]["kind"] in ("value_conflict", "change_over_time")
    langs = {c["lang"] for c in claims if c["id"] in found[0]["claims"]}
    assert langs == {"zh", "en"}, "the Fish cluster spans both languages"


def test_chalmers_dropped_hedge_is_a_qualifier_conflict(demo_store):
    _db, _proc, claims, flags = demo_store
    found = _flags_with(flags, claims,
                        lambda c: who(c) == "david-chalmers" and c["value"]["qualifier"] == "at_least",
                        lambda c: who(c) == "david-chalmers" and value(c, 0.25, 0.25))
    assert [f["kind"] for f in found] == ["qualifier_conflict"]


def test_amodei_range_against_up_to_is_a_qualifier_conflict(demo_store):
    _db, _proc, claims, flags = demo_store
    found = _flags_with(flags, claims, lambda c: who(c) == "dario-amodei" and value(c, 0.1, 0.2),
                        lambda c: who(c) == "dario-amodei" and value(c, None, 0.2))
    assert [f["kind"] for f in found] == ["qualifier_conflict"]


def test_lookalikes_never_share_a_cluster_or_a_flag(demo_store):
    _db, _proc, claims, flags = demo_store
    clusters: dict[str, set[str]] = {}
    for c in claims:
        clusters.setdefault(c["cluster_id"], set()).add(c["proposition"]["key"])
    assert all(len(keys) == 1 for keys in clusters.values())
    by_id = {c["id"]: c for c in claims}
    for f in flags:  # a flag compares one question: one proposition (and one cluster but for
        # attribution and scope flags, which compare claimants or a family against one member)
        assert len({by_id[i]["proposition"]["key"] for i in f["claims"]}) == 1, json.dumps(f)
        if f["kind"] in ("qualifier_conflict", "change_over_time"):
            assert len({by_id[i]["cluster_id"] for i in f["claims"]}) == 1, json.dumps(f)
    fish = {c["cluster_id"] for c in claims if who(c) == "kyle-fish"}
    opus = {c["cluster_id"] for c in claims if "introspect" in c["proposition"]["key"]}
    jobs = {c["cluster_id"] for c in claims if who(c) == "dario-amodei"}
    assert opus and fish and jobs
    assert not (fish & opus) and not (fish & jobs) and not (opus & jobs)


def test_asl3_said_of_all_claude_models_against_one_model_is_flagged(demo_store):
    _db, _proc, claims, flags = demo_store
    found = _flags_with(flags, claims,
                        lambda c: c["value"]["unit"] == "ASL" and (c["subject"] or {}).get("id") == "claude-models",
                        lambda c: c["value"]["unit"] == "ASL" and (c["subject"] or {}).get("id", "").startswith("claude-")
                        and (c["subject"] or {}).get("id") != "claude-models")
    assert [f["kind"] for f in found] == ["value_conflict"]


def test_review_survives_a_second_run(demo_store):
    db, _proc, claims, flags = demo_store
    by_id = {c["id"]: c for c in claims}
    fish = next(f for f in flags if all(who(by_id[i]) == "kyle-fish" for i in f["claims"]))
    ct("review", fish["id"], "--status", "confirmed", "--by", "Mei", "--note", "15% was April", db=db)
    second = ct("demo", "--no-ui", db=db)  # a second run over the (unchanged) corpus
    assert "is taken" not in second.stderr  # the same addresses as the first run (see test_ui_browser)
    again = {f["id"]: f for f in jsonl(ct("flags", "--format", "jsonl", db=db).stdout)}
    assert again[fish["id"]]["status"] == "confirmed"
    assert again[fish["id"]]["review"] == {**again[fish["id"]]["review"], "by": "Mei", "note": "15% was April"}
    assert len(jsonl(ct("claims", "--format", "jsonl", db=db).stdout)) == len(claims)


def test_demo_script_takes_a_relative_db_from_the_callers_directory_and_leaves_the_repo_clean(tmp_path):
    import subprocess

    from tests.support.paths import ROOT

    before = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh"), "--no-ui", "--db", "mine.db"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "mine.db").is_file()
    assert f"store: {tmp_path / 'mine.db'}" in proc.stderr
    after = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                           capture_output=True, text=True).stdout
    if before or after:  # git is there (CI clones): nothing new in the repo
        assert after == before
