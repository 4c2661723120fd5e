"""Export: claims as CSV and JSONL, flags as JSONL, ClaimReview JSON-LD of confirmed flags."""

from __future__ import annotations

import streamlit as st

from ui.components import store_is_empty
from ui.export_data import build_exports
from ui.state import store, tr

st.title(tr("export.title"))
db = store()
if not store_is_empty():
    if st.button(tr("export.prepare"), type="primary", key="export_prepare"):
        with st.spinner(tr("export.preparing")):
            st.session_state["exports"] = build_exports(db)
    files = st.session_state.get("exports")
    if files:
        st.success(tr("export.ready", **files.counts))
        for key, label in (("claims_csv", "export.claims_csv"), ("claims_jsonl", "export.claims_jsonl"),
                           ("flags_jsonl", "export.flags_jsonl"),
                           ("flags_csv", "export.flags_csv"), ("claimreview", "export.claimreview")):
            name, mime, data = files.files[key]
            st.download_button(f"{tr('export.download')}: {tr(label)}", data=data, file_name=name, mime=mime,
                               key=f"dl-{key}", on_click="ignore")
