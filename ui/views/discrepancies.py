"""Discrepancies: the queue of flags, most severe first; open one to compare and review it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from claimtrack.schema import FLAG_KINDS, FLAG_STATUSES
from ui import review
from ui.components import claim_card, flag_label, snapshot_of, store_is_empty, timeline_chart, variants_table
from ui.filters import published_date
from ui.safe import md_escape
from ui.state import store, tr

st.title(tr("disc.title"))
db = store()
if saved := st.session_state.pop("review_saved", None):
    st.success(saved)
if not store_is_empty():
    any_ = tr("filter.any")
    c1, c2, c3, c4 = st.columns([2, 2, 1, 1])
    kind = c1.selectbox(tr("filter.kind"), [None, *FLAG_KINDS], key="d_kind",
                        format_func=lambda k: any_ if k is None else tr(f"kind.{k}"))
    status = c2.selectbox(tr("filter.status"), [None, *FLAG_STATUSES], key="d_status",
                          format_func=lambda s: any_ if s is None else tr(f"status.{s}"))
    size = c3.selectbox(tr("disc.page_size"), [10, 25, 50], key="d_size")
    page = c4.number_input(tr("disc.page"), min_value=1, value=1, step=1, key="d_page")
    focus = st.query_params.get("flag")  # a link to one flag (a ClaimReview's url)
    if focus:
        one = db.get_flag(focus)
        flags, more = ([one] if one is not None else []), False
        if one is None:
            st.warning(tr("disc.no_such_flag", id=md_escape(focus)))
        else:
            st.session_state.setdefault(f"flag-{focus}", True)
        if st.button(tr("disc.whole_queue"), key="d_all"):
            del st.query_params["flag"]
            st.rerun()
    else:
        flags = db.list_flags(status=status, kind=kind, limit=size + 1, offset=(page - 1) * size)
        more = len(flags) > size
        flags = flags[:size]
        if not flags:
            st.info(tr("disc.none"))
    claims = {c.id: c for c in db.get_claims([cid for f in flags for cid in f.claims])}
    for f in flags:
        mine = sorted((claims[cid] for cid in f.claims if cid in claims),
                      key=lambda c: (published_date(c) is None, published_date(c) or date.min))
        box = st.expander(flag_label(f, mine), key=f"flag-{f.id}", on_change="rerun")
        if not box.open:
            continue
        with box:
            if len(mine) < len(f.claims):
                st.warning(tr("disc.missing_claims"))
            for start in range(0, len(mine), 3):
                for col, c in zip(st.columns(3), mine[start:start + 3], strict=False):
                    with col:
                        claim_card(c, key=f.id, snapshot=snapshot_of(db, c, {}))
            cluster = db.list_claims(cluster_id=f.cluster_id, limit=500)
            cluster += [c for c in mine if c.id not in {x.id for x in cluster}]
            st.markdown(f"**{tr('disc.timeline')}**")
            timeline_chart(cluster)
            st.markdown(f"**{tr('disc.variants')}**")
            variants_table(cluster)
            review.history(db, f)
            review.form(db, f)
    if more:
        st.caption(tr("disc.more"))
