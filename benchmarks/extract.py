"""Extraction speed: MB/s per core, Chinese and English separately, against two baselines run in
the same process: jieba segmenting all of the Chinese text, and the full English spaCy pipeline
over all of the English text. Also runs the slow path (every sentence through spaCy, no candidate
filter) and checks it finds the same claims. Reports peak memory.

    .venv/bin/python benchmarks/extract.py              # ~2 MB Chinese, ~1 MB English
    .venv/bin/python benchmarks/extract.py --mb-zh 4 --mb-en 2 --json

Corpus ("real-style"): the Chinese articles in ../shared/seeds (when present) and the demo corpus
articles (seeds/demo, text taken out of the HTML with trafilatura), repeated as separate documents
until the size is reached. `--with-cases` adds the case set texts (tests/data/cases.jsonl) joined
into articles: claim-dense, a worst case rather than real style.
Per core = bytes / CPU seconds of this (single-threaded) process.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _demo_texts() -> list[tuple[str, str]]:
    import trafilatura

    out = []
    for p in sorted((ROOT / "seeds" / "demo").glob("*/20*/*.html")):
        raw = p.read_bytes()
        m = re.search(rb'charset="?([\w-]+)', raw[:600])
        html = raw.decode(m.group(1).decode() if m else "utf-8", "replace")
        text = trafilatura.extract(html) or ""
        if text:
            out.append((str(p.relative_to(ROOT)), text))
    return out


def corpus(with_cases: bool = False) -> dict[str, list[str]]:
    texts: list[str] = []
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    texts += [t for _, t in _demo_texts()]
    cases = ROOT / "tests" / "data" / "cases.jsonl"
    if with_cases and cases.is_file():
        case_texts = [json.loads(line)["text"] for line in cases.read_text(encoding="utf-8").splitlines() if line]
        # case texts are short: join them into article-sized documents per language
        zh = [t for t in case_texts if re.search(r"[\u4e00-\u9fff]", t)]
        en = [t for t in case_texts if not re.search(r"[\u4e00-\u9fff]", t)]
        texts += ["\n\n".join(zh[i:i + 20]) for i in range(0, len(zh), 20)]
        texts += ["\n\n".join(en[i:i + 20]) for i in range(0, len(en), 20)]
    by_lang: dict[str, list[str]] = {"zh": [], "en": []}
    for t in texts:
        cjk = len(re.findall(r"[\u4e00-\u9fff]", t))
        by_lang["zh" if cjk > 0.1 * len(t) else "en"].append(t)
    return by_lang


def repeat_to(texts: list[str], mb: float) -> list[str]:
    out: list[str] = []
    size = 0
    i = 0
    target = mb * 1_000_000
    while size < target and texts:
        t = texts[i % len(texts)]
        out.append(t)
        size += len(t.encode("utf-8"))
        i += 1
    return out


def mbytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1_000_000


def clock(fn):
    """(result, CPU seconds, wall seconds) of fn()."""
    c0, w0 = time.process_time(), time.perf_counter()
    result = fn()
    return result, time.process_time() - c0, time.perf_counter() - w0


def traced_peak(fn) -> float:
    """Peak MB of Python allocations of fn() under tracemalloc (never timed: it distorts timing)."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1_000_000


