"""Claim filters applied in the page over store results (claimant, subject, proposition, language,
outlet, date range, value range). Pure functions, tested without Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from claimtrack.schema import Claim


def _has(needle: str, *haystacks: str | None) -> bool:
    n = needle.strip().casefold()
    return not n or any(h is not None and n in h.casefold() for h in haystacks)


def published_date(claim: Claim) -> date | None:
    raw = claim.doc.published or claim.stated_at
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class ClaimFilter:
    claimant: str = ""
    subject: str = ""
    proposition: str = ""
    lang: str | None = None
    outlet: str = ""
    date_from: date | None = None
    date_to: date | None = None
    value_min: float | None = None
    value_max: float | None = None

    def is_empty(self) -> bool:
        return self == ClaimFilter()

    def matches(self, c: Claim) -> bool:
        if self.lang and c.lang != self.lang:
            return False
        if self.claimant and not _has(self.claimant, *(c.claimant.name, c.claimant.id) if c.claimant else ()):
            return False
        if self.subject and not _has(self.subject, *(c.subject.name, c.subject.id) if c.subject else ()):
            return False
        if self.proposition and not _has(self.proposition, c.proposition.key, c.proposition.label):
            return False
        if self.outlet and not _has(self.outlet, c.doc.site, c.doc.url):
            return False
        if self.date_from or self.date_to:
            d = published_date(c)
            if d is None or (self.date_from and d < self.date_from) or (self.date_to and d > self.date_to):
                return False
        if self.value_min is not None or self.value_max is not None:
            low, high = c.value.low, c.value.high
            if low is None and high is None:
                return False
            # Keep claims whose interval overlaps [value_min, value_max]; open ends are unbounded.
            if self.value_min is not None and high is not None and high < self.value_min:
                return False
            if self.value_max is not None and low is not None and low > self.value_max:
                return False
        return True

    def apply(self, claims: list[Claim]) -> list[Claim]:
        return [c for c in claims if self.matches(c)]
