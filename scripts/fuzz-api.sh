#!/usr/bin/env bash
# `make fuzz`: schemathesis against the API of a real running server, over HTTP.
#
# A throwaway SQLite database is migrated and loaded with the demo, gunicorn serves it
# (production settings) on a free port, the demo administrator's password is exchanged for
# a token (POST /api/v1/auth/token), and the schemathesis CLI runs every operation of
# /api/v1/openapi.json with that token and every check (--checks all): no 5xx, statuses,
# content types, headers and bodies as documented, invalid input refused, valid input
# accepted, auth not ignored. The run is bounded and seeded, so it repeats. Then the
# server is stopped and the temporary directory removed; the exit status is schemathesis's
# (non-zero on any failure). In-process fuzzing is part of `make test`
# (tests/api/test_openapi_fuzz.py); this run goes through gunicorn, a real socket and
# requests the test client never builds.
#
# Variables: FUZZ_EXAMPLES (examples per operation, 20), FUZZ_SEED (20241),
# FUZZ_WORKERS (schemathesis workers, 1), FUZZ_PHASES (schemathesis phases, all),
# FUZZ_REPORT_DIR (where the JUnit report is kept; default: not kept), PORT (first port
# tried, 5600).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

BIN="$ROOT/.venv/bin"
EXAMPLES="${FUZZ_EXAMPLES:-20}"
SEED="${FUZZ_SEED:-20241}"
WORKERS="${FUZZ_WORKERS:-1}"
PHASES="${FUZZ_PHASES:-examples,coverage,fuzzing,stateful}"
ADMIN_EMAIL="admin@demo.langson.gov.vn"
ADMIN_PASSWORD="demo-2024-Langson"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bcd-fuzz.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Everything the app writes goes to the throwaway directory; jobs are recorded, not sent
# (no broker, no worker: a summary asked for stays pending, which the API documents).
export DATABASE_URL="sqlite:///$WORK/fuzz.db"
export UPLOAD_DIR="$WORK/uploads" MAIL_SINK_DIR="$WORK/mail-sink"
export CELERY_BROKER_URL="sqla+sqlite:///$WORK/broker.sqlite"
export JOBS_DISPATCH=record
export SECRET_KEY="fuzz-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export REDIS_URL=""
# The token exchange is rate-limited like the login (10 a minute); schemathesis meets the
# documented 429 after the script's own exchange, which is part of what is checked.

header "Throwaway demo database in $WORK"
TRACKER_ENV=development "$BIN/flask" --app wsgi db upgrade >"$WORK/setup.log" 2>&1 \
    || { cat "$WORK/setup.log" >&2; die "migrations failed"; }
TRACKER_ENV=development "$BIN/flask" --app wsgi seed-demo >>"$WORK/setup.log" 2>&1 \
    || { cat "$WORK/setup.log" >&2; die "demo not loaded"; }
log "migrated and demo loaded"

PORT="$(free_port "${PORT:-5600}")"
BASE="http://127.0.0.1:$PORT"
header "gunicorn on $BASE"
TRACKER_ENV=production "$BIN/gunicorn" wsgi:app --bind "127.0.0.1:$PORT" --workers 2 \
    --timeout 60 --log-level warning --error-logfile "$WORK/gunicorn.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
    port_in_use "$PORT" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/gunicorn.log" >&2; die "gunicorn died"; }
    sleep 0.2
done
port_in_use "$PORT" || die "gunicorn did not listen on $PORT"

TOKEN="$("$BIN/python" - "$BASE" "$ADMIN_EMAIL" "$ADMIN_PASSWORD" <<'PY'
import json
import sys
import urllib.request

base, email, password = sys.argv[1:]
request = urllib.request.Request(
    base + "/api/v1/auth/token", method="POST",
    data=json.dumps({"email": email, "password": password, "name": "fuzz"}).encode(),
    headers={"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — our own server
    assert response.status == 201, response.status
    print(json.load(response)["token"])
PY
)" || die "no admin token (is the demo admin $ADMIN_EMAIL?)"
log "admin token obtained"

header "schemathesis: $EXAMPLES examples per operation, seed $SEED, phases $PHASES"
REPORT=()
if [ -n "${FUZZ_REPORT_DIR:-}" ]; then
    REPORT=(--report junit --report-dir "$FUZZ_REPORT_DIR")
fi
status=0
"$BIN/schemathesis" run "$BASE/api/v1/openapi.json" \
    --header "Authorization: Bearer $TOKEN" \
    --checks all \
    --max-examples "$EXAMPLES" \
    --seed "$SEED" \
    --workers "$WORKERS" \
    --phases "$PHASES" \
    --generation-database none \
    --request-timeout 30 \
    --no-color \
    --output-sanitize true \
    "${REPORT[@]}" || status=$?

if [ -s "$WORK/gunicorn.log" ]; then
    header "Server log (warnings and errors)"
    tail -n 50 "$WORK/gunicorn.log"
fi
header "schemathesis exit status: $status"
exit "$status"
