"""Flag where the sources of one claim disagree: value, qualifier, change over time, attribution
and scope flags over the clusters `claimtrack.matching` made (its firm members).

`assign_clusters` gives the provisional lexicon-key cluster ids (`c-...`, by proposition, subject
and claimant) an extracted claim carries until `pipeline.refresh_flags` replaces them with the
matching's own (`m-...`). Pure functions over Claim objects, blocked by cluster so the cost grows
with the number of claims, not its square.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from claimtrack.ids import digest
from claimtrack.schema import Claim, Flag
from claimtrack.values import close, hedge

# Two bounds closer than this (relative) are the same number written with different rounding.
# Qualifiers that make no claim about the direction of the bound: 20% and "about 20%" agree.


def _cluster_key(prop: str, subject: str, claimant: str) -> str:
    return "c-" + digest("cluster", prop, subject, claimant)


def _key_parts(claim: Claim, claimants: Mapping[str, str] | None = None,
               propositions: Mapping[str, str] | None = None) -> tuple[str, str, str]:
    subject = claim.subject.id if claim.subject and claim.subject.id else ""
    claimant = claim.claimant.id if claim.claimant and claim.claimant.id else ""
    prop = claim.proposition.key
    if claimants:
        claimant = claimants.get(claimant, claimant)
    if propositions:
        prop = propositions.get(prop, prop)
    return prop, subject, claimant


def cluster_key(claim: Claim) -> str:
    return _cluster_key(*_key_parts(claim))


def assign_clusters(claims: Iterable[Claim], claimants: Mapping[str, str] | None = None,
                    propositions: Mapping[str, str] | None = None) -> list[Claim]:
    """Set each claim's cluster id (in place) and return the claims as a list. `claimants` and
    `propositions` map ids the fuzzy pass found to be one person or one question to a canonical id."""
    cache: dict[tuple[str, str, str], str] = {}
    out = list(claims)
    for c in out:
        parts = _key_parts(c, claimants, propositions)
        key = cache.get(parts)
        if key is None:
            key = cache[parts] = _cluster_key(*parts)
        c.cluster_id = key
    return out


def cluster_all(claims: Iterable[Claim]) -> list[Claim]:
    """Clusters across the whole store: canonical ids, then rapidfuzz for names and labels the
    lexicons do not know (see claimtrack.fuzzy)."""
    from claimtrack.fuzzy import claimant_remap, proposition_remap

    out = list(claims)
    claimants = claimant_remap(out)
    return assign_clusters(out, claimants, proposition_remap(out, claimants))


class Variant(NamedTuple):
    low: float | None
    high: float | None
    unit: str
    qualifier: str

    @classmethod
    def of(cls, claim: Claim) -> Variant:
        v = claim.value
        q = v.qualifier
        return cls(v.low, v.high, v.unit, hedge(q))

    def same_value(self, other: Variant) -> bool:
        return self.unit == other.unit and close(self.low, other.low, self.unit) and close(self.high, other.high, self.unit)

    def overlaps(self, other: Variant) -> bool:
        """Whether the two intervals can both be true (up to rounding): 'at least 25%' and '30%' can,
        '15%' and 'about 20%' cannot."""
        inf = float("inf")
        lo_a = -inf if self.low is None else self.low
        hi_a = inf if self.high is None else self.high
        lo_b = -inf if other.low is None else other.low
        hi_b = inf if other.high is None else other.high

        def le(x: float, y: float) -> bool:
            return x <= y or (abs(x) != inf and abs(y) != inf and close(x, y, self.unit))

        return le(lo_a, hi_b) and le(lo_b, hi_a)


def _sweep(claims: list[Claim], same_qualifier: bool) -> list[tuple[Variant, list[Claim]]]:
    """Group claims whose bounds agree up to rounding: sort, then one pass (n log n, not n squared)."""
    inf = float("inf")
    keyed = sorted(((Variant.of(c), c) for c in claims),
                   key=lambda vc: (vc[0].unit, -inf if vc[0].low is None else vc[0].low,
                                   inf if vc[0].high is None else vc[0].high,
                                   vc[0].qualifier if same_qualifier else "", vc[1].doc.published or "", vc[1].id))
    groups: list[tuple[Variant, list[Claim]]] = []
    for v, c in keyed:
        if groups:
            gv, members = groups[-1]
            if gv.same_value(v) and (not same_qualifier or gv.qualifier == v.qualifier):
                members.append(c)
                continue
        groups.append((v, [c]))
    if same_qualifier:  # the sort interleaves qualifiers of one value: gather them back
        merged: dict[tuple, tuple[Variant, list[Claim]]] = {}
        out: list[tuple[Variant, list[Claim]]] = []
        for v, m in groups:
            k = (v.unit, v.low, v.high, v.qualifier)
            if k in merged:
                merged[k][1].extend(m)
            else:
                merged[k] = (v, m)
                out.append(merged[k])
        groups = out
    for _v, m in groups:
        m.sort(key=lambda c: (c.doc.published or "", c.id))
    groups.sort(key=lambda g: (g[1][0].doc.published or "", g[1][0].id))
    return groups


def _group_variants(claims: list[Claim]) -> list[tuple[Variant, list[Claim]]]:
    return _sweep(claims, same_qualifier=True)


def _centre(v: Variant) -> float | None:
    ends = [x for x in (v.low, v.high) if x is not None]
    return sum(ends) / len(ends) if ends else None


def _gap(variants: list[Variant]) -> float:
    """Relative spread of the variants' centres: 0 for the same number, 1 for a tenfold gap or more."""
    centres = [c for c in (_centre(v) for v in variants) if c is not None]
    if len(centres) < 2:
        return 0.5
    lo, hi = min(centres), max(centres)
    scale = max(abs(lo), abs(hi), 1e-12)
    return min(1.0, (hi - lo) / scale)


