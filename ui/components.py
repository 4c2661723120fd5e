"""Pieces the pages share: the empty-store notice, a claim card, a flag label, the timeline chart.
Every scraped string goes through ui.safe before it reaches Markdown."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from claimtrack.schema import Claim, Flag
from index import Store
from ui.safe import cite_url, highlight_md, md_escape, md_link
from ui.snapshots import find_snapshot
from ui.state import db_label, settings, stats, tr
from ui.variants import first_appearances, timeline_rows, unit_label, variant_key

CLUSTER_PAGE = "views/cluster.py"
STATUS_ICON = {"open": "🟠", "confirmed": "🔴", "dismissed": "⚪"}


def store_is_empty() -> bool:
    """Shows how to fill the store and returns True when it holds no claims."""
    if stats().get("claims", 0) > 0:
        return False
    st.info(f"**{tr('empty.title')}**  \n{tr('empty.body')}")
    st.code(
        f"claimtrack demo --no-ui        # {tr('empty.demo')}\n"
        f"claimtrack ingest FILES...     # {tr('empty.ingest')}\n"
        f"claimtrack run                 # {tr('empty.run')}",
        language="bash",
    )
    st.caption(md_escape(db_label()))
    return True


def claim_meta_md(c: Claim) -> str:
    unknown = tr("claim.unknown")
    who = md_escape(c.claimant.name) if c.claimant else f"*{unknown}*"
    outlet = md_escape(c.doc.site) if c.doc.site else f"*{unknown}*"
    date = md_escape((c.doc.published or "")[:10]) or f"*{unknown}*"
    about = f" · {tr('claim.subject')}: {md_escape(c.subject.name)}" if c.subject else ""
    return (f"**{who}** · {outlet} · {date} · `{c.lang}`{about}  \n"
            f"{tr('claim.proposition')}: {md_escape(c.proposition.label)} · "
            f"{tr('claim.value')}: **{md_escape(c.value.text)}** ({md_escape(c.value.qualifier)})")


def links_md(c: Claim) -> str:
    parts = []
    article = md_link(c.doc.title or tr("claim.article"), c.doc.url)
    if article.startswith("["):
        parts.append(f"{tr('claim.article')}: {article}")
    else:
        scheme = c.doc.url.split(":", 1)[0] if ":" in c.doc.url else "?"
        parts.append(f"{tr('claim.article')}: {article} {md_escape(tr('claim.no_link', scheme=scheme))}")
    for cite in c.cites[:3]:
        url = cite_url(cite)
        parts.append(f"{tr('claim.primary')}: {md_link(cite, url) if url else md_escape(cite)}")
    return "  \n".join(parts)


def snapshot_of(store: Store, c: Claim, memo: dict[str, Path | None]) -> Path | None:
    """The stored bytes the claim's document was read from, if the snapshot is on disk."""
    if c.doc.id not in memo:
        doc = store.get_document(c.doc.id)
        memo[c.doc.id] = find_snapshot(settings().snapshot_dir, doc.raw_sha256) if doc else None
    return memo[c.doc.id]


def claim_card(c: Claim, *, key: str, cluster_link: bool = True, snapshot: Path | None = None) -> None:
    with st.container(border=True, key=f"claim-{key}-{c.id}"):
        st.markdown(f"{highlight_md(c.quote, c.value.text)}\n\n{claim_meta_md(c)}\n\n{links_md(c)}")
        row = st.container(horizontal=True)
        if cluster_link and c.cluster_id:
            row.page_link(CLUSTER_PAGE, label=tr("claim.cluster"), icon="🔗",
                          query_params={"cluster": c.cluster_id})
        if snapshot is not None:
            # Downloaded, never rendered: the raw bytes can hold any markup.
            row.download_button(tr("claim.snapshot"), data=snapshot.read_bytes, file_name=f"{snapshot.name[:16]}.snapshot",
                                mime="application/octet-stream", key=f"snap-{key}-{c.id}", on_click="ignore",
                                icon="📄", type="tertiary")


def flag_label(f: Flag, claims: list[Claim]) -> str:
    values, seen = [], set()
    for c in claims:  # one text per distinct value (15 percent and 百分之十五 are one variant)
        if variant_key(c) not in seen:
            seen.add(variant_key(c))
            values.append(c.value.text)
    vs = " ≠ ".join(md_escape(v) for v in values[:4])
    kind = tr(f"kind.{f.kind}")
    status = tr(f"status.{f.status}")
    return f"{STATUS_ICON.get(f.status, '')} {f.severity:.2f} · {kind} · {status} · {vs} — {md_escape(f.summary)}"


def timeline_chart(claims: list[Claim]) -> None:
    rows, unit = timeline_rows(claims)
    if not rows:
        return
    df = pd.DataFrame(rows)
    y_title = f"{tr('claim.value')} ({unit_label(unit)})"
    base = alt.Chart(df).encode(
        x=alt.X("date:T", title=tr("claim.date"), scale=alt.Scale(padding=24)),
        color=alt.Color("outlet:N", title=tr("claim.outlet")),
        tooltip=[alt.Tooltip("date:T"), alt.Tooltip("outlet:N"), alt.Tooltip("value:N"),
                 alt.Tooltip("qualifier:N"), alt.Tooltip("lang:N")],
    )
    bars = base.mark_rule(strokeWidth=3).encode(y=alt.Y("low:Q", title=y_title), y2="high:Q")
    points = base.mark_point(size=90, filled=True).encode(y="mid:Q", shape=alt.Shape("lang:N", title="lang"))
    st.altair_chart((bars + points).properties(height=240), width="stretch")


def variants_table(claims: list[Claim]) -> None:
    rows = []
    for v in first_appearances(claims):
        rows.append({
            tr("claim.value"): v.value_text,
            "qualifier": v.qualifier,
            tr("claim.date"): (v.first.doc.published or "")[:10],
            tr("claim.outlet"): v.first.doc.site or "",
            "lang": v.first.lang,
            "n": v.count,
            tr("claim.article"): v.first.doc.url if md_link("x", v.first.doc.url).startswith("[") else None,
        })
    # st.dataframe renders cells as text; LinkColumn only gets http(s) URLs (others are None above).
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={tr("claim.article"): st.column_config.LinkColumn()})
