"""The sidebar: interface language, store summary, reviewer login."""

from __future__ import annotations

import streamlit as st

from claimtrack.errors import ClaimtrackError
from ui import auth
from ui.i18n import LANGS
from ui.safe import md_escape
from ui.state import lang, settings, stats, tr, user


def language_switch() -> None:
    """The interface language, kept in the URL (?lang=zh) so a reload or a bookmark keeps it."""
    current = lang()
    if st.query_params.get("lang") != current:
        st.query_params["lang"] = current
    choice = st.sidebar.radio(tr("app.language"), list(LANGS), index=list(LANGS).index(current),
                              format_func=LANGS.__getitem__, horizontal=True, key="ui_lang_choice")
    if choice != current:
        st.session_state["ui_lang"] = choice
        st.query_params["lang"] = choice
        st.rerun()


def store_summary() -> bool:
    """Shows the store's counts; False (with the reason shown) when the store cannot be opened."""
    try:
        counts = stats()
    except (ClaimtrackError, OSError) as exc:
        st.error(tr("store.error", error=md_escape(exc)))
        return False
    st.sidebar.caption(tr("store.summary", **{k: counts.get(k, 0) for k in
                                               ("documents", "claims", "clusters", "flags", "open_flags")}))
    return True


def login_box() -> None:
    s = settings()
    if auth.review_mode(s, st.get_option("server.address")) != "login":
        return
    box = st.sidebar.container(border=True)
    if user():
        box.caption(tr("auth.as", user=md_escape(user())))
        if box.button(tr("auth.logout"), key="logout"):
            del st.session_state["ui_user"]
            st.rerun()
        return
    with box.form("login", border=False):
        st.markdown(f"**{tr('auth.title')}**")
        name = st.text_input(tr("auth.user"), key="login_user")
        password = st.text_input(tr("auth.password"), type="password", key="login_password")
        if st.form_submit_button(tr("auth.login")):
            if auth.check_login(s, name, password):
                st.session_state["ui_user"] = name
                st.rerun()
            else:
                auth.failed_login_pause()
                st.error(tr("auth.failed"))