@dataclass(frozen=True)
class Evidence:
    """What the documents tell beyond the claims: syndicated copies and primary sources."""

    story_of: Mapping[str, str] = field(default_factory=dict)  # doc id -> id of the original it copies
    primary: frozenset[str] = frozenset()  # ids of documents from primary sources

    @cached_property
    def originals(self) -> frozenset[str]:
        return frozenset(self.story_of.values())

    def source_key(self, c: Claim) -> str:
        """Independent source of a claim: a syndicated copy and its original are one story."""
        root = self.story_of.get(c.doc.id) or (c.doc.id if c.doc.id in self.originals else None)
        return "story:" + root if root else (c.doc.site or c.doc.url)


NO_EVIDENCE = Evidence()


def _independent(claims: list[Claim], ev: Evidence) -> int:
    return len({ev.source_key(c) for c in claims})


def _sites(claims: list[Claim]) -> set[str]:
    return {c.doc.site or c.doc.url for c in claims}


def _who(c: Claim) -> str:
    return c.claimant.name if c.claimant else "unattributed"


def _describe(groups: list[tuple[Variant, list[Claim]]]) -> str:
    """Each variant with where it first appeared and how many sources repeated it after."""
    parts = []
    for _v, members in groups:
        first = min(members, key=lambda c: (c.doc.published is None, c.doc.published or "", c.id))
        where = first.doc.site or first.doc.url
        when = f" ({first.doc.published[:10]})" if first.doc.published else ""
        others = len(_sites(members) - {where})
        said = {c.stated_at for c in members if c.stated_at}
        said_at = f", said {said.pop()}" if len(said) == 1 else ""  # 'Back in May 2025 ...': when it was said
        parts.append(f"{first.value.text!r} first in {where}{when}" + (f", then {others} more" if others else "")
                     + said_at)
    return " vs ".join(parts)


def _claimant_id(c: Claim) -> str:
    """The claimant's id ('' for none: the callers keep claims with a claimant id)."""
    return c.claimant.id or "" if c.claimant else ""


def _subject_id(c: Claim) -> str:
    return c.subject.id or "" if c.subject else ""


def _severity(kind: str, groups: list[tuple[Variant, list[Claim]]], ev: Evidence = NO_EVIDENCE) -> float:
    """Base by kind, plus the size of the gap, the independent sources on the smaller side, and
    whether a primary source stands on one side (then the others contradict the original)."""
    base = {"value_conflict": 0.55, "attribution_conflict": 0.5, "qualifier_conflict": 0.35,
            "change_over_time": 0.15}[kind]
    gap = _gap([v for v, _ in groups])
    independent = sorted((_independent(m, ev) for _, m in groups), reverse=True)
    support = min(1.0, (independent[1] if len(independent) > 1 else 1) / 3)
    primary = 0.1 if ev.primary and any(c.doc.id in ev.primary for _, m in groups for c in m) else 0.0
    return round(min(1.0, base + 0.3 * gap + 0.15 * support + primary), 3)


