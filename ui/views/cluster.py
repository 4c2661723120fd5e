"""Claim cluster: every appearance of one claim, its history, its primary sources, its flags."""

from __future__ import annotations

import streamlit as st

from ui.cluster_data import appearances_frame, cluster_flags, primary_sources
from ui.components import SNAPSHOT_PAGE, flag_label, store_is_empty, timeline_chart, variants_table
from ui.i18n import LANGS
from ui.labels import localized_columns, proposition_label, qualifier_label
from ui.safe import md_escape, md_link
from ui.state import lang, store, tr

st.title(tr("cluster.title"))
db = store()
if not store_is_empty():
    if "cluster_id" not in st.session_state:
        st.session_state["cluster_id"] = st.query_params.get("cluster", "")
    cid = st.text_input(tr("cluster.pick"), key="cluster_id").strip()
    if not cid:
        st.info(tr("cluster.none"))
    else:
        claims = db.list_claims(cluster_id=cid, limit=2000)
        if not claims:
            st.warning(tr("cluster.unknown", cid=md_escape(cid)))
        else:
            st.query_params["cluster"] = cid
            first = claims[0]
            who = md_escape(first.claimant.name) if first.claimant else tr("claim.unknown")
            about = f" · {md_escape(first.subject.name)}" if first.subject else ""
            st.subheader(md_escape(proposition_label(first.proposition, lang())))
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
