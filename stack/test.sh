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
# The two-portal tests' regional portal (tests/federation/regional.py).
export OPENDATAPLAN_REGIONAL_DB
OPENDATAPLAN_REGIONAL_DB=$(db_url "$DB_TEST_REGIONAL_NAME")
# The wheel-install test builds its stock CKAN virtualenv and portal here.
export OPENDATAPLAN_WHEEL_STATE=$CKAN_STATE/wheel OPENDATAPLAN_WHEEL_DB
OPENDATAPLAN_WHEEL_DB=$(db_url "$DB_WHEEL_NAME")

# SOLR_MODE=cloud: the suite against a real SolrCloud (an embedded ZooKeeper and two Solr
# nodes in one JVM, solr-test-framework's MiniSolrCloudCluster) holding a collection of
# two shards made from CKAN's configset, instead of the single Solr core.
start_solr_cloud() {
  local dir=$CKAN_STATE/solr-cloud url_file
  rm -rf "$dir"; mkdir -p "$dir"; url_file=$dir/url
  say "starting a 2-node SolrCloud (collection of 2 shards) for the suite"
  "$JAVA" -Xms256m -Xmx${SOLR_HEAP:-1g} -Dlog4j2.configurationFile="$ROOT/stack/solr/log4j2.xml" \
    -Dsolr.log.dir="$dir" -cp "$SOLR_LIB/*" "$ROOT/stack/solr/SolrCloud.java" \
    "$dir/nodes" "$STATE_DIR/solr/home/$SOLR_CORE/conf" "ckan_cloud_$LINE" "$url_file" >"$dir/cloud.log" 2>&1 &
  CLOUD_PID=$!
  trap 'kill $CLOUD_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 "$SOLR_TIMEOUT"); do
    [ -s "$url_file" ] && break
    kill -0 "$CLOUD_PID" 2>/dev/null || { tail -n 20 "$dir/cloud.log" >&2; die "SolrCloud did not start; see $dir/cloud.log"; }
    sleep 1
  done
  [ -s "$url_file" ] || die "SolrCloud did not start within $SOLR_TIMEOUT s; see $dir/cloud.log"
  CKAN_SOLR_URL=$(cat "$url_file")
  say "SolrCloud collection: $CKAN_SOLR_URL"
}

cd "$ROOT"
[ "${SOLR_MODE:-core}" = cloud ] && start_solr_cloud
say "testing on CKAN $CKAN_RELEASE ($VENV, database $DB_TEST_NAME, Solr $CKAN_SOLR_URL)"
"$VENV/bin/ruff" check .
"$VENV/bin/ckan" -c test.ini db upgrade >"$CKAN_LOG/test-db-upgrade.log" 2>&1 \
  || { tail "$CKAN_LOG/test-db-upgrade.log" >&2; die "ckan db upgrade failed; see $CKAN_LOG/test-db-upgrade.log"; }
started=$(date +%s)
"$VENV/bin/python" -m pytest "$@"
say "CKAN $CKAN_RELEASE: the suite passed in $(( $(date +%s) - started )) s"
if [ "${SOLR_MODE:-core}" = cloud ]; then
  # What the suite left in the collection, shard by shard: it was the one in use.
  "$VENV/bin/python" - "$CKAN_SOLR_URL" <<'PY'
import json, sys, urllib.request
url = sys.argv[1] + "/select?q=*:*&rows=0&shards.info=true&wt=json"
info = json.load(urllib.request.urlopen(url))["shards.info"]
print("==> SolrCloud shards:", ", ".join(f"{k}: {v['numFound']} documents" for k, v in sorted(info.items())))
PY
fi