def run(mb_zh: float, mb_en: float, with_cases: bool = False, rounds: int = 5) -> dict:
    import jieba
    import spacy

    from claimtrack.schema import Document
    from claimtrack.settings import Settings
    from nlp import Extractor

    settings = Settings()
    base = corpus(with_cases)
    docs_text = {"zh": repeat_to(base["zh"], mb_zh), "en": repeat_to(base["en"], mb_en)}
    fast = Extractor(settings, fast=True).load()
    slow = Extractor(settings, fast=False).load()
    jieba.initialize()
    en_full = spacy.load(settings.en_model)
    list(en_full.pipe(["warm up the pipeline."]))

    def extract_all(ex, lang, limit=None):
        claims = []
        for i, t in enumerate(docs_text[lang][:limit]):
            claims += ex.extract(Document.create(f"https://bench.example/{lang}/{i}", t))
        return claims

    few = 10  # documents in the traced (memory) pass

    results: dict = {"machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
                     "languages": {}}
    for lang in ("zh", "en"):
        size = mbytes(docs_text[lang])
        if lang == "zh":
            def base(limit=None):
                return [jieba.lcut(t) for t in docs_text["zh"][:limit]]
            baseline = "jieba.lcut over all Chinese text"
        else:
            def base(limit=None):
                return list(en_full.pipe(docs_text["en"][:limit], batch_size=8))
            baseline = f"full spaCy pipeline {settings.en_model} ({', '.join(en_full.pipe_names)})"
        # paired rounds, baseline then extraction: the ratio of each pair is measured under the same
        # conditions, and the median of the pairs is robust to a noisy neighbour on the machine
        pairs = []
        for _ in range(rounds):
            _, b_cpu, _ = clock(base)
            f_claims, f_cpu, f_wall = clock(lambda lang=lang: extract_all(fast, lang))
            pairs.append((b_cpu, f_cpu, f_wall))
        b_cpu = statistics.median(p[0] for p in pairs)
        f_cpu = statistics.median(p[1] for p in pairs)
        f_wall = statistics.median(p[2] for p in pairs)
        ratios = [p[1] / p[0] for p in pairs]
        s_claims, s_cpu, _ = clock(lambda lang=lang: extract_all(slow, lang))
        b_peak = traced_peak(lambda: base(few))
        f_peak = traced_peak(lambda lang=lang: extract_all(fast, lang, few))
        s_peak = traced_peak(lambda lang=lang: extract_all(slow, lang, few))

        def key(c):
            return (c.doc.url, c.span[0], c.value.text, c.value.low, c.value.high, c.value.unit, c.value.qualifier,
                    c.claimant.id if c.claimant else None, c.proposition.key)

        fk, sk = {key(c) for c in f_claims}, {key(c) for c in s_claims}
        results["languages"][lang] = {
            "mb": round(size, 3), "documents": len(docs_text[lang]),
            "baseline": baseline,
            "baseline_mb_per_cpu_s": round(size / b_cpu, 3), "baseline_cpu_s": round(b_cpu, 2),
            "extract_mb_per_cpu_s": round(size / f_cpu, 3), "extract_cpu_s": round(f_cpu, 2),
            "extract_wall_s": round(f_wall, 2),
            "extract_time_vs_baseline": round(statistics.median(ratios), 3),
            "rounds": [round(r, 3) for r in ratios],
            "slow_path_mb_per_cpu_s": round(size / s_cpu, 3), "slow_path_cpu_s": round(s_cpu, 2),
            "claims_fast": len(f_claims), "claims_slow": len(s_claims),
            "same_claims": fk == sk, "only_fast": len(fk - sk), "only_slow": len(sk - fk),
            "peak_traced_mb_first_10_docs": {"baseline": round(b_peak, 1), "extract": round(f_peak, 1), "slow": round(s_peak, 1)},
        }
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb-zh", type=float, default=2.0, help="MB of Chinese text (default 2)")
    ap.add_argument("--mb-en", type=float, default=1.0, help="MB of English text (default 1)")
    ap.add_argument("--with-cases", action="store_true", help="add the claim-dense case set texts")
    ap.add_argument("--rounds", type=int, default=5, help="paired rounds (baseline, extraction) per language; "
                    "the figures are their medians (default 5)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    res = run(args.mb_zh, args.mb_en, args.with_cases, max(1, args.rounds))
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(f"machine: {res['machine']}; peak RSS {res['peak_rss_mb']} MB")
    print("| lang | MB | baseline MB/s/core | extract MB/s/core | extract time / baseline (median; rounds) "
          "| slow path MB/s/core | claims fast/slow | same claims | peak traced MB, 10 docs (baseline/extract/slow) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for lang, r in res["languages"].items():
        p = r["peak_traced_mb_first_10_docs"]
        rounds = " / ".join(str(x) for x in r["rounds"])
        print(f"| {lang} | {r['mb']} | {r['baseline_mb_per_cpu_s']} | {r['extract_mb_per_cpu_s']} | "
              f"{r['extract_time_vs_baseline']} ({rounds}) | {r['slow_path_mb_per_cpu_s']} | "
              f"{r['claims_fast']}/{r['claims_slow']} | {r['same_claims']} | {p['baseline']}/{p['extract']}/{p['slow']} |")
    for lang, r in res["languages"].items():
        print(f"{lang} baseline: {r['baseline']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
