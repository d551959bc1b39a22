#!/usr/bin/env bash
# federation.sh: the regional portal (SITE=regional) beside the national one that
# `make portal` serves, from the same services, with its OGP Local demo plan; then the
# national portal harvests it with ckanext-harvest's own commands.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CKAN="$VENV/bin/ckan -c $CKAN_INI"
NATIONAL_URL=http://127.0.0.1:$CKAN_PORT
REGIONAL_PORT=${REGIONAL_PORT:-$((CKAN_PORT + 10))}
REGIONAL_URL=http://127.0.0.1:$REGIONAL_PORT
# The harvest source on the national portal, and the institution that owns what it
# brings: the region's council (the regional demo's organizations.yaml), made there too.
SOURCE=tth-region
OWNER=tanger-tetouan-al-hoceima-region
HARVEST_PLUGINS="harvest opendataplan_harvester"

say "the regional portal on $REGIONAL_URL"
SITE=regional REGIONAL_PORT=$REGIONAL_PORT bash "$ROOT/stack/portal.sh" start >"$CKAN_LOG/regional.log" 2>&1 \
  || { tail -n 20 "$CKAN_LOG/regional.log" >&2; die "the regional portal did not start; see $CKAN_LOG/regional.log"; }

say "the national portal with ckanext-harvest ($HARVEST_PLUGINS)"
EXTRA_PLUGINS=$HARVEST_PLUGINS bash "$ROOT/stack/portal.sh" start >"$CKAN_LOG/federation-national.log" 2>&1 \
  || { tail -n 20 "$CKAN_LOG/federation-national.log" >&2; die "the national portal did not start; see $CKAN_LOG/federation-national.log"; }
echo "$HARVEST_PLUGINS" >"$CKAN_STATE/harvest-plugins"  # `make portal` keeps them from now on
$CKAN opendataplan demo load --set regional --organizations-only >>"$CKAN_LOG/federation.log" 2>&1 \
  || { tail -n 20 "$CKAN_LOG/federation.log" >&2; die "creating $OWNER failed; see $CKAN_LOG/federation.log"; }

say "harvesting $REGIONAL_URL/progress/open-data/datapackage.json (source $SOURCE)"
source_exists() { curl -fsS --max-time 30 "$NATIONAL_URL/api/3/action/harvest_source_show?id=$SOURCE" >/dev/null 2>&1; }
if ! source_exists; then
  # ckanext-harvest 1.6.3's command saves the source, then fails printing it (a source
  # with no job yet has no status): whether it exists is asked of the API.
  $CKAN harvester source create "$SOURCE" "$REGIONAL_URL/progress/open-data/datapackage.json" \
    opendataplan "جهة طنجة تطوان الحسيمة" true "$OWNER" MANUAL "{\"organization\": \"$OWNER\"}" \
    >>"$CKAN_LOG/federation.log" 2>&1 || true
  source_exists || { tail -n 20 "$CKAN_LOG/federation.log" >&2; die "creating the harvest source failed; see $CKAN_LOG/federation.log"; }
fi
$CKAN harvester run-test "$SOURCE" >>"$CKAN_LOG/federation.log" 2>&1 \
  || { tail -n 20 "$CKAN_LOG/federation.log" >&2; die "the harvest failed; see $CKAN_LOG/federation.log"; }

cat <<EOT

  National portal:  $NATIONAL_URL/ar/progress   (harvested plans: ?source=$SOURCE)
  Regional portal:  $REGIONAL_URL/ar/progress   (its plan data: $REGIONAL_URL/progress/open-data)
  Regional log-in:  admin / $(cat "$STATE_DIR/ckan-$CKAN_VERSION-regional/admin-password")
  Harvest again:    $CKAN harvester run-test $SOURCE
  Stop everything:  make stop

EOT
