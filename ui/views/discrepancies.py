"""Discrepancies: the queue of flags as a sortable table, most severe first; a row (or the pick
list under it, or a ?flag= link) opens the flag: one column per variant, then review it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from claimtrack.schema import FLAG_KINDS, FLAG_STATUSES, Claim, Flag
from index import Store
from ui import review
from ui.components import (
    claim_card,
    flag_label,
    is_primary,
    selectable_table,
    snapshot_of,
    store_is_empty,
    timeline_chart,
    variants_table,
)
from ui.filters import published_date
from ui.labels import localized_columns, qualifier_label
from ui.queue_data import queue_rows
from ui.safe import md_escape
from ui.state import lang, store, tr
from ui.variants import variant_sides

#: variants side by side on one row before the next row of columns starts
SIDES_PER_ROW = 3


def _queue(flags: list[Flag], claims: dict[str, Claim]) -> None:
    frame = localized_columns(pd.DataFrame(queue_rows(flags, claims, lang(), tr)), lang())
    selectable_table(frame, [f.id for f in flags], key="d_table", ids_key="d_ids", opens="d_open")


def _sides(db: Store, mine: list[Claim], key: str) -> None:
    """One column per variant; a syndicated copy is listed under the claim it copies."""
    story_of = {}
    for doc_id in {c.doc.id for c in mine}:
        doc = db.get_document(doc_id)
        if doc is not None and doc.syndicated_from:
            story_of[doc_id] = doc.syndicated_from
    sides = variant_sides(mine, story_of)
    memo: dict = {}
    for start in range(0, len(sides), SIDES_PER_ROW):
        for col, side in zip(st.columns(SIDES_PER_ROW), sides[start:start + SIDES_PER_ROW], strict=False):
            with col:
                n = sum(1 + len(s.copies) for s in side.stories)
                st.subheader(md_escape(side.value_text), anchor=False, divider="gray")
                st.caption(f"{md_escape(qualifier_label(side.qualifier, lang()))} · {tr('disc.side_count', n=n)}")
                for story in side.stories:
                    claim_card(story.claim, key=key, snapshot=snapshot_of(db, story.claim, memo),
                               primary=is_primary(db, story.claim, memo))
                    for copy in story.copies:
                        where = md_escape(copy.doc.site or copy.doc.url)
                        when = md_escape((copy.doc.published or "")[:10])
                        st.caption(tr("disc.syndicated", where=where, when=when))


def _detail(db: Store, f: Flag) -> None:
    mine = sorted((c for c in db.get_claims(f.claims)),
                  key=lambda c: (published_date(c) is None, published_date(c) or date.min))
    with st.container(border=True, key=f"detail-{f.id}"):
        st.subheader(flag_label(f, mine), anchor=False)  # no anchor: its id would be made of scraped text
        if len(mine) < len(f.claims):
            st.warning(tr("disc.missing_claims"))
        _sides(db, mine, f.id)
        cluster = db.list_claims(cluster_id=f.cluster_id, limit=500)
        cluster += [c for c in mine if c.id not in {x.id for x in cluster}]
        st.markdown(f"**{tr('disc.timeline')}**")
        timeline_chart(cluster)
        st.markdown(f"**{tr('disc.variants')}**")
        variants_table(cluster)
        review.history(db, f)
        review.form(db, f)


st.title(tr("disc.title"))
db = store()
if saved := st.session_state.pop("review_saved", None):
    st.success(saved)
if not store_is_empty():
    any_ = tr("filter.any")
    c1, c2, c5, c3, c4 = st.columns([2, 2, 2, 1, 1], vertical_alignment="bottom")
    kind = c1.selectbox(tr("filter.kind"), [None, *FLAG_KINDS], key="d_kind",
                        format_func=lambda k: any_ if k is None else tr(f"kind.{k}"))
    status = c2.selectbox(tr("filter.status"), [None, *FLAG_STATUSES], key="d_status",
                          format_func=lambda s: any_ if s is None else tr(f"status.{s}"))
    against = c5.toggle(tr("filter.against_source"), key="d_against")
    size = c3.selectbox(tr("disc.page_size"), [10, 25, 50], key="d_size")
    page = c4.number_input(tr("disc.page"), min_value=1, value=1, step=1, key="d_page")
    focus = st.query_params.get("flag")  # a link to one flag (a ClaimReview's url)
    if focus:
        one = db.get_flag(focus)
        flags, more = ([one] if one is not None else []), False
        if one is None:
            st.warning(tr("disc.no_such_flag", id=md_escape(focus)))
        if st.button(tr("disc.whole_queue"), key="d_all"):
            del st.query_params["flag"]
            st.session_state.pop("d_open", None)
            st.rerun()
    else:
        if against:  # few flags: filtered here, then paged
            flags = [f for f in db.list_flags(status=status, kind=kind) if f.against_source]
            flags = flags[(page - 1) * size:page * size + 1]
        else:
            flags = db.list_flags(status=status, kind=kind, limit=size + 1, offset=(page - 1) * size)
        more = len(flags) > size
        flags = flags[:size]
        if not flags:
            st.info(tr("disc.none"))
    if flags:
        claims = {c.id: c for c in db.get_claims([cid for f in flags for cid in f.claims])}
        _queue(flags, claims)
        if more:
            st.caption(tr("disc.more"))
        by_id = {f.id: f for f in flags}
        if focus and focus in by_id:
            st.session_state["d_open"] = focus
        if st.session_state.get("d_open") not in by_id:
            st.session_state["d_open"] = None
        st.selectbox(tr("disc.open"), [None, *by_id], key="d_open", placeholder=tr("disc.open_hint"),
                     format_func=lambda i: tr("disc.open_hint") if i is None else
                     flag_label(by_id[i], [claims[c] for c in by_id[i].claims if c in claims], markdown=False))
        if st.session_state.get("d_open"):
            _detail(db, by_id[st.session_state["d_open"]])
