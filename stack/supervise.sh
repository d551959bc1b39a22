#!/usr/bin/env bash
# supervise.sh NAME COMMAND...: runs COMMAND, and runs it again each time it exits, as a
# production portal's systemd (Restart=always) or supervisord (autorestart) does; `make
# portal` runs CKAN's job worker under it. A command that exits soon after starting (the
# job worker while Redis is away) waits longer before each new try: 1 s, then twice as
# long, up to SUPERVISE_MAX_BACKOFF s (10); one that ran SUPERVISE_STABLE_SECONDS (60)
# starts again after 1 s. TERM or INT stop the command (TERM, then KILL after
# SUPERVISE_STOP_SECONDS, 20), then the supervisor. With SUPERVISE_CHILD_PIDFILE set, the
# running command's pid is kept in that file (`make status` reads it).
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 NAME COMMAND..." >&2; exit 2; }
NAME=$1; shift
MAX_BACKOFF=${SUPERVISE_MAX_BACKOFF:-10}
STABLE_SECONDS=${SUPERVISE_STABLE_SECONDS:-60}
STOP_SECONDS=${SUPERVISE_STOP_SECONDS:-20}
CHILD_PIDFILE=${SUPERVISE_CHILD_PIDFILE:-}

child=""
pause=""

note() { printf '%s supervise: %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$NAME" "$*"; }

stop() {
  [ -n "$pause" ] && kill "$pause" 2>/dev/null
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    note "stopping (pid $child)"
    kill -TERM "$child" 2>/dev/null
    for _ in $(seq 1 "$STOP_SECONDS"); do kill -0 "$child" 2>/dev/null || break; sleep 1; done
    kill -KILL "$child" 2>/dev/null
  fi
  [ -n "$CHILD_PIDFILE" ] && rm -f "$CHILD_PIDFILE"
  exit 0
}
trap stop TERM INT

delay=1
restarts=0
while :; do
  started=$(date +%s)
  "$@" &
  child=$!
  [ -n "$CHILD_PIDFILE" ] && echo "$child" >"$CHILD_PIDFILE"
  note "started (pid $child, restarts so far: $restarts)"
  wait "$child"
  status=$?
  child=""
  ran=$(($(date +%s) - started))
  [ "$ran" -ge "$STABLE_SECONDS" ] && delay=1
  restarts=$((restarts + 1))
  note "exited with status $status after $ran s; starting it again in $delay s"
  sleep "$delay" &
  pause=$!
  wait "$pause"
  pause=""
  delay=$((delay * 2 > MAX_BACKOFF ? MAX_BACKOFF : delay * 2))
done
