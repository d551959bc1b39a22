#!/usr/bin/env bash
# load.sh: 60 s of 50 concurrent clients on the running portal (loopback only), a
# citizens' mix with editors saving progress, then the same load on CKAN's own dataset
# page; prints p50/p95, requests per second and errors of each (Locust, headless).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

OUT=$CKAN_STATE/load
# shellcheck source=load_common.sh
. "$ROOT/stack/load_common.sh"

start_run
say "citizens and editors: $USERS clients for ${SECONDS_} s"
run_locust mix Citizen Editor
say "CKAN's dataset page: $USERS clients for ${SECONDS_} s"
run_locust ckan DatasetReader
"$VENV/bin/python" "$ROOT/load/summary.py" "$OUT/mix_stats.csv" "$OUT/ckan_stats.csv" | tee "$OUT/results.md"
