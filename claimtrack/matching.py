"""Claim matching: which claims, across outlets and languages, are one claim.

Candidates, a similarity score, two thresholds, review (the shape of Meedan Check and the
CheckThat!/SemEval claim-retrieval systems):

- candidates: the clusters of a claim's nearest earlier claims of the same unit
  (`claimtrack.neighbours`; a share is never the same claim as a sum of money);
- score: the cosine of the claims' multilingual vectors (`claimtrack.similarity`) plus structured
  agreement: claimant and subject compatible / unknown / different, how far apart the values
  are, shared names and terms;
- cannot-link: two different explicit claimants (an attribution conflict is raised between
  clusters, never inside one) or a sentence's own claimant and a different one its document's
  context gave, the years the figures refer to being different (2024 capex against
  a 2026 forecast), an analyst's "different claim";
- two thresholds: at or above `JOIN` a claim joins the cluster; between `SUGGEST` and `JOIN` the
  pair becomes a suggested match for an analyst, whose "same claim" decision joins the clusters
  and whose "different claim" keeps them apart on every later run;
- an unknown claimant never splits a cluster: after matching, a claim with none, inside a cluster
  whose other claims name one claimant, takes that claimant, marked as inferred.

The proposition lexicon only labels clusters; a cluster without an entry is labelled from its
own claims.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from claimtrack import transliteration
from claimtrack.fuzzy import claimant_remap
from claimtrack.ids import digest
from claimtrack.neighbours import nearest_earlier
from claimtrack.schema import Claim, Entity, MatchDecision, SuggestedMatch
from claimtrack.similarity import claim_window
from claimtrack.terms import terms
from claimtrack.values import close, hedge

# Thresholds and weights, calibrated on ../shared/realtext (see benchmarks/README.md and the
# issue note): the encoder's cosines for one claim in two outlets sit around 0.4-0.8.
JOIN = 0.60
SUGGEST = 0.40
ATTRIBUTION = 0.70  # the same value credited to two explicit claimants: an attribution conflict
SCOPE = 0.60  # a family's value against a member's: a scope flag
FLAG_LINK = 0.60  # two differing values stand in one flag only when they match at least this well
FLAG_CLIQUE = 0.55  # every claim of a flag matches every other at least this well
MAX_SEEDS = 20  # the best-matched differing pairs a flag may start from
TOP_K = 3  # a claim is compared with a cluster through its K most similar members
CANDIDATES = 32  # a claim meets the clusters of its CANDIDATES nearest earlier claims of its unit
CANDIDATE_FLOOR = 0.2  # ... whose cosine to it is at least this
W_SAME_CLAIMANT = 0.25
W_SAME_SUBJECT = 0.05
W_OTHER_SUBJECT = -0.10
W_SAME_VALUE = 0.06
W_VALUE_GAP = -0.5  # at a threefold gap or more
GAP_FREE = 1.6  # values up to 1.6x apart cost nothing (15% vs 20%, 20% vs 30%)
W_TERMS = 0.50  # times the Jaccard overlap of names and terms

_YEAR = re.compile(r"(?<![\d.,])(?:19[5-9]\d|20[0-9]\d)(?![\d%％])")
_FAMILY = "-models"
_CJK = re.compile(r"[\u3400-\u9fff]")

Link = tuple[str, str]


@dataclass
class Profile:
    """What matching needs of one claim, computed once."""

    claim: Claim
    vec: np.ndarray
    unit: str
    centre: float | None
    claimant: str | None  # named in the claim's own sentence
    soft: str | None  # found from the document's context
    subject: str | None
    years: frozenset[str]
    terms: frozenset[str]
    known: str | None  # the lexicon's proposition key, when the lexicon has one for the claim
    order: tuple


def _centre(c: Claim) -> float | None:
    ends = [x for x in (c.value.low, c.value.high) if x is not None]
    return sum(ends) / len(ends) if ends else None


def _claimant_key(c: Claim) -> str | None:
    if c.claimant is None:
        return None
    return c.claimant.id or ("name:" + c.claimant.name.strip().lower())


def own_claimant(c: Claim) -> str | None:
    """The claimant the claim's own sentence names: one found from the context (the title) or
    inferred from the cluster does not count."""
    return None if c.claimant_basis in ("context", "cluster") else _claimant_key(c)


def context_claimant(c: Claim) -> str | None:
    """A claimant the document's context gave (a title naming the speaker): agreeing counts, and
    one that differs from a claim's own claimant keeps the two apart (cannot_link)."""
    return _claimant_key(c) if c.claimant_basis == "context" else None


