"""The UI's pure helpers: escaping, links, filters, variants, logins."""

from __future__ import annotations

import re
from datetime import date

import pytest

from claimtrack.settings import Settings
from index.filters import ClaimFilters
from tests.support.ui_store import fixture_objects
from ui import auth
from ui.i18n import STRINGS, t
from ui.queue_data import outlets_text, queue_rows, severity_level
from ui.runs_data import group_errors, no_source_reached, run_summary
from ui.safe import WJ, cite_url, highlight_md, md_escape, md_link, safe_url
from ui.variants import first_appearances, timeline_rows, variant_sides


def _claims():
    docs, _ = fixture_objects()
    return [c for _, cs in docs for c in cs]


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](http://x/y.png)", "**b** _i_ `c`",
    ":red[x] :smile: $x$", "# heading", "- item", "a | b", "<b onmouseover=alert(1)>x</b>", "\\[x\\](y)",
])
def test_md_escape_leaves_no_live_markdown(raw):
    out = md_escape(raw)
    # every ASCII punctuation character (backslash included) comes as a backslash escape
    shown, i = [], 0
    while i < len(out):
        if out[i] == "\\":
            assert re.match(r"[!-/:-@\[-`{-~]", out[i + 1]), out
            shown.append(out[i + 1])
            i += 2
        else:
            assert not re.match(r"[!-/:-@\[-`{-~]", out[i]), out
            shown.append(out[i])
            i += 1
    assert "".join(shown).replace(WJ, "") == raw


def test_md_escape_breaks_autolinks_and_flattens_lines():
    out = md_escape("see www.x.org or https://x.org or a@b.org\n# not a heading")
    plain = out.replace("\\", "")
    assert "www." not in plain and "://" not in plain and "a@b" not in plain
    assert plain.replace(WJ, "") == "see www.x.org or https://x.org or a@b.org # not a heading"
    assert "\n" not in out


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a?b=1#c", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
    ("data:text/html,<b>", False), ("file:///etc/passwd", False), ("//example.org", False),
    ("http:///nohost", False), ("https://ex\nample.org", False), (None, False), ("mailto:a@b.c", False),
])
def test_safe_url_accepts_only_http_with_host(url, ok):
    assert (safe_url(url) is not None) is ok


def test_md_link_cannot_be_closed_by_the_url_or_label():
    link = md_link("t](javascript:x)", "https://e.org/a)b(c d")
    assert link.startswith("[t\\]\\(javascript\\:x\\)](https://e.org/a%29b%28c%20d)")
    assert md_link("title", "javascript:alert(1)") == "title"


def test_cite_url_resolves_arxiv_and_doi_only():
    assert cite_url("2411.00986") == "https://arxiv.org/abs/2411.00986"
    assert cite_url("arXiv:2411.00986v2") == "https://arxiv.org/abs/2411.00986v2"
    assert cite_url("doi:10.1000/xyz") == "https://doi.org/10.1000/xyz"
    assert cite_url("javascript:alert(1)") is None and cite_url("a podcast") is None


def test_highlight_marks_first_value_occurrence_only():
    md = highlight_md("it is 20% or 20% [x]", "20%")
    assert md == "it is :orange-background[**20\\%**] or 20\\% \\[x\\]"
    assert highlight_md("no value here", "20%") == "no value here"


def test_filters_run_in_a_real_store(tmp_path):
    """The page's filter values, turned into store arguments, on the UI fixture in a SQLite file."""
    from index.sqlite_store import SQLiteStore
    from tests.support.ui_store import build_store
    from ui.search_logic import find_claims

    with SQLiteStore(build_store(tmp_path / "ui.db")) as store:
        def names(f: ClaimFilters, query: str = "") -> list[str]:
            return sorted(c.value.text for c in find_claims(store, query, f).claims)

        assert names(ClaimFilters.of(claimant_id=("kyle-fish",))) == ["15 percent", "20%"]
        assert names(ClaimFilters.of(claimant_id=("kyle-fish", "david-chalmers"), lang="en")) == [
            "15 percent", "no less than 25%"]
        assert names(ClaimFilters.of(lang="zh", proposition_key=("consciousness-probability-within-decade",))) == ["25%"]
        assert names(ClaimFilters.of(site=("Harbor Ledger",))) == ["15 percent"]
        assert names(ClaimFilters.of(published_from=date(2025, 5, 1), published_to=date(2025, 5, 31))) == ["40%", "45%"]
        # value ranges overlap the claim's interval; an open upper bound reaches any maximum
        assert names(ClaimFilters.of(value_min=0.3)) == ["40%", "45%", "no less than 25%"]
        assert names(ClaimFilters.of(value_max=0.16)) == ["15 percent"]
        assert names(ClaimFilters.of(subject_id=("current-ai-models",)), "Quill") == []
    assert ClaimFilters().is_empty() and not ClaimFilters.of(lang="en").is_empty()
    assert ClaimFilters.of(site=("a",), lang="zh").without("lang") == ClaimFilters.of(site="a")
    # keywords set filters on top of the object; None clears one
    both = ClaimFilters.of(ClaimFilters.of(site="a", lang="zh"), lang=None, value_min=1)
    assert both == ClaimFilters(site=("a",), value_min=1.0)


