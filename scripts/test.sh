#!/usr/bin/env bash
# The test suite: installs what it needs (PyPI packages; Debian's chromium and CJK fonts for the
# browser tests when run as root, so screenshots show Chinese, not boxes), then runs pytest.
# Extra arguments go to pytest (e.g. -m "not browser"); tests run in parallel (pytest-xdist).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
have_cjk_font() { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; }
if { ! command -v chromium >/dev/null 2>&1 || ! have_cjk_font; } && [ "$(id -u)" = "0" ] \
    && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium and fonts (noto-cjk, noto-color-emoji) for the browser tests" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null) \
    || echo "could not install chromium or fonts-noto-cjk: browser tests will be skipped or show boxes" >&2
fi
echo "ruff (lint) and mypy (types) on the packages" >&2
.venv/bin/ruff check .
.venv/bin/mypy
set +e
# One worker a core (CLAIMTRACK_TEST_WORKERS=0 runs in this process), a test file a worker: module
# fixtures (a crawled site, a served app, the realtext store) are built once.
.venv/bin/python -m pytest -q -n "${CLAIMTRACK_TEST_WORKERS:-auto}" --dist loadfile "$@"
rc=$?
set -e
if [ "$rc" = "5" ]; then
  echo "pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