def _years(c: Claim, window: str) -> frozenset[str]:
    """Years the figure refers to: those written next to it ('capex in 2024', '2025 年约为'), even
    when the extractor also dated the claim by that year (its `stated_at` is read from the same
    clause, so it is no time of saying to set aside)."""
    found = set(_YEAR.findall(window))
    if c.value.unit == "year":  # a forecast year is the value, not the time it refers to
        found -= set(_YEAR.findall(c.value.text))
    return frozenset(found)


def _terms(c: Claim, window: str) -> frozenset[str]:
    return terms(window + " " + (c.doc.title or ""))


def profile(c: Claim, vec: np.ndarray, names: Mapping[str, str] | None = None) -> Profile:
    """`names` maps claimant ids the fuzzy pass found to be one person to one id."""
    window = claim_window(c.quote, c.value.text)
    own, soft = own_claimant(c), context_claimant(c)
    if names:
        own, soft = names.get(own or "", own), names.get(soft or "", soft)
    return Profile(claim=c, vec=vec, unit=c.value.unit, centre=_centre(c), claimant=own,
                   soft=soft,
                   subject=c.subject.id if c.subject and c.subject.id else None,
                   years=_years(c, window), terms=_terms(c, window),
                   known=None if c.proposition.key.startswith("auto-") else c.proposition.key,
                   order=(c.doc.published or "9999", c.doc.url, c.span[0], c.id))


def subject_relation(a: str | None, b: str | None) -> str:
    """'same', 'unknown', 'related' (a model family and one of its members: a versioned model,
    'claude-opus-4' of 'claude-models'; a product of the family's name, 'claude-code', is no
    member) or 'different'."""
    if not a or not b:
        return "unknown"
    if a == b:
        return "same"
    for fam, member in ((a, b), (b, a)):
        if (fam.endswith(_FAMILY) and member.startswith(fam[: -len(_FAMILY)] + "-")
                and any(ch.isdigit() for ch in member)):
            return "related"
    return "different"


def claimant_relation(a: str | None, b: str | None) -> str:
    """'unknown' when either is missing; 'same' for one id, for a part of a name and the whole
    ('cherny' and 'boris-cherny': the extractor could not resolve a bare surname) and for a model
    family and its member; else 'different'."""
    if not a or not b:
        return "unknown"
    if a == b:
        return "same"
    if bool(_CJK.search(a)) != bool(_CJK.search(b)):
        # a name no lexicon knows, in two scripts ('安雅-莫泽', 'anja-moser'): by their sounds
        cjk, latin = (a, b) if _CJK.search(a) else (b, a)
        return transliteration.relation(cjk.removeprefix("name:"), latin.removeprefix("name:"))
    ta, tb = _tokens(a), _tokens(b)
    if ta <= tb or tb <= ta or subject_relation(a, b) == "related":
        return "same"
    return "different"


def cannot_link(a: Profile, b: Profile) -> bool:
    """Pairs that are never one claim: different explicit claimants (or an explicit one and a
    different one the other's context gave), different years the figures
    refer to, two different lexicon entries, or two different values in one sentence (a sentence that gives two figures gives
    two claims: '10% growth ... 20% without jobs'; an article may well report that a figure
    changed, in two sentences)."""
    if claimant_relation(a.claimant, b.claimant) == "different":
        return True
    if claimant_relation(a.soft, b.claimant) == "different" or claimant_relation(a.claimant, b.soft) == "different":
        return True  # the context's claimant against a sentence's own (two people's figures)
    if a.years and b.years and not (a.years & b.years):
        return True
    if a.known and b.known and a.known != b.known:  # two questions the lexicon tells apart
        return True
    return a.claim.doc.id == b.claim.doc.id and a.claim.span == b.claim.span and not _same_value(a, b)


def _same_value(a: Profile, b: Profile) -> bool:
    va, vb = a.claim.value, b.claim.value
    return va.unit == vb.unit and close(va.low, vb.low, va.unit) and close(va.high, vb.high, va.unit)


