"""The search page's filters as one value: what the widgets chose, turned into the store's filter
arguments (`Store.list_claims` / `Store.search` run them, see `index.filters`). Pure, tested
without Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from claimtrack.schema import Claim


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
    """Ids chosen in the pick lists (any of them matches; none chosen: any), a claim language,
    inclusive publication days and a value range (intervals that overlap it)."""

    claimants: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    propositions: tuple[str, ...] = ()
    lang: str | None = None
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    value_min: float | None = None
    value_max: float | None = None

    def is_empty(self) -> bool:
        return self == ClaimFilter()

    def store_kwargs(self, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
        """Keyword arguments of `Store.list_claims` / `Store.search` for the filters that are set
        (minus the argument names in `without`)."""
        kw: dict[str, Any] = {
            "claimant_id": list(self.claimants), "subject_id": list(self.subjects),
            "proposition_key": list(self.propositions), "lang": self.lang, "site": list(self.outlets),
            "published_from": self.date_from, "published_to": self.date_to,
            "value_min": self.value_min, "value_max": self.value_max,
        }
        return {k: v for k, v in kw.items() if v not in (None, []) and k not in without}
