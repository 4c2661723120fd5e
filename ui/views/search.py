"""Search: one box (Chinese or English), filters, results as claim cards."""

from __future__ import annotations

import streamlit as st

from ui.components import claim_card, snapshot_of, store_is_empty
from ui.search_form import filter_form
from ui.search_logic import FETCH, SHOWN, SHOWN_RELATED, find_claims
from ui.state import store, tr

st.title(tr("nav.search"))
db = store()
if not store_is_empty():
    query = st.text_input(tr("search.box"), placeholder=tr("search.placeholder"),
                          help=tr("search.help"), key="q").strip()
    flt = filter_form()
    with st.spinner(tr("searching")):
        found = find_claims(db, query, flt)
    if not found.claims and not found.related:
        st.info(tr("search.none"))
    else:
        if not query:
            st.caption(tr("search.browse", n=len(found.claims)))
        else:
            n = len(found.claims)
            st.subheader(tr("search.results", n=f"{n}+" if n >= FETCH else n))
        memo: dict = {}
        for c in found.claims[:SHOWN]:
            claim_card(c, key="hit", snapshot=snapshot_of(db, c, memo))
        if len(found.claims) > SHOWN:
            st.caption(tr("search.truncated", n=SHOWN))
        if found.related:
            st.subheader(tr("search.related"))
            for c in found.related[:SHOWN_RELATED]:
                claim_card(c, key="rel", snapshot=snapshot_of(db, c, memo))
