#!/usr/bin/env bash
# `make run`: migrate, load the demo into an empty database, then run the app's
# processes in the foreground until Ctrl-C, which stops all of them.
#
# Variables: HOST (127.0.0.1), PORT (5000), DATABASE_URL and the rest of README.md.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

BIN="$ROOT/.venv/bin"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
FLASK=("$BIN/flask" --app wsgi)

header "Database migrations"
"${FLASK[@]}" db upgrade

header "Demo data"
"${FLASK[@]}" seed-demo

if port_in_use "$PORT"; then
    die "port $PORT is already in use; stop that program or run: make run PORT=5001"
fi

# Each long-running process is started here; if any of them ends, or on Ctrl-C,
# all of them are stopped. (Issue 3 adds the Celery worker and beat scheduler.)
PIDS=()
start() {  # start NAME COMMAND...
    local name="$1"; shift
    "$@" &
    PIDS+=("$!")
    log "started $name (pid $!)"
}
stop_all() {
    trap - INT TERM EXIT
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

start web "${FLASK[@]}" run --host "$HOST" --port "$PORT"

header "Serving on http://$HOST:$PORT — sign in with a demo login above; Ctrl-C stops."
wait -n || true
