#!/usr/bin/env bash
# portal.sh start|stop: the CKAN portal (web server and job worker) on 127.0.0.1:$CKAN_PORT,
# with its config, database, sysadmin and demo data. Services must already run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CKAN="$VENV/bin/ckan -c $CKAN_INI"
SITE_URL=http://127.0.0.1:$CKAN_PORT
ADMIN_PASSWORD_FILE=$CKAN_STATE/admin-password

# The regional portal (SITE=regional, `make federation`): its title, coordinating body,
# demo set and one web worker; the national one's otherwise.
if [ "$SITE" = regional ]; then
  SITE_TITLE="بوابة البيانات المفتوحة لجهة طنجة تطوان الحسيمة"
  COORDINATING_BODIES=tanger-tetouan-al-hoceima-region
  WEB_WORKERS=1
else
  SITE_TITLE="بوابة خطط البيانات المفتوحة"
  COORDINATING_BODIES="mef-administration-reform digital-development-agency"
fi

# EXTRA_PLUGINS: plugins beside test.ini's. `make federation` adds ckanext-harvest's to
# the national portal and notes them in HARVEST_PLUGINS_FILE: its database then holds a
# harvest source, which CKAN's pages link to through ckanext-harvest's routes, so later
# starts keep them (without them, the source's institution page answered 500).
HARVEST_PLUGINS_FILE=$CKAN_STATE/harvest-plugins
EXTRA_PLUGINS=${EXTRA_PLUGINS:-$(cat "$HARVEST_PLUGINS_FILE" 2>/dev/null || true)}

# The plugins and their schemas are listed once, in test.ini: the portal runs what is tested.
plugin_setting() {
  grep -E "^$1 = " "$ROOT/test.ini" || die "test.ini has no $1"
}

# The portal's settings; re-applied on every start so that an edit here takes effect.
configure() {
  if [ ! -f "$CKAN_INI" ]; then
    say "writing the CKAN config $CKAN_INI"
    "$VENV/bin/ckan" generate config "$CKAN_INI" >/dev/null
  fi
  "$VENV/bin/ckan" config-tool "$CKAN_INI" \
    "ckan.site_url = $SITE_URL" \
    "ckan.site_id = $SITE_ID" \
    "ckan.site_title = $SITE_TITLE" \
    "sqlalchemy.url = $(db_url "$DB_NAME")" \
    "solr_url = $SOLR_URL" \
    "ckan.redis.url = redis://127.0.0.1:$REDIS_PORT/$PORTAL_REDIS_DB" \
    "$(plugin_setting ckan.plugins)${EXTRA_PLUGINS:+ $EXTRA_PLUGINS}" \
    "$(plugin_setting scheming.dataset_schemas)" \
    "$(plugin_setting scheming.presets)" \
    "ckan.locale_default = ar" \
    "ckan.locales_offered = ar fr en" \
    "ckan.storage_path = $CKAN_STATE/storage" \
    "ckan.csrf_protection.ignore_extensions = false" \
    "ckanext.opendataplan.coordinating_bodies = $COORDINATING_BODIES" \
    "ckanext.opendataplan.country = Morocco" \
    "ckanext.opendataplan.date_locales = ar:ar_MA" \
    "ckanext.opendataplan.about_path = $ROOT/ckanext/opendataplan/demo/about" \
    "ckan.max_resource_size = 50" >/dev/null
  mkdir -p "$CKAN_STATE/storage"
}

ensure_sysadmin() {
  [ -f "$ADMIN_PASSWORD_FILE" ] && return
  local password
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  say "creating the sysadmin 'admin'"
  $CKAN user add admin email=admin@localhost "password=$password" >>"$CKAN_LOG/admin.log" 2>&1
  $CKAN sysadmin add admin >>"$CKAN_LOG/admin.log" 2>&1
  echo "$password" >"$ADMIN_PASSWORD_FILE"; chmod 600 "$ADMIN_PASSWORD_FILE"
}

ckan_ready() { curl -fsS --max-time 10 "$SITE_URL/api/3/action/status_show" >/dev/null; }

# Production serving: gunicorn's pre-fork workers ($WEB_WORKERS processes, which share
# nothing but PostgreSQL, Solr and Redis) and CKAN's RQ job worker, supervised: started
# again (with a back-off) whenever it exits, as systemd or supervisord run it on a
# production portal (docs/job-worker.md). `make dev` serves with `ckan run` (one process,
# reloading its code) instead.
serve() {
  local mode=${1:-production}
  if pid_alive "$CKAN_RUN/ckan.pid" && ckan_ready; then
    # A second `make portal` after a change: gunicorn's HUP starts new workers, which
    # import the code, config and catalogs again (the old ones finish their requests).
    [ "$mode" = dev ] || { say "reloading the running portal's workers"; kill -HUP "$(cat "$CKAN_RUN/ckan.pid")"; }
    return
  fi
  port_open "$CKAN_PORT" && port_taken_error "CKAN portal of this project" "$CKAN_PORT" CKAN_PORT
  if [ "$mode" = dev ]; then
    say "starting CKAN $CKAN_RELEASE's development server (ckan run) and job worker"
    spawn "$CKAN_RUN/ckan.pid" "$CKAN_LOG/ckan.log" $CKAN run --host 127.0.0.1 --port "$CKAN_PORT" --threaded
  else
    say "starting CKAN $CKAN_RELEASE under gunicorn ($WEB_WORKERS workers) and the job worker"
    spawn "$CKAN_RUN/ckan.pid" "$CKAN_LOG/ckan.log" env "CKAN_INI=$CKAN_INI" "$VENV/bin/gunicorn" \
      --chdir "$ROOT/stack" --workers "$WEB_WORKERS" --bind "127.0.0.1:$CKAN_PORT" \
      --timeout 120 --graceful-timeout 20 --access-logfile - wsgi:application
  fi
  pid_alive "$CKAN_RUN/worker.pid" || start_worker
  wait_for "CKAN" "$CKAN_TIMEOUT" "$CKAN_LOG/ckan.log" "$CKAN_RUN/ckan.pid" ckan_ready
}

