#!/usr/bin/env bash
# test.sh [pytest arguments]: the whole suite on one CKAN line (CKAN_VERSION), against
# the running services, in that line's own test database, Solr site id and Redis database.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# test.ini holds what every line shares; these CKAN environment variables say which line.
export CKAN_SQLALCHEMY_URL CKAN_SOLR_URL=$SOLR_URL CKAN_REDIS_URL CKAN_SITE_ID=opendataplan_test_$LINE \
  CKAN_STORAGE_PATH=$CKAN_STATE/test-storage
CKAN_SQLALCHEMY_URL=$(db_url "$DB_TEST_NAME")
CKAN_REDIS_URL=$(redis_url 1)
# The wheel-install test builds its stock CKAN virtualenv and portal here.
export OPENDATAPLAN_WHEEL_STATE=$CKAN_STATE/wheel OPENDATAPLAN_WHEEL_DB
OPENDATAPLAN_WHEEL_DB=$(db_url "$DB_WHEEL_NAME")

cd "$ROOT"
say "testing on CKAN $CKAN_RELEASE ($VENV, database $DB_TEST_NAME)"
"$VENV/bin/ruff" check .
"$VENV/bin/ckan" -c test.ini db upgrade >"$CKAN_LOG/test-db-upgrade.log" 2>&1 \
  || { tail "$CKAN_LOG/test-db-upgrade.log" >&2; die "ckan db upgrade failed; see $CKAN_LOG/test-db-upgrade.log"; }
started=$(date +%s)
"$VENV/bin/python" -m pytest "$@"
say "CKAN $CKAN_RELEASE: the suite passed in $(( $(date +%s) - started )) s"
