"""claimtrack.sourcecheck on claims written for this test, with the real sentence encoder: which
primary statement answers a claim, across languages, and when the answer is "not in the source"."""

from __future__ import annotations

from claimtrack.schema import Claim, Document, Entity, Proposition, Value
from claimtrack.similarity import embed_claims
from claimtrack.sourcecheck import PrimaryDoc, check_claims, source_flags

AUTO = Proposition(key="auto-x", label="x")
LAB = Entity(name="Orchard AI", id="orchard-ai")


def _claim(url: str, text: str, value: str, low: float, *, lang: str, qualifier: str = "exact",
           cluster: str | None = None, cites: list[str] | None = None, primary: bool = False) -> Claim:
    doc = Document.create(url, text, site="lab" if primary else "outlet", primary=primary)
    start = text.index(value)
    span = (0, len(text))
    return Claim(id=Claim.make_id(doc.id, doc.content_sha256, span, value, start), doc=doc.ref(), lang=lang,
                 quote=text, span=span, claimant=LAB, proposition=AUTO,
                 value=Value(text=value, low=low, high=low, unit="ratio", qualifier=qualifier),  # type: ignore[arg-type]
                 cites=cites or [], cluster_id=cluster)


PRIMARY = "https://orchard.example/report"
P_RATE = _claim(PRIMARY, "Orchard AI found that its Pippin model gave up on 6% of long planning tasks.", "6%", 0.06,
                lang="en", primary=True, cluster="c-rate")
P_SHARE = _claim(PRIMARY + "#2", "About 30% of the company's staff now work on model welfare research.", "30%", 0.3,
                 lang="en", primary=True, qualifier="approx")
PRIMARIES = {P_RATE.doc.id: PrimaryDoc(P_RATE.doc.id, PRIMARY), P_SHARE.doc.id: PrimaryDoc(P_SHARE.doc.id, PRIMARY)}


def _run(claims: list[Claim], cited: dict[str, list[str]]):
    everything = [P_RATE, P_SHARE, *claims]
    vectors = dict(zip([c.id for c in everything], embed_claims(everything), strict=True))
    return check_claims(everything, PRIMARIES, cited, vectors), everything


def test_same_figure_is_supported_another_figure_differs_across_languages():
    zh_same = _claim("https://a.example/1", "果园AI称，其Pippin模型在6%的长时间规划任务中放弃了。", "6%", 0.06, lang="zh")
    en_other = _claim("https://b.example/2", "Orchard AI said its Pippin model gave up on 16% of long planning tasks.",
                      "16%", 0.16, lang="en")
    zh_other = _claim("https://c.example/3", "果园AI表示，Pippin模型在16%的长时间规划任务中放弃了。", "16%", 0.16, lang="zh")
    both = [P_RATE.doc.id, P_SHARE.doc.id]
    checks, everything = _run([zh_same, en_other, zh_other], {c.id: both for c in (zh_same, en_other, zh_other)})
    assert checks[zh_same.id].status == "supported" and checks[zh_same.id].claim_id == P_RATE.id
    assert checks[en_other.id].status == "differs" and checks[en_other.id].value == "6%"
    assert checks[zh_other.id].status == "differs" and checks[zh_other.id].quote == P_RATE.quote
    flags = source_flags(everything, checks)
    assert sorted(f.claims for f in flags) == sorted([sorted([en_other.id, P_RATE.id]), sorted([zh_other.id, P_RATE.id])])
    assert all(f.severity == 1.0 and f.against_source == P_RATE.id for f in flags)


def test_a_hedge_dropped_is_not_support():
    hedged = _claim("https://d.example/4", "Orchard AI said at least 6% of long planning tasks were abandoned by Pippin.",
                    "at least 6%", 0.06, lang="en", qualifier="at_least")
    checks, _ = _run([hedged], {hedged.id: [P_RATE.doc.id]})
    assert checks[hedged.id].status != "supported"


def test_a_figure_the_source_does_not_hold_is_not_in_source_never_a_contradiction():
    en = _claim("https://e.example/5", "Orchard AI says Pippin cut its energy use per answer by 45% this year.",
                "45%", 0.45, lang="en")
    zh = _claim("https://f.example/6", "果园AI称，Pippin今年每次回答的耗电量降低了45%。", "45%", 0.45, lang="zh")
    checks, everything = _run([en, zh], {en.id: [P_RATE.doc.id], zh.id: [P_RATE.doc.id]})
    assert checks[en.id].status == checks[zh.id].status == "not_in_source"
    assert checks[en.id].claim_id is None and source_flags(everything, checks) == []


def test_an_uncited_claim_is_checked_against_the_primary_statement_of_its_cluster():
    uncited = _claim("https://g.example/7", "Pippin gave up on 9% of long planning tasks, Orchard AI said.", "9%", 0.09,
                     lang="en", cluster="c-rate")
    alone = _claim("https://h.example/8", "Pippin gave up on 9% of long planning tasks, Orchard AI said.", "9%", 0.09,
                   lang="en", cluster="c-other")
    checks, _ = _run([uncited, alone], {})
    assert checks[uncited.id].status == "differs" and checks[uncited.id].claim_id == P_RATE.id
    assert alone.id not in checks  # no citation, no primary in its cluster: unchecked
