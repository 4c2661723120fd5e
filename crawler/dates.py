"""Dates as ISO 8601, whatever a feed, sitemap or page wrote (RFC 822, ISO, date only)."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: str | None) -> str | None:
    """'Mon, 05 May 2025 10:00:00 GMT' -> '2025-05-05T10:00:00+00:00'; '2025-05-05' stays; junk -> None."""
    if not value:
        return None
    value = value.strip()
    if _ISO_DATE.match(value):
        return value
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        return parsed.replace(microsecond=0).isoformat()
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat()
