"""What changed overnight: a digest of each run (new and re-opened flags, new variants of a claim
with where they first appeared, new articles, pages edited since they were first read, primary
sources fetched or changed), kept in the run's record, written beside the store as Markdown and
as an Atom feed of the last runs (RFC 4287) a newsroom can subscribe to."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from claimtrack.compare import Variant
from claimtrack.schema import Claim, Document, Flag

FEED_RUNS = 20  # entries in the feed
MAX_ITEMS = 200  # of each kind in one digest
SECTIONS = ("new_flags", "reopened_flags", "contradicted", "new_variants", "new_documents", "edited_documents",
            "new_primaries", "changed_primaries")


@dataclass
class Before:
    """The store as the run found it."""

    flags: dict[str, str] = field(default_factory=dict)  # id -> status
    claims: set[str] = field(default_factory=set)
    variants: dict[str, set[Variant]] = field(default_factory=dict)  # cluster id -> its values
    contradicted: set[str] = field(default_factory=set)  # claim ids whose own source said otherwise


def before(flags: Iterable[Flag], claims: Iterable[Claim]) -> Before:
    b = Before(flags={f.id: f.status for f in flags})
    for c in claims:
        b.claims.add(c.id)
        if c.cluster_id:
            b.variants.setdefault(c.cluster_id, set()).add(Variant.of(c))
        if c.source_check is not None and c.source_check.status == "differs":
            b.contradicted.add(c.id)
    return b


def _doc(d: Document) -> dict[str, Any]:
    return {"id": d.id, "url": d.url, "title": d.title, "site": d.site or d.source, "published": d.published}


def _claim(c: Claim) -> dict[str, Any]:
    return {"id": c.id, "cluster_id": c.cluster_id, "value": c.value.text, "quote": c.quote[:300],
            "claimant": c.claimant.name if c.claimant else None, "label": c.proposition.label,
            "url": c.doc.url, "site": c.doc.site, "title": c.doc.title, "published": c.doc.published}


def build(b: Before, flags: Iterable[Flag], claims: Iterable[Claim], new_docs: Iterable[Document],
          changed_docs: Iterable[Document]) -> dict[str, Any]:
    """The digest of a run that found the store as `b` and left these flags and claims, having
    added `new_docs` and changed `changed_docs`."""
    out: dict[str, Any] = {k: [] for k in SECTIONS}
    for f in flags:
        row = {"id": f.id, "kind": f.kind, "severity": f.severity, "summary": f.summary,
               "against_source": f.against_source is not None}
        if f.id not in b.flags:
            out["new_flags"].append(row)
        elif f.status == "open" and b.flags[f.id] != "open":
            out["reopened_flags"].append(dict(row, reason=f.reopened_reason))
    for c in claims:
        if c.id in b.claims:
            continue
        if c.cluster_id in b.variants and Variant.of(c) not in b.variants[c.cluster_id]:
            out["new_variants"].append(_claim(c))
            b.variants[c.cluster_id].add(Variant.of(c))  # one entry a new value, at its first sighting
        if c.source_check is not None and c.source_check.status == "differs" and c.id not in b.contradicted:
            out["contradicted"].append(dict(_claim(c), source_value=c.source_check.value,
                                            source_url=c.source_check.url))
    for ids, outlet_key, primary_key in ((new_docs, "new_documents", "new_primaries"),
                                         (changed_docs, "edited_documents", "changed_primaries")):
        for d in ids:
            out[primary_key if d.primary else outlet_key].append(_doc(d))
    for k in SECTIONS:
        out[k] = out[k][:MAX_ITEMS]
    return out


def is_empty(digest: dict[str, Any] | None) -> bool:
    return not digest or not any(digest.get(k) for k in SECTIONS)


TITLES = {
    "new_flags": "New flags", "reopened_flags": "Re-opened flags",
    "contradicted": "Claims their own primary source contradicts",
    "new_variants": "New variants of a claim", "new_documents": "New articles",
    "edited_documents": "Pages edited since they were first read",
    "new_primaries": "Primary sources fetched", "changed_primaries": "Primary sources that changed",
}


def item_text(kind: str, row: dict[str, Any]) -> tuple[str, str | None]:
    """(text, link) of one digest item."""
    if kind in ("new_flags", "reopened_flags"):
        extra = f" ({row['reason']})" if row.get("reason") else ""
        return f"[{row['kind']}, severity {row['severity']:.2f}] {row['summary']}{extra}", None
    if kind == "new_variants":
        who = f"{row['claimant']}: " if row.get("claimant") else ""
        return f"{who}{row['value']!r} on {row['label']}, first in {row.get('site') or row['url']}", row["url"]
    if kind == "contradicted":
        return (f"{row['value']!r} in {row.get('site') or row['url']}; its source says "
                f"{row.get('source_value')!r}", row["url"])
    return f"{row.get('title') or row['url']} ({row.get('site') or ''})".replace(" ()", ""), row["url"]


def headline(run: dict[str, Any]) -> str:
    d = run.get("digest") or {}
    parts = [f"{len(d[k])} {TITLES[k].lower()}" for k in SECTIONS if d.get(k)]
    when = (run.get("finished") or run.get("started") or "")[:16].replace("T", " ")
    return f"claimtrack {run.get('kind', 'run')} {when}: " + ("; ".join(parts) if parts else "nothing new")


def to_markdown(run: dict[str, Any], titles: dict[str, str] | None = None, nothing: str | None = None,
                heading: bool = True) -> str:
    """The digest as Markdown; `titles` (section -> heading) and `nothing` in another language."""
    d = run.get("digest") or {}
    titles = titles or TITLES
    lines = [f"# {headline(run)}", ""] if heading else []
    for k in SECTIONS:
        rows = d.get(k) or []
        if not rows:
            continue
        lines += [f"## {titles[k]} ({len(rows)})", ""]
        for row in rows:
            text, link = item_text(k, row)
            text = text.replace("[", "\\[").replace("]", "\\]")
            lines.append(f"- [{text}]({link})" if link else f"- {text}")
        lines.append("")
    if is_empty(d):
        lines += [nothing or "Nothing new since the previous run.", ""]
    return "\n".join(lines)


def opens_app(run: dict[str, Any] | None) -> bool:
    """Whether the app opens on this digest: a run after the first one found something new."""
    d = (run or {}).get("digest") or {}
    return not d.get("first_run", True) and not is_empty(d)


def _html(run: dict[str, Any]) -> str:
    d = run.get("digest") or {}
    parts = []
    for k in SECTIONS:
        rows = d.get(k) or []
        if not rows:
            continue
        items = []
        for row in rows:
            text, link = item_text(k, row)
            items.append(f'<li><a href="{escape(link)}">{escape(text)}</a></li>' if link else f"<li>{escape(text)}</li>")
        parts.append(f"<h2>{escape(TITLES[k])} ({len(rows)})</h2><ul>{''.join(items)}</ul>")
    return "".join(parts) or "<p>Nothing new since the previous run.</p>"


def _rfc3339(ts: str | None) -> str:
    """Atom dates need a time zone: the store writes UTC ('+00:00'); a bare one is taken as UTC."""
    ts = ts or "1970-01-01T00:00:00+00:00"
    if "T" not in ts:
        ts += "T00:00:00"
    if not (ts.endswith("Z") or "+" in ts[10:] or "-" in ts[10:]):
        ts += "+00:00"
    return ts


def atom_feed(runs: list[dict[str, Any]], store_key: str, self_url: str | None = None) -> str:
    """An Atom feed, newest run first: one entry a run that has a digest."""
    runs = [r for r in runs if "digest" in r][:FEED_RUNS]
    feed_id = f"urn:claimtrack:digest:{store_key}"
    updated = _rfc3339(runs[0].get("finished") if runs else None)
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           "<title>claimtrack: what changed overnight</title>", f"<id>{feed_id}</id>",
           f"<updated>{updated}</updated>", "<author><name>claimtrack</name></author>",
           '<generator uri="https://github.com/claimtrack">claimtrack</generator>']
    if self_url:
        out.append(f'<link rel="self" type="application/atom+xml" href="{xml_escape(self_url, {chr(34): "&quot;"})}"/>')
    for run in runs:
        started = run.get("started") or ""
        run_id = run.get("run_id") or hashlib.sha256(repr(sorted(run.items())).encode()).hexdigest()[:16]
        out += ["<entry>", f"<id>{feed_id}:run:{xml_escape(str(run_id))}</id>",
                f"<title>{xml_escape(headline(run))}</title>",
                f"<updated>{_rfc3339(run.get('finished') or started)}</updated>",
                f'<content type="html">{xml_escape(_html(run))}</content>', "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def store_key(db_path: Path) -> str:
    return hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]


def paths(db_path: Path) -> tuple[Path, Path]:
    """Where the digest is written: beside the store."""
    return db_path.parent / f"{db_path.stem}.digest.md", db_path.parent / f"{db_path.stem}.digest.atom"


def write(db_path: Path, runs: list[dict[str, Any]], self_url: str | None = None) -> tuple[Path, Path]:
    """The latest run's digest as Markdown and the feed of the last runs, beside the store."""
    md, atom = paths(db_path)
    md.write_text(to_markdown(runs[0]) if runs else "", encoding="utf-8")
    atom.write_text(atom_feed(runs, store_key(db_path), self_url), encoding="utf-8")
    return md, atom
