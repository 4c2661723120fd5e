"""Since the last run: the digest the nightly run wrote (new and re-opened flags, claims their own
source contradicts, new variants, new and edited pages, primary sources), and where to subscribe."""

from __future__ import annotations

import os
import re

import streamlit as st

from claimtrack.digest import SECTIONS, headline, is_empty, item_text, paths
from ui.safe import md_escape, md_link
from ui.state import settings, store, tr

FEED_ENV = "CLAIMTRACK_FEED_URL"  # set by `claimtrack ui`, which serves the feed


def _section(kind: str, rows: list[dict]) -> None:
    st.markdown(f"**{tr('digest.s.' + kind)} ({len(rows)})**")
    lines = []
    for row in rows:
        text, link = item_text(kind, row)
        fid = str(row.get("id", "")) if kind in ("new_flags", "reopened_flags") else ""
        if re.fullmatch(r"[\w-]{1,80}", fid):  # a flag opens in the queue (the page's own link)
            lines.append(f"- [{md_escape(text)}](discrepancies?flag={fid})")
        else:
            lines.append(f"- {md_link(text, link) if link else md_escape(text)}")
    st.markdown("\n".join(lines))


def _digest(run: dict) -> None:
    d = run.get("digest") or {}
    st.subheader(md_escape(headline(run)), anchor=False)
    if is_empty(d):
        st.info(tr("digest.nothing"))
        return
    for kind in SECTIONS:
        if d.get(kind):
            _section(kind, d[kind])


st.title(tr("digest.title"))
st.session_state["digest_seen"] = True
runs = [r for r in store().list_runs(limit=20) if "digest" in r]
md, atom = paths(settings().db_path)
feed = os.environ.get(FEED_ENV)
def _code(path: object) -> str:
    return str(path).replace("`", "'")  # shown in a code span, where Markdown escapes would show


if feed:
    st.caption(tr("digest.feed", url=feed, md=_code(md.name)))
else:
    st.caption(tr("digest.feed_file", atom=_code(atom), md=_code(md)))
if not runs:
    st.info(tr("digest.none"))
else:
    _digest(runs[0])
    if len(runs) > 1:
        with st.expander(tr("digest.earlier")):
            for run in runs[1:]:
                _digest(run)
