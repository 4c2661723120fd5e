"""Schema of the SQLite store: an ordered list of migrations, applied by `PRAGMA user_version`.

Append a new function to `MIGRATIONS` to change the schema; never edit one that has shipped.
Migration N (1-based) brings a database from user_version N-1 to N.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from claimtrack.errors import StoreError


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (executescript would COMMIT the migration's transaction)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.execute(buf)
            buf = ""
    if buf.strip():
        raise StoreError("internal: incomplete statement in a migration", hint="report this bug")


def _m1_initial(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            site TEXT,
            lang TEXT,
            published TEXT,
            stored_at TEXT NOT NULL,
            json TEXT NOT NULL
        );
        -- Earlier texts of a document whose text changed later (a silent edit is a story).
        CREATE TABLE document_versions (
            seq INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            json TEXT NOT NULL
        );
        CREATE INDEX document_versions_doc ON document_versions(doc_id, seq);

        CREATE TABLE claims (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            doc_id TEXT NOT NULL,
            cluster_id TEXT,
            claimant_id TEXT,
            subject_id TEXT,
            proposition_key TEXT,
            lang TEXT NOT NULL,
            value_low REAL,
            value_high REAL,
            value_unit TEXT,
            published TEXT,
            site TEXT,
            json TEXT NOT NULL,
            fts_text TEXT NOT NULL  -- what the FTS index holds: segmented quote, names, label
        );
        CREATE INDEX claims_doc ON claims(doc_id);
        CREATE INDEX claims_cluster ON claims(cluster_id);
        CREATE INDEX claims_claimant ON claims(claimant_id);
        CREATE INDEX claims_proposition ON claims(proposition_key);
        CREATE INDEX claims_lang ON claims(lang);

        -- External-content FTS5 table: the text lives once, in claims.fts_text; the store keeps
        -- the index in step explicitly (insert / 'delete' command) inside the same transaction.
        CREATE VIRTUAL TABLE claims_fts USING fts5(
            fts_text,
            content='claims', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        );

        CREATE TABLE flags (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            severity REAL NOT NULL,
            cluster_id TEXT NOT NULL,
            status TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            evidence TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            json TEXT NOT NULL
        );
        CREATE INDEX flags_listing ON flags(active, severity DESC, id);

        -- Append-only: one row per analyst decision.
        CREATE TABLE reviews (
            seq INTEGER PRIMARY KEY,
            flag_id TEXT NOT NULL,
            status TEXT NOT NULL,
            by TEXT NOT NULL,
            note TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX reviews_flag ON reviews(flag_id, seq);
        CREATE TRIGGER reviews_append_only_update BEFORE UPDATE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
        CREATE TRIGGER reviews_append_only_delete BEFORE DELETE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;

        CREATE TABLE runs (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            json TEXT NOT NULL
        );
        """
    )


def _fts_table(tokenize: str) -> str:
    """The claims' full-text index without token positions (`detail=none`), with `tokenize`."""
    return ("CREATE VIRTUAL TABLE claims_fts USING fts5(fts_text, content='claims', content_rowid='rowid', "
            f"detail=none, tokenize='{tokenize}');")


def _m2_fts_without_positions(db: sqlite3.Connection) -> None:
    """Rebuild the FTS index with `detail=none`: no token positions, so a much smaller index that
    is faster to write and to scan (1M claims: see benchmarks/README.md). Queries are AND-ed words;
    phrases (later) are checked on the claims found, so positions were never needed."""
    _run_script(
        db,
        """
        DROP TABLE claims_fts;
        """ + _fts_table("porter unicode61 remove_diacritics 2") + """
        INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');
        -- Two values: no use to the planner, a cost on every insert.
        DROP INDEX claims_lang;
        """,
    )


#: A claim's publication day for date filters: a year or a month counts as its first day, anything
#: not starting with a date is NULL (left out by any date bound, as Elasticsearch's date field
#: leaves out what it cannot parse). The store's queries use this exact text, so the index on it
#: (migration 3) serves them.
PUBLISHED_DAY = ("(CASE WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN published"
                 " WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN published || '-01'"
                 " WHEN published GLOB '[0-9][0-9][0-9][0-9]' THEN published || '-01-01' END)")


def _m3_filter_indexes(db: sqlite3.Connection) -> None:
    """Indexes for the filters and facets run in the store (the UI's pick lists): (id, lang)
    pairs give each facet's counts and the labels per language from the index alone; outlet and
    publication day serve the filters; flags by cluster serve the cluster page."""
    _run_script(
        db,
        f"""
        CREATE INDEX claims_claimant_lang ON claims(claimant_id, lang);
        DROP INDEX claims_claimant;
        CREATE INDEX claims_proposition_lang ON claims(proposition_key, lang);
        DROP INDEX claims_proposition;
        CREATE INDEX claims_subject_lang ON claims(subject_id, lang);
        CREATE INDEX claims_site ON claims(site);
        CREATE INDEX claims_published_day ON claims({PUBLISHED_DAY});
        CREATE INDEX flags_cluster ON flags(cluster_id, active, severity DESC, id);
        """,
    )


def _m4_claim_matching(db: sqlite3.Connection) -> None:
    """Claim matching: a vector per claim (float16, with the encoder that made it), the analysts'
    same/different decisions (append-only, like reviews) and the current suggested matches."""
    _run_script(
        db,
        """
        CREATE TABLE claim_vectors (
            claim_id TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            vec BLOB NOT NULL
        );
        CREATE TABLE match_decisions (
            seq INTEGER PRIMARY KEY,
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            decision TEXT NOT NULL,
            by TEXT NOT NULL,
            note TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE suggested_matches (
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (a, b)
        );
        """,
    )


def _m5_folded_search(db: sqlite3.Connection) -> None:
    """Search text folded by `index.segment` (Traditional to Simplified, lower case, Snowball
    English stems) instead of FTS5's porter tokenizer, whose stems kept "consciousness" and
    "conscious" apart: every claim's `fts_text` is recomputed from its JSON and the index is
    rebuilt with a tokenizer that only splits, lower-cases and folds diacritics."""
    from claimtrack.schema import Claim
    from index.segment import claim_fts_text

    _run_script(
        db,
        "DROP TABLE claims_fts;\n" + _fts_table("unicode61 remove_diacritics 2"),
    )
    last = 0
    while True:
        rows = db.execute("SELECT rowid, json FROM claims WHERE rowid > ? ORDER BY rowid LIMIT 2000",
                          (last,)).fetchall()
        if not rows:
            break
        db.executemany("UPDATE claims SET fts_text = ? WHERE rowid = ?",
                       [(claim_fts_text(Claim.model_validate_json(js)), rowid) for rowid, js in rows])
        last = rows[-1][0]
    db.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m1_initial, _m2_fts_without_positions,
                                                          _m3_filter_indexes, _m4_claim_matching,
                                                          _m5_folded_search]


def migrate(db: sqlite3.Connection, path: str) -> int:
    """Bring the database to the latest schema; returns the resulting user_version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(
            f"store {path} has schema version {version}, newer than this claimtrack knows ({len(MIGRATIONS)})",
            hint="upgrade claimtrack, or point --db at another file",
        )
    for number in range(version + 1, len(MIGRATIONS) + 1):
        # One transaction per migration, user_version included (the connection is in autocommit
        # mode, isolation_level=None, so BEGIN/COMMIT are ours).
        db.execute("BEGIN IMMEDIATE")
        if db.execute("PRAGMA user_version").fetchone()[0] >= number:  # another process got here first
            db.execute("COMMIT")
            continue
        try:
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return len(MIGRATIONS)
