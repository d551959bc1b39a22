#!/usr/bin/env bash
# faults.sh: the running portal, under the load of `make load` (citizens and editors),
# loses its services one at a time: Solr stopped for $FAULT_SECONDS s, then Redis, then
# PostgreSQL restarted. Every request is recorded; load/faults.py then says, phase by
# phase, what each page answered, checks that every acknowledged save is in the history
# and no refused one is, and that the figures agree on every channel once all is back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

OUT=$CKAN_STATE/faults
USERS=${LOAD_USERS:-50}
FAULT_SECONDS=${FAULT_SECONDS:-30}
CALM_SECONDS=${CALM_SECONDS:-20}
# shellcheck source=load_common.sh
. "$ROOT/stack/load_common.sh"

SERVICES="bash $ROOT/stack/services.sh"
phase() { printf '%s,%s\n' "$(date +%s.%N)" "$1" >>"$OUT/phases.csv"; say "$1"; }

start_run
rm -f "$OUT/requests.csv" "$OUT/phases.csv"
export LOAD_RECORD=$OUT/requests.csv
"$LOAD_VENV/bin/locust" -f "$ROOT/load/locustfile.py" --headless --host "$BASE" \
  --users "$USERS" --spawn-rate 25 --only-summary Citizen Editor \
  >"$CKAN_LOG/faults-locust.log" 2>&1 &
LOCUST=$!
stop_load() { kill -TERM "$LOCUST" 2>/dev/null || true; wait "$LOCUST" 2>/dev/null || true; }
trap 'stop_load; cleanup' EXIT

phase "all services up"; sleep "$CALM_SECONDS"
phase "Solr stopped"; $SERVICES stop solr >/dev/null; sleep "$FAULT_SECONDS"
phase "Solr starting"; $SERVICES start solr >/dev/null
phase "Solr back"; sleep "$CALM_SECONDS"
phase "Redis stopped"; $SERVICES stop redis >/dev/null; sleep "$FAULT_SECONDS"
$SERVICES start redis >/dev/null
phase "Redis back"; sleep "$CALM_SECONDS"
phase "PostgreSQL restarting"; $SERVICES stop postgresql >/dev/null; $SERVICES start postgresql >/dev/null
phase "PostgreSQL back"; sleep "$CALM_SECONDS"
phase "end"
stop_load
# The job worker must have outlived the Redis outage: a job queued now is run.
$CKAN opendataplan rebuild --background >/dev/null 2>&1
JOB_RUN=no
for _ in $(seq 1 60); do
  $CKAN jobs list 2>/dev/null | grep -q "no pending jobs" && { JOB_RUN=yes; break; }
  sleep 1
done
verdict=0
"$VENV/bin/python" "$ROOT/load/faults.py" "$OUT" "$BASE" "$LOAD_EDITED_COMMITMENT" "$JOB_RUN" \
  | tee "$OUT/results.md" || verdict=$?
# What `make status` says afterwards (the worker's restarts through the Redis outage).
bash "$ROOT/stack/portal.sh" status | sed 's/^/- make status: /' | tee -a "$OUT/results.md"
exit "$verdict"
