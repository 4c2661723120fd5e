"""The search filters as widgets, returning a ClaimFilter."""

from __future__ import annotations

import streamlit as st

from ui.filters import ClaimFilter
from ui.state import tr


def filter_form() -> ClaimFilter:
    with st.expander(tr("search.filters")):
        c1, c2, c3, c4 = st.columns(4)
        claimant = c1.text_input(tr("filter.claimant"), key="f_claimant")
        subject = c2.text_input(tr("filter.subject"), key="f_subject")
        proposition = c3.text_input(tr("filter.proposition"), key="f_proposition")
        outlet = c4.text_input(tr("filter.outlet"), key="f_outlet")
        d1, d2, d3, d4, d5 = st.columns(5)
        lang = d1.selectbox(tr("filter.lang"), [None, "zh", "en"], key="f_lang",
                            format_func=lambda v: tr("filter.any") if v is None else v)
        date_from = d2.date_input(tr("filter.date_from"), value=None, key="f_from")
        date_to = d3.date_input(tr("filter.date_to"), value=None, key="f_to")
        vmin = d4.number_input(tr("filter.value_min"), value=None, step=0.05, key="f_vmin",
                               help=tr("filter.value_help"))
        vmax = d5.number_input(tr("filter.value_max"), value=None, step=0.05, key="f_vmax",
                               help=tr("filter.value_help"))
    return ClaimFilter(claimant=claimant, subject=subject, proposition=proposition, lang=lang, outlet=outlet,
                       date_from=date_from, date_to=date_to, value_min=vmin, value_max=vmax)
