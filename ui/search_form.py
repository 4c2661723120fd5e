"""The search filters as widgets, returning the store's ClaimFilters. Claimants, subjects, propositions,
outlets and languages are pick lists fed by the store's facets (every value with its number of
claims); option labels are scraped names, which select boxes show as plain text."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from index.filters import ClaimFilters
from ui.i18n import LANGS
from ui.state import facets, tr


def _labeller(items: list[tuple[str, str, int]]) -> Callable[[str], str]:
    labels = {value: f"{label} ({n})" for value, label, n in items}
    return lambda value: labels.get(value, value)


def _pick(col, facet: list[tuple[str, str, int]], label_key: str, key: str) -> tuple[str, ...]:
    options = [value for value, _label, _n in facet]
    # A value chosen earlier that the store no longer has stays choosable (and matches nothing).
    options += [v for v in st.session_state.get(key, []) if v not in options]
    chosen = col.multiselect(tr(label_key), options, key=key, format_func=_labeller(facet),
                             placeholder=tr("filter.any"))
    return tuple(chosen)


def filter_form() -> ClaimFilters:
    f = facets()
    with st.expander(tr("search.filters")):
        c1, c2, c3, c4 = st.columns(4)
        claimants = _pick(c1, f["claimants"], "filter.claimant", "f_claimant")
        subjects = _pick(c2, f["subjects"], "filter.subject", "f_subject")
        propositions = _pick(c3, f["propositions"], "filter.proposition", "f_proposition")
        outlets = _pick(c4, f["sites"], "filter.outlet", "f_outlet")
        d1, d2, d3, d4, d5 = st.columns(5)
        lang_label = _labeller([(code, LANGS.get(code, code), n) for code, _label, n in f["langs"]])
        lang = d1.selectbox(tr("filter.lang"), [None, *(v for v, _l, _n in f["langs"])], key="f_lang",
                            format_func=lambda v: tr("filter.any") if v is None else lang_label(v))
        date_from = d2.date_input(tr("filter.date_from"), value=None, key="f_from")
        date_to = d3.date_input(tr("filter.date_to"), value=None, key="f_to")
        vmin = d4.number_input(tr("filter.value_min"), value=None, step=0.05, key="f_vmin",
                               help=tr("filter.value_help"))
        vmax = d5.number_input(tr("filter.value_max"), value=None, step=0.05, key="f_vmax",
                               help=tr("filter.value_help"))
    return ClaimFilters.of(claimant_id=claimants, subject_id=subjects, proposition_key=propositions, lang=lang,
                           site=outlets, published_from=date_from, published_to=date_to,
                           value_min=vmin, value_max=vmax)
