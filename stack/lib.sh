# Shared settings and helpers for the stack scripts. Sourced, never run.
# Every path is project-local: services keep their data and logs under $STATE_DIR.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions.env
. "$ROOT/stack/versions.env"

STATE_DIR=${STATE_DIR:-$ROOT/.state}
LOG_DIR=$STATE_DIR/log
RUN_DIR=$STATE_DIR/run
VENV=${VENV:-$ROOT/.venv}
CKAN_INI=${CKAN_INI:-$STATE_DIR/ckan.ini}

JAVA=${JAVA:-java}
MVN=${MVN:-mvn}
SOLR_LIB=${SOLR_LIB:-$STATE_DIR/solr/lib}

PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
SOLR_PORT=${SOLR_PORT:-8983}
CKAN_PORT=${CKAN_PORT:-5000}
DB_USER=ckan_default
DB_PASSWORD=ckan_default  # loopback-only development cluster; see README for production
DB_NAME=ckan_default
DB_TEST_NAME=ckan_test
DB_BENCH_NAME=ckan_bench

# Seconds each service may take to answer before we give up and point at its log.
PG_TIMEOUT=${PG_TIMEOUT:-60}
REDIS_TIMEOUT=${REDIS_TIMEOUT:-20}
SOLR_TIMEOUT=${SOLR_TIMEOUT:-180}
CKAN_TIMEOUT=${CKAN_TIMEOUT:-120}

mkdir -p "$LOG_DIR" "$RUN_DIR"

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

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
