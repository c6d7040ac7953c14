#!/usr/bin/env bash
# Installs what the project needs: the Python package with its test tools, and (as root, from
# Debian's packages) Chromium for the browser test and kaleido's static export, LibreOffice
# for rendering decks in tests. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
want=()
command -v chromium >/dev/null 2>&1 || want+=(chromium)
if [ "${WITH_LIBREOFFICE:-1}" = "1" ] && ! command -v soffice >/dev/null 2>&1; then
  want+=(libreoffice-impress)
fi
command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
if [ ${#want[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null \
      || echo "setup: could not install ${want[*]}; the tests that need them will skip" >&2
  else
    echo "setup: ${want[*]} missing and not root; the tests that need them will skip" >&2
  fi
fi
