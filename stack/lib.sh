# Shared settings and helpers for the stack scripts. Sourced, never run.
# Every path is project-local: services keep their data and logs under $STATE_DIR.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions.env
. "$ROOT/stack/versions.env"

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# The services (PostgreSQL, Redis, Solr) are shared by both CKAN lines; everything of one
# line is its own: virtualenv, databases, Solr site id, Redis databases, config, files.
# So switching lines never migrates one line's database with the other's code.
CKAN_VERSION=${CKAN_VERSION:-$CKAN_DEFAULT}
# Redis databases: 0-2 (2.12) and 3-5 (2.11) for the portal, the tests and the bench;
# 6 and 7 for the regional portal of `make federation`, 8 and 9 for the suite's;
# 10 and 11 for the bench's harvested portal (bench/harvest.py).
case "$CKAN_VERSION" in
  2.12) CKAN_RELEASE=$CKAN_2_12; REDIS_FIRST_DB=0; REDIS_REGIONAL_DB=6; REDIS_BENCH_HARVEST_DB=10 ;;
  2.11) CKAN_RELEASE=$CKAN_2_11; REDIS_FIRST_DB=3; REDIS_REGIONAL_DB=7; REDIS_BENCH_HARVEST_DB=11 ;;
  *) die "CKAN_VERSION=$CKAN_VERSION is not supported: use 2.12 or 2.11." ;;
esac
LINE=${CKAN_VERSION//./}  # 212: the suffix of this line's databases and site ids

STATE_DIR=${STATE_DIR:-$ROOT/.state}
LOG_DIR=$STATE_DIR/log
RUN_DIR=$STATE_DIR/run
# SITE=regional: the second, regional portal of `make federation`, from the same
# services: its own database, site id, Redis database, port, config and files.
SITE=${SITE:-national}
case "$SITE" in
  national) SITE_SUFFIX= ;;
  regional) SITE_SUFFIX=-regional ;;
  *) die "SITE=$SITE: give national or regional" ;;
esac
CKAN_STATE=$STATE_DIR/ckan-$CKAN_VERSION$SITE_SUFFIX
CKAN_LOG=$CKAN_STATE/log
CKAN_RUN=$CKAN_STATE/run
VENV=${VENV:-$ROOT/.venv-$CKAN_VERSION}
CKAN_INI=${CKAN_INI:-$CKAN_STATE/ckan.ini}

JAVA=${JAVA:-java}
MVN=${MVN:-mvn}
SOLR_LIB=${SOLR_LIB:-$STATE_DIR/solr/lib}

PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
SOLR_PORT=${SOLR_PORT:-8983}
CKAN_PORT=${CKAN_PORT:-5000}
DB_USER=ckan_default
DB_PASSWORD=ckan_default  # loopback-only development cluster; see README for production
DB_NAME=ckan_default_$LINE
DB_TEST_NAME=ckan_test_$LINE
DB_REGIONAL_NAME=ckan_regional_$LINE
DB_TEST_REGIONAL_NAME=ckan_test_regional_$LINE  # the two-portal tests' regional portal
SITE_ID=opendataplan_$LINE
PORTAL_REDIS_DB=$REDIS_FIRST_DB
if [ "$SITE" = regional ]; then
  # The national portal's port, plus 10 (5010 by default).
  CKAN_PORT=${REGIONAL_PORT:-$((${CKAN_PORT:-5000} + 10))}
  DB_NAME=$DB_REGIONAL_NAME SITE_ID=opendataplan_regional_$LINE PORTAL_REDIS_DB=$REDIS_REGIONAL_DB
