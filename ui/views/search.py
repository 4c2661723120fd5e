"""Search: one box (Chinese or English), filters, results as claim cards."""

from __future__ import annotations

import streamlit as st

from ui.components import claim_card, is_primary, snapshot_of, store_is_empty
from ui.search_form import filter_form
from ui.search_logic import PAGE, SHOWN_RELATED, find_claims
from ui.state import store, tr

st.title(tr("nav.search"))
db = store()
if not store_is_empty():
    query = st.text_input(tr("search.box"), placeholder=tr("search.placeholder"), help=tr("search.help"),
                          key="q", on_change=lambda: st.session_state.update(s_page=1)).strip()
    flt = filter_form()
    page = int(st.session_state.get("s_page", 1))
    with st.spinner(tr("searching")):
        found = find_claims(db, query, flt, page=page, size=PAGE)
    start, end = (page - 1) * PAGE + 1, (page - 1) * PAGE + len(found.claims)
    if not found.claims and not found.related:
        st.info(tr("search.none") if page == 1 else tr("search.page_empty", page=page))
    else:
        more = "+" if found.more else ""
        if page > 1:
            st.subheader(tr("search.results_page", start=start, end=end, more=more))
        elif not query:
            st.caption(tr("search.browse", n=f"{end}{more}"))
        else:
            st.subheader(tr("search.results", n=f"{end}{more}"))
        memo: dict = {}
        for c in found.claims:
            claim_card(c, key="hit", snapshot=snapshot_of(db, c, memo), primary=is_primary(db, c, memo))
        if found.more:
            st.caption(tr("search.next_page"))
        if found.related:
            st.subheader(tr("search.related"))
            for c in found.related[:SHOWN_RELATED]:
                claim_card(c, key="rel", snapshot=snapshot_of(db, c, memo), primary=is_primary(db, c, memo))
    if page > 1 or found.more:
        st.number_input(tr("disc.page"), min_value=1, step=1, key="s_page")
