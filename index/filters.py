"""Claim filters every backend runs in the store (`Store.list_claims`, `Store.search`), and the
facets that feed them (`Store.facets`).

One spelling of a claim filter for the whole project: `ClaimFilters`, a normalised value object
that the UI builds, the CLI builds and both backends read. The stores take it as their `filters`
argument, or the same names as keyword arguments (`FilterArgs`, declared once here), or both (the
keywords then set those filters on top of the object). Meanings:

- id-like filters (cluster, claimant, subject, proposition, language, outlet, document) take one
  value or several; several match any of them; None or an empty collection means "any".
- `published_from` / `published_to`: inclusive days (`date` or "YYYY-MM-DD") on the document's
  publication date. A date given as a year or a month counts as its first day ("2025-05" is
  2025-05-01); claims whose document has no date (or no readable one) are left out as soon as a
  bound is given.
- `value_min` / `value_max`: claims whose value interval [low, high] overlaps the range; an open
  end (None) is unbounded; claims without any number are left out as soon as a bound is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import TypedDict, Unpack

from claimtrack.errors import StoreError

#: The facet names `Store.facets()` returns, each a list of (value, label, count), most claims first.
FACETS: tuple[str, ...] = ("claimants", "subjects", "propositions", "sites", "langs")
FACET_LIMIT = 1000

Values = str | Iterable[str] | None


def _values(v: Values) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(dict.fromkeys(x for x in v if x is not None))


def _day(v: date | str | None, name: str) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        raise StoreError(f"{name} must be a day like 2025-05-01, not {v!r}",
                         hint="pass a datetime.date or an ISO day") from None


def _number(v: float | int | None, name: str) -> float | None:
    if v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        raise StoreError(f"{name} must be a number, not {v!r}", hint="pass a float or None") from None


class FilterArgs(TypedDict, total=False):
    """The filters as keyword arguments of `Store.list_claims` / `Store.search` (`**by`)."""

    cluster_id: Values
    claimant_id: Values
    subject_id: Values
    proposition_key: Values
    lang: Values
    site: Values
    doc_id: Values
    published_from: date | str | None
    published_to: date | str | None
    value_min: float | None
    value_max: float | None


@dataclass(frozen=True)
class ClaimFilters:
    cluster_id: tuple[str, ...] = ()
    claimant_id: tuple[str, ...] = ()
    subject_id: tuple[str, ...] = ()
    proposition_key: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    site: tuple[str, ...] = ()
    doc_id: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    value_min: float | None = None
    value_max: float | None = None

    @classmethod
    def of(cls, filters: ClaimFilters | None = None, /, **by: Unpack[FilterArgs]) -> ClaimFilters:
        """`filters` (none: no filter) with the filters named in `by` set on top, normalised: one id
        or several, days as dates or "YYYY-MM-DD", numbers; a name no filter has is an error."""
        unknown = set(by) - _NAMES
        if unknown:
            raise StoreError(f"no claim filter is called {', '.join(sorted(unknown))}",
                             hint=f"filters: {', '.join(sorted(_NAMES))}")
        b = filters or cls()
        return cls(
            cluster_id=_values(by["cluster_id"]) if "cluster_id" in by else b.cluster_id,
            claimant_id=_values(by["claimant_id"]) if "claimant_id" in by else b.claimant_id,
            subject_id=_values(by["subject_id"]) if "subject_id" in by else b.subject_id,
            proposition_key=_values(by["proposition_key"]) if "proposition_key" in by else b.proposition_key,
            lang=_values(by["lang"]) if "lang" in by else b.lang,
            site=_values(by["site"]) if "site" in by else b.site,
            doc_id=_values(by["doc_id"]) if "doc_id" in by else b.doc_id,
            published_from=(_day(by["published_from"], "published_from") if "published_from" in by
                            else b.published_from),
            published_to=_day(by["published_to"], "published_to") if "published_to" in by else b.published_to,
            value_min=_number(by["value_min"], "value_min") if "value_min" in by else b.value_min,
            value_max=_number(by["value_max"], "value_max") if "value_max" in by else b.value_max,
        )

    def without(self, *names: str) -> ClaimFilters:
        """The same filters with those named cleared."""
        blank = ClaimFilters()
        return replace(self, **{n: getattr(blank, n) for n in names})

    def is_empty(self) -> bool:
        return self == ClaimFilters()

    #: (column / field name, attribute) of the exact-match filters, the same on both backends
    TERMS = (("cluster_id", "cluster_id"), ("claimant_id", "claimant_id"), ("subject_id", "subject_id"),
             ("proposition_key", "proposition_key"), ("lang", "lang"), ("site", "site"), ("doc_id", "doc_id"))

    def terms(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(column, getattr(self, attr)) for column, attr in self.TERMS if getattr(self, attr)]

    @property
    def published_from_day(self) -> str | None:
        return self.published_from.isoformat() if self.published_from else None

    @property
    def published_before_day(self) -> str | None:
        """The day after `published_to` (an exclusive bound, so times on the last day still count)."""
        return (self.published_to + timedelta(days=1)).isoformat() if self.published_to else None

    def has_dates(self) -> bool:
        return self.published_from is not None or self.published_to is not None

    def has_values(self) -> bool:
        return self.value_min is not None or self.value_max is not None


_NAMES = frozenset(f.name for f in fields(ClaimFilters))


def facet_label(names_by_lang: list[tuple[str, int, str | None]]) -> str | None:
    """One label from the names a value goes by in each language, given as (lang, claims, name):
    the most used first, distinct names joined by " / " ("Kyle Fish / 凯尔·菲什")."""
    names: list[str] = []
    for _lang, _n, name in sorted(names_by_lang, key=lambda x: (-x[1], x[0])):
        if name and name not in names:
            names.append(name)
    return " / ".join(names) if names else None


def sort_facet(items: list[tuple[str, str, int]], limit: int) -> list[tuple[str, str, int]]:
    return sorted(items, key=lambda x: (-x[2], x[0]))[:limit]