def _flag(kind: str, cluster_id: str, groups: list[tuple[Variant, list[Claim]]], ev: Evidence = NO_EVIDENCE,
          scope: str = "", label: str | None = None) -> Flag:
    """One flag; its id depends on the cluster and scope only, so it survives a change of kind and
    new evidence re-opens it instead of starting a new one."""
    members = [c for _, m in groups for c in m]
    first = members[0]
    named = next((c for c in members if c.claimant), first)
    summary = f"{_who(named)} on {label or first.proposition.label}: {_describe(groups)}"
    return Flag(
        id="f-" + digest("flag", cluster_id, scope),
        kind=kind,  # type: ignore[arg-type]
        severity=_severity(kind, groups, ev),
        cluster_id=cluster_id,
        claims=sorted(c.id for c in members),
        summary=summary[:500],
        evidence=digest("evidence", *sorted(c.id for c in members)),
    )


def flags_for_cluster(cluster_id: str, claims: list[Claim], ev: Evidence = NO_EVIDENCE,
                      label: str | None = None) -> list[Flag]:
    """Value, qualifier and change-over-time flags inside one cluster (same claimant). A document
    repeating itself is no disagreement, but one that reports a figure changed is: inside one
    document only a change over time is flagged (each value dated once, the dates different, an
    undated one taken as said when the document was published: 'Back in May 2025 she put it at
    80%; now she says 100%')."""
    first_doc = claims[0].doc.id
    one_doc = all(c.doc.id == first_doc for c in claims)
    v0 = Variant.of(claims[0])
    if all(Variant.of(c) == v0 for c in claims[1:]):  # the common case: every source agrees
        return []
    by_unit: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_unit[c.value.unit].append(c)
    flags: list[Flag] = []
    for unit, unit_claims in by_unit.items():
        groups = _group_variants(unit_claims)
        if len(groups) < 2:
            continue
        single = len({c.doc.id for c in unit_claims}) < 2  # one document: a change over time or nothing
        value_groups = _merge_same_value(groups)
        if len(value_groups) >= 2:
            values = [(v, m) for v, m in value_groups]
            dated = [{c.stated_at or (c.doc.published or "")[:7] if single else c.stated_at for c in m}
                     - {None, ""} for _, m in values]
            over_time = all(dated) and all(len(d) == 1 for d in dated) and len(set().union(*dated)) == len(values)
            if single and not over_time:
                continue
            disjoint = any(not a[0].overlaps(b[0]) for i, a in enumerate(values) for b in values[i + 1:])
            kind = "change_over_time" if over_time else ("value_conflict" if disjoint else "qualifier_conflict")
            flags.append(_flag(kind, cluster_id, values, ev, scope=unit, label=label))
        elif not single:
            flags.append(_flag("qualifier_conflict", cluster_id, groups, ev, scope=unit, label=label))
    if not one_doc:
        flags.extend(_unit_family_flags(cluster_id, by_unit, ev))
    return flags


# Units that measure the same kind of thing but are not interchangeable: writing one for the other
# is itself the error (a 3-point rise reported as a 3% rise).
UNIT_FAMILIES = {"percentage_points": "ratio", "pp": "ratio"}


def _unit_family_flags(cluster_id: str, by_unit: dict[str, list[Claim]], ev: Evidence) -> list[Flag]:
    flags = []
    for unit, family in UNIT_FAMILIES.items():
        if unit in by_unit and family in by_unit:
            a, b = by_unit[family], by_unit[unit]
            if {c.doc.id for c in a} | {c.doc.id for c in b} != {c.doc.id for c in a} & {c.doc.id for c in b}:
                groups = [(Variant.of(a[0]), a), (Variant.of(b[0]), b)]
                flag = _flag("value_conflict", cluster_id, groups, ev, scope=f"{family}~{unit}")
                flag.summary = (flag.summary + f" (percent against {unit.replace('_', ' ')})")[:500]
                flags.append(flag)
    return flags


def _merge_same_value(groups: list[tuple[Variant, list[Claim]]]) -> list[tuple[Variant, list[Claim]]]:
    return _sweep([c for _, m in groups for c in m], same_qualifier=False)


def _bucket_key(x: float | None) -> float | None:
    """A value rounded to two significant digits: a cheap stand-in for 'the same number'."""
    return None if x is None else float(f"{x:.2g}")


def _value_buckets(block: list[Claim]) -> list[list[Claim]]:
    buckets: dict[tuple, list[Claim]] = defaultdict(list)
    for c in block:
        buckets[(_bucket_key(c.value.low), _bucket_key(c.value.high))].append(c)
    return [sorted(m, key=lambda c: (c.doc.published or "", c.id)) for m in buckets.values() if len(m) > 1]


