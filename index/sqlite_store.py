"""The embedded default store: one SQLite file (WAL), FTS5 search over jieba-segmented claims.

Tables and migrations are in `index.sqlite_migrations`; what the FTS index holds comes from
`index.segment`. One connection shared by all threads (Streamlit calls from several), every use
under a lock; writes are explicit `BEGIN IMMEDIATE` transactions.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Unpack

from claimtrack.errors import StoreError
from claimtrack.schema import Claim, Document, Flag, MatchDecision, Review, ReviewInfo, SuggestedMatch, utcnow
from index.base import DocState, claim_batches
from index.filters import FACET_LIMIT, FACETS, ClaimFilters, FilterArgs, facet_label, sort_facet
from index.flag_sync import plan_flag_sync
from index.query import fts5_expression, phrases_hold
from index.query import parse as parse_query
from index.segment import claim_fts_text
from index.sqlite_migrations import PUBLISHED_DAY, migrate

#: How search stays fast on a million claims. FTS5's bm25() costs a scan of every query word's
#: whole doclist plus a few microseconds per ranked row, and `ORDER BY rank` ranks every match, so a
#: common word ("的", "model") would cost hundreds of milliseconds. Instead: list the newest
#: SEARCH_CANDIDATES + 1 matching rowids (cheap: no ranking); when that is all the matches, rank
#: them all with bm25 (exact); when there are more, rank only the newest RANK_WINDOW with bm25 and
#: return the best of those (for a query that common, the latest coverage is what an analyst wants).
SEARCH_CANDIDATES = 1000
RANK_WINDOW = 200

_PAGE = 1000
_IN_CHUNK = 500


def _claim_row(claim: Claim) -> tuple[Any, ...]:
    return (
        claim.id,
        claim.doc.id,
        claim.cluster_id,
        claim.claimant.id if claim.claimant else None,
        claim.subject.id if claim.subject else None,
        claim.proposition.key,
        claim.lang,
        claim.value.low,
        claim.value.high,
        claim.value.unit,
        claim.doc.published,
        claim.doc.site,
        claim.model_dump_json(),
        claim_fts_text(claim),
    )


_CLAIM_COLS = ("id, doc_id, cluster_id, claimant_id, subject_id, proposition_key, lang, value_low, "
               "value_high, value_unit, published, site, json, fts_text")
_CLAIM_INSERT = f"INSERT INTO claims ({_CLAIM_COLS}) VALUES ({', '.join('?' * 14)})"


class SQLiteStore:
    """`Store` on one SQLite file. `SQLiteStore(path)` creates the file and its folder if needed."""

    backend = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser() if str(path) != ":memory:" else Path(":memory:")
        self._lock = threading.RLock()
        self._db = self._open()

    # -- connection --------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        hint = "pass --db with a writable file path, or set CLAIMTRACK_DB"
        memory = str(self.path) == ":memory:"
        if not memory:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of the store {self.path}: {exc.strerror}",
                                 hint=hint) from exc
            if self.path.is_dir():
                raise StoreError(f"store path {self.path} is a folder, not a file", hint=hint)
        try:
            db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}", hint=hint) from exc
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            if not memory:
                mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode})", hint=hint)
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA cache_size = -65536")
            db.execute("PRAGMA temp_store = MEMORY")
            migrate(db, str(self.path))
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(f"cannot open the store {self.path}: {exc}",
                             hint="is it a claimtrack SQLite file? pass another --db") from exc
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                yield self._db
            except BaseException as exc:
                self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise
            else:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.Error as exc:
                    raise self._error(exc) from exc

    def _error(self, exc: sqlite3.Error) -> StoreError:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            hint = "another process holds the store; retry when it is done"
        elif "closed" in msg:
            hint = "the store was closed; open it again"
        else:
            hint = "check the disk and the file; `sqlite3 FILE 'PRAGMA integrity_check'` says if it is damaged"
        return StoreError(f"SQLite error on {self.path}: {msg}", hint=hint)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents ---------------------------------------------------------------------------
    def put_document(self, doc: Document) -> DocState:
        sha = doc.content_sha256
        data = doc.model_dump_json()
        with self._write() as db:
            row = db.execute("SELECT content_sha256, json FROM documents WHERE id = ?", (doc.id,)).fetchone()
            now = utcnow()
            if row is None:
                db.execute(
                    "INSERT INTO documents (id, url, content_sha256, site, lang, published, stored_at, json)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc.id, doc.url, sha, doc.site, doc.lang, doc.published, now, data),
                )
                return DocState.NEW
            if row[0] == sha:
                return DocState.UNCHANGED
            db.execute(
                "INSERT INTO document_versions (doc_id, content_sha256, replaced_at, json) VALUES (?, ?, ?, ?)",
                (doc.id, row[0], now, row[1]),
            )
            db.execute(
                "UPDATE documents SET url = ?, content_sha256 = ?, site = ?, lang = ?, published = ?,"
                " stored_at = ?, json = ? WHERE id = ?",
                (doc.url, sha, doc.site, doc.lang, doc.published, now, data, doc.id),
            )
            return DocState.CHANGED

    def get_document(self, doc_id: str) -> Document | None:
        with self._read() as db:
            row = db.execute("SELECT json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document.model_validate_json(row[0]) if row else None

    def list_document_versions(self, doc_id: str) -> list[Document]:
        """Earlier texts of a document, oldest first (the current one is `get_document`)."""
        with self._read() as db:
            rows = db.execute("SELECT json FROM document_versions WHERE doc_id = ? ORDER BY seq",
                              (doc_id,)).fetchall()
        return [Document.model_validate_json(r[0]) for r in rows]

    def iter_documents(self) -> Iterator[Document]:
        for data in self._paged("SELECT rowid, json FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?"):
            yield Document.model_validate_json(data)

    def _paged(self, sql: str) -> Iterator[str]:
        last = -1
        while True:
            with self._read() as db:
                rows = db.execute(sql, (last, _PAGE)).fetchall()
            if not rows:
                return
            for _rowid, data in rows:
                yield data
            last = rows[-1][0]

    # -- claims ------------------------------------------------------------------------------
    def replace_claims(self, doc_id: str, claims: list[Claim]) -> None:
        self.bulk_replace_claims([(doc_id, claims)])

    def bulk_replace_claims(self, items: Iterable[tuple[str, list[Claim]]], *, batch_size: int = 20000) -> int:
        """`replace_claims` for many documents, in transactions of about `batch_size` claims.
        Returns the number of claim rows written (inserted or changed); unchanged claims cost no write."""
        return sum(self._replace_batch(batch) for batch in claim_batches(items, batch_size))

    def _replace_batch(self, batch: list[tuple[str, list[Claim]]], *, delete_missing: bool = True) -> int:
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        delete_ids: list[str] = []
        prepared: list[tuple[str, dict[str, tuple[Any, ...]]]] = []
        for doc_id, claims in batch:
            rows: dict[str, tuple[Any, ...]] = {}
            for claim in claims:
                if claim.doc.id != doc_id:
                    raise StoreError(f"claim {claim.id} belongs to document {claim.doc.id}, not {doc_id}",
                                     hint="pass each document's own claims to replace_claims")
                rows[claim.id] = _claim_row(claim)  # a repeated id: the last one wins
            prepared.append((doc_id, rows))
        with self._write() as db:
            current: dict[str, dict[str, str]] = {}
            for chunk in _chunks([doc_id for doc_id, _rows in prepared], _IN_CHUNK):
                for doc_id, cid, data in db.execute(
                        f"SELECT doc_id, id, json FROM claims WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk):
                    current.setdefault(doc_id, {})[cid] = data
            for doc_id, rows in prepared:
                existing = current.get(doc_id, {})
                if delete_missing:
                    delete_ids.extend(existing.keys() - rows.keys())
                for cid, row in rows.items():
                    old = existing.get(cid)
                    if old is None:
                        inserts.append(row)
                    elif old != row[12]:
                        updates.append(row)
            # Ids that exist under another document (should not happen: ids include the doc id).
            moved = self._existing_ids(db, [r[0] for r in inserts])
            if moved:
                delete_ids.extend(moved)
            changed = delete_ids + [r[0] for r in updates]
            for chunk in _chunks(changed, _IN_CHUNK):
                marks = ",".join("?" * len(chunk))
                db.execute(
                    "INSERT INTO claims_fts (claims_fts, rowid, fts_text) SELECT 'delete', rowid, fts_text"
                    f" FROM claims WHERE id IN ({marks})", chunk)
            for chunk in _chunks(delete_ids, _IN_CHUNK):
                db.execute(f"DELETE FROM claims WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            if updates:
                db.executemany(
                    "UPDATE claims SET doc_id = ?, cluster_id = ?, claimant_id = ?, subject_id = ?,"
                    " proposition_key = ?, lang = ?, value_low = ?, value_high = ?, value_unit = ?,"
                    " published = ?, site = ?, json = ?, fts_text = ? WHERE id = ?",
                    [row[1:] + (row[0],) for row in updates],
                )
                for chunk in _chunks([r[0] for r in updates], _IN_CHUNK):
                    db.execute("INSERT INTO claims_fts (rowid, fts_text) SELECT rowid, fts_text FROM claims"
                               f" WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            if inserts:
                top = db.execute("SELECT coalesce(max(rowid), 0) FROM claims").fetchone()[0]
                db.executemany(_CLAIM_INSERT, inserts)
                # New rows take rowids above the old maximum (INTEGER PRIMARY KEY, write lock held).
                db.execute("INSERT INTO claims_fts (rowid, fts_text) SELECT rowid, fts_text FROM claims"
                           " WHERE rowid > ?", (top,))
        return len(inserts) + len(updates)

    @staticmethod
    def _existing_ids(db: sqlite3.Connection, ids: list[str]) -> list[str]:
        found: list[str] = []
        for chunk in _chunks(ids, _IN_CHUNK):
            found.extend(r[0] for r in db.execute(
                f"SELECT id FROM claims WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def iter_claims(self) -> Iterator[Claim]:
        for data in self._paged("SELECT rowid, json FROM claims WHERE rowid > ? ORDER BY rowid LIMIT ?"):
            yield Claim.model_validate_json(data)

    def get_claims(self, ids: Iterable[str]) -> list[Claim]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        with self._read() as db:
            for chunk in _chunks(wanted, _IN_CHUNK):
                marks = ",".join("?" * len(chunk))
                found.update(db.execute(f"SELECT id, json FROM claims WHERE id IN ({marks})", chunk).fetchall())
        return [Claim.model_validate_json(found[i]) for i in wanted if i in found]

    def list_claims(self, filters: ClaimFilters | None = None, *, newest_first: bool = False,
                    limit: int | None = None, offset: int = 0, **by: Unpack[FilterArgs]) -> list[Claim]:
        flt = ClaimFilters.of(filters, **by)
        where, args = _filter_sql(flt, "")
        sql = "SELECT json FROM claims"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY rowid {'DESC' if newest_first else ''} LIMIT ? OFFSET ?"
        args += [-1 if limit is None else limit, offset]
        with self._read() as db:
            rows = db.execute(sql, args).fetchall()
        return [Claim.model_validate_json(r[0]) for r in rows]

    def search(self, query: str, filters: ClaimFilters | None = None, *, limit: int = 50,
               **by: Unpack[FilterArgs]) -> list[Claim]:
        flt = ClaimFilters.of(filters, **by)
        parsed = parse_query(query)
        if parsed is None or limit <= 0:
            return []
        match = fts5_expression(parsed)
        cap = max(limit, SEARCH_CANDIDATES)
        where, fargs = _filter_sql(flt, "c.")
        if not where:
            base = "FROM claims_fts AS f WHERE claims_fts MATCH ?"
            args: tuple[Any, ...] = (match,)
        else:
            # CROSS JOIN keeps the FTS index as the outer loop. Left to itself the planner walks a
            # filter's index and probes FTS5 once per claim, and each probe restarts the query
            # (bm25 recounts every word's documents): 1-2 s instead of 20 ms on 100k claims.
            base = ("FROM claims_fts AS f CROSS JOIN claims AS c ON c.rowid = f.rowid WHERE claims_fts MATCH ? AND "
                    + " AND ".join(where))
            args = (match, *fargs)
        with self._lock:
            try:
                rowids = [r[0] for r in self._db.execute(
                    f"SELECT f.rowid {base} ORDER BY f.rowid DESC LIMIT ?", (*args, cap + 1))]
                if not rowids:
                    return []
                window = rowids if len(rowids) <= cap else rowids[:max(limit, RANK_WINDOW)]
                ranked = self._db.execute(
                    f"SELECT f.rowid, bm25(claims_fts) {base} AND f.rowid >= ?", (*args, window[-1])).fetchall()
            except sqlite3.OperationalError as exc:
                if str(exc).startswith("fts5:"):  # user text the quoting did not tame: no match
                    return []
                raise self._error(exc) from exc
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            ranked.sort(key=lambda h: (h[1], -h[0]))  # bm25: lower is better; then newest first
            order = [h[0] for h in ranked]
            found: list[Claim] = []
            # Without phrases the best `limit` are the answer; with them, read on in rank order
            # until `limit` claims hold their phrases (the index has the words, not their order).
            step = limit if not parsed.phrases else max(limit, _IN_CHUNK)
            for start in range(0, len(order), step):
                top = order[start:start + step]
                data: dict[int, str] = {}
                for chunk in _chunks(top, _IN_CHUNK):
                    data.update(self._db.execute(
                        f"SELECT rowid, json FROM claims WHERE rowid IN ({','.join('?' * len(chunk))})", chunk))
                for r in top:
                    if r in data:
                        claim = Claim.model_validate_json(data[r])
                        if phrases_hold(parsed, claim):
                            found.append(claim)
                if len(found) >= limit or not parsed.phrases:
                    break
        return found[:limit]

    def facets(self, *, limit: int = FACET_LIMIT) -> dict[str, list[tuple[str, str, int]]]:
        out: dict[str, list[tuple[str, str, int]]] = {}
        langs: dict[str, int] = {}
        with self._read() as db:
            for facet, column, name_path in (("claimants", "claimant_id", "$.claimant.name"),
                                             ("subjects", "subject_id", "$.subject.name"),
                                             ("propositions", "proposition_key", "$.proposition.label")):
                # (id, lang) groups from the index alone; the name each goes by from its first claim
                groups = db.execute(f"SELECT {column}, lang, count(*), min(rowid) FROM claims"
                                    f" WHERE {column} IS NOT NULL GROUP BY {column}, lang").fetchall()
                if facet == "propositions":  # every claim has one: the language counts come free
                    for _key, lg, n, _r in groups:
                        langs[lg] = langs.get(lg, 0) + n
                totals: dict[str, int] = {}
                for value, _lg, n, _r in groups:
                    totals[value] = totals.get(value, 0) + n
                kept = {v for v, _l, _n in sort_facet([(v, v, n) for v, n in totals.items()], limit)}
                firsts = [r for v, _l, _n, r in groups if v in kept]
                names: dict[int, str | None] = {}
                for chunk in _chunks(firsts, _IN_CHUNK):
                    names.update(db.execute(f"SELECT rowid, json_extract(json, ?) FROM claims WHERE rowid IN"
                                            f" ({','.join('?' * len(chunk))})", [name_path, *chunk]))
                per_value: dict[str, list[tuple[str, int, str | None]]] = {}
                for value, lg, n, first in groups:
                    if value in kept:
                        per_value.setdefault(value, []).append((lg, n, names.get(first)))
                out[facet] = sort_facet([(v, facet_label(ns) or v, totals[v]) for v, ns in per_value.items()], limit)
            sites = db.execute("SELECT site, count(*) FROM claims WHERE site IS NOT NULL GROUP BY site").fetchall()
        out["sites"] = sort_facet([(s, s, n) for s, n in sites], limit)
        out["langs"] = sort_facet([(lg, lg, n) for lg, n in langs.items()], limit)
        return {name: out[name] for name in FACETS}

    def list_clusters(self, *, limit: int = 50, offset: int = 0) -> list[tuple[str, int, int]]:
        with self._read() as db:
            rows = db.execute("SELECT cluster_id, count(*), count(DISTINCT site) FROM claims"
                              " WHERE cluster_id IS NOT NULL GROUP BY cluster_id"
                              " ORDER BY count(*) DESC, cluster_id LIMIT ? OFFSET ?", (limit, offset)).fetchall()
        return [(cid, n, sites) for cid, n, sites in rows]

    # -- flags and reviews -------------------------------------------------------------------
    def sync_flags(self, flags: list[Flag]) -> dict[str, int]:
        now = utcnow()
        with self._write() as db:
            stored = {r[0]: (Flag.model_validate_json(r[1]), bool(r[2]))
                      for r in db.execute("SELECT id, json, active FROM flags")}
            plan = plan_flag_sync(stored, flags)
            db.executemany(
                "INSERT INTO flags (id, kind, severity, cluster_id, status, active, evidence, updated_at, json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind,"
                " severity = excluded.severity, cluster_id = excluded.cluster_id, status = excluded.status,"
                " active = excluded.active, evidence = excluded.evidence, updated_at = excluded.updated_at,"
                " json = excluded.json",
                [(f.id, f.kind, f.severity, f.cluster_id, f.status, int(active), f.evidence, now, f.model_dump_json())
                 for f, active in plan.write],
            )
            for chunk in _chunks(plan.retire, _IN_CHUNK):
                db.execute(f"UPDATE flags SET active = 0, updated_at = ? WHERE id IN ({','.join('?' * len(chunk))})",
                           [now, *chunk])
        return plan.counts

    def list_flags(self, *, status: str | None = None, kind: str | None = None, cluster_id: str | None = None,
                   limit: int | None = None, offset: int = 0) -> list[Flag]:
        sql = "SELECT json FROM flags WHERE active = 1"
        args: list[Any] = []
        if cluster_id is not None:
            sql += " AND cluster_id = ?"
            args.append(cluster_id)
        if status is not None:
            sql += " AND status = ?"
            args.append(status)
        if kind is not None:
            sql += " AND kind = ?"
            args.append(kind)
        sql += " ORDER BY severity DESC, id LIMIT ? OFFSET ?"
        args += [-1 if limit is None else limit, offset]
        with self._read() as db:
            rows = db.execute(sql, args).fetchall()
        return [Flag.model_validate_json(r[0]) for r in rows]

    def get_flag(self, flag_id: str) -> Flag | None:
        """A flag by id, also a retired one (its reviews are kept)."""
        with self._read() as db:
            row = db.execute("SELECT json FROM flags WHERE id = ?", (flag_id,)).fetchone()
        return Flag.model_validate_json(row[0]) if row else None

    def add_review(self, review: Review) -> Flag:
        with self._write() as db:
            row = db.execute("SELECT json FROM flags WHERE id = ?", (review.flag_id,)).fetchone()
            if row is None:
                raise StoreError(f"no flag with id {review.flag_id!r}",
                                 hint="list flag ids with `claimtrack flags`")
            flag = Flag.model_validate_json(row[0]).model_copy(update={
                "status": review.status,
                "review": ReviewInfo(by=review.by, at=review.at, note=review.note),
                "reopened_reason": None,
            })
            # The same decision recorded twice (a double click, a re-import) is kept once.
            row = (review.flag_id, review.status, review.by, review.note, review.at)
            if db.execute("SELECT 1 FROM reviews WHERE flag_id = ? AND status = ? AND by = ? AND note = ? AND at = ?",
                          row).fetchone() is None:
                db.execute("INSERT INTO reviews (flag_id, status, by, note, at) VALUES (?, ?, ?, ?, ?)", row)
            db.execute("UPDATE flags SET status = ?, updated_at = ?, json = ? WHERE id = ?",
                       (flag.status, utcnow(), flag.model_dump_json(), flag.id))
        return flag

    def list_reviews(self, flag_id: str) -> list[Review]:
        with self._read() as db:
            rows = db.execute("SELECT flag_id, status, by, note, at FROM reviews WHERE flag_id = ? ORDER BY seq",
                              (flag_id,)).fetchall()
        return [Review(flag_id=r[0], status=r[1], by=r[2], note=r[3], at=r[4]) for r in rows]

    # -- runs and housekeeping ---------------------------------------------------------------
    def record_run(self, run: dict[str, Any]) -> None:
        data = json.dumps(run, ensure_ascii=False, default=str)
        with self._write() as db:
            db.execute("INSERT INTO runs (at, json) VALUES (?, ?)", (str(run.get("at") or utcnow()), data))

    def list_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self._read() as db:
            rows = db.execute("SELECT json FROM runs ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    # -- claim matching ----------------------------------------------------------------------
    def get_vectors(self, ids: Iterable[str], model: str) -> dict[str, Any]:
        from index.vectors import from_blob  # numpy: only commands that match pay for it

        out: dict[str, Any] = {}
        with self._read() as db:
            for chunk in _chunks(list(ids), _IN_CHUNK):
                marks = ", ".join("?" * len(chunk))
                for cid, blob in db.execute(f"SELECT claim_id, vec FROM claim_vectors WHERE model = ? AND"
                                            f" claim_id IN ({marks})", (model, *chunk)):
                    out[cid] = from_blob(blob)
        return out

    def put_vectors(self, vectors: dict[str, Any], model: str) -> None:
        from index.vectors import to_blob

        with self._write() as db:
            db.executemany("INSERT OR REPLACE INTO claim_vectors (claim_id, model, vec) VALUES (?, ?, ?)",
                           [(cid, model, to_blob(v)) for cid, v in vectors.items()])

    def add_match_decision(self, decision: MatchDecision) -> None:
        with self._write() as db:
            for cid in (decision.a, decision.b):
                if db.execute("SELECT 1 FROM claims WHERE id = ?", (cid,)).fetchone() is None:
                    raise StoreError(f"no claim with id {cid!r}",
                                     hint="list claim ids with `claimtrack claims` or `claimtrack matches`")
            db.execute("INSERT INTO match_decisions (a, b, decision, by, note, at) VALUES (?, ?, ?, ?, ?, ?)",
                       (decision.a, decision.b, decision.decision, decision.by, decision.note, decision.at))

    def list_match_decisions(self) -> list[MatchDecision]:
        with self._read() as db:
            rows = db.execute("SELECT a, b, decision, by, note, at FROM match_decisions ORDER BY seq").fetchall()
        return [MatchDecision(a=r[0], b=r[1], decision=r[2], by=r[3], note=r[4], at=r[5]) for r in rows]

    def replace_suggestions(self, suggestions: list[SuggestedMatch]) -> None:
        with self._write() as db:
            db.execute("DELETE FROM suggested_matches")
            db.executemany("INSERT OR REPLACE INTO suggested_matches (a, b, score) VALUES (?, ?, ?)",
                           [(s.a, s.b, s.score) for s in suggestions])

    def list_suggestions(self, limit: int | None = None) -> list[SuggestedMatch]:
        with self._read() as db:
            rows = db.execute("SELECT a, b, score FROM suggested_matches ORDER BY score DESC, a, b LIMIT ?",
                              (-1 if limit is None else limit,)).fetchall()
        return [SuggestedMatch(a=r[0], b=r[1], score=r[2]) for r in rows]

    # -- migration between backends --------------------------------------------------------
    def export_records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for data in self._paged("SELECT rowid, json FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?"):
            doc = json.loads(data)
            yield "document", {"doc": doc, "versions": [v.model_dump(mode="json")
                                                        for v in self.list_document_versions(doc["id"])]}
        for data in self._paged("SELECT rowid, json FROM claims WHERE rowid > ? ORDER BY rowid LIMIT ?"):
            yield "claim", json.loads(data)
        with self._read() as db:
            flags = db.execute("SELECT json, active FROM flags ORDER BY id").fetchall()
        for data, active in flags:
            yield "flag", {"flag": json.loads(data), "active": bool(active)}
        with self._read() as db:
            reviews = db.execute("SELECT flag_id, status, by, note, at FROM reviews ORDER BY seq").fetchall()
        for flag_id, status, by, note, at in reviews:
            yield "review", {"flag_id": flag_id, "status": status, "by": by, "note": note, "at": at}
        with self._read() as db:
            runs = db.execute("SELECT json FROM runs ORDER BY seq").fetchall()
        for (data,) in runs:
            yield "run", json.loads(data)
        for d in self.list_match_decisions():
            yield "match_decision", d.model_dump(mode="json")

    def import_records(self, records: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, int]:
        counts = {"documents": 0, "claims": 0, "flags": 0, "reviews": 0, "runs": 0}
        claims: list[Claim] = []
        known_decisions: list[MatchDecision] | None = None

        def flush() -> None:
            by_doc: dict[str, list[Claim]] = {}
            for c in claims:
                by_doc.setdefault(c.doc.id, []).append(c)
            counts["claims"] += self._replace_batch(list(by_doc.items()), delete_missing=False)
            claims.clear()

        for kind, rec in records:
            if kind == "document":
                counts["documents"] += self._import_document(
                    Document.model_validate(rec["doc"]), [Document.model_validate(v) for v in rec.get("versions", [])])
            elif kind == "claim":
                claims.append(Claim.model_validate(rec))
                if len(claims) >= 20000:
                    flush()
            elif kind == "flag":
                flag = Flag.model_validate(rec["flag"])
                active = bool(rec["active"])
                with self._write() as db:
                    old = db.execute("SELECT json, active FROM flags WHERE id = ?", (flag.id,)).fetchone()
                    if old is not None and Flag.model_validate_json(old[0]) == flag and bool(old[1]) == active:
                        continue
                    counts["flags"] += 1
                    db.execute(
                        "INSERT INTO flags (id, kind, severity, cluster_id, status, active, evidence, updated_at, json)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind,"
                        " severity = excluded.severity, cluster_id = excluded.cluster_id, status = excluded.status,"
                        " active = excluded.active, evidence = excluded.evidence, json = excluded.json",
                        (flag.id, flag.kind, flag.severity, flag.cluster_id, flag.status, int(active),
                         flag.evidence, utcnow(), flag.model_dump_json()))
            elif kind == "review":
                r = Review.model_validate(rec)
                with self._write() as db:
                    if db.execute("SELECT 1 FROM reviews WHERE flag_id = ? AND status = ? AND by = ? AND note = ?"
                                  " AND at = ?", (r.flag_id, r.status, r.by, r.note, r.at)).fetchone() is None:
                        db.execute("INSERT INTO reviews (flag_id, status, by, note, at) VALUES (?, ?, ?, ?, ?)",
                                   (r.flag_id, r.status, r.by, r.note, r.at))
                        counts["reviews"] += 1
            elif kind == "run":
                data = json.dumps(rec, ensure_ascii=False, default=str)
                with self._write() as db:
                    if db.execute("SELECT 1 FROM runs WHERE json = ?", (data,)).fetchone() is None:
                        db.execute("INSERT INTO runs (at, json) VALUES (?, ?)", (str(rec.get("at") or utcnow()), data))
                        counts["runs"] += 1
            elif kind == "match_decision":
                d = MatchDecision.model_validate(rec)
                if known_decisions is None:  # read the table once per import, not once per record
                    known_decisions = self.list_match_decisions()
                if d not in known_decisions:
                    known_decisions.append(d)
                    with self._write() as db:
                        db.execute("INSERT INTO match_decisions (a, b, decision, by, note, at) VALUES (?, ?, ?, ?, ?, ?)",
                                   (d.a, d.b, d.decision, d.by, d.note, d.at))
                    counts["match_decisions"] = counts.get("match_decisions", 0) + 1
            else:
                raise StoreError(f"unknown record kind {kind!r} in an import", hint="export with the same claimtrack")
        if claims:
            flush()
        return counts

    def _import_document(self, doc: Document, versions: list[Document]) -> int:
        """1 when something was added (the document, a new text of it, or an earlier version)."""
        added = self.put_document(doc) != DocState.UNCHANGED  # a different text keeps ours as a version
        with self._write() as db:
            known = {r[0] for r in db.execute("SELECT content_sha256 FROM document_versions WHERE doc_id = ?",
                                              (doc.id,))}
            known.add(doc.content_sha256)
            for v in versions:
                if v.content_sha256 not in known:
                    db.execute("INSERT INTO document_versions (doc_id, content_sha256, replaced_at, json)"
                               " VALUES (?, ?, ?, ?)", (doc.id, v.content_sha256, utcnow(), v.model_dump_json()))
                    known.add(v.content_sha256)
                    added = True
        return int(added)

    def pending_writes(self) -> int:
        """Writes waiting for the store (always 0: a local file is never unreachable mid-run)."""
        return 0

    def stats(self) -> dict[str, int]:
        with self._read() as db:
            one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "documents": one("SELECT count(*) FROM documents"),
                "claims": one("SELECT count(*) FROM claims"),
                "clusters": one("SELECT count(DISTINCT cluster_id) FROM claims WHERE cluster_id IS NOT NULL"),
                "flags": one("SELECT count(*) FROM flags WHERE active = 1"),
                "open_flags": one("SELECT count(*) FROM flags WHERE active = 1 AND status = 'open'"),
                "reviews": one("SELECT count(*) FROM reviews"),
            }


def _filter_sql(flt: ClaimFilters, prefix: str) -> tuple[list[str], list[Any]]:
    """WHERE clauses (AND-ed) and their arguments for claim filters on the claims table, its
    columns named with `prefix` ("c." in a join)."""
    where: list[str] = []
    args: list[Any] = []
    for column, values in flt.terms():
        if len(values) == 1:
            where.append(f"{prefix}{column} = ?")
        else:
            where.append(f"{prefix}{column} IN ({','.join('?' * len(values))})")
        args.extend(values)
    if flt.has_dates():
        day = PUBLISHED_DAY if not prefix else PUBLISHED_DAY.replace("published", f"{prefix}published")
        if flt.published_from_day:
            where.append(f"{day} >= ?")
            args.append(flt.published_from_day)
        if flt.published_before_day:
            where.append(f"{day} < ?")
            args.append(flt.published_before_day)
    if flt.has_values():
        low, high = f"{prefix}value_low", f"{prefix}value_high"
        where.append(f"({low} IS NOT NULL OR {high} IS NOT NULL)")
        if flt.value_min is not None:
            where.append(f"({high} IS NULL OR {high} >= ?)")
            args.append(flt.value_min)
        if flt.value_max is not None:
            where.append(f"({low} IS NULL OR {low} <= ?)")
            args.append(flt.value_max)
    return where, args


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
