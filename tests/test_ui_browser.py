"""The app in a real headless Chromium (Debian's chromium, driven by Playwright's Python API),
served by `streamlit run` on a free loopback port over a fixture store.

Screenshots go to test-artifacts/ui/ (git-ignored)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from claimtrack.cli import streamlit_command
from tests.support.ui_store import PAYLOAD, SNAPSHOT, build_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "ui"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
NOTE = "Rounded differently in translation"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")


@contextlib.contextmanager
def _serve(db: Path, logdir: Path):
    """`streamlit run` the app on a free loopback port over `db`; yields its URL."""
    port = _free_port()
    env = {**os.environ, "CLAIMTRACK_DB": str(db), "CLAIMTRACK_BACKEND": "sqlite"}
    for k in ("CLAIMTRACK_UI_USERS", "CLAIMTRACK_UI_HOST", "CLAIMTRACK_UI_LANG"):
        env.pop(k, None)
    log = open(logdir / "streamlit.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        streamlit_command("127.0.0.1", port), env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"streamlit did not start: {log.read()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    db = build_store(tmp_path_factory.mktemp("uistore") / "ui.db")
    with _serve(db, tmp_path_factory.mktemp("uilog")) as url:
        yield url


UI_DEMO_PORT = 8766


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The bundled demo corpus, crawled, extracted and flagged by `claimtrack demo --no-ui`."""
    _need_browser()
    cli = Path(sys.executable).with_name("claimtrack")
    if not cli.exists():
        pytest.skip(f"{cli} not found: install the project (pip install -e .) to build the demo store")
    db = tmp_path_factory.mktemp("demostore") / "demo.db"
    # a port of its own: test_demo_pipeline's runs (another worker, maybe at the same time) need the
    # default one twice in a row, for the same page addresses
    env = {**os.environ, "CLAIMTRACK_DB": str(db), "CLAIMTRACK_DEMO_PORT": str(UI_DEMO_PORT)}
    done = subprocess.run([str(cli), "demo", "--no-ui"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    with _serve(db, tmp_path_factory.mktemp("demolog")) as url:
        yield url


@pytest.fixture()
def page(server):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a busy 2-core machine: state can take seconds to arrive
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.add_init_script("window.__pwned = 0;")
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.dialogs = dialogs
        pg.set_default_timeout(30_000)
        yield pg
        browser.close()


def _shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _decide(pg, status: str, note: str, name: str, shot: str | None = None) -> None:
    """Fill the open flag's review form, each field checked to have taken, then submit it."""
    from playwright.sync_api import expect

    form = pg.locator("[data-testid='stForm']").first
    expect(form).to_be_visible()
    radio = form.get_by_role("radio", name=status)
    form.get_by_text(status, exact=True).click()
    expect(radio).to_be_checked()
    note_box = form.get_by_label("Note")
    note_box.fill(note)
    expect(note_box).to_have_value(note)
    name_box = form.get_by_label("Your name")
    name_box.fill(name)
    expect(name_box).to_have_value(name)
    if shot:
        _shot(pg, shot)
    form.get_by_role("button", name="Record decision").click()


def _rows(pg, table: int = 0):
    """The data rows of a table (Streamlit's grid keeps an accessible copy of its visible rows)."""
    return pg.locator("[data-testid='stDataFrame']").nth(table).locator("[role='row']")


def _row_text(pg, text: str, table: int = 0) -> str:
    from playwright.sync_api import expect

    row = _rows(pg, table).filter(has_text=text).first
    expect(row).to_be_attached()  # the grid's accessible rows are in the page, not shown
    return row.inner_text()


def _click_row(pg, text: str, table: int = 0) -> None:
    """Select the table row holding `text` with a click on its row marker (the grid is a canvas)."""
    from playwright.sync_api import expect

    rows = _rows(pg, table)
    expect(rows.filter(has_text=text).first).to_be_attached()
    index = next(i for i, t in enumerate(rows.all_inner_texts()) if text in t)  # 0 is the header
    grid = pg.locator("[data-testid='stDataFrame']").nth(table)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    pg.mouse.click(box["x"] + 18, box["y"] + ROW_PX * index + ROW_PX / 2)


#: height of a header or data row of Streamlit's grid at the default row height
ROW_PX = 35


def _open_flag(pg, text: str) -> None:
    """Open a flag from the queue table, as an analyst does: select its row."""
    from playwright.sync_api import expect

    _click_row(pg, text)
    expect(pg.locator("[data-testid='stForm']").first).to_be_visible()
    expect(pg.locator("h3", has_text=text).first).to_be_visible()


def test_search_open_fish_flag_dismiss_and_see_decision_after_reload(server, page):
    from playwright.sync_api import expect

    pg = page
    pg.goto(server)
    box = pg.get_by_role("textbox", name="Search claims (Chinese or English)")
    box.fill("意识")
    box.press("Enter")
    pg.get_by_text("Same question in other languages").wait_for()  # query mode, not the browse list
    assert "概率大约是" in pg.locator("[data-testid='stMain']").inner_text()
    highlighted = pg.locator("[data-testid='stMarkdownContainer'] span", has_text="20%").first
    highlighted.wait_for()
    _shot(pg, "01-search-yishi")
    # the exact bytes read download as they were, never rendered
    with pg.expect_download() as dl:
        pg.get_by_role("button", name="Exact bytes read").first.click()
    assert Path(dl.value.path()).read_bytes() == SNAPSHOT
    # the stored text of what was read opens in the app, the claim highlighted (no outlet needed)
    pg.get_by_role("link", name="Snapshot of what was read").first.click()
    pg.get_by_role("heading", name="What was read").wait_for()
    expect(pg.locator(".st-key-snap-text span").first).to_be_visible()  # the highlighted claim
    assert "/snapshot?" in pg.url and "doc=" in pg.url

    pg.get_by_role("link", name="Discrepancies").click()
    row = _row_text(pg, "Kyle Fish")
    assert "0.8" in row and "high" in row and "15 percent ≠ 20%" in row and "open" in row, row
    _shot(pg, "02-queue")
    _open_flag(pg, "Kyle Fish")
    _decide(pg, "dismissed", NOTE, "Ana Analyst", shot="03-fish-flag-open")
    pg.get_by_text("Decision recorded: dismissed by Ana Analyst").wait_for()

    pg.reload()
    expect(_rows(pg).filter(has_text="Kyle Fish").first).to_contain_text("dismissed")
    _open_flag(pg, "Kyle Fish")
    pg.get_by_text(NOTE).wait_for()
    decision = pg.locator("li", has_text="dismissed by").first.inner_text()
    assert "Ana Analyst" in decision
    _shot(pg, "04-after-reload")
    assert pg.dialogs == []


def test_scraped_payloads_render_as_inert_text(server, page):
    pg = page
    pg.goto(server)
    box = pg.get_by_role("textbox", name="Search claims (Chinese or English)")
    box.fill("Zeta")
    box.press("Enter")
    pg.get_by_text(re.compile(r"^2 claims$")).wait_for()
    body = pg.locator("[data-testid='stMain']").inner_text()
    # the payload is on the page as the characters it is made of
    assert "<script>window.__pwned=1</script>" in body
    assert "[click me](javascript:window.__pwned=1)" in body and "**bold** :red[red] $x^2$" in body
    _shot(pg, "05-payload-search")

    pg.get_by_role("link", name="Discrepancies").click()
    assert "Evil <b>Site</b>" in _row_text(pg, "Zeta Quill")  # a table cell is text
    _open_flag(pg, "Zeta Quill")
    heading = pg.locator("h3", has_text="Zeta Quill").first
    assert "<script>window.__pwned=1</script>" in heading.inner_text()
    pg.locator("[data-testid='stVegaLiteChart']").first.wait_for()  # the whole flag is on the page
    _shot(pg, "06-payload-flag")

    assert pg.evaluate("window.__pwned") == 0
    assert pg.dialogs == []
    hrefs = pg.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs, "the page should still carry its http(s) links"
    # relative links are the app's own pages; any link with a scheme must be http(s)
    bad = [h for h in hrefs if re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:", h) and not h.startswith(("http://", "https://"))]
    assert bad == [], bad
    # and no autolink was made from the scraped www., http:// and e-mail text
    assert [h for h in hrefs if "evil" in h] == []
    # nothing from the payload became an element
    for sel in ("img[src='x']", "[data-testid='stMain'] script", "[onerror]", "[data-testid='stMain'] title"):
        assert pg.locator(sel).count() == 0, sel
    assert PAYLOAD.split("<img")[0] in pg.locator("[data-testid='stMain']").inner_text()


def test_export_downloads_are_built_on_click(server, page):
    pg = page
    pg.goto(f"{server}/export")
    pg.get_by_role("button", name="Build: Claims as JSONL").click()
    with pg.expect_download() as dl:
        pg.get_by_role("button", name="Download: claims.jsonl").click()
    lines = Path(dl.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6 and all(json.loads(line)["quote"] for line in lines)
    _shot(pg, "07-export")


def test_every_page_has_its_own_url_path(server, page):
    from playwright.sync_api import expect

    pg = page
    pg.goto(f"{server}/?lang=zh")
    pg.wait_for_url(re.compile(r"/search\?lang=zh$"))  # the root forwards to /search, query kept
    pg.get_by_role("textbox", name="搜索说法（中文或英文）").wait_for()
    pg.reload()  # the language is in the URL, so a reload stays in Chinese
    pg.get_by_role("textbox", name="搜索说法（中文或英文）").wait_for()
    for path, heading in (("search", "Search"), ("discrepancies", "Discrepancies"), ("cluster", "Claim cluster"),
                          ("runs", "Sources and runs"), ("export", "Export")):
        pg.goto(f"{server}/{path}")
        pg.get_by_role("heading", name=heading).first.wait_for()
        expect(pg).to_have_url(re.compile(rf"/{path}\?lang=en$"))  # its own path; the language written in
        assert "Page not found" not in pg.locator("body").inner_text(), path
    pg.goto(f"{server}/no-such-page")  # Streamlit says so, then runs the root page: the search
    pg.get_by_role("textbox", name="Search claims (Chinese or English)").wait_for()


def test_filter_pick_lists_from_the_store(server, page):
    from playwright.sync_api import expect

    pg = page
    pg.goto(f"{server}/search")
    pg.get_by_text("Filters").first.click()
    outlet = pg.locator("[data-testid='stMultiSelect']", has_text="Outlet")
    expect(outlet).to_be_visible()
    expect(outlet).to_be_in_viewport()  # the filters' expander has opened, not only started to
    options = pg.locator("[role='option']")
    outlet.locator("input").click()
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    # every outlet with its claims, scraped names as plain text in the list
    assert "Harbor Ledger (1)" in texts and "Evil <b>Site</b> [x](javascript:alert(1)) (1)" in texts, texts
    _shot(pg, "08-outlet-pick-list")
    pg.get_by_role("option", name="Northwind Review (1)").click()
    pg.keyboard.press("Escape")
    pg.get_by_text(re.compile(r"latest stored claims \(1\)")).wait_for()
    # the rerun has finished when no element of the page is stale (the old cards are gone)
    expect(pg.locator("[data-testid='stMain'] [data-stale='true']")).to_have_count(0)
    main = pg.locator("[data-testid='stMain']").inner_text()
    assert "no less than 25%" in main and "Harbor Ledger" not in main.split("Filters")[-1].split("Northwind")[0]
    _shot(pg, "09-filtered-by-outlet")
    assert pg.evaluate("window.__pwned") == 0 and pg.dialogs == []
    hrefs = pg.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript")]


@pytest.mark.slow
def test_demo_store_search_yishi_then_dismiss_the_fish_flag(demo_server, page):
    """The issue's walk-through on the real demo store: search 意识, open Kyle Fish's 15% vs 20%
    flag, dismiss it with a note, reload, see the decision."""
    from playwright.sync_api import expect

    pg = page
    pg.goto(demo_server)
    box = pg.get_by_role("textbox", name="Search claims (Chinese or English)")
    box.fill("意识")
    box.press("Enter")
    pg.get_by_text(re.compile(r"^\d+\+? claims$")).wait_for()
    assert "意识" in pg.locator("[data-testid='stMain']").inner_text()
    _shot(pg, "demo-01-search-yishi")

    pg.get_by_role("link", name="Discrepancies").click()
    fish = _rows(pg).filter(has_text="Kyle Fish").filter(has_text="value conflict").first
    expect(fish).to_be_attached()
    label = fish.inner_text()
    assert ("15" in label or "十五" in label) and "20" in label, label
    _shot(pg, "demo-02-queue")
    _click_row(pg, label)
    _decide(pg, "dismissed", NOTE, "Ana Analyst")
    pg.get_by_text("Decision recorded: dismissed by Ana Analyst").wait_for()

    pg.reload()
    fish = _rows(pg).filter(has_text="Kyle Fish").filter(has_text="value conflict").first
    expect(fish).to_contain_text("dismissed")
    _click_row(pg, fish.inner_text())
    pg.get_by_text(NOTE).wait_for()
    assert "Ana Analyst" in pg.locator("li", has_text="dismissed by").first.inner_text()
    _shot(pg, "demo-03-after-reload")


#: Draws one string in the font the page uses for its main heading and returns the pixels.
_DRAW = """(text) => {
  const font = getComputedStyle(document.querySelector("h1")).fontFamily;
  const c = document.createElement("canvas"); c.width = 120; c.height = 60;
  const ctx = c.getContext("2d"); ctx.font = `40px ${font}`; ctx.fillText(text, 4, 44);
  return Array.from(ctx.getImageData(0, 0, 120, 60).data).join(",");
}"""


def test_chinese_pages_render_glyphs_not_boxes(server, page):
    """With no CJK font every Chinese character is drawn as the same empty box, so two different
    characters give the same pixels; with one (fonts-noto-cjk, installed by scripts/test.sh), they differ."""
    from playwright.sync_api import expect

    pg = page
    pg.goto(f"{server}/discrepancies?lang=zh")
    expect(pg.get_by_role("heading", name="分歧")).to_be_visible()
    blank = pg.evaluate(_DRAW, "")
    drawn = {ch: pg.evaluate(_DRAW, ch) for ch in ("分", "歧", "意", "識")}
    assert blank not in drawn.values(), "a Chinese character drew nothing"
    assert len(set(drawn.values())) == len(drawn), "Chinese characters render as identical boxes: install fonts-noto-cjk"
    # the pages a Chinese desk reads, as screenshots (test-artifacts/ui/zh-*.png)
    row = _row_text(pg, "凯尔·菲什")
    assert "数值冲突" in row and "🔴 高" in row and ("待处理" in row or "已驳回" in row), row  # dismissed above
    _shot(pg, "zh-01-queue")
    _click_row(pg, "凯尔·菲什")
    expect(pg.locator("h3", has_text="数值冲突").first).to_be_visible()
    expect(pg.locator("[data-testid='stForm']").first).to_be_visible()
    _shot(pg, "zh-02-flag")
    pg.goto(f"{server}/search?lang=zh")
    box = pg.get_by_role("textbox", name="搜索说法（中文或英文）")
    box.fill("意識")  # Traditional finds the Simplified claim
    box.press("Enter")
    expect(pg.get_by_text("其他语言中的同一问题")).to_be_visible()
    _shot(pg, "zh-03-search")


@pytest.mark.parametrize("lang,heading,fish", [("en", "Claim cluster", "Kyle Fish"), ("zh", "说法归组", "凯尔·菲什")])
def test_cluster_list_opens_a_cluster_from_its_row(server, page, lang, heading, fish):
    from playwright.sync_api import expect

    pg = page
    pg.goto(f"{server}/cluster?lang={lang}")
    expect(pg.get_by_role("heading", name=heading).first).to_be_visible()
    first = _rows(pg).nth(1)  # the most disputed cluster comes first
    expect(first).to_contain_text(fish)
    _shot(pg, f"{lang}-04-cluster-list")
    _click_row(pg, fish)
    expect(pg).to_have_url(re.compile(r"cluster=cl-fish"))
    expect(pg.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    _shot(pg, f"{lang}-05-cluster")
