"""What was read: a document's stored text, as the store keeps it, with the claim highlighted;
the link every claim card gives, which works when the outlet's page is gone (the demo's corpus
server stops after the crawl). The exact bytes read download beside it, never rendered."""

from __future__ import annotations

import streamlit as st

from ui.components import snapshot_of
from ui.safe import md_escape, md_link
from ui.state import store, tr

st.title(tr("snap.title"))
db = store()
doc_id = st.query_params.get("doc", "")
doc = db.get_document(doc_id) if doc_id else None
if doc is None:
    st.warning(tr("snap.none", id=md_escape(doc_id)) if doc_id else tr("snap.pick"))
else:
    claim = next(iter(db.get_claims([st.query_params["claim"]])), None) if st.query_params.get("claim") else None
    if claim is not None and claim.doc.id != doc.id:
        claim = None
    st.subheader(md_escape(doc.title) or md_escape(doc.url), anchor=False)
    when = md_escape((doc.fetched_at or "")[:19].replace("T", " ")) or tr("claim.unknown")
    st.markdown(f"{md_escape(doc.site) or tr('claim.unknown')} · {md_escape((doc.published or '')[:10])}  \n"
                f"{tr('snap.original')}: {md_link(doc.url, doc.url)}  \n{tr('snap.read_at', at=when)}")
    raw = snapshot_of(db, claim, {}) if claim is not None else None
    if raw is None and doc.raw_sha256:
        from ui.snapshots import find_snapshot
        from ui.state import settings

        raw = find_snapshot(settings().snapshot_dir, doc.raw_sha256)
    if raw is not None:
        st.download_button(tr("snap.raw"), data=raw.read_bytes, file_name=f"{raw.name[:16]}.snapshot",
                           mime="application/octet-stream", key="snap-raw", on_click="ignore", icon="📄")
    st.caption(tr("snap.caption"))
    text = doc.text
    start, end = (claim.span if claim is not None else (0, 0))
    if not (0 <= start < end <= len(text)):
        start = end = 0

    def paragraphs(part: str) -> list[str]:
        return [md_escape(p) for p in part.split("\n") if p.strip()]

    before, quote, after = paragraphs(text[:start]), md_escape(text[start:end]), paragraphs(text[end:])
    if quote:
        # the quoted sentence, highlighted, inside the paragraph it stands in
        lead = before.pop() + " " if before and not text[:start].endswith("\n") else ""
        tail = " " + after.pop(0) if after and not text[end:].startswith("\n") else ""
        before.append(f"{lead}:orange-background[{quote}]{tail}")
    with st.container(border=True, key="snap-text"):
        st.markdown("\n\n".join(before + after))
