"""The Chinese interface is Chinese: every page, opened in Chinese on the fixture store, shows no
English interface word. Scraped data (quotes, names, outlets, titles, values, URLs) is left as
written and taken out before the check; what remains must come from the Chinese strings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimtrack.schema import Entity, Flag, Proposition
from tests.support.ui_store import FLAG_FISH, FLAG_PAYLOAD, build_store, fixture_objects
from ui import APP_PATH
from ui.i18n import STRINGS
from ui.labels import flag_summary, proposition_label, qualifier_label

TIMEOUT = 60
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    path = build_store(tmp_path / "ui.db")
    monkeypatch.setenv("CLAIMTRACK_DB", str(path))
    monkeypatch.setenv("CLAIMTRACK_BACKEND", "sqlite")
    for var in ("CLAIMTRACK_UI_USERS", "CLAIMTRACK_UI_HOST", "CLAIMTRACK_UI_LANG"):
        monkeypatch.delenv(var, raising=False)
    return path


def data_strings() -> list[str]:
    """Everything the fixture's pages show that was scraped, not written by us."""
    docs, _flags = fixture_objects()
    out: list[str] = []
    for doc, claims in docs:
        out += [doc.url, doc.url.split(":", 1)[0], doc.title or "", doc.site or ""]
        for c in claims:
            out += [c.quote, c.value.text, c.proposition.label, *c.cites]
            out += [e.name for e in (c.claimant, c.subject) if e is not None]
    return sorted({s for s in out if s}, key=len, reverse=True)


def visible_texts(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [e.label for e in at.expander]
    for kind in ("selectbox", "multiselect", "radio", "toggle", "checkbox", "text_input", "number_input", "date_input", "button",
                 "text_area"):
        for w in getattr(at, kind):
            out.append(w.label)
            out += [str(o) for o in getattr(w, "options", [])]
            out += [x for x in (getattr(w.proto, "placeholder", ""), getattr(w.proto, "help", "")) if x]
    for d in at.dataframe:
        out += [str(c) for c in d.value.columns]
        for col in d.value.columns:  # short cells are interface words (qualifiers, yes/no), long ones data
            out += [str(v) for v in d.value[col] if isinstance(v, str) and len(v) < 20]
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        out += re.findall(r'"title": ?"([^"]*)"', json.dumps(spec, ensure_ascii=False))
    return out


def english_left(texts: list[str]) -> set[str]:
    from nlp.propositions import PropositionLexicon

    # the interface's own Chinese strings, and the lexicon's Chinese labels ('十年内出现有意识 AI 的概率')
    zh_strings = [*STRINGS["zh"].values(), *(r.zh for r in PropositionLexicon.load().rules if r.zh)]
    allowed = {w for v in zh_strings for w in WORD.findall(v)} | {"English"}  # the language switch
    data = data_strings()
    words: set[str] = set()
    for text in texts:
        text = re.sub(r":orange-background\[\*\*(.*?)\*\*\]", r"\1", text.replace("\\", "").replace("\u2060", ""))
        text = re.sub(r"\]\((https?://[^)]*)\)", "] ", text)  # link targets
        for s in data:
            text = text.replace(s, " ")
        text = re.sub(r"https?://\S+|`[^`]*`|\*\*", " ", text)
        words |= {w for w in WORD.findall(text) if w not in allowed}
    return words


def zh_app() -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.query_params["lang"] = "zh"
    at.run()
    return at


def open_flag(at: AppTest, flag_id: str) -> None:
    at.selectbox(key="d_open").select_index(1 + at.session_state["d_ids"].index(flag_id)).run()


@pytest.mark.parametrize("page", [None, "views/discrepancies.py", "views/cluster.py", "views/runs.py",
                                  "views/export.py"])
def test_no_english_interface_word_on_a_chinese_page(db, page):
    at = zh_app()
    if page:
        at.switch_page(page).run()
    texts = visible_texts(at)
    if page == "views/discrepancies.py":
        for fid in (FLAG_FISH, FLAG_PAYLOAD):  # each flag opened in turn
            open_flag(at, fid)
            assert at.get("vega_lite_chart"), "the opened flag shows its chart"
            texts += visible_texts(at)
    if page == "views/cluster.py":
        at.text_input(key="cluster_id").input("cl-fish").run()
        assert at.dataframe, "the cluster shows its tables"
    assert not at.exception, [e.value for e in at.exception]
    assert english_left(texts + visible_texts(at)) == set()


def test_the_check_catches_an_english_string():
    assert english_left(["对象: approx", "🟠 数值冲突 — Kyle Fish: 15 percent vs 20%"]) == {"approx", "vs"}


def test_qualifiers_and_lexicon_labels_in_the_readers_language():
    for q in ("exact", "approx", "at_least", "more_than", "at_most", "less_than", "range"):
        assert qualifier_label(q, "zh") != q and not WORD.search(qualifier_label(q, "zh"))
    assert qualifier_label("at_least", "en") == "at least"
    p = Proposition(key="consciousness-probability-current-models", label="当前模型 意识 概率")
    assert proposition_label(p, "en") == "probability that current AI models are conscious"
    assert proposition_label(p, "zh") == "当前 AI 模型具有意识的概率"
    own = Proposition(key="auto-1234", label="share of compute")  # no lexicon entry: its own label
    assert proposition_label(own, "zh") == "share of compute"


def test_flag_summary_in_chinese_names_the_claimant_as_chinese_coverage_does():
    docs, flags = fixture_objects()
    claims = {c.id: c for _d, cs in docs for c in cs}
    fish = next(f for f in flags if f.id == FLAG_FISH)
    mine = [claims[i] for i in fish.claims]
    zh = flag_summary(fish, mine, "zh")
    assert zh.startswith("凯尔·菲什：") and "对比" in zh and "2025-04-24" in zh and "vs" not in zh
    assert flag_summary(fish, mine, "en") == fish.summary
    # an attribution conflict credits each variant to its own claimant
    a, b = mine
    b = b.model_copy(update={"claimant": Entity(name="张三", id="zhang-san")})
    credit = Flag(id="f", kind="attribution_conflict", severity=0.3, cluster_id="c", claims=[a.id, b.id], summary="x")
    text = flag_summary(credit, [a, b], "zh")
    assert "Kyle Fish" in text and "张三" in text
