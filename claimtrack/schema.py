"""The one definition of Document, Claim, Flag and Review, used by every stage.

`Claim.to_json()` and `Flag.to_json()` give exactly the objects described by
`shared/spec/claim.schema.json` and `flag.schema.json` (tested with jsonschema).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from claimtrack.ids import digest, sha256_bytes

Lang = Literal["zh", "en"]
Qualifier = Literal["exact", "approx", "at_least", "more_than", "at_most", "less_than", "range"]
FlagKind = Literal["value_conflict", "qualifier_conflict", "attribution_conflict", "change_over_time"]
FlagStatus = Literal["open", "confirmed", "dismissed"]
# How the claimant was found: named in the claim's own sentence, from the document around it
# (a pronoun, a speaker label, a heading), or inferred from other outlets' copies of the claim.
ClaimantBasis = Literal["explicit", "context", "cluster"]
MatchDecisionKind = Literal["same", "different"]
# A claim checked against the primary source it cites (or its cluster's primary statement):
# the primary says the same (value and hedge), says otherwise, or holds no such statement.
SourceStatus = Literal["supported", "differs", "not_in_source"]

# the same sets as tuples, for pick lists and checks: written once, in the Literals above
LANGS: tuple[str, ...] = get_args(Lang)
FLAG_KINDS: tuple[str, ...] = get_args(FlagKind)
FLAG_STATUSES: tuple[str, ...] = get_args(FlagStatus)
REVIEW_STATUSES: tuple[str, ...] = FLAG_STATUSES[1:]  # what an analyst's decision sets


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def encodable(text: str) -> str:
    """`text` with lone surrogates as U+FFFD: they cannot be written as UTF-8 (a JSON line with a
    stray '\\ud800' escape decodes to one), and every later stage - spaCy, jieba, SQLite - needs to."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


class Document(_Model):
    """One article or file as read, with the text claims are located in."""

    id: str
    url: str
    text: str
    title: str | None = None
    author: str | None = None  # byline as the page gives it (trafilatura), if any
    site: str | None = None
    lang: str | None = None
    published: str | None = None
    source: str | None = None  # name of the source in the sources file, if crawled
    primary: bool = False
    fetched_at: str | None = None
    raw_sha256: str | None = None  # snapshot of the exact bytes read, see crawler.snapshots
    links: list[str] = Field(default_factory=list)  # outbound links found in the page (citations)
    # id of an earlier document carrying the same story (near-identical text: syndication, reprints),
    # set by the crawler, so one story reprinted ten times counts as one piece of evidence
    syndicated_from: str | None = None

    @field_validator("url", "text", "title", "author", "site", "lang", "published", "source", mode="before")
    @classmethod
    def _encodable(cls, v: Any) -> Any:
        return encodable(v) if isinstance(v, str) else v

    @staticmethod
    def make_id(url: str) -> str:
        return digest("doc", url)

    @classmethod
    def create(cls, url: str, text: str, **fields: Any) -> Document:
        return cls(id=cls.make_id(url), url=url, text=text, **fields)

    @property
    def content_sha256(self) -> str:
        return sha256_bytes(self.text.encode("utf-8"))

    def ref(self) -> DocRef:
        return DocRef(id=self.id, url=self.url, title=self.title, site=self.site, lang=self.lang,
                      published=self.published)


class DocRef(_Model):
    id: str
    url: str
    title: str | None = None
    site: str | None = None
    lang: str | None = None
    published: str | None = None


class Entity(_Model):
    name: str  # as written in the text
    id: str | None = None  # canonical id shared by all aliases and languages


class Proposition(_Model):
    key: str
    label: str


class Value(_Model):
    text: str
    low: float | None
    high: float | None
    unit: str
    qualifier: Qualifier


class SourceCheck(_Model):
    """What the claim's own primary source says (optional beyond the JSON contract: absent means
    unchecked, no primary source of the claim is stored)."""

    status: SourceStatus
    doc_id: str  # the primary document
    url: str
    claim_id: str | None = None  # the primary's own statement (None: not in the source)
    quote: str | None = None  # its sentence, as the primary writes it
    value: str | None = None  # its value as written
    score: float | None = None  # how closely the statement matches the claim (cosine + structure)


class Claim(_Model):
    id: str
    doc: DocRef
    lang: Lang
    quote: str
    span: tuple[int, int]
    claimant: Entity | None = None
    subject: Entity | None = None
    proposition: Proposition
    value: Value
    stated_at: str | None = None
    cites: list[str] = Field(default_factory=list)
    cluster_id: str | None = None
    # Optional beyond the JSON contract's required fields (see the issue notes): how the claimant
    # was found, in words what decided it ("attributed from 4 other outlets", "pronoun 'he' ->
    # Kyle Fish, named 2 sentences before") and the name of the attribution strategy that did
    # (nlp/strategies.py: 'speech-verb', 'pronoun', 'title', ...; 'cluster' when matching inferred it).
    claimant_basis: ClaimantBasis | None = None
    attribution: str | None = None
    attribution_strategy: str | None = None
    source_check: SourceCheck | None = None
    # What a claim whose own clause says little ("A: I'd say around 20%.") is read with: the
    # interview question or the sentences before it, as the document writes them (optional).
    context: str | None = None

    @staticmethod
    def make_id(doc_id: str, content_sha256: str, span: tuple[int, int], value_text: str, start: int) -> str:
        """Stable across re-runs on the same document text."""
        return digest("claim", doc_id, content_sha256, span[0], span[1], value_text, start)

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["span"] = list(self.span)
        for optional in ("source_check", "context"):
            if data.get(optional) is None:
                data.pop(optional, None)
        return data


class ReviewInfo(_Model):
    by: str
    at: str
    note: str = ""


class Flag(_Model):
    id: str
    kind: FlagKind
    severity: float = Field(ge=0.0, le=1.0)
    cluster_id: str
    claims: list[str] = Field(min_length=2)
    summary: str
    status: FlagStatus = "open"
    review: ReviewInfo | None = None
    # Not part of the JSON contract: why the flag was (re)opened, and a fingerprint of its evidence.
    reopened_reason: str | None = None
    evidence: str = ""
    # Optional beyond the JSON contract: set on a flag that a claim contradicts its own primary
    # source, the id of the primary's statement (one of `claims`); such a flag has the highest severity.
    against_source: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"reopened_reason", "evidence"})
        if data.get("against_source") is None:
            data.pop("against_source", None)
        return data


class Review(_Model):
    """One analyst decision on a flag; a flag's reviews are an append-only history."""

    flag_id: str
    status: FlagStatus
    by: str
    note: str = ""
    at: str = Field(default_factory=utcnow)


class MatchDecision(_Model):
    """An analyst's word on two claims: the same claim (their clusters join) or different claims
    (kept apart on every later run). Append-only, like reviews."""

    a: str
    b: str
    decision: MatchDecisionKind
    by: str
    note: str = ""
    at: str = Field(default_factory=utcnow)


class SuggestedMatch(_Model):
    """Two claims in different clusters that may be one claim: scored between the suggest and the
    join thresholds of claim matching, for an analyst to confirm or split."""

    a: str
    b: str
    score: float
