"""Sources and runs: the last runs, per-source health, errors."""

from __future__ import annotations

import streamlit as st

from ui.labels import localized_columns
from ui.runs_data import run_errors, run_sources, runs_frame
from ui.state import lang, store, tr

st.title(tr("runs.title"))
db = store()
runs = db.list_runs(limit=20)
if not runs:
    st.info(tr("runs.none"))
else:
    st.dataframe(localized_columns(runs_frame(runs), lang()), hide_index=True, width="stretch")
    latest = runs[0]
    st.subheader(tr("runs.sources"))
    sources = run_sources(latest)
    if sources is not None:
        st.dataframe(localized_columns(sources, lang()), hide_index=True, width="stretch")
    st.subheader(tr("runs.errors"))
    errors = run_errors(latest)
    if not errors:
        st.caption(tr("runs.no_errors"))
    for e in errors[:200]:
        st.text(e)
    with st.expander(tr("runs.raw")):
        st.json(latest, expanded=False)