def structure(a: Profile, b: Profile) -> float:
    """The structured part of a pair's score (added to the cosine). Two claims of one document
    share its claimant whatever they say: it counts between them only when they give one value (a
    figure restated)."""
    s = 0.0
    one_doc = a.claim.doc.id == b.claim.doc.id
    if (not one_doc or _same_value(a, b)) and claimant_relation(a.claimant or a.soft, b.claimant or b.soft) == "same":
        s += W_SAME_CLAIMANT
    rel = subject_relation(a.subject, b.subject)
    s += {"same": W_SAME_SUBJECT, "different": W_OTHER_SUBJECT, "related": 0.0}.get(rel, 0.0)
    if a.centre is not None and b.centre is not None:
        lo, hi = sorted((abs(a.centre), abs(b.centre)))
        if close(a.centre, b.centre, a.unit):
            s += W_SAME_VALUE
        elif lo > 0 and _same_digits(lo, hi):
            pass  # a figure that mutated in copying: a scale word lost or two digits swapped
        elif lo > 0:  # no penalty up to GAP_FREE (values that differ are what gets flagged)
            s += W_VALUE_GAP * min(1.0, max(0.0, math.log(hi / lo / GAP_FREE)) / math.log(3 / GAP_FREE))
        else:
            s += W_VALUE_GAP
    if a.terms and b.terms:
        s += W_TERMS * len(a.terms & b.terms) / len(a.terms | b.terms)
    return s


def _digits(x: float) -> str:
    """The significant digits of a value: 1.5e9 and 1.5e8 -> '15', 3.1e6 -> '31'."""
    mantissa = f"{abs(x):.6e}".split("e")[0].replace(".", "")
    return mantissa.rstrip("0") or "0"


def _same_digits(a: float, b: float) -> bool:
    """Two values of two or more significant digits that are the same digits at another scale
    (1.5 billion against 1.5亿, 150 million) or the same digits swapped (1.3 million against
    3.1 million): how a figure mutates as it is copied, so its gap costs nothing. One digit is
    too common to tell (2% against 20%)."""
    da, db = _digits(a), _digits(b)
    if len(da) < 2 or len(da) != len(db):
        return False
    return da == db or sorted(da) == sorted(db)


@dataclass
class _Cluster:
    members: list[Profile] = field(default_factory=list)
    analyst: set[str] = field(default_factory=set)  # members joined by an analyst's "same claim"
    rows: list[int] = field(default_factory=list)  # the members' rows in their block's matrix
    # What cannot_link and the candidate checks ask of every member, kept as the members join, so
    # a claim is tested against the cluster at once instead of member by member.
    ids: set[str] = field(default_factory=set)
    claimants: set[str] = field(default_factory=set)
    softs: set[str] = field(default_factory=set)  # claimants the members' contexts gave
    tokens: set[str] = field(default_factory=set)
    yearsets: set[frozenset[str]] = field(default_factory=set)
    knowns: set[str] = field(default_factory=set)
    spans: dict[tuple, list[Profile]] = field(default_factory=lambda: defaultdict(list))
    buckets: set[float | None] = field(default_factory=set)
    families: set[str] = field(default_factory=set)

    def add(self, p: Profile, row: int) -> None:
        self.members.append(p)
        self.rows.append(row)
        self.ids.add(p.claim.id)
        if p.claimant:
            self.claimants.add(p.claimant)
            self.tokens |= _tokens(p.claimant)
        if p.soft:
            self.softs.add(p.soft)
        if p.years:
            self.yearsets.add(p.years)
        if p.known:
            self.knowns.add(p.known)
        self.spans[(p.claim.doc.id, p.claim.span)].append(p)
        self.buckets.add(_bucket(p.centre))
        if p.subject:
            self.families.add(p.subject.split("-")[0])

    def may_hold(self, p: Profile) -> bool:
        """Whether `p` could join as far as claimants go: the cluster names nobody, shares a name
        part with `p`'s claimant, or names someone in the other script (which cannot be compared,
        see claimant_relation)."""
        if not p.claimant or not self.claimants:
            return True
        cjk = bool(_CJK.search(p.claimant))
        return bool(self.tokens & _tokens(p.claimant)) or any(bool(_CJK.search(c)) != cjk for c in self.claimants)

    def refuses(self, p: Profile, apart: Mapping[str, set[str]]) -> bool:
        """cannot_link (or an analyst's "different claim") between `p` and any member, from the
        cluster's kept sets: the same rules as cannot_link, which tests hold to one answer."""
        if apart.get(p.claim.id, set()) & self.ids:
            return True
        if p.claimant and any(claimant_relation(p.claimant, c) == "different" for c in self.claimants):
            return True
        if p.soft and any(claimant_relation(p.soft, c) == "different" for c in self.claimants):
            return True
        if p.claimant and any(claimant_relation(p.claimant, c) == "different" for c in self.softs):
            return True
        if p.years and any(not (p.years & ys) for ys in self.yearsets):
            return True
        if p.known and any(k != p.known for k in self.knowns):
            return True
        return any(not _same_value(p, m) for m in self.spans.get((p.claim.doc.id, p.claim.span), ()))


