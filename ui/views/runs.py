"""Sources and runs: the last runs, per-source health, errors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.labels import localized_columns
from ui.runs_data import group_errors, no_source_reached, run_errors, run_sources, run_summary, runs_frame
from ui.safe import md_escape
from ui.state import lang, store, tr

st.title(tr("runs.title"))
db = store()
runs = db.list_runs(limit=20)
if not runs:
    st.info(tr("runs.none"))
else:
    latest = runs[0]
    st.subheader(tr("runs.latest"))
    summary = md_escape(run_summary(latest, tr))
    if no_source_reached(latest):
        st.error(summary, icon="📡")
    else:
        st.info(summary)
    st.dataframe(localized_columns(runs_frame(runs), lang()), hide_index=True, width="stretch")
    st.subheader(tr("runs.sources"))
    sources = run_sources(latest)
    if sources is not None:
        st.dataframe(localized_columns(sources, lang()), hide_index=True, width="stretch")
    st.subheader(tr("runs.errors"))
    groups = group_errors(run_errors(latest))
    if not groups:
        st.caption(tr("runs.no_errors"))
    else:  # one row per distinct error, how often it came and for which pages
        frame = pd.DataFrame([{"times": g.count, "message": g.message, "examples": "  ".join(g.urls)} for g in groups])
        st.dataframe(localized_columns(frame, lang()), hide_index=True, width="stretch")
    with st.expander(tr("runs.raw")):
        st.json(latest, expanded=False)
