#!/usr/bin/env bash
# The main job on the embedded default (SQLite): serve the bundled demo corpus on 127.0.0.1, crawl it
# with the real spider, extract, store, cluster, flag, then open the UI. Extra arguments go to
# `claimtrack demo` (e.g. --no-ui, --port 8502, --db demo.db).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/claimtrack demo "$@"
