#!/usr/bin/env bash
# Runs every stage of `make test`, prints how long each took and a summary.
# A failing stage does not stop the others (so one run shows every problem), but the exit status
# is 1 when any stage failed. Only a failure to set up the environment stops the run early.
#
# A stage that could not run (its tool, interpreter or content is missing) records why through
# tests/tools/skip_stage.sh; its summary line says SKIP, never PASS. Under CI=true every stage
# listed here is required, so a skipped one counts as a failure, except the stages named in
# WEBADMIN_IIS_OPTIONAL_STAGES (space-separated make targets, e.g. "py312" on a machine without
# Python 3.12).
set -uo pipefail

MAKE=${MAKE:-make}
cd "$(dirname "$0")/../.."

# "label|make target" in running order
STAGES=(
  "example host bytes (CRLF+BOM)|check-offline-host"
  "units: pytest tests/unit|units"
  "sanity: ansible-test 2.19 / py3.11|sanity"
  "sanity: oldest claimed ansible-core / py3.11|sanity-oldest"
  "units: ansible-test 2.19 / py3.11|ansible-test-units"
  "integration: offline_* targets|integration"
  "syntax-check: playbooks + Windows targets|syntax"
  "ansible-lint (production, collection root)|lint"
  "changelog: antsibull-changelog lint|changelog-lint"
  "build + offline install + ansible-doc|build"
  "docs site: antsibull-docs + sphinx|docs"
  "execution environment + ansible-runner|ee"
  "second leg: ansible-core 2.21 / py3.12|py312"
  "molecule|molecule"
)

# Tests of this script replace the list (one "label|target" per line).
if [ -n "${WEBADMIN_IIS_STAGES:-}" ]; then
  mapfile -t STAGES <<< "$WEBADMIN_IIS_STAGES"
fi

declare -a RESULTS=()
failed=0 passed=0 skipped=0 failures=0
total_start=$(date +%s)
SKIP_FILE=$(mktemp "${TMPDIR:-/tmp}/webadmin-iis-skip.XXXXXX")
trap 'rm -f "$SKIP_FILE"' EXIT
export WEBADMIN_IIS_SKIP_FILE=$SKIP_FILE
OPTIONAL=" ${WEBADMIN_IIS_OPTIONAL_STAGES:-} "

run_stage() {
  local label=$1 target=$2 start end rc status reason
  echo
  echo "================ ${label} (make ${target}) ================"
  : > "$SKIP_FILE"
  start=$(date +%s)
  "$MAKE" --no-print-directory "$target"
  rc=$?
  end=$(date +%s)
  reason=$(paste -sd ';' "$SKIP_FILE")
  if [ $rc -ne 0 ]; then
    status="FAIL (exit $rc)"; failed=1; failures=$((failures + 1))
  elif [ -n "$reason" ]; then
    if [ "${CI:-}" = "true" ] && [[ "$OPTIONAL" != *" $target "* ]]; then
      status="FAIL (skipped, but CI=true requires it: $reason)"; failed=1; failures=$((failures + 1)); rc=1
    else
      status="SKIP ($reason)"; skipped=$((skipped + 1))
    fi
  else
    status=PASS; passed=$((passed + 1))
  fi
  echo "---------------- ${label}: ${status} in $((end - start)) s"
  RESULTS+=("$(printf '%-45s %5ss  %s' "$label" "$((end - start))" "$status")")
  return $rc
}

# Environment first: without it nothing else can run.
if ! run_stage "environment: .venv + staged collection" stage; then
  echo "make test: could not set up the environment"; exit 1
fi
if ! run_stage "ansible-test pip bootstrap (offline)" bootstrap-ansible-test; then
  echo "make test: could not prepare ansible-test's pip bootstrap"; exit 1
fi

for entry in "${STAGES[@]}"; do
  run_stage "${entry%%|*}" "${entry##*|}" || true
done

total_end=$(date +%s)
echo
echo "================ make test summary ================"
printf '%s\n' "${RESULTS[@]}"
echo "total: $((total_end - total_start)) s"
echo "stages: ${passed} passed, ${failures} failed, ${skipped} skipped"
if [ $failed -ne 0 ]; then
  echo "make test: FAILED"
  exit 1
fi
if [ $skipped -ne 0 ]; then
  echo "make test: passed, but ${skipped} stage(s) did not run (SKIP above)"
else
  echo "make test: all stages passed"
fi
