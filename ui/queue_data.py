"""The discrepancy queue as table rows: one row per flag, severity visible as a level as well as a
number (the status is a word of its own, never a colour that could be read as severity)."""

from __future__ import annotations

from claimtrack.schema import Claim, Flag
from ui.labels import claimant_name
from ui.variants import first_appearances

#: (lowest severity of the level, level); a flag's level is the first whose floor it reaches.
SEVERITY_LEVELS = ((0.7, "high"), (0.45, "medium"), (0.0, "low"))
LEVEL_ICON = {"high": "🔴", "medium": "🟠", "low": "🟡"}
STATUS_MARK = {"open": "○", "confirmed": "✔", "dismissed": "✖"}
#: outlets named in a row before the rest are counted ("A, B +3")
OUTLETS_SHOWN = 2


def severity_level(severity: float) -> str:
    return next(level for floor, level in SEVERITY_LEVELS if severity >= floor)


def outlets_text(claims: list[Claim]) -> str:
    sites = sorted({c.doc.site or c.doc.url for c in claims})
    shown = ", ".join(sites[:OUTLETS_SHOWN])
    return f"{shown} +{len(sites) - OUTLETS_SHOWN}" if len(sites) > OUTLETS_SHOWN else shown


def queue_rows(flags: list[Flag], claims: dict[str, Claim], lang: str, tr) -> list[dict]:
    """One dict per flag, in the flags' order: `severity` (0-1), `level`, `flag_kind`, `claimant`,
    `values`, `outlets`, `status`, all in the reader's language (`tr(key, **fields)`)."""
    rows = []
    for f in flags:
        mine = [claims[i] for i in f.claims if i in claims]
        level = severity_level(f.severity)
        rows.append({
            "severity": f.severity,
            "level": f"{LEVEL_ICON[level]} {tr(f'level.{level}')}",
            "flag_kind": tr(f"kind.{f.kind}") + (f" · {tr('kind.against_source')}" if f.against_source else ""),
            "claimant": claimant_name(mine, lang) or tr("claim.unknown"),
            "values": " ≠ ".join(v.value_text for v in first_appearances(mine)[:4]),
            "outlets": outlets_text(mine),
            "status": f"{STATUS_MARK.get(f.status, '')} {tr(f'status.{f.status}')}",
        })
    return rows
