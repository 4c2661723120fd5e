"""A small store for the UI tests, written for these tests (no sentence comes from the seeds).

`build_store(path)` fills a real SQLite store: a value conflict on Kyle Fish (15 percent in an
English outlet, about 20% in a Chinese blog), a qualifier conflict on David Chalmers, and a flag
whose scraped title, outlet, quote and summary carry HTML, Markdown and `javascript:` payloads.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimtrack.schema import Claim, Document, Entity, Flag, Proposition, Value
from index.sqlite_store import SQLiteStore

PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
           '[click me](javascript:window.__pwned=1) **bold** :red[red] $x^2$ www.evil.example '
           'http://evil.example/p mail@evil.example')
P_CONSCIOUS = Proposition(key="consciousness-probability-current-models", label="probability that current AI models are conscious")
P_DECADE = Proposition(key="consciousness-probability-within-decade", label="probability of conscious AI within a decade")
FISH = Entity(name="Kyle Fish", id="kyle-fish")
FISH_ZH = Entity(name="凯尔·菲什", id="kyle-fish")
MODELS = Entity(name="current models", id="current-ai-models")

SNAPSHOT = b"<html><body><p>Lead paragraph.</p><script>window.__pwned=1</script></body></html>"
FLAG_FISH = "flagfish00000001"
FLAG_CHALMERS = "flagchalmers0001"
FLAG_PAYLOAD = "flagpayload00001"


def _doc(url: str, text: str, **kw) -> Document:
    return Document.create(url, text, **kw)


def _claim(doc: Document, quote: str, value: Value, *, lang: str, claimant: Entity | None,
           prop: Proposition, cluster: str, subject: Entity | None = MODELS, cites: list[str] | None = None) -> Claim:
    start = doc.text.index(quote)
    span = (start, start + len(quote))
    return Claim(id=Claim.make_id(doc.id, doc.content_sha256, span, value.text, start), doc=doc.ref(), lang=lang,
                 quote=quote, span=span, claimant=claimant, subject=subject, proposition=prop, value=value,
                 cites=cites or [], cluster_id=cluster)


def fixture_objects() -> tuple[list[tuple[Document, list[Claim]]], list[Flag]]:
    q_en = "Kyle Fish told our reporter there is roughly a 15 percent chance that today's chatbots feel anything."
    d_en = _doc("https://harbor-ledger.example/ai/fish-odds", "Lead paragraph. " + q_en + " More text.",
                title="Odds of machine feeling", site="Harbor Ledger", lang="en", published="2025-04-24",
                raw_sha256=hashlib.sha256(SNAPSHOT).hexdigest())
    q_zh = "凯尔·菲什在一档播客里估计，目前的模型拥有某种意识体验的概率大约是20%。"
    d_zh = _doc("https://chenxing-tech.example/post/42.html", "导语。" + q_zh + "其他内容。",
                title="模型会有意识吗", site="晨星科技评论", lang="zh", published="2025-08-03")
    q_ch1 = "David Chalmers puts the odds of a conscious AI within ten years at no less than 25%."
    d_ch1 = _doc("https://northwind-review.example/chalmers", q_ch1, title="Chalmers on the decade",
                 site="Northwind Review", lang="en", published="2025-02-10")
    q_ch2 = "查默斯认为十年内出现有意识的人工智能的概率是25%。"
    d_ch2 = _doc("https://qingfeng-blog.example/a/7", q_ch2, title="十年之内", site="青峰博客", lang="zh",
                 published="2025-03-01")
    q_p1 = "Zeta Quill said the share is 40% " + PAYLOAD
    d_p1 = _doc("https://payload-news.example/x", q_p1, title=PAYLOAD + " <title>", site="Evil <b>Site</b> [x](javascript:alert(1))",
                lang="en", published="2025-05-05")
    q_p2 = "Zeta Quill said the share is 45%."
    d_p2 = _doc("javascript:window.__pwned=1", q_p2, title="Not a web link", site="Plain Outlet", lang="en",
                published="2025-05-06")
    zeta = Entity(name="Zeta Quill <i>", id="zeta-quill")
    p_share = Proposition(key="p_share", label="share of [things](javascript:alert(1))")
    fish_en = _claim(d_en, q_en, Value(text="15 percent", low=0.15, high=0.15, unit="ratio", qualifier="approx"),
                     lang="en", claimant=FISH, prop=P_CONSCIOUS, cluster="cl-fish",
                     cites=["https://80000hours.org/podcast/", "2411.00986"])
    fish_zh = _claim(d_zh, q_zh, Value(text="20%", low=0.2, high=0.2, unit="ratio", qualifier="approx"),
                     lang="zh", claimant=FISH_ZH, prop=P_CONSCIOUS, cluster="cl-fish")
    ch1 = _claim(d_ch1, q_ch1, Value(text="no less than 25%", low=0.25, high=None, unit="ratio", qualifier="at_least"),
                 lang="en", claimant=Entity(name="David Chalmers", id="david-chalmers"), prop=P_DECADE,
                 cluster="cl-chalmers", subject=None)
    ch2 = _claim(d_ch2, q_ch2, Value(text="25%", low=0.25, high=0.25, unit="ratio", qualifier="exact"),
                 lang="zh", claimant=Entity(name="查默斯", id="david-chalmers"), prop=P_DECADE,
                 cluster="cl-chalmers", subject=None)
    p1 = _claim(d_p1, q_p1, Value(text="40%", low=0.4, high=0.4, unit="ratio", qualifier="exact"), lang="en",
                claimant=zeta, prop=p_share, cluster="cl-zeta", subject=None, cites=["javascript:alert(1)"])
    p2 = _claim(d_p2, q_p2, Value(text="45%", low=0.45, high=0.45, unit="ratio", qualifier="exact"), lang="en",
                claimant=zeta, prop=p_share, cluster="cl-zeta", subject=None)
    docs = [(d_en, [fish_en]), (d_zh, [fish_zh]), (d_ch1, [ch1]), (d_ch2, [ch2]), (d_p1, [p1]), (d_p2, [p2])]
    flags = [
        Flag(id=FLAG_FISH, kind="value_conflict", severity=0.8, cluster_id="cl-fish", claims=[fish_en.id, fish_zh.id],
             summary="Kyle Fish: 15 percent (Harbor Ledger, 2025-04-24) vs 20% (晨星科技评论, 2025-08-03)"),
        Flag(id=FLAG_CHALMERS, kind="qualifier_conflict", severity=0.5, cluster_id="cl-chalmers",
             claims=[ch1.id, ch2.id], summary="David Chalmers: no less than 25% vs a bare 25%"),
        Flag(id=FLAG_PAYLOAD, kind="attribution_conflict", severity=0.3, cluster_id="cl-zeta", claims=[p1.id, p2.id],
             summary="Zeta Quill: 40% vs 45% " + PAYLOAD),
    ]
    return docs, flags


def build_store(path: Path) -> Path:
    docs, flags = fixture_objects()
    sha = hashlib.sha256(SNAPSHOT).hexdigest()
    snap = path.parent / "snapshots" / sha[:2] / sha  # the crawler's layout: snapshot_dir/ab/abcdef...
    snap.parent.mkdir(parents=True, exist_ok=True)
    snap.write_bytes(SNAPSHOT)
    store = SQLiteStore(path)
    try:
        for doc, claims in docs:
            store.put_document(doc)
            store.replace_claims(doc.id, claims)
        store.sync_flags(flags)
        store.record_run({"kind": "run", "started": "2025-08-04T01:00:00+00:00", "finished": "2025-08-04T01:02:00+00:00",
                          "per_source": {"Harbor Ledger": {"pages": 3, "documents": 1},
                                         "晨星科技评论": {"pages": 0, "documents": 0}},
                          "failed_sources": ["晨星科技评论"], "errors": ["晨星科技评论: feed timed out <b>x</b>"],
                          "documents": 6, "new": 6, "changed": 0, "claims": 6})
    finally:
        store.close()
    return path



UI_ENV_OFF = ("CLAIMTRACK_UI_USERS", "CLAIMTRACK_UI_HOST", "CLAIMTRACK_UI_LANG", "CLAIMTRACK_FEED_URL")
APP_TIMEOUT = 60


def use_store(monkeypatch, path: Path) -> Path:
    """The app reads the SQLite store at `path`, with no logins, host, language or feed set."""
    monkeypatch.setenv("CLAIMTRACK_DB", str(path))
    monkeypatch.setenv("CLAIMTRACK_BACKEND", "sqlite")
    for name in UI_ENV_OFF:
        monkeypatch.delenv(name, raising=False)
    return path


def run_app(page: str | None = None):  # -> streamlit.testing.v1.AppTest
    """The app through AppTest, run once (then switched to `page`), with no exception raised."""
    from streamlit.testing.v1 import AppTest

    from ui import APP_PATH

    at = AppTest.from_file(str(APP_PATH), default_timeout=APP_TIMEOUT)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
