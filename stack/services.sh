#!/usr/bin/env bash
# services.sh start|stop|status: PostgreSQL, Redis and Solr on 127.0.0.1.
# A service already answering on its port is used as it is; one we start keeps
# its data under .state/ and its log under .state/log/, and `stop` stops only those.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
SOLR_HOME=$STATE_DIR/solr/home

# --- PostgreSQL ------------------------------------------------------------

# PostgreSQL programs run as the database owner: root may not run the server.
PG_RUNAS=()
[ "$(id -u)" = 0 ] && PG_RUNAS=(setpriv --reuid=postgres --regid=postgres --init-groups --)
as_pg_owner() { "${PG_RUNAS[@]}" "$@"; }

# The cluster's folder, holding its data and its socket. The postgres user must be able
# to reach it; a clone inside a private (0700) folder is not reachable, so its cluster
# then lives beside Debian's, named after the clone's path.
pg_base_dir() {
  local local_dir=$STATE_DIR/postgresql
  if [ "$(id -u)" != 0 ]; then echo "$local_dir"; return; fi
  mkdir -p "$local_dir" && chown postgres: "$local_dir"
  if as_pg_owner test -w "$local_dir"; then echo "$local_dir"
  else echo "/var/lib/postgresql/opendataplan-$(echo "$ROOT" | sha1sum | cut -c1-10)"; fi
}
PG_BASE=$(pg_base_dir)
PG_SOCKET_DIR=$PG_BASE/run

pg_ready() { "$PG_BIN/pg_isready" -q -t 3 -h 127.0.0.1 -p "$PG_PORT"; }

pg_superuser_psql() {
  if [ -f "$RUN_DIR/postgresql.pid" ]; then
    as_pg_owner "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -qAt "$@"
  elif [ "$(id -u)" = 0 ]; then
    as_pg_owner "$PG_BIN/psql" -p "$PG_PORT" -qAt "$@"
  else
    sudo -n -u postgres "$PG_BIN/psql" -p "$PG_PORT" -qAt "$@"
  fi
}

start_postgresql() {
  cd /  # the postgres user may not be able to enter the current folder
  [ -x "$PG_BIN/postgres" ] || die "PostgreSQL is not installed (apt-get install postgresql); run 'make install'."
  if pid_alive "$RUN_DIR/postgresql.pid" && pg_ready; then ensure_databases; return; fi
  if port_open "$PG_PORT"; then
    pg_ready || port_taken_error PostgreSQL "$PG_PORT" PG_PORT
    say "PostgreSQL already runs on 127.0.0.1:$PG_PORT: using it"
  else
    local data=$PG_BASE/data
    if [ ! -f "$data/PG_VERSION" ]; then
      say "creating a PostgreSQL cluster in $data"
      mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown -R postgres: "$(dirname "$data")"
      as_pg_owner "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >>"$LOG_DIR/postgresql.log" 2>&1 \
        || die "initdb failed; its log is $LOG_DIR/postgresql.log"
    fi
    mkdir -p "$PG_SOCKET_DIR"; [ "$(id -u)" = 0 ] && chown postgres: "$PG_SOCKET_DIR"
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    spawn "$RUN_DIR/postgresql.pid" "$LOG_DIR/postgresql.log" "${PG_RUNAS[@]}" "$PG_BIN/postgres" -D "$data" \
      -c listen_addresses=127.0.0.1 -p "$PG_PORT" -c unix_socket_directories="$PG_SOCKET_DIR"
    wait_for PostgreSQL "$PG_TIMEOUT" "$LOG_DIR/postgresql.log" "$RUN_DIR/postgresql.pid" pg_ready
  fi
  ensure_databases
}

