#!/usr/bin/env bash
# test_ckan.sh [pytest arguments]: CKAN's own tests (stack/ckan_tests/files.txt, from the
# installed package) with the plugin's plugins and options from test.ini, against their
# own database, Solr site id and Redis database. Fails on a test that fails with the
# plugin but not without it (stack/ckan_tests/baseline-<line>.txt: the tests that fail
# here without the plugin), unless it is a deliberate difference
# (stack/ckan_tests/deliberate.txt).
# BASELINE=1: run them with CKAN's settings only and write the baseline file instead.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

HERE=$ROOT/stack/ckan_tests
# Each run in its own database, Solr site id and Redis database (the two may run at once).
if [ "${BASELINE:-0}" = 1 ]; then
  RUN=baseline DB=$DB_CKAN_BASELINE_NAME REDIS_DB=$((REDIS_FIRST_DB == 0 ? 6 : 8))
else
  RUN=plugin DB=$DB_CKAN_TESTS_NAME REDIS_DB=$((REDIS_FIRST_DB == 0 ? 7 : 9))
fi
OUT=$CKAN_STATE/ckan-tests-$RUN
mkdir -p "$OUT"
SITE=$("$VENV/bin/python" -c 'import ckan, os; print(os.path.dirname(os.path.dirname(ckan.__file__)))')
export CKAN_SQLALCHEMY_URL CKAN_SOLR_URL=$SOLR_URL CKAN_REDIS_URL CKAN_SITE_ID=ckan${RUN}_$LINE \
  CKAN_STORAGE_PATH=$OUT/storage OPENDATAPLAN_FAILED_FILE=$OUT/failed.txt
CKAN_SQLALCHEMY_URL=$(db_url "$DB")
CKAN_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/$REDIS_DB
export PYTHONPATH=$HERE${PYTHONPATH:+:$PYTHONPATH}
mapfile -t FILES < <(grep -v '^#' "$HERE/files.txt" | sed "s|^|$SITE/|")
BASELINE_FILE=$HERE/baseline-$CKAN_VERSION.txt

if [ "${BASELINE:-0}" = 1 ]; then
  INI=$HERE/stock.ini
  unset OPENDATAPLAN_PLUGINS
  say "CKAN $CKAN_RELEASE's own tests without the plugin (the baseline), database $DB"
else
  INI=$OUT/with-plugin.ini
  OPENDATAPLAN_PLUGINS=$("$VENV/bin/python" "$HERE/opendataplan_ckan_tests.py" ini "$HERE/stock.ini" "$ROOT/test.ini" "$INI")
  export OPENDATAPLAN_PLUGINS
  say "CKAN $CKAN_RELEASE's own tests with $OPENDATAPLAN_PLUGINS, database $DB"
fi
"$VENV/bin/ckan" -c "$INI" db upgrade >"$OUT/db-upgrade.log" 2>&1 \
  || { tail "$OUT/db-upgrade.log" >&2; die "ckan db upgrade failed; see $OUT/db-upgrade.log"; }
started=$(date +%s)
set +e
"$VENV/bin/python" -m pytest -c "$HERE/pytest.ini" --rootdir="$SITE" --ckan-ini="$INI" -q \
  "${FILES[@]}" "$@" >"$OUT/pytest.log" 2>&1
status=$?
set -e
tail -n 3 "$OUT/pytest.log"
# 0: all passed, 1: some failed (compared below); anything else: the run itself broke.
[ "$status" -le 1 ] || { tail -n 30 "$OUT/pytest.log" >&2; die "pytest stopped ($status); see $OUT/pytest.log"; }
say "CKAN's tests ran in $(( $(date +%s) - started )) s (log: $OUT/pytest.log)"

if [ "${BASELINE:-0}" = 1 ]; then
  { echo "# CKAN $CKAN_RELEASE's tests (stack/ckan_tests/files.txt) that fail here without the plugin:"
    echo "# written by 'make test-ckan BASELINE=1' on $(date -u +%Y-%m-%d)."
    cat "$OUT/failed.txt"; } >"$BASELINE_FILE"
  say "baseline: $(grep -vc '^#' "$BASELINE_FILE") failing tests written to ${BASELINE_FILE#"$ROOT"/}"
else
  [ -f "$BASELINE_FILE" ] || die "no baseline for CKAN $CKAN_VERSION: run 'make test-ckan BASELINE=1' first"
  "$VENV/bin/python" "$HERE/opendataplan_ckan_tests.py" compare "$OUT/failed.txt" "$BASELINE_FILE" "$HERE/deliberate.txt"
fi
