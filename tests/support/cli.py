"""Running the real `claimtrack` CLI in a subprocess, and reading its JSON lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def ct(*args: str, db: Path | None = None, check: bool = True,
       env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "claimtrack.cli", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    env = dict(os.environ, COLUMNS="200", **(env or {}))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} exited {proc.returncode}: {proc.stderr}")
    return proc


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def run_cli(*args: str, db: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """The same command as `ct`, in this process: `claimtrack.cli.main()` with its argv, its exit
    code, and what it wrote to stdout and stderr (what a subprocess would have shown). No new
    interpreter and imports per call; one subprocess smoke test (`ct`) covers the entry point."""
    import contextlib
    import io

    from claimtrack.cli import main

    argv = ["claimtrack", *args] + (["--db", str(db)] if db is not None else [])
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = argv
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved
    proc = subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())
    if check and code != 0:
        raise AssertionError(f"{argv} exited {code}: {proc.stderr}")
    return proc