def test_first_appearances_and_timeline():
    fish = [c for c in _claims() if c.cluster_id == "cl-fish"]
    variants = first_appearances(list(reversed(fish)))
    assert [(v.value_text, v.first.doc.site) for v in variants] == [("15 percent", "Harbor Ledger"), ("20%", "晨星科技评论")]
    rows, unit = timeline_rows(fish)
    assert unit == "ratio" and [(r["date"], r["mid"]) for r in rows] == [("2025-04-24", 15.0), ("2025-08-03", 20.0)]
    ch = [c for c in _claims() if c.cluster_id == "cl-chalmers"]
    rows, _ = timeline_rows(ch)
    assert {r["value"]: (r["low"], r["high"]) for r in rows}["no less than 25%"] == (25.0, 25.0)


def test_password_hashes_and_review_modes():
    h = auth.hash_password("pw", iterations=1000)
    assert h.startswith("pbkdf2_sha256$1000$") and "pw" not in h.split("$", 2)[2]
    assert auth.verify_password("pw", h) and not auth.verify_password("PW", h)
    assert not auth.verify_password("pw", "garbage") and not auth.verify_password("pw", "md5$1$00$00")
    s = Settings(ui_users={"ann": h})
    assert auth.check_login(s, "ann", "pw") and not auth.check_login(s, "bob", "pw")
    assert auth.review_mode(s) == "login"
    assert auth.review_mode(Settings(ui_host="127.0.0.1")) == "name"
    assert auth.review_mode(Settings(ui_host="localhost")) == "name"
    assert auth.review_mode(Settings(ui_host="0.0.0.0")) == "off"
    # the address the server was really started with wins over the settings
    assert auth.review_mode(Settings(ui_host="127.0.0.1"), "0.0.0.0") == "off"
    assert auth.review_mode(Settings(ui_host="127.0.0.1"), "::1") == "name"


def test_both_languages_have_every_interface_string():
    assert set(STRINGS["en"]) == set(STRINGS["zh"])
    for key, text in STRINGS["en"].items():
        fields = set(re.findall(r"{(\w+)}", text))
        assert fields == set(re.findall(r"{(\w+)}", STRINGS["zh"][key])), key
    assert t("nav.search", "zh") == "搜索" and t("no.such.key", "zh") == "no.such.key"


def _copy(c, doc_id: str, site: str, published: str):
    return c.model_copy(update={"id": f"{c.id}-{doc_id}",
                                "doc": c.doc.model_copy(update={"id": doc_id, "site": site, "published": published})})


def test_variant_sides_fold_syndicated_copies_under_their_original():
    fish = [c for c in _claims() if c.cluster_id == "cl-fish"]
    en = next(c for c in fish if c.lang == "en")
    zh = next(c for c in fish if c.lang == "zh")
    # two reprints of the Chinese story (one dated before the original's own page), one independent outlet
    early_copy = _copy(zh, "d-copy1", "转载站甲", "2025-08-01")
    late_copy = _copy(zh, "d-copy2", "Reprint Wire", "2025-09-01")
    other = _copy(zh, "d-other", "另一家媒体", "2025-08-10")
    story_of = {"d-copy1": zh.doc.id, "d-copy2": zh.doc.id}
    sides = variant_sides([en, late_copy, zh, other, early_copy], story_of)
    assert [s.value_text for s in sides] == [en.value.text, zh.value.text]  # first appearance order
    assert [[st.claim.doc.id for st in s.stories] for s in sides] == [[en.doc.id], [zh.doc.id, "d-other"]]
    assert [c.doc.id for c in sides[1].stories[0].copies] == ["d-copy1", "d-copy2"]
    assert sides[0].stories[0].copies == []


