"""Checks of an Atom feed against the rules of RFC 4287 that a feed reader relies on."""

from __future__ import annotations

import re

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")


def problems(xml: bytes) -> list[str]:
    """What makes `xml` not a valid Atom 1.0 feed (empty: none found)."""
    out: list[str] = []
    root = etree.fromstring(xml)
    if root.tag != ATOM + "feed":
        return [f"root element is {root.tag}, not atom:feed"]

    def one(parent: etree._Element, name: str, where: str) -> etree._Element | None:
        found = parent.findall(ATOM + name)
        if len(found) != 1:
            out.append(f"{where} has {len(found)} atom:{name}, needs exactly one")
            return None
        return found[0]

    def check_common(el: etree._Element, where: str) -> None:
        ident = one(el, "id", where)
        if ident is not None and not IRI.match((ident.text or "").strip()):
            out.append(f"{where}: atom:id {ident.text!r} is not an absolute IRI")
        one(el, "title", where)
        updated = one(el, "updated", where)
        if updated is not None and not RFC3339.match((updated.text or "").strip()):
            out.append(f"{where}: atom:updated {updated.text!r} is not an RFC 3339 date-time")
        for link in el.findall(ATOM + "link"):
            if not link.get("href"):
                out.append(f"{where}: atom:link without href")

    check_common(root, "feed")
    entries = root.findall(ATOM + "entry")
    feed_author = root.find(ATOM + "author")
    if feed_author is not None and feed_author.find(ATOM + "name") is None:
        out.append("feed: atom:author without atom:name")
    ids = []
    for i, entry in enumerate(entries):
        where = f"entry {i}"
        check_common(entry, where)
        ids.append(entry.findtext(ATOM + "id"))
        if feed_author is None and entry.find(ATOM + "author") is None:
            out.append(f"{where}: no atom:author and none on the feed")
        content = entry.find(ATOM + "content")
        alternate = [x for x in entry.findall(ATOM + "link") if x.get("rel", "alternate") == "alternate"]
        if content is None and not alternate:
            out.append(f"{where}: neither atom:content nor an alternate link")
        if content is not None and content.get("type", "text") not in ("text", "html", "xhtml"):
            if "/" not in content.get("type", ""):
                out.append(f"{where}: atom:content type {content.get('type')!r} is not a media type")
    if len(set(ids)) != len(ids):
        out.append("two entries share an atom:id")
    return out
