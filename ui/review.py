"""Review decisions: the history of a flag and the form that appends to it (the app's only write)."""

from __future__ import annotations

from typing import cast

import streamlit as st

from claimtrack.errors import ClaimtrackError
from claimtrack.schema import REVIEW_STATUSES, Flag, FlagStatus, Review
from index import Store
from ui import auth
from ui.safe import md_escape
from ui.state import forget_stats, settings, tr, user


def history(store: Store, flag: Flag) -> None:
    st.markdown(f"**{tr('disc.history')}**")
    if flag.reopened_reason:
        st.warning(tr("disc.reopened", reason=md_escape(flag.reopened_reason)))
    reviews = store.list_reviews(flag.id)
    if not reviews:
        st.caption(tr("disc.no_history"))
    for r in reversed(reviews):
        line = tr("disc.decision", status=tr(f"status.{r.status}"), by=f"**{md_escape(r.by)}**",
                  at=md_escape(r.at.replace("T", " ")[:19]))
        st.markdown(f"- {line}" + (f"  \n  {md_escape(r.note)}" if r.note else ""))


def form(store: Store, flag: Flag) -> None:
    mode = auth.review_mode(settings(), st.get_option("server.address"))
    if mode == "off":
        st.caption(tr("review.disabled"))
        return
    if mode == "login" and not user():
        st.caption(tr("review.login_needed"))
        return
    with st.form(key=f"review-{flag.id}"):
        st.markdown(f"**{tr('review.title')}**")
        status = st.radio(tr("review.status"), list(REVIEW_STATUSES), horizontal=True, index=None,
                          format_func=lambda s: tr(f"status.{s}"), key=f"rv-status-{flag.id}")
        note = st.text_area(tr("review.note"), key=f"rv-note-{flag.id}", height=80)
        if mode == "login":
            by = user() or ""
            st.caption(tr("review.as_user", user=md_escape(by)))
        else:
            by = st.text_input(tr("review.by"), key=f"rv-by-{flag.id}",
                               value=st.session_state.get("reviewer_name", ""))
        if not st.form_submit_button(tr("review.submit"), type="primary"):
            return
    by = by.strip()
    if status is None:
        st.error(tr("review.need_status"))
        return
    if not by:
        st.error(tr("review.need_name"))
        return
    try:
        store.add_review(Review(flag_id=flag.id, status=cast(FlagStatus, status), by=by, note=note.strip()))
    except ClaimtrackError as exc:
        st.error(md_escape(exc))
        return
    forget_stats()
    st.session_state["reviewer_name"] = by if mode == "name" else st.session_state.get("reviewer_name", "")
    st.session_state["review_saved"] = tr("review.saved", status=tr(f"status.{status}"), by=md_escape(by))
    st.rerun()