@dataclass
class MatchResult:
    cluster_of: dict[str, str]  # claim id -> cluster id
    core: set[str]  # the claims a flag may hold (see _firm_members)
    labels: dict[str, str]  # cluster id -> readable label
    suggestions: list[SuggestedMatch]
    inferred: dict[str, tuple[Entity, int]]  # claim id -> (claimant, how many claims named it)
    attribution_pairs: list[Link]  # claim ids: same claim, different explicit claimants
    scope_pairs: list[Link]  # claim ids: (said of a model family, said of a member)


def _tokens(claimant: str) -> set[str]:
    return set(claimant.removeprefix("name:").replace(" ", "-").split("-"))


def _bucket(x: float | None) -> float | None:
    return None if x is None else float(f"{x:.2g}")


# The most structure() can add to a cosine: a member whose cosine is this far below the K-th best
# score so far cannot enter the top K.
_MAX_STRUCTURE = W_SAME_CLAIMANT + W_SAME_SUBJECT + W_SAME_VALUE + W_TERMS


def _score_to(p: Profile, cl: _Cluster, sims: np.ndarray) -> float:
    """The mean of the K best member scores (cosine + structure); `sims` are the members'
    cosines to `p`, in member order. Members are scored best cosine first, and scoring stops once
    no later member can reach the top K."""
    top: list[float] = []
    for i in np.argsort(-sims, kind="stable"):
        sim = float(sims[i])
        if len(top) >= TOP_K and sim + _MAX_STRUCTURE <= top[TOP_K - 1]:
            break
        top.append(sim + structure(p, cl.members[i]))
        top.sort(reverse=True)
    top = top[:TOP_K]
    return sum(top) / len(top)


