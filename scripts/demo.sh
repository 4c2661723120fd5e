#!/usr/bin/env bash
# The main job on the embedded default (SQLite): serve the bundled demo corpus on 127.0.0.1, crawl it
# with the real spider, extract, store, cluster, flag, then open the UI. Extra arguments go to
# `claimtrack demo` (e.g. --no-ui, --port 8502, --db demo.db).
# Run from anywhere: a relative --db is taken from the directory you call it from.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/setup.sh"
exec "$repo/.venv/bin/claimtrack" demo "$@"
