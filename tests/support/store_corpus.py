"""The store contract's corpus: three documents (Chinese and English), four claims in three
clusters, two flags. Text written for these tests (fictional outlets, paraphrased numbers)."""

from __future__ import annotations

from claimtrack.schema import Claim, Document, Entity, Flag, Proposition, Value

ZH_TEXT = ("星河科技报记者写道：研究员凯尔·菲什在播客中表示，当前模型具有某种意识体验的概率大约是百分之二十。"
           "他还说，这个估计仍有很大的不确定性。")
EN_TEXT = ("The Harbor Ledger reports that Kyle Fish now puts the chance that today's models have some "
           "conscious experience at 15 percent. David Chalmers says there is at least a 25% chance of "
           "consciousness in AI systems within a decade.")
EN_TEXT_2 = "Another outlet, the Valley Post, says Anthropic activated ASL-3 protections for Claude Opus 4."


def make_doc(url: str, text: str, lang: str, **fields) -> Document:
    fields.setdefault("site", url.split("/")[2])
    fields.setdefault("published", "2025-05-02")
    return Document.create(url, text, lang=lang, title=f"title of {url}", **fields)


def make_claim(doc: Document, quote: str, *, lang: str, value: str, low: float | None, high: float | None,
               claimant: tuple[str, str] | None = ("Kyle Fish", "kyle_fish"),
               subject: tuple[str, str] | None = ("current models", "current_models"),
               prop: tuple[str, str] = ("p_conscious", "probability of conscious experience"),
               qualifier: str = "approx", cluster: str | None = "cl-fish", unit: str = "%") -> Claim:
    start = doc.text.index(quote)
    span = (start, start + len(quote))
    return Claim(
        id=Claim.make_id(doc.id, doc.content_sha256, span, value, start),
        doc=doc.ref(), lang=lang, quote=quote, span=span,
        claimant=Entity(name=claimant[0], id=claimant[1]) if claimant else None,
        subject=Entity(name=subject[0], id=subject[1]) if subject else None,
        proposition=Proposition(key=prop[0], label=prop[1]),
        value=Value(text=value, low=low, high=high, unit=unit, qualifier=qualifier),
        cluster_id=cluster,
    )


def build_corpus():
    zh = make_doc("https://xinghe.example/ai/1.html", ZH_TEXT, "zh")
    en = make_doc("https://harbor.example/news/fish", EN_TEXT, "en", published="2025-06-10")
    en2 = make_doc("https://valley.example/asl3", EN_TEXT_2, "en")
    zh_claims = [make_claim(zh, "当前模型具有某种意识体验的概率大约是百分之二十", lang="zh", value="大约是百分之二十",
                            low=20, high=20, claimant=("凯尔·菲什", "kyle_fish"))]
    en_claims = [
        make_claim(en, "Kyle Fish now puts the chance that today's models have some conscious experience at 15 percent",
                   lang="en", value="15 percent", low=15, high=15, qualifier="exact"),
        make_claim(en, "at least a 25% chance of consciousness in AI systems within a decade", lang="en",
                   value="at least a 25%", low=25, high=None, qualifier="at_least",
                   claimant=("David Chalmers", "david_chalmers"), subject=("AI systems", "ai_systems"),
                   prop=("p_conscious_decade", "probability of AI consciousness within a decade"),
                   cluster="cl-chalmers"),
    ]
    en2_claims = [make_claim(en2, "Anthropic activated ASL-3 protections for Claude Opus 4", lang="en",
                             value="ASL-3", low=3, high=3, unit="asl", qualifier="exact",
                             claimant=("Valley Post", "valley_post"), subject=("Claude Opus 4", "claude_opus_4"),
                             prop=("asl_level", "AI safety level"), cluster="cl-asl")]
    return {"docs": [zh, en, en2], "claims": {zh.id: zh_claims, en.id: en_claims, en2.id: en2_claims}}


def ingest(store, corpus) -> None:
    for doc in corpus["docs"]:
        store.put_document(doc)
        store.replace_claims(doc.id, corpus["claims"][doc.id])


def fish_flag(corpus, *, evidence: str = "ev1", severity: float = 0.6, fid: str = "flag-fish") -> Flag:
    ids = [c.id for c in corpus["claims"][corpus["docs"][0].id]] + [corpus["claims"][corpus["docs"][1].id][0].id]
    return Flag(id=fid, kind="value_conflict", severity=severity, cluster_id="cl-fish", claims=ids,
                summary="Kyle Fish: about 20% (xinghe.example) vs 15% (harbor.example)", evidence=evidence)


def other_flag(corpus, *, fid: str = "flag-asl", severity: float = 0.3) -> Flag:
    en = corpus["claims"][corpus["docs"][1].id]
    return Flag(id=fid, kind="attribution_conflict", severity=severity, cluster_id="cl-asl",
                claims=[en[0].id, en[1].id], summary="who is at ASL-3", evidence="e")


# -- documents -------------------------------------------------------------------------------