def match(claims: Sequence[Claim], vectors: Mapping[str, np.ndarray],
          decisions: Iterable[MatchDecision] = ()) -> MatchResult:
    """Cluster `claims` (deterministic: earliest first) with their vectors and the analysts'
    decisions; cluster ids are kept from the claims' previous ids where a cluster holds them.

    Candidates first: a claim is compared only with the clusters that hold one of its CANDIDATES
    nearest earlier claims of the same unit (by cosine), as claim-retrieval systems do, so the
    work grows with the number of claims, not with its square."""
    same: list[Link] = []
    apart: dict[str, set[str]] = defaultdict(set)
    for d in decisions:
        if d.decision == "same":
            same.append((d.a, d.b))
        else:
            apart[d.a].add(d.b)
            apart[d.b].add(d.a)
    names = claimant_remap(claims)  # one person spelled two ways ('Jon'/'John Smith')
    profiles = sorted((profile(c, vectors[c.id], names) for c in claims), key=lambda p: p.order)
    by_unit: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        by_unit[p.unit].append(p)
    where: dict[str, _Cluster] = {}
    suggestions: list[SuggestedMatch] = []
    attribution_pairs: list[tuple[str, str]] = []
    scope_pairs: list[tuple[str, str]] = []
    for block in by_unit.values():
        vecs = np.stack([p.vec for p in block]).astype(np.float32, copy=False)
        near = nearest_earlier(vecs, CANDIDATES, CANDIDATE_FLOOR)
        clusters: list[_Cluster] = []
        cluster_of_row: list[int] = []
        for row, p in enumerate(block):
            ks = sorted({cluster_of_row[r] for r in near[row] if r >= 0})
            best: tuple[float, int] | None = None
            sims_of: dict[int, np.ndarray] = {}
            for k in ks:
                cl = clusters[k]
                sims_of[k] = sims = vecs[cl.rows] @ p.vec
                if not cl.may_hold(p):
                    if p.claimant and p.centre is not None and _bucket(p.centre) in cl.buckets:
                        _attribution_candidate(p, cl, sims, attribution_pairs)
                    continue
                if cl.refuses(p, apart):
                    continue
                s = _score_to(p, cl, sims)
                if best is None or s > best[0]:
                    best = (s, k)
            if p.subject:
                family = p.subject.split("-")[0]
                for k in ks:
                    if family in clusters[k].families:
                        _scope_candidate(p, clusters[k], sims_of[k], scope_pairs)
            if best is not None and best[0] >= JOIN:
                k = best[1]
                clusters[k].add(p, row)
            else:
                if best is not None and best[0] >= SUGGEST:
                    cl = clusters[best[1]]
                    other = cl.members[int(np.argmax(sims_of[best[1]]))]
                    suggestions.append(SuggestedMatch(a=other.claim.id, b=p.claim.id, score=round(best[0], 3)))
                k = len(clusters)
                clusters.append(_Cluster())
                clusters[k].add(p, row)
            cluster_of_row.append(k)
            where[p.claim.id] = clusters[k]
        _second_chance(block, vecs, near, clusters, cluster_of_row, where, apart)
    clusters_all = _merge_same(where, same)
    return _result(clusters_all, suggestions, attribution_pairs, scope_pairs)


def _second_chance(block: list[Profile], vecs: np.ndarray, near: np.ndarray, clusters: list[_Cluster],
                   cluster_of_row: list[int], where: dict[str, _Cluster], apart: Mapping[str, set[str]]) -> None:
    """A claim left alone meets the clusters that formed after it. Matching is one pass, earliest
    first: a claim that arrived before the two claims it matches best, and scored under JOIN
    against the first of them alone, stays a cluster of one even when the cluster the two form
    later matches it at JOIN or above. Each claim alone is scored once more, in the same order,
    against the clusters of its nearest claims either side of it (`near` lists the earlier ones;
    a later claim's earlier neighbours say who its later ones are), with the same rules."""
    later: dict[int, list[int]] = defaultdict(list)
    for row in range(len(block)):
        for r in near[row]:
            if r >= 0:
                later[int(r)].append(row)
    for row, p in enumerate(block):
        own = cluster_of_row[row]
        if len(clusters[own].members) != 1:
            continue
        ks = sorted({cluster_of_row[r] for r in [*near[row], *later[row]] if r >= 0} - {own})
        best: tuple[float, int] | None = None
        for k in ks:
            cl = clusters[k]
            if not cl.members or not cl.may_hold(p) or cl.refuses(p, apart):
                continue
            sims = vecs[cl.rows] @ p.vec
            if float(sims.mean()) + _MAX_STRUCTURE < JOIN:  # cannot reach JOIN: skip the structure
                continue
            s = float(np.mean([float(x) + structure(p, m) for x, m in zip(sims, cl.members, strict=True)]))
            if s >= JOIN and (best is None or s > best[0]):
                best = (s, k)
        if best is not None:
            clusters[own].members, clusters[own].rows = [], []
            clusters[best[1]].add(p, row)
            cluster_of_row[row] = best[1]
            where[p.claim.id] = clusters[best[1]]


def _scope_candidate(p: Profile, cl: _Cluster, sims: np.ndarray, out: list[tuple[str, str]]) -> None:
    """A value said of a model family against a different one said of a member, in another
    document, by the same claimant or one unknown on either side (two people's figures for
    two models are two claims: a flag never mixes claimants)."""
    for m, sim in zip(cl.members, sims, strict=True):
        rel = subject_relation(p.subject, m.subject)
        if (rel == "related" and m.claim.doc.id != p.claim.doc.id and not _same_value(p, m)
                and claimant_relation(p.claimant or p.soft, m.claimant or m.soft) != "different"
                and float(sim) + structure(p, m) >= SCOPE):
            family, member = (p, m) if (p.subject or "").endswith(_FAMILY) else (m, p)
            out.append((family.claim.id, member.claim.id))
            return


