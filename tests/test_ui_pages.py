"""Every page of the Streamlit app through AppTest, on a real temporary SQLite store."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimtrack.schema import Review
from index.sqlite_store import SQLiteStore
from tests.support.ui_store import FLAG_CHALMERS, FLAG_FISH, FLAG_PAYLOAD, build_store, run_app, use_store
from ui import APP_PATH, auth, export_data

TIMEOUT = 60


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    return use_store(monkeypatch, build_store(tmp_path / "ui.db"))


def app(page: str | None = None) -> AppTest:
    return run_app(page)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def open_flag(at: AppTest, flag_id: str) -> AppTest:
    """Choose the flag in the pick list under the queue (what selecting its table row does)."""
    at.selectbox(key="d_open").select_index(1 + at.session_state["d_ids"].index(flag_id)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_app_path_points_at_the_entry_script():
    assert APP_PATH.name == "app.py" and APP_PATH.is_file()


def test_empty_store_explains_how_to_fill_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path / "empty.db"))
    for page in (None, "views/discrepancies.py", "views/cluster.py", "views/export.py"):
        at = app(page)
        code = "\n".join(c.value for c in at.code)
        assert "claimtrack demo --no-ui" in code and "claimtrack ingest" in code, page
    at = app("views/runs.py")
    assert any("No run recorded" in i.value for i in at.info)


def test_search_chinese_highlights_value_and_links_only_http(db):
    at = app()
    at.text_input(key="q").input("意识").run()
    md = markdown(at)
    # the Chinese Fish claim, with the value highlighted, the outlet, date and article link
    assert "概率大约是:orange-background[**20\\%**]" in md
    assert "晨星科技评论" in md and "2025\\-08\\-03" in md
    assert "(https://chenxing-tech.example/post/42.html)" in md
    # the English claim on the same proposition comes along, in its own section
    assert any("other languages" in s.value for s in at.subheader)
    assert "roughly a :orange-background[**15 percent**]" in md
    assert "(https://arxiv.org/abs/2411.00986)" in md  # arXiv id resolved to a link
    # the exact bytes read are offered as a download (never rendered) where the snapshot is on disk;
    # every claim links to the stored text of its page, in the app
    snaps = at.get("download_button")
    assert len(snaps) == 1 and snaps[0].proto.label == "Exact bytes read"
    links = [p for p in at.get("page_link") if p.proto.label == "Snapshot of what was read"]
    cards = [p for p in at.get("page_link") if p.proto.label == "All appearances of this claim"]
    assert len(links) == len(cards) >= 2 and all(p.proto.query_string.startswith("doc=") for p in links)


def test_search_english_and_filters(db):
    at = app()
    at.text_input(key="q").input("chance").run()
    assert "15 percent" in markdown(at)
    outlet = at.multiselect(key="f_outlet")
    # pick lists come from the store's facets: every outlet with its number of claims
    assert "Northwind Review (1)" in outlet.options and "Harbor Ledger (1)" in outlet.options
    outlet.select("Northwind Review").run()
    assert "15 percent" not in markdown(at)
    at.text_input(key="q").input("").run()  # browse with the outlet filter only
    md = markdown(at)
    assert "Northwind Review" in md and "Harbor Ledger" not in md
    at.multiselect(key="f_outlet").unselect("Northwind Review").run()
    at.number_input(key="f_vmin").set_value(0.42).run()
    md = markdown(at)
    assert "45\\%" in md and "40\\%" not in md and "Kyle Fish" not in md


def test_claimant_pick_list_joins_names_across_languages(db):
    at = app()
    claimant = at.multiselect(key="f_claimant")
    assert "Kyle Fish / 凯尔·菲什 (2)" in claimant.options
    claimant.select("kyle-fish").run()
    md = markdown(at)
    assert "15 percent" in md and "20\\%" in md and "Chalmers" not in md  # both languages, one person
    at.selectbox(key="f_lang").set_value("zh").run()
    md = markdown(at)
    assert "20\\%" in md and "15 percent" not in md
    at.selectbox(key="f_lang").set_value(None)
    at.multiselect(key="f_claimant").unselect("kyle-fish")
    at.multiselect(key="f_proposition").select("consciousness-probability-within-decade")
    at.date_input(key="f_from").set_value(date(2025, 3, 1)).run()
    md = markdown(at)
    assert "查默斯" in md and "no less than 25" not in md  # Feb 10 is before March
    assert not at.exception


def test_a_filter_finds_matches_beyond_the_first_hits(db):
    """The filters run in the store: an outlet whose claims are not among the first hits of a
    query is still found (the page used to filter 500 hits in Python)."""
    from index.filters import ClaimFilters
    from ui import search_logic

    with SQLiteStore(db) as store:
        plain = search_logic.find_claims(store, "Quill", ClaimFilters())
        assert len({c.doc.site for c in plain.claims}) == 2
        first = search_logic.find_claims(store, "Quill", ClaimFilters(), size=1).claims  # one hit per page
        other = next(c for c in plain.claims if c.id != first[0].id)
        found = search_logic.find_claims(store, "Quill", ClaimFilters.of(site=other.doc.site), size=1)
        assert [c.id for c in found.claims] == [other.id]


def test_search_pages_through_hits_and_browsing(db):
    from index.filters import ClaimFilters
    from ui import search_logic

    with SQLiteStore(db) as store:
        for query in ("Quill", ""):  # a query, and the newest claims without one
            everything = search_logic.find_claims(store, query, ClaimFilters(), size=100).claims
            pages = [search_logic.find_claims(store, query, ClaimFilters(), page=p, size=1)
                     for p in range(1, len(everything) + 2)]
            assert [c.id for pg in pages for c in pg.claims] == [c.id for c in everything]
            assert [pg.more for pg in pages] == [True] * (len(everything) - 1) + [False, False]
            assert pages[-1].claims == []


def test_search_page_shows_one_page_and_a_page_number(db, monkeypatch):
    from ui import search_logic

    monkeypatch.setattr(search_logic, "PAGE", 2)
    at = app()
    assert "latest stored claims (2+)" in "\n".join(c.value for c in at.caption)
    assert len([p for p in at.get("page_link") if p.proto.label == "Snapshot of what was read"]) == 2
    at.number_input(key="s_page").set_value(2).run()
    assert at.subheader[0].value == "Claims 3–4+"
    at.number_input(key="s_page").set_value(9).run()
    assert any("No claim on page 9" in i.value for i in at.info)


def test_search_never_renders_payloads_as_markup(db):
    at = app()
    at.text_input(key="q").input("Zeta").run()
    md = markdown(at)
    assert "Zeta Quill" in md
    # every '<', '[', ':' of scraped text is backslash-escaped: no tag, link or directive can form
    assert not re.search(r"(?<!\\)<(script|img|b|i|title)", md)
    assert not re.search(r"(?<!\\)\]\((?!https?://)", md)
    assert "\\<script\\>" in md and "javascript\\:" in md
    # the non-http article URL is shown as text, never as a link target
    assert "(javascript:" not in md and "no web link\\: javascript" in md


def test_discrepancy_queue_is_a_table_most_severe_first_with_visible_levels(db):
    at = app("views/discrepancies.py")
    assert not at.expander  # a table, not a wall of one-line sentences
    table = at.dataframe[0].value
    assert list(table.columns) == ["Severity", "Level", "Kind", "Claimant", "Values", "Outlets", "Status"]
    assert list(table["Severity"]) == sorted(table["Severity"], reverse=True) and len(table) == 3
    first = table.iloc[0]
    assert first["Claimant"] == "Kyle Fish" and first["Values"] == "15 percent ≠ 20%"
    assert "Harbor Ledger" in first["Outlets"] and "晨星科技评论" in first["Outlets"]
    # 0.80, 0.50 and 0.30 look different: a level each; the status is a word beside it
    assert list(table["Level"]) == ["🔴 high", "🟠 medium", "🟡 low"]
    assert all(x.endswith("open") for x in table["Status"])
    assert not at.subheader  # nothing is open until a row is chosen
    at.selectbox(key="d_kind").set_value("qualifier_conflict").run()
    table = at.dataframe[0].value
    assert len(table) == 1 and table.iloc[0]["Claimant"] == "David Chalmers"


def test_a_confirmed_flag_keeps_its_severity_colour(db):
    store = SQLiteStore(db)
    try:
        store.add_review(Review(flag_id=FLAG_CHALMERS, status="confirmed", by="Ana", note="", at="2025-09-01T00:00:00"))
    finally:
        store.close()
    table = app("views/discrepancies.py").dataframe[0].value
    row = table[table["Claimant"] == "David Chalmers"].iloc[0]
    assert row["Level"] == "🟠 medium" and row["Status"] == "✔ confirmed"


def test_open_flag_shows_claims_side_by_side_with_chart_and_variants(db):
    at = open_flag(app("views/discrepancies.py"), FLAG_FISH)
    md = markdown(at)
    assert "Harbor Ledger" in md and "晨星科技评论" in md
    assert len(at.get("vega_lite_chart")) == 1
    variants = at.dataframe[1].value  # the queue table is the first
    assert list(variants.iloc[:, 0]) == ["15 percent", "20%"]  # first appearance order: April, then August
    # one column per variant, each holding the claims that carry it
    assert [h.value for h in at.subheader][1:] == ["15 percent", "20\\%"]
    sides = [c for c in at.columns if any(h.value in ("15 percent", "20\\%") for h in c.subheader)]
    assert len(sides) == 2
    left, right = ("\n".join(m.value for m in c.markdown) for c in sides)
    assert "Harbor Ledger" in left and "晨星科技评论" not in left and "晨星科技评论" in right


def test_review_through_the_ui_persists_and_shows_who(db):
    at = open_flag(app("views/discrepancies.py"), FLAG_FISH)
    at.radio(key=f"rv-status-{FLAG_FISH}").set_value("dismissed")
    at.text_area(key=f"rv-note-{FLAG_FISH}").input("Same interview, rounding differs")
    at.text_input(key=f"rv-by-{FLAG_FISH}").input("Ana Analyst")
    at.button[0].click().run()
    assert not at.exception
    store = SQLiteStore(db)
    try:
        flag = store.get_flag(FLAG_FISH)
        assert flag.status == "dismissed" and flag.review.by == "Ana Analyst"
        assert store.list_reviews(FLAG_FISH)[-1].note == "Same interview, rounding differs"
    finally:
        store.close()
    # a fresh session sees the decision and who made it
    at2 = open_flag(app("views/discrepancies.py"), FLAG_FISH)
    assert "dismissed" in at2.subheader[0].value
    assert "dismissed" in at2.dataframe[0].value.iloc[0]["Status"]
    assert "**Ana Analyst**" in markdown(at2) and "Same interview\\, rounding differs" in markdown(at2)


def test_review_needs_a_name(db):
    at = open_flag(app("views/discrepancies.py"), FLAG_CHALMERS)
    at.radio(key=f"rv-status-{FLAG_CHALMERS}").set_value("confirmed")
    at.button[0].click().run()
    assert any("name" in e.value for e in at.error)
    store = SQLiteStore(db)
    try:
        assert store.get_flag(FLAG_CHALMERS).status == "open"
    finally:
        store.close()


def test_login_gate_records_logged_in_user(db, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_UI_USERS", json.dumps({"mei": auth.hash_password("s3cret", iterations=1000)}))
    at = open_flag(app("views/discrepancies.py"), FLAG_CHALMERS)
    assert len(at.get("form")) == 1  # only the login form: no review form before login
    at.text_input(key="login_user").input("mei")
    at.text_input(key="login_password").input("wrong")
    at.button(key="FormSubmitter:login-Log in").click().run()
    assert any("wrong password" in e.value for e in at.error)
    at.text_input(key="login_password").input("s3cret")
    at.button(key="FormSubmitter:login-Log in").click().run()
    at = open_flag(at, FLAG_CHALMERS)
    assert f"rv-by-{FLAG_CHALMERS}" not in [w.key for w in at.text_input]  # no free-text reviewer name
    at.radio(key=f"rv-status-{FLAG_CHALMERS}").set_value("confirmed")
    at.button(key=f"FormSubmitter:review-{FLAG_CHALMERS}-Record decision").click().run()
    store = SQLiteStore(db)
    try:
        assert store.get_flag(FLAG_CHALMERS).review.by == "mei"
    finally:
        store.close()


def test_reviews_off_when_served_beyond_loopback_without_logins(db, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_UI_HOST", "0.0.0.0")
    at = open_flag(app("views/discrepancies.py"), FLAG_FISH)
    assert not at.get("form")
    assert "Reviews are disabled" in "\n".join(c.value for c in at.caption)


def _add_unflagged_cluster(db: Path, n: int) -> None:
    """A cluster of `n` claims (copies of a fixture claim in new documents) that no flag stands on."""
    from tests.support.ui_store import fixture_objects

    docs, _ = fixture_objects()
    doc, claims = docs[0]
    store = SQLiteStore(db)
    try:
        for i in range(n):
            copy = doc.model_copy(update={"id": f"d-big-{i}", "url": f"https://big{i}.example/a", "site": f"big{i}"})
            store.put_document(copy)
            store.replace_claims(copy.id, [claims[0].model_copy(update={
                "id": f"c-big-{i}", "cluster_id": "cl-big", "doc": copy.ref()})])
    finally:
        store.close()


def test_cluster_page_without_an_id_lists_clusters_disputed_then_largest(db):
    _add_unflagged_cluster(db, 4)
    at = app("views/cluster.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["Claim", "Claimant", "Claims", "Outlets", "Flags", "Severity"]
    # the three flagged clusters, most severe first, then the largest unflagged one
    assert list(table["Claims"]) == [2, 2, 2, 4] and list(table["Flags"]) == [1, 1, 1, 0]
    assert list(table["Claimant"])[:2] == ["Kyle Fish", "David Chalmers"]
    assert list(table["Severity"])[:3] == sorted(table["Severity"][:3], reverse=True)
    at.toggle(key="c_disputed").set_value(False).run()
    table = at.dataframe[0].value
    assert table.iloc[0]["Claims"] == 4 and table.iloc[0]["Outlets"] == 4
    assert at.session_state["c_ids"][0] == "cl-big"


def test_cluster_order_pages_through_disputed_then_the_rest(db):
    _add_unflagged_cluster(db, 3)
    from ui.cluster_data import cluster_order

    store = SQLiteStore(db)
    try:
        pages = [cluster_order(store, disputed_first=True, limit=2, offset=o) for o in (0, 2, 4)]
        assert pages == [["cl-fish", "cl-chalmers"], ["cl-zeta", "cl-big"], []]
        assert cluster_order(store, disputed_first=False, limit=1, offset=0) == ["cl-big"]
    finally:
        store.close()


def test_cluster_page_lists_every_appearance_and_primary_source(db):
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.query_params["cluster"] = "cl-fish"
    at.run()
    at.switch_page("views/cluster.py").run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    appearances = next(f for f in frames if "Quote" in f.columns)  # columns in the reader's language
    assert list(appearances["Outlet"]) == ["Harbor Ledger", "晨星科技评论"]
    md = markdown(at)
    assert "(https://arxiv.org/abs/2411.00986)" in md and "(https://80000hours.org/podcast/)" in md
    assert "15 percent ≠ 20\\%" in md  # the flag on this cluster
    at.text_input(key="cluster_id").input("cl-zeta").run()
    md = markdown(at)
    assert "javascript:alert" not in md.replace("javascript\\:alert", "")
    appearances = next(d.value for d in at.dataframe if "Quote" in d.value.columns)
    assert appearances["Article"].isna().sum() == 1  # the javascript: article URL is not a link


def test_runs_page_shows_sources_and_errors(db):
    at = app("views/runs.py")
    frames = [d.value for d in at.dataframe]
    sources = next(f for f in frames if "Source" in f.columns)
    health = dict(zip(sources["Source"], sources["Reached"], strict=True))
    assert health == {"Harbor Ledger": True, "晨星科技评论": False}
    errors = next(f for f in frames if "Error" in f.columns)
    assert list(errors["Error"]) == ["晨星科技评论: feed timed out <b>x</b>"]  # as text in a table cell
    summary = at.info[0].value.replace("\\", "")  # Markdown escapes off
    assert "Nightly run" in summary and "about 2 min" in summary and "Sources: 1 reached, 1 failed" in summary
    assert "Documents stored: 6 (6 new" in summary


def test_runs_page_groups_identical_errors_and_says_when_no_source_was_reached(db):
    store = SQLiteStore(db)
    try:
        store.record_run({"kind": "run", "started": "2025-08-05T01:00:00+00:00", "finished": "2025-08-05T01:01:00+00:00",
                          "per_source": {"Harbor Ledger": {"pages": 0, "errors": 3}},
                          "failed_sources": ["Harbor Ledger", "晨星科技评论"],
                          "errors": [f"Harbor Ledger: https://harbor.example/p{i}: DNS lookup failed" for i in range(5)]
                          + ["晨星科技评论: https://cx.example/feed: connection refused"],
                          "documents": 0, "new": 0, "changed": 0, "claims": 0})
    finally:
        store.close()
    at = app("views/runs.py")
    assert "No source reached (offline?)" in at.error[0].value.replace("\\", "") and not at.info
    errors = next(d.value for d in at.dataframe if "Error" in d.value.columns)
    assert list(errors["Times"]) == [5, 1]
    assert errors.iloc[0]["Error"] == "Harbor Ledger: <url>: DNS lookup failed"
    assert errors.iloc[0]["Pages (first few)"].split() == [f"https://harbor.example/p{i}" for i in range(3)]


def test_export_builds_claimreview_of_confirmed_flags_only(db):
    store = SQLiteStore(db)
    store.add_review(Review(flag_id=FLAG_FISH, status="confirmed", by="Li", note="misquoted"))
    store.add_review(Review(flag_id=FLAG_PAYLOAD, status="dismissed", by="Li"))
    at = app("views/export.py")
    assert "6 claims, 3 flags, 1 confirmed" in at.caption[0].value
    # nothing is built until asked; a built file gets its download button, one file at a time
    assert not at.get("download_button") and len(at.button) == 5
    at.button(key="build-claims_jsonl").click().run()
    assert not at.exception
    [dl] = at.get("download_button")
    assert re.fullmatch(r"Download: claims\.jsonl \(\d+(\.\d)? (B|KiB)\)", dl.proto.label), dl.proto.label
    at.button(key="build-claimreview").click().run()
    assert [b.proto.label.split(" (")[0] for b in at.get("download_button")] == ["Download: claimreview.json"]
    try:
        reviews = json.loads(export_data.claimreview(store))
        assert [r["identifier"] for r in reviews] == [FLAG_FISH]
        assert reviews[0]["author"]["name"] == "Li" and reviews[0]["reviewRating"]["ratingExplanation"] == "misquoted"
        assert len(export_data.claims_jsonl(store).decode().splitlines()) == 6
        claims_csv = export_data.claims_csv(store)
        assert claims_csv.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8: Chinese intact
        assert claims_csv.decode("utf-8-sig").splitlines()[0].startswith("id,")
        flags_csv = export_data.flags_csv(store).decode("utf-8-sig")
        assert "confirmed" in flags_csv and "misquoted" in flags_csv
        assert len(export_data.flags_jsonl(store).decode().splitlines()) == 3
        seen: list[int] = []
        export_data.claims_csv(store, seen.append)
        assert seen == [6]  # the last call says how many claims were written
    finally:
        store.close()


def test_unopenable_store_gives_one_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path))  # a folder, not a store file
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "could not be opened" in at.error[0].value and "folder" in at.error[0].value


def test_interface_switches_to_chinese(db):
    at = app("views/discrepancies.py")
    at.sidebar.radio(key="ui_lang_choice").set_value("zh").run()
    assert at.title[0].value == "分歧"
    table = at.dataframe[0].value
    assert list(table.columns)[:3] == ["严重程度", "级别", "类型"] and table.iloc[0]["类型"] == "数值冲突"
    assert table.iloc[0]["级别"] == "🔴 高"
    open_flag(at, FLAG_FISH)
    assert "数值冲突" in at.subheader[0].value


def test_review_form_preselects_nothing(db):
    at = open_flag(app("views/discrepancies.py"), FLAG_CHALMERS)
    assert at.radio(key=f"rv-status-{FLAG_CHALMERS}").value is None
    at.text_input(key=f"rv-by-{FLAG_CHALMERS}").input("Ana Analyst")
    at.button[0].click().run()
    assert any("confirmed or dismissed" in e.value for e in at.error)
    store = SQLiteStore(db)
    try:
        assert store.get_flag(FLAG_CHALMERS).status == "open" and store.list_reviews(FLAG_CHALMERS) == []
    finally:
        store.close()


def test_interface_language_lives_in_the_url(db):
    at = app()
    assert at.query_params.get("lang") in ("en", ["en"])  # the default is written into the URL
    at.sidebar.radio(key="ui_lang_choice").set_value("zh").run()
    assert at.query_params.get("lang") in ("zh", ["zh"])
    # a reload or a bookmark: a new session opened on that URL
    again = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    again.query_params["lang"] = "zh"
    again.run()
    again.switch_page("views/discrepancies.py").run()
    assert not again.exception and again.title[0].value == "分歧"


def test_a_flag_link_opens_that_flag(db):
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/discrepancies.py")
    at.query_params["flag"] = FLAG_CHALMERS
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 1 and "Chalmers" in at.subheader[0].value
    assert at.radio(key=f"rv-status-{FLAG_CHALMERS}") is not None  # opened: its review form is there
    at.query_params["flag"] = "nosuchflag"
    at.run()
    assert any("nosuchflag" in w.value for w in at.warning) and not at.subheader


def test_snapshot_page_shows_the_stored_text_with_the_claim_highlighted(db):
    from tests.support.ui_store import fixture_objects

    docs, _flags = fixture_objects()
    (d_en, [fish_en]), (d_p1, [p1]) = docs[0], docs[4]
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/snapshot.py")
    at.query_params.update({"doc": d_en.id, "claim": fish_en.id})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    md = markdown(at)
    assert "Lead paragraph\\. :orange-background[Kyle Fish told our reporter" in md  # in its paragraph
    assert "(https://harbor-ledger.example/ai/fish-odds)" in md  # the original page, linked
    assert [b.proto.label for b in at.get("download_button")] == ["Download the exact bytes read"]
    # scraped markup is shown as text, never rendered
    at.query_params.update({"doc": d_p1.id, "claim": p1.id})
    at.run()
    md = markdown(at)
    assert "<script>" not in md and "\\<script\\>" in md
    at.query_params.update({"doc": "nosuchdoc", "claim": ""})
    at.run()
    assert any("nosuchdoc" in w.value for w in at.warning)


def test_an_answer_shows_the_question_it_answers(db):
    """A claim read with the question it answers ('A: I'd say about 20%.') shows the question above
    its quote, in the reader's language; a claim without one shows none."""
    from index.sqlite_store import SQLiteStore

    store = SQLiteStore(db)
    flag = next(f for f in store.list_flags() if f.id == FLAG_FISH)
    target = next(c for c in store.iter_claims() if c.id == flag.claims[0])
    same_doc = [c for c in store.iter_claims() if c.doc.id == target.doc.id]
    question = "Q: How likely is it that today's chatbots feel anything?"
    store.replace_claims(target.doc.id, [c.model_copy(update={"context": question}) if c.id == target.id else c
                                         for c in same_doc])
    store.close()
    at = open_flag(app("views/discrepancies.py"), FLAG_FISH)
    captions = [x.value for x in at.caption]
    assert sum("In answer to:" in x and "chatbots feel anything" in x for x in captions) == 1
    at.sidebar.radio(key="ui_lang_choice").set_value("zh").run()
    assert any("回答的问题：" in x.value for x in at.caption)
