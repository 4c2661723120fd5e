"""Pieces the pages share: the empty-store notice, a claim card, a flag label, the timeline chart.
Every scraped string goes through ui.safe before it reaches Markdown."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from claimtrack.schema import Claim, Flag
from claimtrack.textnorm import asks
from index import Store
from ui.i18n import LANGS
from ui.labels import entity_label, flag_summary, localized_columns, proposition_label, qualifier_label
from ui.queue_data import LEVEL_ICON, severity_level
from ui.safe import cite_url, highlight_md, md_escape, md_link
from ui.snapshots import find_snapshot
from ui.state import db_label, lang, settings, stats, tr
from ui.variants import first_appearances, timeline_rows, unit_label, variant_key

CLUSTER_PAGE = "views/cluster.py"
SNAPSHOT_PAGE = "views/snapshot.py"


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
    about = f" · {tr('claim.subject')}: {md_escape(entity_label(c.subject, lang()))}" if c.subject else ""
    return (f"**{who}** · {outlet} · {date} · `{c.lang}`{about}  \n"
            f"{tr('claim.proposition')}: {md_escape(proposition_label(c.proposition, lang()))} · "
            f"{tr('claim.value')}: **{md_escape(c.value.text)}** ({md_escape(qualifier_label(c.value.qualifier, lang()))})")


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


CHECK_ICON = {"supported": "✅", "differs": "❗", "not_in_source": "❔", None: "⚪"}


def is_primary(store: Store, c: Claim, memo: dict) -> bool:
    """Whether the claim's document is a primary source (what the others are checked against)."""
    key = ("primary", c.doc.id)
    if key not in memo:
        doc = store.get_document(c.doc.id)
        memo[key] = bool(doc and doc.primary)
    return bool(memo[key])


def source_check_badge(c: Claim, *, key: str, primary: bool = False) -> None:
    """What the claim's own primary source says, one click away: supported, says otherwise, not in
    the source, or unchecked (no primary source of the claim is stored). A primary's own statement
    says so instead."""
    if primary:
        st.caption(f"📜 {tr('check.is_primary')}")
        return
    check = c.source_check
    status = check.status if check else None
    name = status or "unchecked"
    label = f"{CHECK_ICON[status]} {tr('check.' + name)}"
    if check is None:
        st.caption(label)
        return
    where = check.url
    with st.expander(label, expanded=False, key=f"check-{key}-{c.id}"):
        link = md_link(where, where) if where.startswith(("http://", "https://")) else md_escape(where)
        if check.quote:
            value = f" · {tr('check.source_value', value=md_escape(check.value or ''))}" if check.value else ""
            st.markdown(f"**{tr('check.source_says', where=link)}**{value}\n\n"
                        f"{highlight_md(check.quote, check.value or '')}")
        else:
            st.markdown(tr("check.not_found_body", where=link))


def claim_card(c: Claim, *, key: str, cluster_link: bool = True, snapshot: Path | None = None,
               primary: bool = False) -> None:
    with st.container(border=True, key=f"claim-{key}-{c.id}"):
        if c.context and asks(c.context):  # an answer ('I'd say 2032.'): the question it answers first
            st.caption(tr("claim.answers", question=md_escape(c.context)))
        st.markdown(f"{highlight_md(c.quote, c.value.text)}\n\n{claim_meta_md(c)}\n\n{links_md(c)}")
        source_check_badge(c, key=key, primary=primary)
        row = st.container(horizontal=True)
        if cluster_link and c.cluster_id:
            row.page_link(CLUSTER_PAGE, label=tr("claim.cluster"), icon="🔗",
                          query_params={"cluster": c.cluster_id})
        # The stored text of what was read, in the app: it stays readable when the page is gone.
        row.page_link(SNAPSHOT_PAGE, label=tr("claim.snapshot"), icon="📄",
                      query_params={"doc": c.doc.id, "claim": c.id})
        if snapshot is not None:
            # Downloaded, never rendered: the raw bytes can hold any markup.
            row.download_button(tr("claim.raw"), data=snapshot.read_bytes, file_name=f"{snapshot.name[:16]}.snapshot",
                                mime="application/octet-stream", key=f"snap-{key}-{c.id}", on_click="ignore",
                                icon="⬇️", type="tertiary")


