#!/usr/bin/env bash
# Called by a make target that cannot run its stage: `bash tests/tools/skip_stage.sh "reason"`.
# Prints "SKIP: reason" and, under `make test` (run_all.sh sets WEBADMIN_IIS_SKIP_FILE), records
# the reason, so that the summary says SKIP instead of PASS and CI=true turns it into a failure.
# The make target then exits 0: the stage did not fail, it did not run.
set -euo pipefail
echo "SKIP: $*"
if [ -n "${WEBADMIN_IIS_SKIP_FILE:-}" ]; then
  printf '%s\n' "$*" >> "$WEBADMIN_IIS_SKIP_FILE"
fi