start_worker() {
  spawn "$CKAN_RUN/worker.pid" "$CKAN_LOG/worker.log" env "SUPERVISE_CHILD_PIDFILE=$CKAN_RUN/worker-child.pid" \
    bash "$ROOT/stack/supervise.sh" "job worker" $CKAN jobs worker
}

# The queue CKAN's default jobs wait in (RQ's list), in this line's portal database.
QUEUE_KEY=rq:queue:ckan:$SITE_ID:default

status() {
  if pid_alive "$CKAN_RUN/ckan.pid" && ckan_ready; then echo "CKAN $CKAN_RELEASE: up, $SITE_URL"
  else echo "CKAN $CKAN_RELEASE: down"; fi
  if ! pid_alive "$CKAN_RUN/worker.pid"; then echo "job worker: not running"
  elif pid_alive "$CKAN_RUN/worker-child.pid"; then
    echo "job worker: alive (pid $(cat "$CKAN_RUN/worker-child.pid"), supervised by pid $(cat "$CKAN_RUN/worker.pid"), $(worker_restarts))"
  else echo "job worker: restarting (its supervisor, pid $(cat "$CKAN_RUN/worker.pid"), waits before the next try; see $CKAN_LOG/worker.log)"; fi
  local waiting
  if waiting=$(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$PORTAL_REDIS_DB" llen "$QUEUE_KEY" 2>/dev/null) \
    && [ -n "$waiting" ] && [ "${waiting#ERR}" = "$waiting" ]; then echo "jobs waiting: $waiting"
  else echo "jobs waiting: unknown (Redis does not answer on 127.0.0.1:$REDIS_PORT)"; fi
}

worker_restarts() {
  local last
  last=$(grep -o 'restarts so far: [0-9]*' "$CKAN_LOG/worker.log" 2>/dev/null | tail -n1 | grep -o '[0-9]*$')
  echo "restarted ${last:-0} times"
}

start() {
  local mode=${1:-production} schemas_before
  # A change of the types scheming handles (CKAN's `dataset` left it) changes what the
  # index keeps of each dataset: index them again after the demo load.
  schemas_before=$(grep -s '^scheming.dataset_schemas' "$CKAN_INI" || true)
  configure
  say "migrating the database"
  $CKAN db upgrade >"$CKAN_LOG/db-upgrade.log" 2>&1 || { tail "$CKAN_LOG/db-upgrade.log" >&2; die "ckan db upgrade failed; see $CKAN_LOG/db-upgrade.log"; }
  ensure_sysadmin
  say "loading the demo data"
  $CKAN opendataplan demo load --set "$SITE" >"$CKAN_LOG/demo.log" 2>&1 || { tail "$CKAN_LOG/demo.log" >&2; die "loading the demo data failed; see $CKAN_LOG/demo.log"; }
  if [ -n "$schemas_before" ] && [ "$schemas_before" != "$(grep -s '^scheming.dataset_schemas' "$CKAN_INI")" ]; then
    say "the dataset schemas changed: indexing every dataset again"
    $CKAN search-index rebuild >"$CKAN_LOG/search-index.log" 2>&1 || { tail "$CKAN_LOG/search-index.log" >&2; die "ckan search-index rebuild failed; see $CKAN_LOG/search-index.log"; }
  fi
  serve "$mode"
  cat <<EOF

  CKAN $CKAN_RELEASE is up: $SITE_URL   (Arabic: $SITE_URL/ar/  French: $SITE_URL/fr/  English: $SITE_URL/en/)
  Log in as:        admin / $(cat "$ADMIN_PASSWORD_FILE")
  Config:           $CKAN_INI
  Logs:             $CKAN_LOG/ (services: $LOG_DIR/)
  Stop everything:  make stop

EOF
}

case "${1:-}" in
  start) start production ;;
  dev) start dev ;;
  # Stops the portal of either CKAN line, since the services are about to go.
  stop) for run in "$STATE_DIR"/ckan-*/run; do
          stop_pidfile "job worker" "$run/worker.pid"; stop_pidfile "CKAN" "$run/ckan.pid"
        done ;;
  status) status ;;
  *) die "usage: $0 start|dev|stop|status" ;;
esac
