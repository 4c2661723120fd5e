"""SQLite store benchmark: ingest rate and search latency over N synthetic claims (Chinese + English).

    .venv/bin/python -m benchmarks.store              # quick: 50k claims
    .venv/bin/python -m benchmarks.store --n 1000000  # the reported figure

Claims are generated from a hand-written vocabulary with Zipf-like word frequencies (so some words
are in a large share of all claims, as "的", "AI" or "model" are in real coverage), half Chinese,
half English, three claims a document. Generation is not timed.

Baselines, measured in the same process on the same rows:
- `plain_insert`: executemany of the pre-serialised rows into a table with the same columns and
  indexes, no segmentation and no FTS (what SQLite itself costs);
- `full_rank`: the same queries with FTS5's `ORDER BY rank LIMIT 50` over every match (what the
  bounded candidate set in `SQLiteStore.search` avoids).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from claimtrack.schema import Claim, DocRef, Entity, Proposition, Value
from index.segment import fts5_match, segment
from index.sqlite_store import SQLiteStore

# -- vocabulary (written for this benchmark) ----------------------------------------------------

ZH_WORDS = """
的 了 是 在 模型 人工智能 研究 认为 表示 可能 意识 概率 大约 至少 公司 报告 系统 未来 问题 我们
数据 风险 安全 能力 技术 发展 专家 科学家 实验 结果 评估 显示 发布 训练 推理 测试 用户 市场 政策 监管
伦理 福利 感受 体验 主观 痛苦 道德 地位 权利 机器 智能体 对话 语言 大型 参数 算力 芯片 投资 就业 失业
经济 增长 工作 岗位 白领 自动化 十年 年内 目前 当前 已经 仍然 尚未 明确 不确定 估计 预测 判断 证据 论文
播客 采访 演讲 会议 博客 新闻 媒体 记者 编辑 来源 引用 原文 翻译 中文 英文 网站 平台 社交 传播 讨论 争议
内省 自我 报告 准确率 成功率 百分之 左右 以上 以下 超过 不到 接近 高达 仅 约 近 多 少 新 旧 高 低 强 弱
Anthropic OpenAI Claude GPT 谷歌 微软 深度 学习 神经网络 对齐 可解释性 红队 保护措施 等级 标准 框架 协议 承诺 披露
哲学家 神经科学 认知 心理学 动物 意识研究 理论 全局 工作空间 高阶 整合 信息 计算 功能主义 生物 碳基 硅基 类比 直觉 怀疑
""".split()

EN_WORDS = """
the of a to and in that is for on says said model models AI chance percent probability conscious
consciousness experience current future systems research researcher company report within decade at least
about more than less up to likely estimate estimates evidence welfare moral status suffering sentience
introspection success rate claude opus sonnet anthropic openai google safety level protections activated
deployment unemployment jobs white collar entry level economy growth workers automation podcast interview
episode blog post paper arxiv preprint study survey experts scientists philosophers neuroscience theory
global workspace higher order integrated information functionalism biology substrate analogy intuition
skeptic skeptical uncertain uncertainty serious possibility credence odds bet forecast prediction timeline
years months next soon already still yet clear unclear debate coverage outlet newspaper reporter editor
quote quoted cited citing source original translation chinese english website social media viral claim
claims number numbers figure figures statistic share customer support resolution code written engineers
percent percentage rise fall increase decrease high low strong weak large small new old first last
alignment interpretability red team evaluation benchmark capability capabilities risk risks policy
regulation ethics rights machine machines agent agents language training inference compute chips
investment market users platform conversation dialogue behaviour behavior signal signals test tests
""".split()

ZH_NAMES = [("凯尔·菲什", "kyle_fish"), ("大卫·查尔默斯", "david_chalmers"), ("达里奥·阿莫代伊", "dario_amodei"),
            ("本杰明·曼", "benjamin_mann"), ("杰克·林赛", "jack_lindsey"), ("罗伯特·朗", "robert_long"),
            ("王研究员", "wang_researcher"), ("李教授", "li_professor")]
EN_NAMES = [("Kyle Fish", "kyle_fish"), ("David Chalmers", "david_chalmers"), ("Dario Amodei", "dario_amodei"),
            ("Benjamin Mann", "benjamin_mann"), ("Jack Lindsey", "jack_lindsey"), ("Robert Long", "robert_long"),
            ("Jonathan Birch", "jonathan_birch"), ("Eleos AI", "eleos_ai")]
PROPS = [("p_conscious", "probability of conscious experience"), ("asl_level", "AI safety level"),
         ("unemployment", "white-collar unemployment"), ("introspection", "introspection success rate"),
         ("code_share", "share of code written by AI")]
SITES = [f"outlet{i}.example" for i in range(40)]

# Typical queries: one to three words, both languages, from rare to very common.
QUERIES = {
    "zh_1": ["意识", "内省", "失业", "播客", "福利", "功能主义", "红队", "查尔默斯"],
    "zh_2": ["意识 概率", "模型 意识", "失业 白领", "内省 成功率", "安全 等级", "福利 研究"],
    "zh_3": ["模型 意识 概率", "白领 失业 十年", "内省 准确率 报告"],
    "en_1": ["consciousness", "introspection", "unemployment", "podcast", "welfare", "functionalism", "Kyle Fish"],
    "en_2": ["conscious experience", "white collar", "safety level", "success rate", "Chalmers decade"],
    "en_3": ["chance conscious experience", "white collar unemployment", "introspection success rate"],
    "common_1": ["的", "the", "model", "模型", "AI", "percent"],
}


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    acc, out = 0.0, []
    for rank in range(1, n + 1):
        acc += 1.0 / rank**s
        out.append(acc)
    return out


def generate(n: int, seed: int = 7, per_doc: int = 3):
    """Yield (doc_id, [claims]) pairs, n claims in all, half Chinese and half English."""
    rng = random.Random(seed)
    zh_cum, en_cum = _zipf_weights(len(ZH_WORDS)), _zipf_weights(len(EN_WORDS))
    made = 0
    d = 0
    while made < n:
        lang = "zh" if d % 2 == 0 else "en"
        site = SITES[d % len(SITES)]
        doc_id = f"bdoc{d:08d}"
        ref = DocRef.model_construct(id=doc_id, url=f"https://{site}/a/{d}", title=None, site=site, lang=lang,
                                     published=f"2025-{1 + d % 12:02d}-{1 + d % 28:02d}")
        claims = []
        for k in range(min(per_doc, n - made)):
            num = rng.choice((5, 10, 15, 20, 25, 30, 50, 70, 95))
            if lang == "zh":
                name, nid = rng.choice(ZH_NAMES)
                words = rng.choices(ZH_WORDS, cum_weights=zh_cum, k=rng.randint(8, 16))
                vtext = f"百分之{num}"
                quote = f"{name}表示" + "".join(words) + f"约为{vtext}"
            else:
                name, nid = rng.choice(EN_NAMES)
                words = rng.choices(EN_WORDS, cum_weights=en_cum, k=rng.randint(10, 20))
                vtext = f"{num} percent"
                quote = f"{name} says " + " ".join(words) + f" at about {vtext}"
            key, label = PROPS[(d + k) % len(PROPS)]
            claims.append(Claim.model_construct(
                id=f"bc{made:09d}", doc=ref, lang=lang, quote=quote, span=(0, len(quote)),
                claimant=Entity.model_construct(name=name, id=nid), subject=None,
                proposition=Proposition.model_construct(key=key, label=label),
                value=Value.model_construct(text=vtext, low=float(num), high=float(num), unit="%", qualifier="approx"),
                stated_at=None, cites=[], cluster_id=f"{key}|{nid}",
            ))
            made += 1
        yield doc_id, claims
        d += 1


def _chunks(it, size):
    batch, count = [], 0
    for item in it:
        batch.append(item)
        count += len(item[1])
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


class Clock:
    """Wall time and this process's CPU time side by side: on a shared machine the wall clock also
    counts time the process waited for a CPU; CPU time is what the work itself cost (the two are
    the same on an idle machine for this single-threaded code)."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._w
        self.cpu += time.process_time() - self._c