ensure_databases() {
  local role_exists
  role_exists=$(pg_superuser_psql -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'") \
    || die "cannot connect to PostgreSQL on port $PG_PORT as its superuser to create the CKAN role."
  [ "$role_exists" = 1 ] || pg_superuser_psql -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
  for db in "$DB_NAME" "$DB_TEST_NAME" "$DB_REGIONAL_NAME" "$DB_TEST_REGIONAL_NAME" "$DB_BENCH_NAME" "$DB_BENCH_HARVEST_NAME" "$DB_WHEEL_NAME" "$DB_CKAN_TESTS_NAME" "$DB_CKAN_BASELINE_NAME"; do
    [ "$(pg_superuser_psql -c "SELECT 1 FROM pg_database WHERE datname='$db'")" = 1 ] && continue
    say "creating database $db"
    pg_superuser_psql -c "CREATE DATABASE $db OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0"
  done
}

# --- Redis -----------------------------------------------------------------

redis_ready() { [ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

start_redis() {
  command -v redis-server >/dev/null || die "Redis is not installed (apt-get install redis-server); run 'make install'."
  if pid_alive "$RUN_DIR/redis.pid" && redis_ready; then return; fi
  if port_open "$REDIS_PORT"; then
    redis_ready || port_taken_error Redis "$REDIS_PORT" REDIS_PORT
    say "Redis already runs on 127.0.0.1:$REDIS_PORT: using it"; return
  fi
  mkdir -p "$STATE_DIR/redis"
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  spawn "$RUN_DIR/redis.pid" "$LOG_DIR/redis.log" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir "$STATE_DIR/redis" --save "" --appendonly no --protected-mode yes
  wait_for Redis "$REDIS_TIMEOUT" "$LOG_DIR/redis.log" "$RUN_DIR/redis.pid" redis_ready
}

# --- Solr --------------------------------------------------------------------

solr_ready() { curl -fsS --max-time 5 "http://127.0.0.1:$SOLR_PORT/solr/admin/info/system?wt=json" 2>/dev/null | grep -q '"solr_home"'; }
core_ready() { curl -fsS --max-time 5 "$SOLR_URL/admin/ping?wt=json" 2>/dev/null | grep -q '"OK"'; }

# Lay out this line's core: CKAN's own schema.xml (from this line's virtualenv) and the
# project's solrconfig.xml. Solr finds it at start-up; a running Solr is asked to load it.
prepare_solr_core() {
  local core=$SOLR_HOME/$SOLR_CORE schema=$VENV/lib/$PYTHON/site-packages/ckan/config/solr/schema.xml
  [ -f "$schema" ] || die "CKAN's schema.xml is missing at $schema; run 'make install'."
  mkdir -p "$core/conf"
  cp "$ROOT/stack/solr/solr.xml" "$SOLR_HOME/"
  cp "$ROOT"/stack/solr/conf/* "$schema" "$core/conf/"
}

ensure_solr_core() {
  core_ready && return
  prepare_solr_core
  rm -f "$SOLR_HOME/$SOLR_CORE/core.properties"  # a core Solr did not load: made again
  say "creating the Solr core $SOLR_CORE (CKAN $CKAN_RELEASE's schema)"
  curl -fsS --max-time 60 "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=CREATE&name=$SOLR_CORE&instanceDir=$SOLR_HOME/$SOLR_CORE" \
    >>"$LOG_DIR/solr.log" 2>&1 || die "Solr could not create the core $SOLR_CORE; see $LOG_DIR/solr.log"
  wait_for "Solr core $SOLR_CORE" "$SOLR_TIMEOUT" "$LOG_DIR/solr.log" "" core_ready
}

start_solr() {
  if pid_alive "$RUN_DIR/solr.pid" && solr_ready; then ensure_solr_core; return; fi
  if port_open "$SOLR_PORT"; then
    solr_ready || port_taken_error "Solr" "$SOLR_PORT" SOLR_PORT
    say "Solr already runs on 127.0.0.1:$SOLR_PORT: using it"; ensure_solr_core; return
  fi
  command -v "$JAVA" >/dev/null || die "Java is missing ($JAVA): Solr 9 needs Java 11 to 17 (apt-get install openjdk-17-jre-headless)."
  [ -f "$SOLR_LIB/.stamp" ] || die "Solr's jars are missing from $SOLR_LIB; run 'make install' (needs Maven)."
  prepare_solr_core
  [ -f "$SOLR_HOME/$SOLR_CORE/core.properties" ] || printf 'name=%s\n' "$SOLR_CORE" >"$SOLR_HOME/$SOLR_CORE/core.properties"
  say "starting Solr $SOLR_VERSION on 127.0.0.1:$SOLR_PORT (first start takes a while)"
  spawn "$RUN_DIR/solr.pid" "$LOG_DIR/solr.log" "$JAVA" -Xms256m -Xmx${SOLR_HEAP:-1g} \
    -Dlog4j2.configurationFile="$ROOT/stack/solr/log4j2.xml" -Dsolr.log.dir="$LOG_DIR" \
    -Dsolr.install.dir="$STATE_DIR/solr" -Dsolr.default.confdir="$SOLR_HOME/$SOLR_CORE/conf" \
    -cp "$SOLR_LIB/*" "$ROOT/stack/solr/SolrServer.java" "$SOLR_HOME" "$SOLR_PORT"
  wait_for Solr "$SOLR_TIMEOUT" "$LOG_DIR/solr.log" "$RUN_DIR/solr.pid" solr_ready
  wait_for "Solr core $SOLR_CORE" "$SOLR_TIMEOUT" "$LOG_DIR/solr.log" "$RUN_DIR/solr.pid" core_ready
}

# --- commands ----------------------------------------------------------------

stop_solr() { stop_pidfile Solr "$RUN_DIR/solr.pid"; }
stop_redis() { stop_pidfile Redis "$RUN_DIR/redis.pid"; }

stop_postgresql() {
  pid_alive "$RUN_DIR/postgresql.pid" || { rm -f "$RUN_DIR/postgresql.pid"; return 0; }
  say "stopping PostgreSQL"
  kill -INT "$(cat "$RUN_DIR/postgresql.pid")"  # fast shutdown
  for _ in $(seq 1 30); do pid_alive "$RUN_DIR/postgresql.pid" || break; sleep 1; done
  rm -f "$RUN_DIR/postgresql.pid"
}

status() {
  local name check
  for name in PostgreSQL:pg_ready Redis:redis_ready Solr:solr_ready; do
    check=${name#*:}; name=${name%%:*}
    if "$check"; then echo "$name: up"; else echo "$name: down"; fi
  done
}

ALL_SERVICES="postgresql redis solr"
command=${1:-}; shift || true
services=${*:-$ALL_SERVICES}
for service in $services; do
  case " $ALL_SERVICES " in *" $service "*) ;; *) die "unknown service '$service' (one of: $ALL_SERVICES)" ;; esac
done

case "$command" in
  start) for service in $services; do "start_$service"; done ;;
  stop) for service in solr redis postgresql; do
          case " $services " in *" $service "*) "stop_$service" ;; esac
        done ;;
  status) status ;;
  *) die "usage: $0 start|stop|status [postgresql redis solr]" ;;
esac
