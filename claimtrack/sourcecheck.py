"""Each claim checked against its own primary source: the document it cites, once that document is
stored (the nightly run follows citations), or the primary statement its cluster holds.

For a claim and a primary document, the primary's statements of the same unit are scored against
the claim the way claim matching scores a pair (cosine of the claim vectors plus the structured
part: claimant, subject, shared terms; not the value, whose difference is what is looked for), with a bonus when matching already put them in one
cluster; statements about other years never match.

- *supported*: a statement that matches (score >= MATCH_MIN) gives the same value and hedge;
- *differs*: none does, and the best match is a close one (score >= DIFFER_MIN, higher: telling an
  outlet that its own source says otherwise needs more than a loose likeness) with another value;
- *not_in_source*: the source holds no statement that close: worth a look, never a contradiction.

A "differs" becomes a flag of its own (`Flag.against_source`), at the highest severity, with the
primary's statement beside the outlet's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from claimtrack.compare import Variant
from claimtrack.ids import digest
from claimtrack.matching import Profile, profile, structure
from claimtrack.schema import Claim, Flag, SourceCheck

MATCH_MIN = 0.6  # cosine + structure: the statement is about what the claim is about
DIFFER_MIN = 0.75  # ... close enough to say that the source says otherwise
SAME_CLUSTER = 0.15  # claim matching already joined the two


@dataclass(frozen=True)
class PrimaryDoc:
    id: str
    url: str


def _profile(c: Claim, vectors: Mapping[str, np.ndarray], memo: dict[str, Profile | None]) -> Profile | None:
    """The claim's matching profile without its value (a different value is what the check looks
    for), built once a claim however many statements it is scored against."""
    if c.id not in memo:
        vec = vectors.get(c.id)
        memo[c.id] = None if vec is None else replace(profile(c, vec), centre=None)
    return memo[c.id]


def _score(pa: Profile, pb: Profile) -> float | None:
    if pa.years and pb.years and not (pa.years & pb.years):
        return None  # figures for different years are different statements
    s = float(np.dot(pa.vec, pb.vec)) + structure(pa, pb)
    a, b = pa.claim, pb.claim
    if a.cluster_id and a.cluster_id == b.cluster_id:
        s += SAME_CLUSTER
    return s


def _same(a: Claim, b: Claim) -> bool:
    va, vb = Variant.of(a), Variant.of(b)
    return va.same_value(vb) and va.qualifier == vb.qualifier


def check_one(claim: Claim, doc: PrimaryDoc, statements: Sequence[Claim],
              vectors: Mapping[str, np.ndarray], memo: dict[str, Profile | None] | None = None) -> SourceCheck:
    memo = {} if memo is None else memo
    pa = _profile(claim, vectors, memo)
    scored = []
    for p in statements:
        if pa is None or p.value.unit != claim.value.unit:
            continue
        pb = _profile(p, vectors, memo)
        s = _score(pa, pb) if pb is not None else None
        if s is not None and s >= MATCH_MIN:
            scored.append((s, p))
    scored.sort(key=lambda sp: (-sp[0], sp[1].span[0]))
    same = next(((s, p) for s, p in scored if _same(claim, p)), None)
    if same is not None:
        return _result("supported", doc, *same)
    if scored and scored[0][0] >= DIFFER_MIN:
        return _result("differs", doc, *scored[0])
    return SourceCheck(status="not_in_source", doc_id=doc.id, url=doc.url)


def _result(status: str, doc: PrimaryDoc, score: float, p: Claim) -> SourceCheck:
    return SourceCheck(status=status, doc_id=doc.id, url=doc.url, claim_id=p.id,  # type: ignore[arg-type]
                       quote=p.quote, value=p.value.text, score=round(score, 3))


_RANK = {"differs": 0, "supported": 1, "not_in_source": 2}


def check_claims(claims: Iterable[Claim], primaries: Mapping[str, PrimaryDoc],
                 cited: Mapping[str, list[str]], vectors: Mapping[str, np.ndarray]) -> dict[str, SourceCheck]:
    """A check for every claim outside the primaries that cites a stored primary document
    (`cited`: claim id -> primary doc ids) or whose cluster holds a primary's statement.
    When several primaries answer, a contradiction comes first, then support."""
    claims = list(claims)
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.doc.id in primaries:
            by_doc[c.doc.id].append(c)
    in_cluster: dict[str, set[str]] = defaultdict(set)
    for doc_id, statements in by_doc.items():
        for p in statements:
            if p.cluster_id:
                in_cluster[p.cluster_id].add(doc_id)
    out: dict[str, SourceCheck] = {}
    memo: dict[str, Profile | None] = {}  # each statement's profile built once, not once a citing claim
    for c in claims:
        if c.doc.id in primaries:
            continue
        targets = [d for d in cited.get(c.id, ()) if d in primaries]
        targets += sorted(in_cluster.get(c.cluster_id or "", set()) - set(targets))
        checks = [check_one(c, primaries[d], by_doc.get(d, []), vectors, memo) for d in targets]
        if checks:
            out[c.id] = min(checks, key=lambda k: (_RANK[k.status], -(k.score or 0.0)))
    return out


def source_flags(claims: Iterable[Claim], checks: Mapping[str, SourceCheck]) -> list[Flag]:
    """A flag for each claim its own primary source contradicts: the outlet's claim and the
    primary's statement, at the highest severity."""
    by_id = {c.id: c for c in claims}
    flags = []
    for cid, check in sorted(checks.items()):
        c = by_id.get(cid)
        p = by_id.get(check.claim_id or "")
        if check.status != "differs" or c is None or p is None:
            continue
        overlap = Variant.of(c).overlaps(Variant.of(p))
        who = c.claimant.name if c.claimant else "unattributed"
        where = c.doc.site or c.doc.url
        summary = (f"{who} on {c.proposition.label}: {c.value.text!r} in {where}, "
                   f"but its own source ({p.doc.site or p.doc.url}) says {p.value.text!r}")
        flags.append(Flag(
            id="f-" + digest("flag-source", c.id, p.id),
            kind="qualifier_conflict" if overlap else "value_conflict",
            severity=1.0, cluster_id=c.cluster_id or p.cluster_id or "f-source-" + c.id,
            claims=sorted({c.id, p.id}), summary=summary[:500],
            evidence=digest("evidence", c.id, p.id, c.value.text, p.value.text),
            against_source=p.id))
    return flags