def attribution_flags(claims: Iterable[Claim], ev: Evidence = NO_EVIDENCE) -> list[Flag]:
    """The same proposition, subject and value credited to different claimants.

    Two people giving the same figure is not in itself a misattribution, so a flag needs a sign that
    it is one claim: the claims cite the same primary source, or exactly two claimants share it
    (the researcher and the organisation, say), not a consensus figure held by many.
    """
    blocks: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.claimant is None or not c.claimant.id:
            continue
        subject = c.subject.id if c.subject and c.subject.id else ""
        blocks[(c.proposition.key, subject, c.value.unit)].append(c)
    flags: list[Flag] = []
    for block in blocks.values():
        first = _claimant_id(block[0])
        if all(_claimant_id(c) == first for c in block):
            continue
        for members in _value_buckets(block):
            by_claimant: dict[str, list[Claim]] = defaultdict(list)
            for c in members:
                by_claimant[_claimant_id(c)].append(c)
            if len(by_claimant) < 2 or len({c.doc.id for c in members}) < 2:
                continue
            cite_counts = Counter(cite for c in members for cite in set(c.cites))
            shared_cite = any(n > 1 for n in cite_counts.values())
            if not (shared_cite or len(by_claimant) == 2):
                continue
            parts = [(Variant.of(m[0]), m) for _, m in sorted(by_claimant.items())]
            cluster_id = min(c.cluster_id or cluster_key(c) for c in members)
            flag = _flag("attribution_conflict", cluster_id, parts, ev,
                         scope=f"attribution:{members[0].value.unit}:{members[0].value.low}:{members[0].value.high}")
            who = " vs ".join(f"{_who(m[0])} ({', '.join(sorted(_sites(m))[:3])})" for _, m in parts)
            flag.summary = f"{members[0].value.text!r} on {members[0].proposition.label} credited to {who}"[:500]
            flags.append(flag)
    return flags


FAMILY_SUFFIX = "-models"


def scope_flags(claims: Iterable[Claim], ev: Evidence = NO_EVIDENCE) -> list[Flag]:
    """A value said of a whole model family ("Claude models are at ASL-3") against a different value
    said of one member ("Claude Sonnet 4 stays at ASL-2"): the scope changed on the way."""
    by_prop: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.subject and c.subject.id:
            by_prop[(c.proposition.key, c.value.unit)].append(c)
    flags: list[Flag] = []
    for block in by_prop.values():
        families = {_subject_id(c) for c in block if _subject_id(c).endswith(FAMILY_SUFFIX)}
        for family in sorted(families):
            stem = family[: -len(FAMILY_SUFFIX)] + "-"
            said_of_all = [c for c in block if _subject_id(c) == family]
            members = [c for c in block if _subject_id(c) != family and _subject_id(c).startswith(stem)]
            v_all = {Variant.of(c) for c in said_of_all}
            against = [m for m in members
                       if all(not Variant.of(m).overlaps(v) for v in v_all)
                       and any(m.doc.id != a.doc.id for a in said_of_all)]
            if not against:
                continue
            groups = [(Variant.of(said_of_all[0]), said_of_all), (Variant.of(against[0]), against)]
            cluster_id = said_of_all[0].cluster_id or cluster_key(said_of_all[0])
            flag = _flag("value_conflict", cluster_id, groups, ev, scope=f"scope:{family}")
            one = against[0]
            flag.summary = (f"{said_of_all[0].value.text!r} said of {said_of_all[0].subject.name} "  # type: ignore[union-attr]
                            f"by {_who(said_of_all[0])} ({', '.join(sorted(_sites(said_of_all))[:3])}), but "
                            f"{one.value.text!r} for {one.subject.name} by {_who(one)} "  # type: ignore[union-attr]
                            f"({', '.join(sorted(_sites(against))[:3])})")[:500]
            flags.append(flag)
    return flags


def _indexed(claims: list[Claim]) -> tuple[dict[str, Claim], dict[str, list[Claim]]]:
    """Claims by id and by cluster id (the pair flags look up both sides of each pair)."""
    by_cluster: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_cluster[c.cluster_id or ""].append(c)
    return {c.id: c for c in claims}, by_cluster


def _speaks_for(a: str, b: str, officers: Mapping[str, frozenset[str]]) -> bool:
    """Whether one of two claimant ids holds a role at the other (a chief scientist and the lab)."""
    return b in officers.get(a, ()) or a in officers.get(b, ())


