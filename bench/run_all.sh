#!/usr/bin/env bash
# Run every benchmark of webadmin.iis with the interpreter given as $1 (make bench passes .venv's).
# BENCH_FULL=1 runs the bigger variants (50 hosts in the fleet, 3 timed runs at 10,000 sites,
# iis_info over every site). Each script prints its own table; see docs/performance.md.
set -euo pipefail
py=${1:-python3}
here=$(cd "$(dirname "$0")" && pwd)
if [ "${BENCH_FULL:-0}" = 1 ]; then
  scale_args=(--repeat 5 --repeat-big 5 --info-all --trace-big); fleet_args=(--hosts 50); playbook_args=(--repeat 50)
else
  scale_args=(--repeat-big 3); fleet_args=(--hosts 20); playbook_args=(--repeat 20)
fi
"$py" "$here/bench_round_trips.py"
echo
"$py" "$here/bench_playbook.py" "${playbook_args[@]}"
echo
"$py" "$here/bench_scale.py" "${scale_args[@]}"
echo
"$py" "$here/bench_fleet.py" "${fleet_args[@]}"