def test_queue_rows_show_level_status_and_the_claims_in_the_readers_language():
    docs, flags = fixture_objects()
    claims = {c.id: c for _, cs in docs for c in cs}
    rows = queue_rows(flags, claims, "zh", lambda key, **kw: t(key, "zh", **kw))
    fish = next(r for r in rows if r["severity"] == max(f.severity for f in flags))
    assert fish["claimant"] == "凯尔·菲什" and fish["level"].startswith("🔴")
    assert set(fish["outlets"].split(", ")) == {"Harbor Ledger", "晨星科技评论"}
    assert fish["status"] == "○ " + t("status.open", "zh") and fish["flag_kind"] == t("kind.value_conflict", "zh")
    assert [severity_level(x) for x in (0.0, 0.44, 0.45, 0.69, 0.7, 1.0)] == ["low", "low", "medium", "medium",
                                                                             "high", "high"]
    many = [_copy(next(iter(claims.values())), f"d{i}", f"Outlet {i}", "2025-01-01") for i in range(5)]
    assert outlets_text(many) == "Outlet 0, Outlet 1 +3"


def test_errors_group_by_message_with_urls_set_aside():
    groups = group_errors(["a: https://x.example/1?q=2: timed out", "a: https://x.example/2: timed out",
                           "b: http://y.example:8080/feed: HTTP 404", "a: https://x.example/3: timed out",
                           "spool: 2 unreadable line(s) skipped"], examples=2)
    assert [(g.message, g.count) for g in groups] == [("a: <url>: timed out", 3), ("b: <url>: HTTP 404", 1),
                                                     ("spool: 2 unreadable line(s) skipped", 1)]
    assert groups[0].urls == ["https://x.example/1?q=2", "https://x.example/2"]
    assert group_errors([]) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_summary_in_both_languages(lang):
    tr = lambda key, **kw: t(key, lang, **kw)  # noqa: E731
    ok = {"kind": "run", "started": "2026-01-02T03:00:00+00:00", "finished": "2026-01-02T03:10:00+00:00",
          "per_source": {"A": {"pages": 4}, "B": {"unchanged": 2}, "C": {"pages": 0}}, "failed_sources": ["C"],
          "errors": ["C: https://c.example/: refused"], "documents": 4, "new": 1, "changed": 2, "claims": 9}
    offline = {**ok, "per_source": {}, "failed_sources": ["A", "B", "C"], "documents": 0}
    text = run_summary(ok, tr)
    assert t("runs.kind.run", lang) in text and "2026-01-02 03:00" in text
    assert t("runs.sum_sources", lang, reached=2, failed=1) in text and "9" in text
    assert not no_source_reached(ok) and no_source_reached(offline)
    assert t("runs.sum_none_reached", lang, n=3) in run_summary(offline, tr)
    assert run_summary({"kind": "backfill"}, tr).startswith(t("runs.sum_head", lang, kind="backfill", when="?"))


def test_claimant_name_is_the_fullest_in_the_readers_script():
    from claimtrack.schema import Entity
    from ui.labels import claimant_name

    fish = [c for c in _claims() if c.cluster_id == "cl-fish"]
    short = fish[0].model_copy(update={"claimant": Entity(name="Fish", id="kyle-fish")})
    # the entities file names kyle-fish in both scripts: its names win over a claim's short form
    assert claimant_name([short], "en") == "Kyle Fish" and claimant_name([short], "zh") == "凯尔·菲什"
    # a claimant the entities file does not know: the fullest name the claims give, in the reader's script
    unknown = [fish[0].model_copy(update={"claimant": Entity(name=n, id="zed-q")}) for n in ("Quill", "Zed Quill", "奎尔")]
    other = fish[0].model_copy(update={"claimant": Entity(name="Someone Else Entirely", id="other")})
    assert claimant_name([*unknown, other], "en") == "Zed Quill"  # the claimant most claims name
    assert claimant_name([*unknown, other], "zh") == "奎尔"
    assert claimant_name([fish[0].model_copy(update={"claimant": None})], "en") is None


def test_a_subject_is_named_in_the_readers_script_when_the_entities_file_can():
    from claimtrack.schema import Entity
    from ui.labels import entity_label

    models = Entity(name="current models", id="current-ai-models")
    assert entity_label(models, "zh") == "当前模型" and entity_label(models, "en") == "current models"
    # no Chinese name in the entities file, or an entity it does not know: the claim's own words
    assert entity_label(Entity(name="Claude Opus 4", id="claude-opus-4"), "zh") == "Claude Opus 4"
    assert entity_label(Entity(name="星河二号", id="xinghe-2"), "en") == "星河二号"
