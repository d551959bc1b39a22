#!/usr/bin/env bash
# load.sh: 60 s of 50 concurrent clients on the running portal (loopback only), a
# citizens' mix with one editor saving progress every second (LOAD_SAVE_EVERY), then the
# same load on CKAN's own dataset page; prints p50/p95, requests per second and errors
# of each, and the citizens' own p95 (Locust, headless).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

OUT=$CKAN_STATE/load
# shellcheck source=load_common.sh
. "$ROOT/stack/load_common.sh"

start_run
say "citizens and editors: $USERS clients for ${SECONDS_} s"
rm -f "$OUT/mix_requests.csv"
export LOAD_RECORD=$OUT/mix_requests.csv  # every request: the citizens' own latencies
run_locust mix Citizen Editor
unset LOAD_RECORD
say "CKAN's dataset page: $USERS clients for ${SECONDS_} s"
run_locust ckan DatasetReader
"$VENV/bin/python" "$ROOT/load/summary.py" "$OUT/mix_stats.csv" "$OUT/ckan_stats.csv" \
  --record "$OUT/mix_requests.csv" | tee "$OUT/results.md"