fi
# make bench SCALE=10 builds ten times the portal in a database of its own.
BENCH_SCALE=${SCALE:-1}
case "$BENCH_SCALE" in ''|*[!0-9]*|0) die "SCALE=$BENCH_SCALE: give a whole number from 1" ;; esac
if [ "$BENCH_SCALE" = 1 ]; then DB_BENCH_NAME=ckan_bench_$LINE; else DB_BENCH_NAME=ckan_bench_${LINE}_x$BENCH_SCALE; fi
# The bench's harvested portal: the scale-1 bench portal's plans harvested into it
# (bench/harvest.py), emptied at each run.
DB_BENCH_HARVEST_NAME=ckan_bench_harvest_$LINE
# make bench FULL=1 times 10,000 package_create for the import's baseline; without it, a
# sample of BENCH_BASELINE_ROWS (500), their time per row set against the import's.
BENCH_FULL=${FULL:-}
case "$BENCH_FULL" in ''|0|1) ;; *) die "FULL=$BENCH_FULL: give FULL=1 or nothing" ;; esac
[ "$BENCH_FULL" = 0 ] && BENCH_FULL=
# The bench serves its portal on a port of its own, next to this checkout's CKAN_PORT.
BENCH_PORT=${BENCH_PORT:-$((CKAN_PORT + 98))}
# and its harvested portal (bench/harvest.py) on CKAN_PORT + 198: + 99 is the next checkout's bench.
BENCH_HARVEST_PORT=${BENCH_HARVEST_PORT:-$((CKAN_PORT + 198))}
DB_WHEEL_NAME=ckan_wheel_$LINE  # the wheel-install test's portal
# make test-ckan: CKAN's own tests with the plugin, and without it (BASELINE=1)
DB_CKAN_TESTS_NAME=ckan_ckanplugin_$LINE
DB_CKAN_BASELINE_NAME=ckan_ckantests_$LINE
# One Solr core per line, with that line's schema.xml (CKAN 2.11 refuses 2.12's schema).
SOLR_CORE=ckan_$LINE
SOLR_URL=http://127.0.0.1:$SOLR_PORT/solr/$SOLR_CORE
db_url() { echo "postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$1"; }
redis_url() { echo "redis://127.0.0.1:$REDIS_PORT/$((REDIS_FIRST_DB + $1))"; }  # 0 portal, 1 tests, 2 bench

# Seconds each service may take to answer before we give up and point at its log.
PG_TIMEOUT=${PG_TIMEOUT:-60}
REDIS_TIMEOUT=${REDIS_TIMEOUT:-20}
SOLR_TIMEOUT=${SOLR_TIMEOUT:-180}
CKAN_TIMEOUT=${CKAN_TIMEOUT:-120}

mkdir -p "$LOG_DIR" "$RUN_DIR" "$CKAN_LOG" "$CKAN_RUN"

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else die "'$*' needs root: run as root or give this user password-less sudo."
  fi
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Describe who holds a TCP port, for error messages.
port_owner() {
  command -v ss >/dev/null || { echo "another program"; return; }
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n1
}

port_taken_error() {  # $1 service, $2 port, $3 variable that moves it
  die "port $2 is taken by $(port_owner "$2" || true), which is not a $1 we can use. Stop it, or run with $3=<free port>."
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for NAME TIMEOUT LOGFILE PIDFILE CHECK...: poll CHECK until it succeeds.
wait_for() {
  local name=$1 timeout=$2 log=$3 pidfile=$4; shift 4
  local waited=0
  until "$@" >/dev/null 2>&1; do
    if [ -n "$pidfile" ] && ! pid_alive "$pidfile"; then
      tail -n 20 "$log" >&2 2>/dev/null
      die "$name exited while starting; its log is $log"
    fi
    if [ "$waited" -ge "$timeout" ]; then
      tail -n 20 "$log" >&2 2>/dev/null
      [ -n "$pidfile" ] && stop_pidfile "$name" "$pidfile" >&2
      die "$name did not come up within $timeout s; its log is $log"
    fi
    sleep 1; waited=$((waited + 1))
  done
}

# Start a program in the background with its output in LOG and its pid in PIDFILE.
spawn() {  # PIDFILE LOG command...
  local pidfile=$1 log=$2; shift 2
  nohup "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

stop_pidfile() {  # NAME PIDFILE
  pid_alive "$2" || { rm -f "$2"; return 0; }
  local pid; pid=$(cat "$2")
  say "stopping $1 (pid $pid)"
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$2"
}