def _attribution_candidate(p: Profile, cl: _Cluster, sims: np.ndarray, out: list[tuple[str, str]]) -> None:
    """The same claim with the same value credited to another explicit claimant."""
    for m, sim in zip(cl.members, sims, strict=True):
        if (m.claimant and claimant_relation(m.claimant, p.claimant) == "different"
                and m.claim.doc.id != p.claim.doc.id
                and m.centre is not None and p.centre is not None and close(m.centre, p.centre, p.unit)
                and not (m.years and p.years and not m.years & p.years)
                and float(sim) + structure(p, m) >= ATTRIBUTION):
            out.append((m.claim.id, p.claim.id))
            return


def _merge_same(where: dict[str, _Cluster], same: list[Link]) -> list[_Cluster]:
    """Join the clusters an analyst said hold the same claim."""
    for a, b in same:
        ca, cb = where.get(a), where.get(b)
        if ca is None or cb is None or ca is cb:
            continue
        ca.members.extend(cb.members)
        ca.analyst |= {m.claim.id for m in cb.members}  # an analyst's "same claim" is firm (see _firm_members)
        for m in cb.members:
            where[m.claim.id] = ca
        cb.members = []
    seen: dict[int, _Cluster] = {}
    for cl in where.values():
        seen.setdefault(id(cl), cl)
    return [cl for cl in seen.values() if cl.members]


def _result(clusters: list[_Cluster], suggestions: list[SuggestedMatch],
            attribution_pairs: list[Link], scope_pairs: list[Link]) -> MatchResult:
    cluster_of: dict[str, str] = {}
    core: set[str] = set()
    labels: dict[str, str] = {}
    inferred: dict[str, tuple[Entity, int]] = {}
    taken: set[str] = set()
    # Biggest clusters choose first, so a cluster id stays with the bulk of its claims.
    for cl in sorted(clusters, key=lambda c: (-len(c.members), min(m.order for m in c.members))):
        cid = _cluster_id(cl, taken)
        taken.add(cid)
        for m in cl.members:
            cluster_of[m.claim.id] = cid
        core |= _firm_members(cl)
        labels[cid] = cluster_label(cl.members)
        inferred.update(_inferred_claimants(cl))
    same_cluster = {(s.a, s.b) for s in suggestions if cluster_of.get(s.a) == cluster_of.get(s.b)}
    return MatchResult(cluster_of=cluster_of, core=core, labels=labels,
                       suggestions=[s for s in suggestions if (s.a, s.b) not in same_cluster],
                       inferred=inferred, attribution_pairs=attribution_pairs, scope_pairs=scope_pairs)


def _firm_members(cl: _Cluster) -> set[str]:
    """The members a flag may hold: one clique of the cluster. A disagreement needs evidence of
    its own, so the flag starts from a pair of members that differ (in value or in hedge) and
    match at FLAG_LINK or above (of the MAX_SEEDS best such pairs, the one whose clique grows
    biggest), and takes in, best first, each member that matches
    every member taken so far at FLAG_CLIQUE or above (complete linkage: a claim that resembles
    one side only, a neighbour of a neighbour, stays out of the flag but in the cluster). A
    cluster without such a pair yields no flag. An analyst's "same claim" is firm."""
    ms = cl.members
    if len(ms) == 1:
        return {ms[0].claim.id}
    vecs = np.stack([m.vec for m in ms])
    score = (vecs @ vecs.T).astype(np.float32)
    n = len(ms)
    for i in range(n):
        for j in range(i + 1, n):
            sc = -1.0 if _kept_out(ms[i], ms[j]) else float(score[i, j]) + structure(ms[i], ms[j])
            score[i, j] = score[j, i] = sc
    analyst = {i for i in range(n) if ms[i].claim.id in cl.analyst}
    seeds = [(score[i, j], i, j) for i in range(n) for j in range(i + 1, n)
             if score[i, j] >= FLAG_LINK and _differ(ms[i], ms[j])]
    if not seeds:
        return {ms[i].claim.id for i in analyst}
    best: set[int] = set()
    for _, i, j in sorted(seeds, reverse=True)[:MAX_SEEDS]:  # the seed whose clique is biggest
        clique = _clique(score, {i, j}, n)
        if len(clique) > len(best):
            best = clique
    firm = best
    return {ms[i].claim.id for i in firm | analyst}


