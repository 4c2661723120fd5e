"""Export: claims and flags as CSV and JSONL, ClaimReview JSON-LD of confirmed flags.

Opening the page costs nothing however large the store is: a file is built when its button is
clicked, under a spinner, with a progress bar over the claims for the claim files (a few seconds
for 100k claims); then its download button appears. Only the last file built is kept in the
session."""

from __future__ import annotations

import streamlit as st

from ui.components import store_is_empty
from ui.export_data import FILES, size_label
from ui.state import stats, store, tr

st.title(tr("export.title"))
db = store()
if not store_is_empty():
    counts = stats()
    confirmed = len(db.list_flags(status="confirmed"))
    st.caption(tr("export.ready", claims=counts.get("claims", 0), flags=counts.get("flags", 0), reviews=confirmed))
    total = max(counts.get("claims", 0), 1)
    asked = st.session_state.pop("export_asked", None)
    if asked is not None:
        st.session_state.pop("export_file", None)  # one built file per session at most

    def ask(key: str) -> None:
        st.session_state["export_asked"] = key

    for key, (name, mime, build, per_claim) in FILES.items():
        what = tr("export." + key)
        left, right = st.columns([3, 2], vertical_alignment="center")
        left.button(f"{tr('export.build')}: {what}", key=f"build-{key}", icon="⚙️", on_click=ask, args=(key,))
        if asked == key:
            with st.spinner(tr("export.building", what=what), show_time=True):
                bar = st.progress(0.0, text=tr("export.progress", done=0, total=total)) if per_claim else None

                def progress(done: int, bar=bar) -> None:
                    if bar is not None:
                        bar.progress(min(done / total, 1.0), text=tr("export.progress", done=done, total=total))

                data = build(db, progress)
                if bar is not None:
                    bar.empty()
            st.session_state["export_file"] = (key, data)
        built = st.session_state.get("export_file")
        if built and built[0] == key:
            right.download_button(f"{tr('export.download')}: {name} ({size_label(len(built[1]))})", data=built[1],
                                  file_name=name, mime=mime, key=f"dl-{key}", on_click="ignore", icon="⬇️",
                                  type="primary")
