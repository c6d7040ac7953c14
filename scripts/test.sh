#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole suite (ruff and pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PY=${PYTHON:-python3}
"$PY" -m ruff check .
"$PY" -m pytest -q -p no:cacheprovider "$@"
