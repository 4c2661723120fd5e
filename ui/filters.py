"""Dates of claims as the search page filters them. The filters themselves are the store's own
`index.filters.ClaimFilters` (built by `ui.search_form`, run by `Store.list_claims` / `Store.search`)."""

from __future__ import annotations

from datetime import date

from claimtrack.schema import Claim


def published_date(claim: Claim) -> date | None:
    raw = claim.doc.published or claim.stated_at
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None
