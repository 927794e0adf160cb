#!/bin/sh
# Install what tests/test_report_browser.py needs: Debian's chromium and Playwright for Python.
# Idempotent and quiet. Never runs `playwright install`: nothing is fetched from a browser CDN.
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if ! "$PY" -c "import playwright" >/dev/null 2>&1; then
    "$PY" -m pip install -q "playwright>=1.40"
fi
