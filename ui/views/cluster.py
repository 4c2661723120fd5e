"""Claim cluster: every appearance of one claim, its history, its primary sources, its flags."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.cluster_data import appearances_frame, cluster_flags, cluster_order, cluster_rows, primary_sources
from ui.components import (
    SNAPSHOT_PAGE,
    flag_label,
    selectable_table,
    store_is_empty,
    timeline_chart,
    variants_table,
)
from ui.i18n import LANGS
from ui.labels import claimant_name, entity_label, localized_columns, proposition_label, qualifier_label
from ui.safe import md_escape, md_link
from ui.state import lang, store, tr

LIST_SIZE = 25


def cluster_list() -> None:
    """Every cluster, most disputed (then largest) first, a page at a time; a row opens it."""
    st.caption(tr("cluster.none"))
    c1, c2 = st.columns([3, 1])
    disputed = c1.toggle(tr("cluster.order_disputed"), value=True, key="c_disputed",
                         help=tr("cluster.order_help"))
    page = c2.number_input(tr("disc.page"), min_value=1, value=1, step=1, key="c_page")
    ids = cluster_order(db, disputed_first=disputed, limit=LIST_SIZE + 1, offset=(page - 1) * LIST_SIZE)
    more, ids = len(ids) > LIST_SIZE, ids[:LIST_SIZE]
    rows = cluster_rows(db, ids, lambda c: proposition_label(c.proposition, lang()),
                        lambda cs: claimant_name(cs, lang()))
    if not rows:
        st.info(tr("cluster.list_empty"))
        return
    frame = localized_columns(pd.DataFrame(rows).drop(columns=["cluster"]), lang())
    selectable_table(frame, [r["cluster"] for r in rows], key="c_table", ids_key="c_ids", opens="cluster_id")
    if more:
        st.caption(tr("cluster.more"))


st.title(tr("cluster.title"))
db = store()
if not store_is_empty():
    if "cluster_id" not in st.session_state:
        st.session_state["cluster_id"] = st.query_params.get("cluster", "")
    cid = st.text_input(tr("cluster.pick"), key="cluster_id").strip()
    if not cid:
        cluster_list()
    else:
        claims = db.list_claims(cluster_id=cid, limit=2000)
        if not claims:
            st.warning(tr("cluster.unknown", cid=md_escape(cid)))
        else:
            st.query_params["cluster"] = cid
            first = claims[0]
            who = md_escape(claimant_name(claims, lang()) or tr("claim.unknown"))
            about = f" · {md_escape(entity_label(first.subject, lang()))}" if first.subject else ""
            st.subheader(md_escape(proposition_label(first.proposition, lang())), anchor=False)
            st.markdown(f"**{who}**{about}")
            timeline_chart(claims)
            st.markdown(f"**{tr('disc.variants')}**")
            variants_table(claims)
            st.markdown(f"**{tr('cluster.appearances', n=len(claims))}**")
            frame = appearances_frame(claims)
            frame["qualifier"] = [qualifier_label(q, lang()) for q in frame["qualifier"]]
            frame["lang"] = [LANGS.get(x, x) for x in frame["lang"]]
            st.dataframe(localized_columns(frame, lang()), hide_index=True, width="stretch",
                         column_config={tr("col.url"): st.column_config.LinkColumn()})
            st.markdown(f"**{tr('cluster.primary')}**")
            sources = primary_sources(db, claims)
            if not sources:
                st.caption(tr("cluster.no_primary"))
            for label, url in sources:
                st.markdown(f"- {md_link(label, url)}")
            st.markdown(f"**{tr('claim.snapshot')}**")
            seen: set[str] = set()
            for c in claims:  # every page read, its stored text one click away
                if c.doc.id in seen:
                    continue
                seen.add(c.doc.id)
                st.page_link(SNAPSHOT_PAGE, label=f"{c.doc.site or c.doc.url} · {(c.doc.published or '')[:10]}",
                             icon="📄", query_params={"doc": c.doc.id, "claim": c.id})
            st.markdown(f"**{tr('cluster.flags')}**")
            flags = cluster_flags(db, cid)
            if not flags:
                st.caption(tr("cluster.no_flags"))
            by_id = {c.id: c for c in claims}
            for f in flags:
                st.markdown("- " + flag_label(f, [by_id[i] for i in f.claims if i in by_id]))
            st.page_link("views/discrepancies.py", label=tr("nav.discrepancies"), icon="⚖️")
