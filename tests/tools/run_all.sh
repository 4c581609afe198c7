#!/usr/bin/env bash
# Runs every stage of `make test`, prints how long each took and a summary.
# A failing stage does not stop the others (so one run shows every problem), but the exit status
# is 1 when any stage failed. Only a failure to set up the environment stops the run early.
set -uo pipefail

MAKE=${MAKE:-make}
cd "$(dirname "$0")/../.."

# "label|make target" in running order
STAGES=(
  "example host bytes (CRLF+BOM)|check-offline-host"
  "units: pytest tests/unit|units"
  "sanity: ansible-test 2.19 / py3.11|sanity"
  "units: ansible-test 2.19 / py3.11|ansible-test-units"
  "integration: offline_* targets|integration"
  "syntax-check: playbooks + Windows targets|syntax"
  "ansible-lint (production)|lint"
  "build + offline install + ansible-doc|build"
  "second leg: ansible-core 2.21 / py3.12|py312"
  "molecule|molecule"
)

declare -a RESULTS=()
failed=0
total_start=$(date +%s)

run_stage() {
  local label=$1 target=$2 start end rc
  echo
  echo "================ ${label} (make ${target}) ================"
  start=$(date +%s)
  "$MAKE" --no-print-directory "$target"
  rc=$?
  end=$(date +%s)
  local status=PASS
  [ $rc -eq 0 ] || { status="FAIL (exit $rc)"; failed=1; }
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
if [ $failed -ne 0 ]; then
  echo "make test: FAILED"
  exit 1
fi
echo "make test: all stages passed"