def matched_attribution_flags(claims: list[Claim], pairs: Iterable[tuple[str, str]],
                              ev: Evidence = NO_EVIDENCE,
                              officers: Mapping[str, frozenset[str]] | None = None) -> list[Flag]:
    """Attribution conflicts found by claim matching: two claims that match but for their explicit
    claimants, with the same value. Each side holds its cluster's claims of that claimant and value.
    An organisation and one of its `officers` (person id -> the organisations they hold a role at)
    are no conflict: the officer announcing it speaks for the organisation."""
    by_id, by_cluster = _indexed(claims)
    seen: set[tuple[str, str]] = set()
    flags: list[Flag] = []
    for a_id, b_id in pairs:
        a, b = by_id.get(a_id), by_id.get(b_id)
        if a is None or b is None or not a.claimant or not b.claimant or a.cluster_id == b.cluster_id:
            continue
        if _speaks_for(_claimant_id(a), _claimant_id(b), officers or {}):
            continue
        key = tuple(sorted((a.cluster_id or "", b.cluster_id or "")))
        if key in seen:
            continue
        seen.add(key)  # type: ignore[arg-type]
        va = Variant.of(a)
        sides = []
        for x in (a, b):
            side = [c for c in by_cluster[x.cluster_id or ""] if c.claimant and c.claimant.id == _claimant_id(x)
                    and c.claimant_basis != "cluster" and Variant.of(c).same_value(va)]
            sides.append((Variant.of(x), side or [x]))
        flag = _flag("attribution_conflict", key[0], sides, ev, scope=f"attribution:{key[1]}")
        who = " vs ".join(f"{_who(m[0])} ({', '.join(sorted(_sites(m))[:3])})" for _, m in sides)
        flag.summary = f"{a.value.text!r} credited to {who}"[:500]
        flags.append(flag)
    return flags


def matched_scope_flags(claims: list[Claim], pairs: Iterable[tuple[str, str]],
                        ev: Evidence = NO_EVIDENCE) -> list[Flag]:
    """Scope flags found by claim matching: (a claim said of a model family, one said of a member)
    that match but for the subject, with different values. Each side holds its cluster's claims
    of that subject and value."""
    by_id, by_cluster = _indexed(claims)
    seen: set[tuple[str, str]] = set()
    flags: list[Flag] = []
    for fam_id, mem_id in pairs:
        fam, mem = by_id.get(fam_id), by_id.get(mem_id)
        if fam is None or mem is None or fam.subject is None or mem.subject is None:
            continue
        key = (fam.cluster_id or "", mem.subject.id or "")
        if key in seen:
            continue
        seen.add(key)
        sides = []
        for x in (fam, mem):
            vx = Variant.of(x)
            side = [c for c in by_cluster[x.cluster_id or ""] if c.subject and x.subject
                    and c.subject.id == x.subject.id and Variant.of(c).same_value(vx)]
            sides.append((vx, side or [x]))
        flag = _flag("value_conflict", fam.cluster_id or "", sides, ev, scope=f"scope:{mem.subject.id}")
        flag.summary = (f"{fam.value.text!r} said of {fam.subject.name} by {_who(fam)} "
                        f"({', '.join(sorted(_sites(sides[0][1]))[:3])}), but {mem.value.text!r} for "
                        f"{mem.subject.name} by {_who(mem)} ({', '.join(sorted(_sites(sides[1][1]))[:3])})")[:500]
        flags.append(flag)
    return flags


def compute_flags(claims: Iterable[Claim], evidence: Evidence = NO_EVIDENCE,
                  labels: Mapping[str, str] | None = None,
                  attribution_pairs: Iterable[tuple[str, str]] | None = None,
                  scope_pairs: Iterable[tuple[str, str]] = (),
                  pair_claims: Iterable[Claim] | None = None,
                  officers: Mapping[str, frozenset[str]] | None = None) -> list[Flag]:
    """Flags over clustered claims. With `attribution_pairs` and `scope_pairs` (from claim
    matching) attribution and scope conflicts come from those pairs (looked up in `pair_claims`,
    by default `claims`); without, from the lexicon's proposition keys."""
    claims = list(claims)
    clusters: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        clusters[c.cluster_id or cluster_key(c)].append(c)
    flags: list[Flag] = []
    for cid, members in clusters.items():
        flags.extend(flags_for_cluster(cid, members, evidence, label=(labels or {}).get(cid)))
    if attribution_pairs is None:
        flags.extend(attribution_flags(claims, evidence))
        flags.extend(scope_flags(claims, evidence))
    else:
        both = list(pair_claims) if pair_claims is not None else claims
        flags.extend(matched_attribution_flags(both, attribution_pairs, evidence, officers))
        flags.extend(matched_scope_flags(both, scope_pairs, evidence))
    flags.sort(key=lambda f: (-f.severity, f.id))
    return flags
