#!/usr/bin/env bash
# bench.sh: build a national-scale portal in this CKAN line's bench database and time its
# pages and actions against CKAN's own, in the same run. Quick by default (the import's
# package_create baseline sampled); FULL=1 times all 10,000 package_create.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SUFFIX=$([ "$BENCH_SCALE" = 1 ] || echo "_x$BENCH_SCALE")
export BENCH_SCALE CKAN_SQLALCHEMY_URL CKAN_SOLR_URL=$SOLR_URL CKAN_REDIS_URL \
  CKAN_SITE_ID=opendataplan_bench_$LINE$SUFFIX \
    CKAN_SITE_URL=http://127.0.0.1:$BENCH_PORT CKAN_STORAGE_PATH=$CKAN_STATE/bench-storage$SUFFIX
CKAN_SQLALCHEMY_URL=$(db_url "$DB_BENCH_NAME")
CKAN_REDIS_URL=$(redis_url 2)
if [ -n "$BENCH_FULL" ]; then
  export BENCH_BASELINE_ROWS=${BENCH_IMPORT_ROWS:-10000}
else
  export BENCH_BASELINE_ROWS=${BENCH_BASELINE_ROWS:-500}
fi
INI=$ROOT/test.ini
OUT=$CKAN_STATE
started=$SECONDS

cd "$ROOT"
say "bench on CKAN $CKAN_VERSION, SCALE=$BENCH_SCALE, $([ -n "$BENCH_FULL" ] && echo full || echo "quick (the import's baseline: $BENCH_BASELINE_ROWS package_create)")"
"$VENV/bin/ckan" -c "$INI" db upgrade >"$CKAN_LOG/bench-db.log" 2>&1
"$VENV/bin/python" bench/build.py "$INI" 2>>"$CKAN_LOG/bench-build.log"
if [ "$BENCH_SCALE" = 1 ]; then
  "$VENV/bin/python" bench/inventory_import.py "$INI" "$OUT/bench-import.md" >"$CKAN_LOG/bench-import.log" 2>&1
  cat "$OUT/bench-import.md"
  "$VENV/bin/python" bench/report_publish.py "$INI" "$OUT/bench-publish.md" >"$CKAN_LOG/bench-publish.log" 2>&1
  cat "$OUT/bench-publish.md"
  # The bench portal's plans harvested into a second portal of its own (its database,
  # site id, Redis database, files and port), which then serves them. That portal is kept
  # (this run's export harvested into it) unless FULL=1 or BENCH_HARVEST_FRESH=1: then
  # emptied and harvested into from nothing, as the first run does.
  BENCH_HARVEST_FRESH=${BENCH_HARVEST_FRESH:-$BENCH_FULL} \
    HARVEST_SQLALCHEMY_URL=$(db_url "$DB_BENCH_HARVEST_NAME") HARVEST_SOLR_URL=$SOLR_URL \
    HARVEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/$REDIS_BENCH_HARVEST_DB \
    HARVEST_SITE_ID=opendataplan_bench_harvest_$LINE HARVEST_SITE_URL=http://127.0.0.1:$BENCH_HARVEST_PORT \
    HARVEST_STORAGE_PATH=$CKAN_STATE/bench-harvest-storage \
    "$VENV/bin/python" bench/harvest.py "$VENV/bin/ckan" "$INI" "$BENCH_PORT" "$BENCH_HARVEST_PORT" \
    "$OUT/bench-harvest.md" >"$CKAN_LOG/bench-harvest.log" 2>&1 \
    || { tail -n 30 "$CKAN_LOG/bench-harvest.log" >&2; die "the harvest benchmark failed; see $CKAN_LOG/bench-harvest.log"; }
  cat "$OUT/bench-harvest.md"
else  # the import and publishing benchmarks do not depend on the portal's size
  BENCH_INVENTORY_ONLY=1 "$VENV/bin/python" bench/inventory_import.py "$INI" /dev/null \
    >"$CKAN_LOG/bench-import$SUFFIX.log" 2>&1
fi
"$VENV/bin/python" bench/measure.py "$VENV/bin/ckan" "$INI" "$BENCH_PORT" | tee "$OUT/bench-results$SUFFIX.md"
say "bench done in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
