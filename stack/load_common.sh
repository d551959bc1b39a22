# load_common.sh: what `make load` and `make faults` share: Locust in its own virtualenv,
# an admin token, and a plan and commitment of the run's own for the editors to save,
# deleted at the end. Sourced after lib.sh, never run.

LOAD_VENV=$ROOT/.venv-load
BASE=http://127.0.0.1:$CKAN_PORT
CKAN="$VENV/bin/ckan -c $CKAN_INI"
USERS=${LOAD_USERS:-50}
SECONDS_=${LOAD_SECONDS:-60}

stamp_matches() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

install_locust() {
  stamp_matches "$LOAD_VENV/.stamp" "$LOCUST_VERSION" && return
  say "setting up Locust $LOCUST_VERSION in $LOAD_VENV"
  [ -x "$LOAD_VENV/bin/pip" ] || "$PYTHON" -m venv "$LOAD_VENV"
  "$LOAD_VENV/bin/pip" install -q "locust==$LOCUST_VERSION" >"$CKAN_LOG/load-pip.log" 2>&1 \
    || die "pip install locust failed; see $CKAN_LOG/load-pip.log"
  echo "$LOCUST_VERSION" >"$LOAD_VENV/.stamp"
}

api() {  # ACTION JSON: the action's result, as the load's editor
  curl -fsS -H "Authorization: $TOKEN" -H "Content-Type: application/json" \
    -d "$2" "$BASE/api/3/action/$1"
}

# A plan and a commitment of their own for the editors to save, deleted at the end, so
# that the demo's figures are left as they were.
setup_edited() {
  api package_delete '{"id": "load-test-commitment"}' >/dev/null 2>&1 || true
  api package_delete '{"id": "load-test-plan"}' >/dev/null 2>&1 || true
  api package_create '{"type": "plan", "name": "load-test-plan-'"$RUN"'", "owner_org": "mef-administration-reform",
    "title_translated": {"ar": "خطة اختبار الحمل"}, "plan_kind": "ogp_national",
    "period_start": "2026-01-01", "period_end": "2027-12-31", "version_status": "final"}' >/dev/null
  api package_create '{"type": "commitment", "name": "load-test-commitment-'"$RUN"'", "plan": "load-test-plan-'"$RUN"'",
    "owner_org": "mef-administration-reform", "number": "1", "title_translated": {"ar": "التزام اختبار الحمل"},
    "progress": 0}' >/dev/null
}

cleanup() {
  api package_delete '{"id": "load-test-commitment-'"$RUN"'"}' >/dev/null 2>&1 || true
  api package_delete '{"id": "load-test-plan-'"$RUN"'"}' >/dev/null 2>&1 || true
  $CKAN user token revoke "$TOKEN" >/dev/null 2>&1 || true
}

run_locust() {  # NAME CLASSES...
  local name=$1; shift
  "$LOAD_VENV/bin/locust" -f "$ROOT/load/locustfile.py" --headless --host "$BASE" \
    --users "$USERS" --spawn-rate 25 --run-time "${SECONDS_}s" --only-summary \
    --csv "$OUT/$name" "$@" >"$CKAN_LOG/load-$name.log" 2>&1 || true
}

# Set up a run: Locust, a token, the edited commitment, and what the locustfile reads.
start_run() {
  install_locust
  mkdir -p "$OUT"
  RUN=$(date +%s)
  TOKEN=$($CKAN user token add admin "load-$RUN" | tail -n 1 | tr -d '[:space:]')
  trap cleanup EXIT
  setup_edited
  DATASET=$(curl -fsS "$BASE/api/3/action/package_search?fq=dataset_type:dataset&rows=1" \
    | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["result"]["results"][0]["name"])')
  export LOAD_TOKEN=$TOKEN LOAD_EDITED_COMMITMENT=load-test-commitment-$RUN LOAD_DATASET=$DATASET
}
