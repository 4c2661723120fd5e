"""The spool: documents written by the spider process, one JSON line each, read back by `crawl()`.

Files stay in `state_dir/spool/` until the caller has stored their documents and calls
`CrawlResult.acknowledge()`; a run killed before that hands the same documents over again next
time (storing a document twice changes nothing), so nothing is lost. A line cut short by a kill
is skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from claimtrack.schema import Document


class SpoolWriter:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[str] = open(self.path, "a", encoding="utf-8")

    def write(self, doc: Document) -> None:
        self._fh.write(doc.model_dump_json() + "\n")
        self._fh.flush()  # in the OS once written: a kill -9 of this process loses nothing

    def close(self) -> None:
        self._fh.close()


def spool_files(spool_dir: str | Path) -> list[Path]:
    folder = Path(spool_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.jsonl"), key=lambda p: (p.stat().st_mtime, p.name))


def read_spool(files: list[Path]) -> tuple[list[Document], int]:
    """Documents in the files (the last version of each id wins), and how many lines were unreadable."""
    from claimtrack.schema import Document

    docs: dict[str, Document] = {}
    bad = 0
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line.endswith("\n"):
                    bad += 1  # cut short by a kill
                    continue
                try:
                    doc = Document.model_validate_json(line)
                except ValueError:
                    bad += 1
                    continue
                docs.pop(doc.id, None)
                docs[doc.id] = doc
    return list(docs.values()), bad
