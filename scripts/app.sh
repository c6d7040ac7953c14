#!/usr/bin/env bash
# Install the project (quietly) and open the dashboard on the bundled data/ samples.
# Extra arguments go to `streamlit run`, e.g. `bash scripts/app.sh --server.port 8600`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e . >/dev/null
# PNG/SVG chart downloads and the deck's chart images are drawn by a headless Chromium
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
   && [ -z "${BROWSER_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Note: Chromium is not installed, so PNG/SVG chart downloads and the deck's chart" >&2
  echo "images are off (the interactive HTML and the workbook still work). To get them:" >&2
  echo "  sudo bash scripts/setup.sh   (installs Debian's chromium), or set BROWSER_PATH." >&2
fi
exec "$PY" -m dashboard.ui.launch \
  --server.address "${CREDIT_NOTES_ADDRESS:-localhost}" \
  --browser.gatherUsageStats false \
  "$@"
