#!/usr/bin/env bash
# Installs what the project needs: the Python package with its test tools, and (as root, from
# Debian's packages) Chromium for the browser test and kaleido's static export, LibreOffice
# for rendering decks in tests. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# pip takes seconds even when everything is in place: skip it when this interpreter installed
# this checkout with this pyproject.toml before (the stamp is written only after an install)
stamp=build/.setup-stamp
want_stamp="$("$PY" -c 'import sys; print(sys.executable)') $(pwd) $(sha256sum pyproject.toml | cut -c1-16)"
installed_here=$("$PY" -I -c 'import importlib.util, os, sys
spec = importlib.util.find_spec("dashboard")
sys.stdout.write("yes" if spec and spec.origin and os.path.realpath(spec.origin).startswith(os.path.realpath(os.getcwd()) + os.sep) else "no")' 2>/dev/null || echo no)
if [ "$installed_here" != "yes" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
  "$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
  mkdir -p build && echo "$want_stamp" > "$stamp"
fi
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
