"""What a new user runs into first: a version, a mistyped store, a bad setting, a wrong id, a busy
port, a stopped UI, no network. Each is one line on stderr and its own exit code (README)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "cli"
pytestmark = pytest.mark.slow


def ct(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimtrack.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "120", **(env or {})}, timeout=timeout)


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "store.db"
    assert ct("ingest", str(FIXTURES / "docs.jsonl"), "--db", str(db)).returncode == 0
    return db


def test_version():
    proc = ct("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("claimtrack ") and proc.stdout.split()[1][0].isdigit()


@pytest.mark.parametrize("args", [["claims"], ["flags"], ["search", "Fish"], ["matches"], ["history", "f-1"],
                                  ["review", "f-1", "--status", "dismissed", "--by", "Ana"],
                                  ["match", "c-1", "c-2", "--same", "--by", "Ana"], ["export", "--format", "csv"],
                                  ["ui", "--port", "1"]])
def test_read_commands_refuse_a_store_that_is_not_there(tmp_path, args):
    missing = tmp_path / "typo" / "stor.db"
    proc = ct(*args, "--db", str(missing))
    assert proc.returncode == 2
    assert f"no store at {missing}" in one_error_line(proc)
    assert not missing.parent.exists()  # nothing created on the way


def test_a_bad_setting_names_the_variable_without_pydantic_prefixes(tmp_path):
    proc = ct("flags", env={"CLAIMTRACK_BACKEND": "postgres"})
    line = one_error_line(proc)
    assert proc.returncode == 2 and "CLAIMTRACK_BACKEND" in line and "Value error" not in line


def test_a_wrong_id_or_an_unwritable_out_is_a_usage_error(store, tmp_path):
    for args in (["review", "f-nope", "--status", "confirmed", "--by", "Ana"], ["history", "f-nope"],
                 ["match", "c-nope", "c-nada", "--different", "--by", "Ana"],
                 ["export", "--format", "jsonl", "--out", str(tmp_path / "no" / "such" / "dir" / "x.jsonl")]):
        proc = ct(*args, "--db", str(store))
        assert proc.returncode == 2, (args, proc.stderr)
        one_error_line(proc)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ui_on_a_busy_port_is_one_error_and_exit_2(store):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        proc = ct("ui", "--port", str(port), "--db", str(store), timeout=60)
    assert proc.returncode == 2 and f"127.0.0.1:{port}" in one_error_line(proc)
    assert "UI on" not in proc.stderr


def test_the_ui_port_setting_is_the_default_port(store):
    # CLAIMTRACK_UI_PORT is the port `claimtrack ui` and `demo` take without --port (a busy one shows it)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        proc = ct("ui", "--db", str(store), env={"CLAIMTRACK_UI_PORT": str(port)}, timeout=60)
        demo = ct("demo", "--db", str(store), env={"CLAIMTRACK_UI_PORT": str(port)}, timeout=60)
    assert proc.returncode == 2 and f"127.0.0.1:{port}" in one_error_line(proc)
    assert demo.returncode == 2 and f"127.0.0.1:{port}" in one_error_line(demo)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_stops_the_ui_and_frees_its_port(store):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "claimtrack.cli", "ui", "--port", str(port), "--db", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not _listening(port):
            assert proc.poll() is None and time.monotonic() < deadline, "the UI did not start"
            time.sleep(0.2)
        # the digest feed beside it, on the next port: this store has had no nightly run yet
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port + 1}/digest.atom", timeout=10)
        assert err.value.code == 404 and b"claimtrack run" in err.value.read()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        deadline = time.monotonic() + 15
        while _listening(port) and time.monotonic() < deadline:  # the child's sockets close as it exits
            time.sleep(0.2)
        assert not _listening(port), "Streamlit outlived `claimtrack ui`"
        assert not _listening(port + 1), "the feed outlived `claimtrack ui`"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_run_with_no_source_reachable_says_so_with_its_own_exit_code(tmp_path):
    sources = tmp_path / "sources.toml"
    # .invalid never resolves (RFC 6761): the state of a machine with no network, for every source.
    sources.write_text('[[source]]\nname = "Nowhere Daily"\nlang = "en"\nfeeds = ["https://news.nowhere.invalid/feed"]\n'
                       '[[source]]\nname = "无处日报"\nlang = "zh"\nstart_urls = ["https://www.wuchu.invalid/ai/"]\n',
                       encoding="utf-8")
    db = tmp_path / "store.db"
    proc = ct("run", "--sources", str(sources), "--db", str(db), timeout=120)
    assert proc.returncode == 4, proc.stderr
    assert one_error_line(proc).startswith("error: no source reached (offline?)")
    assert not proc.stdout.strip()  # no table of zeros


def test_run_where_every_source_refuses_the_connection_is_no_source_reached(tmp_path):
    port = _free_port()  # nothing listens there: hosts resolve, connections are refused
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "Closed"\nlang = "en"\nfeeds = ["http://127.0.0.1:{port}/feed.xml"]\n',
                       encoding="utf-8")
    proc = ct("run", "--sources", str(sources), "--db", str(tmp_path / "store.db"), timeout=300)
    assert proc.returncode == 4, proc.stderr
    assert "no source reached (offline?)" in proc.stderr


def test_claimant_by_name_word_or_chinese_alias(store):
    by_id = ct("claims", "--claimant", "kyle-fish", "--format", "jsonl", "--db", str(store)).stdout.splitlines()
    assert by_id
    for query in ("Kyle Fish", "fish", "菲什", "凱爾·菲什"):
        proc = ct("claims", "--claimant", query, "--format", "jsonl", "--db", str(store))
        assert proc.returncode == 0 and proc.stdout.splitlines() == by_id, query
        assert "kyle-fish" in proc.stderr  # says whom it took the name for
    proc = ct("claims", "--claimant", "nobody at all", "--db", str(store))
    assert proc.returncode == 2 and "nobody at all" in one_error_line(proc)


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_tables_fit_the_terminal_and_show_where_each_claim_is_from(store, columns):
    import json

    claims = [json.loads(line) for line in
              ct("search", "Fish", "--format", "jsonl", "--db", str(store)).stdout.splitlines()]
    proc = ct("search", "Fish", "--db", str(store), env={"COLUMNS": str(columns)})
    lines = proc.stdout.splitlines()
    assert claims and max(len(line) for line in lines) <= columns
    assert len(lines) <= 6 + 7 * len(claims)  # a few lines a claim, not one letter a line
    flat = "".join(line.strip("│ ") for line in lines)
    for c in claims:
        assert c["id"] in proc.stdout and c["claimant"]["id"] in proc.stdout
        assert c["doc"]["published"][:10] in proc.stdout and c["doc"]["site"] in proc.stdout
        assert c["doc"]["url"].split("//")[1][:20] in flat  # the URL, possibly folded
    flags = ct("flags", "--db", str(store), env={"COLUMNS": str(columns)}).stdout.splitlines()
    assert max(len(line) for line in flags) <= columns