def _kept_out(a: Profile, b: Profile) -> bool:
    """Two members one flag never holds together: cannot_link, or two claimants that differ
    counting those the context gave (a cluster may hold a claim whose title names someone else
    beside one its sentence credits; a flag of one claim sets one claimant's figures side by side)."""
    return (cannot_link(a, b) or claimant_relation(a.claimant or a.soft, b.claimant or b.soft) == "different"
            or subject_relation(a.subject, b.subject) in ("related", "different"))


def _clique(score: np.ndarray, firm: set[int], n: int) -> set[int]:
    """Grow `firm` by the member that matches every member taken so far best, while that
    weakest link reaches FLAG_CLIQUE."""
    firm = set(firm)
    rest = set(range(n)) - firm
    while rest:
        link, k = max((min(float(score[k, f]) for f in firm), k) for k in rest)
        if link < FLAG_CLIQUE:
            break
        firm.add(k)
        rest.discard(k)
    return firm


def _differ(a: Profile, b: Profile) -> bool:
    """Two claims a flag could set against each other: another value, or another hedge."""
    return not _same_value(a, b) or hedge(a.claim.value.qualifier) != hedge(b.claim.value.qualifier)


def _cluster_id(cl: _Cluster, taken: set[str]) -> str:
    previous = Counter(m.claim.cluster_id for m in cl.members if m.claim.cluster_id
                       and m.claim.cluster_id.startswith("m-"))
    for cid, _n in previous.most_common():
        if cid not in taken:
            return cid
    first = min(cl.members, key=lambda m: m.order)
    return "m-" + digest("match", first.claim.id)


def cluster_label(members: Sequence[Profile]) -> str:
    """The lexicon's label when the claims have one; else the words around the value of the
    claim nearest the cluster's centre."""
    known = Counter(m.claim.proposition.label for m in members if not m.claim.proposition.key.startswith("auto-"))
    if known:
        return known.most_common(1)[0][0]
    centre = np.mean([m.vec for m in members], axis=0)
    nearest = max(members, key=lambda m: (float(m.vec @ centre), m.claim.id))
    return claim_window(nearest.claim.quote, nearest.claim.value.text)[:120]


def _inferred_claimants(cl: _Cluster) -> dict[str, tuple[Entity, int]]:
    named = [m for m in cl.members if m.claimant]
    ids = {m.claimant for m in named}
    if len(ids) != 1:
        return {}
    names = Counter(m.claim.claimant.name for m in named if m.claim.claimant)  # type: ignore[union-attr]
    ent_id = named[0].claim.claimant.id if named[0].claim.claimant else None  # type: ignore[union-attr]
    who = Entity(name=names.most_common(1)[0][0], id=ent_id)
    n_docs = len({m.claim.doc.id for m in named})
    return {m.claim.id: (who, n_docs) for m in cl.members if not m.claimant and not m.soft}


def apply(claims: Iterable[Claim], result: MatchResult) -> list[Claim]:
    """Set cluster ids and inferred claimants on the claims (in place); returns the changed ones."""
    changed = []
    for c in claims:
        new_cluster = result.cluster_of.get(c.id, c.cluster_id)
        before = (c.cluster_id, c.claimant, c.claimant_basis, c.attribution, c.attribution_strategy)
        if c.claimant_basis == "cluster":  # inferred last time: infer again from today's cluster
            c.claimant, c.claimant_basis, c.attribution, c.attribution_strategy = None, None, None, None
        if c.id in result.inferred:
            who, n = result.inferred[c.id]
            c.claimant, c.claimant_basis, c.attribution_strategy = who, "cluster", "cluster"
            c.attribution = f"attributed from {n} other outlet{'s' if n != 1 else ''}"
        c.cluster_id = new_cluster
        if (c.cluster_id, c.claimant, c.claimant_basis, c.attribution, c.attribution_strategy) != before:
            changed.append(c)
    return changed
