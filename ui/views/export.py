"""Export: claims and flags as CSV and JSONL, ClaimReview JSON-LD of confirmed flags.

Each file is built when its button is clicked (Streamlit's deferred download), so opening the
page costs nothing however large the store is."""

from __future__ import annotations

import functools

import streamlit as st

from ui.components import store_is_empty
from ui.export_data import FILES
from ui.state import stats, store, tr

st.title(tr("export.title"))
db = store()
if not store_is_empty():
    counts = stats()
    confirmed = len(db.list_flags(status="confirmed"))
    st.caption(tr("export.ready", claims=counts.get("claims", 0), flags=counts.get("flags", 0), reviews=confirmed))
    for key, (name, mime, build) in FILES.items():
        st.download_button(f"{tr('export.download')}: {tr('export.' + key)}", data=functools.partial(build, db),
                           file_name=name, mime=mime, key=f"dl-{key}", on_click="ignore", icon="⬇️")
