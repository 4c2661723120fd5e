"""Export files built with claimtrack.export (the same builders the CLI uses), one function per file,
each run only when its file is asked for. Builders that walk every claim report how many they have
written through `progress(done)` (every `PROGRESS_EVERY` claims), so the page can show a bar."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from claimtrack.export import (
    CLAIM_CSV_FIELDS,
    CSV_ENCODING,
    FLAG_CSV_FIELDS,
    claim_reviews_json,
    claim_row,
    flag_row,
    full_names,
    to_csv,
)
from claimtrack.settings import Settings
from index import Store

T = TypeVar("T")
Progress = Callable[[int], None] | None
PROGRESS_EVERY = 2000


def counted(items: Iterable[T], progress: Progress) -> Iterator[T]:
    done = 0
    for item in items:
        yield item
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(done)


def claims_csv(store: Store, progress: Progress = None) -> bytes:
    return to_csv((claim_row(c) for c in counted(store.iter_claims(), progress)), CLAIM_CSV_FIELDS).encode(CSV_ENCODING)


def claims_jsonl(store: Store, progress: Progress = None) -> bytes:
    return "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n"
                   for c in counted(store.iter_claims(), progress)).encode()


def flags_jsonl(store: Store, progress: Progress = None) -> bytes:  # noqa: ARG001 - flags are few
    return "".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in store.list_flags()).encode()


def flags_csv(store: Store, progress: Progress = None) -> bytes:  # noqa: ARG001
    return to_csv((flag_row(f) for f in store.list_flags()), FLAG_CSV_FIELDS).encode(CSV_ENCODING)


def claimreview(store: Store, progress: Progress = None) -> bytes:  # noqa: ARG001
    """schema.org ClaimReview JSON-LD, one item per confirmed flag."""
    confirmed = store.list_flags(status="confirmed")
    by_id = {c.id: c for c in store.get_claims([cid for f in confirmed for cid in f.claims])}
    return claim_reviews_json([(f, [by_id[i] for i in f.claims if i in by_id]) for f in confirmed],
                              names=full_names(), public_url=Settings().public_url).encode()


# key -> (file name, mime type, builder, walks every claim); the page's labels are "export.<key>"
FILES: dict[str, tuple[str, str, Callable[[Store, Progress], bytes], bool]] = {
    "claims_csv": ("claims.csv", "text/csv", claims_csv, True),
    "claims_jsonl": ("claims.jsonl", "application/jsonl", claims_jsonl, True),
    "flags_csv": ("flags.csv", "text/csv", flags_csv, False),
    "flags_jsonl": ("flags.jsonl", "application/jsonl", flags_jsonl, False),
    "claimreview": ("claimreview.json", "application/ld+json", claimreview, False),
}


def size_label(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} MiB"
