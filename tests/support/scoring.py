"""A corpus through the whole product and the shared scorer: ingest into a real SQLite store,
match and flag, export claims and flags as JSONL, score them against a gold file with
../shared/tools/score_claims.py. Used by the realtext and off-topic floors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.paths import SHARED

SCORER = SHARED / "tools" / "score_claims.py"


def ingest_and_export(docs_path: Path, tmp: Path) -> tuple[Path, Path]:
    """Claims and flags of `docs_path` (a docs.jsonl), as `tmp`/claims.jsonl and flags.jsonl."""
    from claimtrack.inputs import read_inputs
    from claimtrack.pipeline import ingest, refresh_flags
    from claimtrack.schema import Document
    from claimtrack.settings import Settings
    from index.sqlite_store import SQLiteStore
    from nlp import Extractor

    store = SQLiteStore(tmp / "store.db")
    docs = [d for d in read_inputs([str(docs_path)]) if isinstance(d, Document)]
    ingest(docs, store, Extractor(Settings()).load())
    refresh_flags(store)
    claims, flags = tmp / "claims.jsonl", tmp / "flags.jsonl"
    claims.write_text("".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in store.iter_claims()),
                      encoding="utf-8")
    flags.write_text("".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in store.list_flags()),
                     encoding="utf-8")
    return claims, flags


def score(gold: Path, claims: Path, flags: Path | None = None) -> dict:
    """The shared scorer's figures (its --json output)."""
    args = [sys.executable, str(SCORER), str(gold), str(claims), "--json"]
    if flags is not None:
        args += ["--flags", str(flags)]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
