#!/usr/bin/env bash
# federation.sh: the regional portal (SITE=regional) beside the national one that
# `make portal` serves, from the same services, with its OGP Local demo plan.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

NATIONAL_URL=http://127.0.0.1:$CKAN_PORT
REGIONAL_PORT=${REGIONAL_PORT:-$((CKAN_PORT + 10))}
REGIONAL_URL=http://127.0.0.1:$REGIONAL_PORT

say "the regional portal on $REGIONAL_URL"
SITE=regional REGIONAL_PORT=$REGIONAL_PORT bash "$ROOT/stack/portal.sh" start >"$CKAN_LOG/regional.log" 2>&1 \
  || { tail -n 20 "$CKAN_LOG/regional.log" >&2; die "the regional portal did not start; see $CKAN_LOG/regional.log"; }

cat <<EOT

  National portal:  $NATIONAL_URL/ar/progress
  Regional portal:  $REGIONAL_URL/ar/progress   (its plan data: $REGIONAL_URL/progress/open-data)
  Regional log-in:  admin / $(cat "$STATE_DIR/ckan-$CKAN_VERSION-regional/admin-password")
  Stop everything:  make stop

EOT
