#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole suite (ruff and pytest). Arguments go
# to both pytest runs (`bash scripts/test.sh -m "not browser and not slow"`).
#
# Two pytest runs: first the tests marked `fork` on their own (extraction forks its workers only
# from a process that runs no other thread), then the rest on TEST_WORKERS xdist workers (2 by
# default; 0 runs them in this process). The exit status is non-zero if either run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
PY=${PYTHON:-python3}
WORKERS=${TEST_WORKERS:-2}
"$PY" -m ruff check . || exit 1

"$PY" -m pytest -q -p no:cacheprovider -p no:xdist --fork-tests=only "$@"
first=$?
if [ "$first" -ne 0 ] && [ "$first" -ne 5 ]; then  # 5: no fork test among those chosen
  echo "test.sh: the fork tests failed (exit $first); running the rest all the same" >&2
fi

if [ "$WORKERS" = "0" ]; then
  "$PY" -m pytest -q -p no:cacheprovider --fork-tests=skip "$@"
else
  "$PY" -m pytest -q -p no:cacheprovider --fork-tests=skip -n "$WORKERS" --dist loadgroup \
    --no-loadscope-reorder "$@"
fi
rest=$?

# pytest exits 5 when it has nothing to run: fine for one run, not for both
[ "$first" -eq 5 ] && [ "$rest" -eq 5 ] && exit 5
[ "$first" -eq 5 ] && first=0
[ "$rest" -eq 5 ] && rest=0
[ "$first" -ne 0 ] && exit "$first"
exit "$rest"