def bench_ingest(store: SQLiteStore, n: int, chunk: int, folder: Path) -> tuple[Clock, Clock]:
    """Ingest the same chunks two ways, alternating so that both see the same machine load:
    - baseline: executemany into a plain table (same kind of columns and b-tree indexes, rows
      already serialised, no segmentation, no FTS);
    - the store: `bulk_replace_claims` (serialisation, jieba, FTS5 and all).
    Generation is not timed."""
    db = sqlite3.connect(folder / "plain.db", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE claims (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, doc_id TEXT, cluster_id TEXT,"
               " claimant_id TEXT, lang TEXT, json TEXT)")
    for col in ("doc_id", "cluster_id", "claimant_id"):
        db.execute(f"CREATE INDEX claims_{col} ON claims({col})")
    plain, ours = Clock(), Clock()
    done = 0
    for batch in _chunks(generate(n), chunk):
        rows = [(c.id, c.doc.id, c.cluster_id, c.claimant.id, c.lang, c.model_dump_json())
                for _doc, claims in batch for c in claims]
        with plain:
            db.execute("BEGIN")
            db.executemany("INSERT INTO claims (id, doc_id, cluster_id, claimant_id, lang, json)"
                           " VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.execute("COMMIT")
        with ours:
            store.bulk_replace_claims(batch, batch_size=chunk)
        done += len(rows)
        if done % 200_000 < chunk:
            print(f"  ... {done:,} claims, store {done / ours.wall:,.0f}/s wall, {done / ours.cpu:,.0f}/CPU-s",
                  file=sys.stderr)
    db.close()
    return plain, ours


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _summary(wall: list[float], cpu: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(wall), "p95": _percentile(wall, 0.95), "max": max(wall),
            "cpu_p50": statistics.median(cpu), "cpu_p95": _percentile(cpu, 0.95), "cpu_max": max(cpu)}


def bench_search(store: SQLiteStore, repeats: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    every: tuple[list[float], list[float]] = ([], [])
    typical: tuple[list[float], list[float]] = ([], [])
    for group, queries in QUERIES.items():
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(repeats):
            for q in queries:
                for lang in (None, group[:2] if group[:2] in ("zh", "en") else None):
                    w, c = time.perf_counter(), time.process_time()
                    store.search(q, lang=lang, limit=20)
                    wall.append((time.perf_counter() - w) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
        for acc in (every, typical) if not group.startswith("common") else (every,):
            acc[0].extend(wall)
            acc[1].extend(cpu)
        out[group] = _summary(wall, cpu)
    out["typical (zh/en 1-3 words)"] = _summary(*typical)
    out["all incl. common words"] = _summary(*every)
    return out


def bench_full_rank(path: Path, repeats: int) -> dict[str, float]:
    """The same queries with FTS5 ranking every match (no candidate bound), for comparison."""
    db = sqlite3.connect(path)
    times: dict[str, list[float]] = {"typical": [], "common": [], "typical_cpu": [], "common_cpu": []}
    for group, queries in QUERIES.items():
        key = "common" if group.startswith("common") else "typical"
        for _ in range(max(1, repeats // 2)):
            for q in queries:
                w, c = time.perf_counter(), time.process_time()
                db.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rank LIMIT 20",
                           (fts5_match(q),)).fetchall()
                times[key].append((time.perf_counter() - w) * 1000)
                times[key + "_cpu"].append((time.process_time() - c) * 1000)
    db.close()
    return {f"{k}_p95": _percentile(v, 0.95) for k, v in times.items()}


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50_000, help="number of synthetic claims (default 50000)")
    ap.add_argument("--chunk", type=int, default=50_000, help="claims per transaction (default 50000)")
    ap.add_argument("--repeats", type=int, default=5, help="repetitions of the query set (default 5)")
    ap.add_argument("--dir", type=Path, default=None, help="folder for the database files (default: a temp dir)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"machine: {machine()}")
        print(f"claims: {args.n:,} (half zh, half en), {args.chunk:,} per transaction")
        t = time.perf_counter()
        count = sum(len(c) for _d, c in generate(args.n))
        gen_s = time.perf_counter() - t
        print(f"generation (not timed below): {count:,} claims in {gen_s:.1f}s")

        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        t = time.perf_counter()
        segment("模型意识")  # loads the segmenter's dictionary: once per process, not timed below
        print(f"segmenter loaded in {time.perf_counter() - t:.2f}s (once per process)")
        store = SQLiteStore(folder / "store.db")
        plain, ing = bench_ingest(store, args.n, args.chunk, folder)
        print(f"baseline plain executemany (no FTS, no segmentation): {args.n / plain.wall:,.0f} claims/s wall,"
              f" {args.n / plain.cpu:,.0f} claims/CPU-s")
        size_mb = sum(p.stat().st_size for p in folder.glob("store.db*")) / 1e6
        print(f"store bulk_replace_claims: {args.n / ing.wall:,.0f} claims/s wall"
              f" ({plain.wall / ing.wall:.2f}x baseline), {args.n / ing.cpu:,.0f} claims/CPU-s"
              f" ({plain.cpu / ing.cpu:.2f}x baseline); file {size_mb:,.0f} MB")

        t = time.perf_counter()
        first = store.search("意识", limit=20)
        print(f"first query (cold, loads jieba if needed): {(time.perf_counter() - t) * 1000:.0f} ms,"
              f" {len(first)} hits")
        results = bench_search(store, args.repeats)
        print("search latency ms (limit 20; each query with and without lang filter), wall | CPU:")
        for group, r in results.items():
            print(f"  {group:28s} p50 {r['p50']:7.2f}  p95 {r['p95']:7.2f}  max {r['max']:7.2f}"
                  f"  | p50 {r['cpu_p50']:7.2f}  p95 {r['cpu_p95']:7.2f}  max {r['cpu_max']:7.2f}")
        full = bench_full_rank(folder / "store.db", args.repeats)
        print("baseline FTS5 ORDER BY rank over every match, p95 ms wall | CPU:"
              f" typical {full['typical_p95']:.2f} | {full['typical_cpu_p95']:.2f},"
              f" common words {full['common_p95']:.2f} | {full['common_cpu_p95']:.2f}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        store.close()


if __name__ == "__main__":
    main()
