"""Entry point: `streamlit run ui/app.py` (what `claimtrack ui` does).

Every page has its own URL path (/search, /digest, /discrepancies, /cluster, /runs, /export). Streamlit
serves its default page at the root only, never at that page's own path, so the root is a hidden
page that forwards to /search, keeping the query string (?lang=zh)."""

from __future__ import annotations

import streamlit as st

from claimtrack.digest import opens_app
from ui.sidebar import language_switch, login_box, store_summary
from ui.state import latest_run, tr

st.set_page_config(page_title="claimtrack", page_icon="🔎", layout="wide")

language_switch()
search = st.Page("views/search.py", title=tr("nav.search"), icon="🔎", url_path="search")


digest = st.Page("views/digest.py", title=tr("nav.digest"), icon="🌙", url_path="digest")


def _root() -> None:
    """The search, or once a session the digest when the last night's run found something new."""
    if not st.session_state.get("digest_seen") and opens_app(latest_run()):
        st.switch_page(digest, query_params=st.query_params.to_dict())
    st.switch_page(search, query_params=st.query_params.to_dict())


pages = [
    st.Page(_root, title=tr("nav.search"), url_path="home", default=True, visibility="hidden"),
    search,
    digest,
    st.Page("views/discrepancies.py", title=tr("nav.discrepancies"), icon="⚖️", url_path="discrepancies"),
    st.Page("views/cluster.py", title=tr("nav.cluster"), icon="🧩", url_path="cluster"),
    st.Page("views/runs.py", title=tr("nav.runs"), icon="🛰️", url_path="runs"),
    st.Page("views/export.py", title=tr("nav.export"), icon="📦", url_path="export"),
    st.Page("views/snapshot.py", title=tr("snap.title"), icon="📄", url_path="snapshot", visibility="hidden"),
]
page = st.navigation(pages)
if store_summary():
    login_box()
    page.run()
