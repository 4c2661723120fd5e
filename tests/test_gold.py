"""Quality gate: claims extracted from ../shared/seeds/*.txt scored against ../shared/seeds/gold.jsonl
by ../shared/tools/score_claims.py, through the CLI (`claimtrack extract --format jsonl`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SCORER = SHARED / "tools" / "score_claims.py"

# Floors reached on the seed gold set. They may only be RAISED: lowering one needs the lead's
# explicit agreement in the issue, never a quiet edit to make a red build green.
FLOORS = {
    "precision": 0.95,  # reached 1.0
    "recall": 0.95,  # reached 1.0
    "attribution_accuracy": 0.95,  # reached 1.0
    "qualifier_accuracy": 0.95,  # reached 1.0 (0.9655 before bare scale words became approx)
}

pytestmark = pytest.mark.skipif(
    not (SEEDS / "gold.jsonl").is_file() or not SCORER.is_file(),
    reason=f"shared gold set not found at {SHARED} (needs seeds/gold.jsonl and tools/score_claims.py)",
)


def _extract_jsonl(files: list[Path], out: Path) -> None:
    cli = Path(sys.executable).with_name("claimtrack")
    if cli.exists():
        proc = subprocess.run([str(cli), "extract", "--format", "jsonl", *map(str, files)],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        out.write_text(proc.stdout, encoding="utf-8")
        return
    from claimtrack.schema import Document
    from claimtrack.settings import Settings
    from nlp import Extractor

    ex = Extractor(Settings())
    with open(out, "w", encoding="utf-8") as f:
        for p in files:
            doc = Document.create(p.resolve().as_uri(), p.read_text(encoding="utf-8"))
            for c in ex.extract(doc):
                f.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def score(tmp_path_factory) -> dict:
    files = sorted(SEEDS.glob("*.txt"))
    assert files, f"no seed articles in {SEEDS}"
    pred = tmp_path_factory.mktemp("gold") / "claims.jsonl"
    _extract_jsonl(files, pred)
    proc = subprocess.run([sys.executable, str(SCORER), str(SEEDS / "gold.jsonl"), str(pred), "--json"],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(proc.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(score, metric):
    assert score[metric] >= FLOORS[metric], f"{metric} {score[metric]} < floor {FLOORS[metric]}: {score}"


@pytest.mark.slow
def test_no_trap_taken(score):
    assert score["false_by_reason"]["trap"] == 0, score


@pytest.mark.slow
def test_lookalikes_kept_apart(score):
    ok, total = (int(x) for x in score["lookalikes_kept_apart"].split("/"))
    assert ok == total, score