def selectable_table(frame: pd.DataFrame, ids: list[str], *, key: str, ids_key: str, opens: str) -> None:
    """A table of one row per id, its severity column a bar; selecting a row sets
    `st.session_state[opens]` to that row's id (before the rerun, so a widget keyed `opens` follows)."""
    st.session_state[ids_key] = ids

    def pick() -> None:
        rows = st.session_state[key].selection.rows
        if rows and rows[0] < len(st.session_state.get(ids_key, [])):
            st.session_state[opens] = st.session_state[ids_key][rows[0]]

    st.dataframe(frame, hide_index=True, width="stretch", key=key, on_select=pick, selection_mode="single-row",
                 column_config={tr("col.severity"): st.column_config.ProgressColumn(
                     min_value=0.0, max_value=1.0, format="%.2f", width="small"),
                     # a long list of outlets is cut (the whole list on hover) so the status stays in view
                     tr("col.outlets"): st.column_config.TextColumn(width="medium")})


def flag_label(f: Flag, claims: list[Claim], *, markdown: bool = True) -> str:
    """One line: the severity's level icon and number, kind, status (a word, not a colour), the
    values and the summary; escaped for Markdown unless `markdown` is False (pick lists show text)."""
    esc = md_escape if markdown else (lambda x: x)
    values, seen = [], set()
    for c in claims:  # one text per distinct value (15 percent and 百分之十五 are one variant)
        if variant_key(c) not in seen:
            seen.add(variant_key(c))
            values.append(c.value.text)
    vs = " ≠ ".join(esc(v) for v in values[:4])
    kind = tr(f"kind.{f.kind}")
    status = tr(f"status.{f.status}")
    summary = esc(flag_summary(f, claims, lang()))
    icon = LEVEL_ICON[severity_level(f.severity)]
    return f"{icon} {f.severity:.2f} · {kind} · {status} · {vs} — {summary}"


def timeline_chart(claims: list[Claim]) -> None:
    rows, unit = timeline_rows(claims)
    if not rows:
        return
    df = pd.DataFrame(rows)
    df["qualifier"] = [qualifier_label(q, lang()) for q in df["qualifier"]]
    df["variant"] = [f"{v} ({q})" for v, q in zip(df["value"], df["qualifier"], strict=True)]
    y_title = f"{tr('claim.value')} ({unit_label(unit)})"
    variants = list(dict.fromkeys(df["variant"]))
    # Each variant has its own shape and its own colour from the Okabe-Ito palette, which readers
    # with the common colour-vision deficiencies tell apart; one date format, with the year.
    legend = alt.Legend(title=tr("chart.variant"))
    base = alt.Chart(df).encode(
        x=alt.X("date:T", title=tr("claim.date"), scale=alt.Scale(padding=24),
                axis=alt.Axis(format="%Y-%m-%d", labelAngle=0)),
        color=alt.Color("variant:N", scale=alt.Scale(domain=variants, range=OKABE_ITO), legend=legend),
        tooltip=[alt.Tooltip("date:T", title=tr("col.date"), format="%Y-%m-%d"),
                 alt.Tooltip("outlet:N", title=tr("col.outlet")), alt.Tooltip("value:N", title=tr("col.value")),
                 alt.Tooltip("qualifier:N", title=tr("col.qualifier")), alt.Tooltip("lang:N", title=tr("col.lang"))],
    )
    y = alt.Y("low:Q", title=y_title, scale=alt.Scale(padding=16))  # points stay inside the frame
    bars = base.mark_rule(strokeWidth=3).encode(y=y, y2="high:Q")
    points = base.mark_point(size=110, filled=True).encode(
        y="mid:Q", shape=alt.Shape("variant:N", scale=alt.Scale(domain=variants, range=SHAPES), legend=legend))
    st.altair_chart((bars + points).properties(height=240), width="stretch")


#: Okabe & Ito's colour-blind-safe palette (orange, sky blue, bluish green, yellow, blue, vermillion,
#: reddish purple, black) and as many distinct point shapes.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left", "triangle-right"]


def variants_table(claims: list[Claim]) -> None:
    rows = []
    for v in first_appearances(claims):
        rows.append({
            "value": v.value_text,
            "qualifier": qualifier_label(v.qualifier, lang()),
            "date": (v.first.doc.published or "")[:10],
            "outlet": v.first.doc.site or "",
            "lang": LANGS.get(v.first.lang, v.first.lang),
            "count": v.count,
            "url": v.first.doc.url if md_link("x", v.first.doc.url).startswith("[") else None,
        })
    # st.dataframe renders cells as text; LinkColumn only gets http(s) URLs (others are None above).
    st.dataframe(localized_columns(pd.DataFrame(rows), lang()), hide_index=True, width="stretch",
                 column_config={tr("col.url"): st.column_config.LinkColumn()})
