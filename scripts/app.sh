#!/usr/bin/env bash
# Install the project (quietly) and open the dashboard on the bundled data/ samples.
# Extra arguments go to `streamlit run`, e.g. `bash scripts/app.sh --server.port 8600`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e . >/dev/null
exec "$PY" -m dashboard.ui.launch \
  --server.address "${CREDIT_NOTES_ADDRESS:-localhost}" \
  --browser.gatherUsageStats false \
  "$@"
