"""What only the SQLite backend promises: the file, WAL, migrations, errors, threads, FTS upkeep."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from claimtrack.errors import StoreError
from claimtrack.schema import Review
from claimtrack.settings import Settings
from index import open_store
from index import sqlite_store as sqlite_store_module
from index.sqlite_migrations import MIGRATIONS
from index.sqlite_store import SQLiteStore
from tests.support.store_corpus import fish_flag, ingest, make_claim, make_doc


def fts_integrity(path) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute("INSERT INTO claims_fts(claims_fts, rank) VALUES('integrity-check', 1)")
    finally:
        db.close()


def test_file_wal_user_version_and_folder_created(tmp_path):
    path = tmp_path / "a" / "b" / "store.db"
    store = SQLiteStore(path)
    store.close()
    assert path.is_file()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    db.close()


def test_open_store_from_settings(tmp_path):
    store = open_store(Settings(db=tmp_path / "x.db"))
    assert isinstance(store, SQLiteStore)
    store.close()


def test_data_survives_reopen(tmp_path, corpus):  # noqa: F811
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        ingest(store, corpus)
        store.sync_flags([fish_flag(corpus)])
        store.add_review(Review(flag_id="flag-fish", status="confirmed", by="ana"))
    with SQLiteStore(path) as store:
        assert store.stats()["claims"] == 4
        assert store.get_flag("flag-fish").status == "confirmed"
        assert len(store.search("意识")) == 1


@pytest.mark.parametrize("kind", ["folder", "not_a_db", "under_a_file"])
def test_bad_paths_give_one_line_store_error(tmp_path, kind):
    if kind == "folder":
        path = tmp_path
    elif kind == "not_a_db":
        path = tmp_path / "junk.db"
        path.write_bytes(b"this is not a database, just some text " * 100)
    else:
        (tmp_path / "file").write_text("x")
        path = tmp_path / "file" / "store.db"
    with pytest.raises(StoreError) as err:
        SQLiteStore(path)
    text = str(err.value)
    assert "\n" not in text and text.startswith("[CT020]") and str(path) in text and "(" in text


def test_upgrade_from_first_schema_keeps_data_and_search(tmp_path, corpus, monkeypatch):  # noqa: F811
    from index import sqlite_migrations

    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(sqlite_migrations, "MIGRATIONS", MIGRATIONS[:1])
        with SQLiteStore(path) as store:
            ingest(store, corpus)
            assert len(store.search("意识")) == 1
    with SQLiteStore(path) as store:
        assert store.stats()["claims"] == 4
        assert len(store.search("意识")) == 1 and len(store.search("ASL-3 Opus")) == 1
        store.replace_claims(corpus["docs"][0].id, [])
        assert store.search("意识") == []
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 2
    db.close()
    fts_integrity(path)


def test_upgrade_to_folded_search_refolds_stored_claims(tmp_path, corpus, monkeypatch):  # noqa: F811
    """A store from before migration 5 held unfolded text under FTS5's porter tokenizer; after the
    upgrade its claims are found by folded words (stems, Traditional/Simplified)."""
    from index import sqlite_migrations

    path = tmp_path / "v4.db"
    with monkeypatch.context() as m:
        m.setattr(sqlite_migrations, "MIGRATIONS", MIGRATIONS[:4])
        with SQLiteStore(path) as store:
            ingest(store, corpus)
    db = sqlite3.connect(path)
    with db:  # the text as version 4 kept it: the quote as written
        db.execute("UPDATE claims SET fts_text = json_extract(json, '$.quote')")
        db.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")
    assert db.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'consciousness'").fetchone()[0] == 1
    db.close()
    with SQLiteStore(path) as store:
        chalmers = corpus["claims"][corpus["docs"][1].id][1].id
        assert chalmers in {c.id for c in store.search("conscious")}
        assert len(store.search("consciousness")) == 3
        assert len(store.search("意識")) == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 5
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'claims_fts'").fetchone()[0]
    assert "porter" not in sql
    db.close()
    fts_integrity(path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path)


def test_reviews_table_is_append_only(tmp_path, corpus):  # noqa: F811
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        ingest(store, corpus)
        store.sync_flags([fish_flag(corpus)])
        store.add_review(Review(flag_id="flag-fish", status="confirmed", by="ana"))
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM reviews")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE reviews SET by = 'mallory'")
    db.close()


def test_fts_index_stays_consistent_through_updates_and_deletes(tmp_path, corpus):  # noqa: F811
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        ingest(store, corpus)
        en = corpus["docs"][1]
        first, second = corpus["claims"][en.id]
        store.replace_claims(en.id, [first.model_copy(update={"cluster_id": "z"})])
        store.replace_claims(en.id, [first, second])
        store.replace_claims(corpus["docs"][0].id, [])
        assert store.search("意识") == []
    fts_integrity(path)  # raises sqlite3.DatabaseError on a mismatch between index and content


def test_search_ranks_within_a_bounded_candidate_set(tmp_path, monkeypatch):
    """More matches than SEARCH_CANDIDATES: only the newest RANK_WINDOW are ranked. Fewer: all are.
    (The index keeps no positions, so bm25 ranks shorter matching claims first, then newest.)"""
    monkeypatch.setattr(sqlite_store_module, "SEARCH_CANDIDATES", 5)
    monkeypatch.setattr(sqlite_store_module, "RANK_WINDOW", 3)
    texts = {2: "Report 2: rise", 10: "Report 10: scores rise"}
    with SQLiteStore(tmp_path / "s.db") as store:
        docs = []
        for i in range(12):
            text = texts.get(i, f"Report {i}: the model scores rise again this week")
            doc = make_doc(f"https://o.example/{i}", text, "en")
            docs.append((doc.id, [make_claim(doc, text, lang="en", value=str(i), low=i, high=i, cluster=None)]))
        store.bulk_replace_claims(docs)
        # 12 matches > 5: the newest three (11, 10, 9) are ranked; report 2, the best overall, is not seen.
        assert [h.value.low for h in store.search("rise", limit=2)] == [10, 11]
        # A limit above the bound widens the candidate set: every match is ranked.
        assert [h.value.low for h in store.search("rise", limit=50)] == [2, 10, 11, 9, 8, 7, 6, 5, 4, 3, 1, 0]
        # Few matches: exact ranking over all of them.
        assert [h.value.low for h in store.search("report 2")] == [2]
        assert [h.value.low for h in store.search("scores rise", limit=3)] == [10, 11, 9]


def test_concurrent_threads_read_and_write(tmp_path, corpus):  # noqa: F811
    store = SQLiteStore(tmp_path / "s.db")
    ingest(store, corpus)
    store.sync_flags([fish_flag(corpus)])
    errors: list[BaseException] = []

    def reader():
        try:
            for _ in range(50):
                assert len(store.search("意识")) == 1
                store.stats()
                list(store.iter_claims())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def writer(n):
        try:
            for i in range(20):
                store.add_review(Review(flag_id="flag-fish", status="confirmed", by=f"w{n}-{i}"))
                ingest(store, corpus)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats()["reviews"] == 40
    store.close()


def test_second_connection_sees_committed_writes(tmp_path, corpus):  # noqa: F811
    path = tmp_path / "s.db"
    a, b = SQLiteStore(path), SQLiteStore(path)
    ingest(a, corpus)
    assert b.stats()["claims"] == 4
    a.close()
    b.close()


def test_closed_store_raises_store_error(tmp_path):
    store = SQLiteStore(tmp_path / "s.db")
    store.close()
    with pytest.raises(StoreError):
        store.stats()


def test_filters_facets_and_cluster_flags_are_served_by_indexes(tmp_path, corpus):  # noqa: F811
    """The SQL the store runs for its filters, facets and a cluster's flags reads an index, not the table."""
    from index.filters import ClaimFilters
    from index.sqlite_store import _filter_sql

    path = tmp_path / "plans.db"
    with SQLiteStore(path) as store:
        ingest(store, corpus)
        store.sync_flags([fish_flag(corpus)])
    db = sqlite3.connect(path)

    def plan(sql: str, args=()) -> str:
        return " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, args))

    def listing(**kw) -> str:
        where, args = _filter_sql(ClaimFilters.of(**kw), "")
        return plan("SELECT json FROM claims WHERE " + " AND ".join(where), args)

    assert "claims_published_day" in listing(published_from="2025-05-01", published_to="2025-05-31")
    assert "claims_site" in listing(site=["harbor.example", "valley.example"])
    assert "claims_subject_lang" in listing(subject_id="ai_systems")
    assert "claims_claimant_lang" in listing(claimant_id="kyle_fish", lang="en")
    assert "claims_proposition_lang" in listing(proposition_key="p_conscious", lang="zh")
    for column in ("claimant_id", "subject_id", "proposition_key"):
        assert "COVERING INDEX" in plan(f"SELECT {column}, lang, count(*), min(rowid) FROM claims"
                                        f" WHERE {column} IS NOT NULL GROUP BY {column}, lang")
    assert "COVERING INDEX claims_site" in plan("SELECT site, count(*) FROM claims WHERE site IS NOT NULL GROUP BY site")
    assert "flags_cluster" in plan("SELECT json FROM flags WHERE active = 1 AND cluster_id = ?"
                                   " ORDER BY severity DESC, id", ("cl-fish",))
    db.close()


def test_filtered_search_keeps_the_fts_index_as_the_outer_loop(tmp_path, corpus):  # noqa: F811
    """A filtered search must walk the FTS matches and look each claim up by rowid; the other
    way round (the filter's index outside, FTS5 probed per claim) restarts the FTS query, bm25's
    word counts included, for every claim: seconds on 100k claims (benchmarks/ui.py)."""
    with SQLiteStore(tmp_path / "plan.db") as store:
        ingest(store, corpus)
        seen: list[str] = []
        store._db.set_trace_callback(seen.append)
        try:
            assert store.search("kyle", site="harbor.example", value_min=1)
        finally:
            store._db.set_trace_callback(None)
        searches = [sql for sql in seen if "MATCH" in sql]
        assert len(searches) == 2  # the newest candidates, then their bm25 ranks
        for sql in searches:
            plan = [row[3] for row in store._db.execute("EXPLAIN QUERY PLAN " + sql)]
            assert "VIRTUAL TABLE" in plan[0] and "INTEGER PRIMARY KEY" in plan[1], plan
