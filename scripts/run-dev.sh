#!/usr/bin/env bash
# `make run`: migrate, load the demo into an empty database, then run the app's
# processes in the foreground until Ctrl-C, which stops all of them.
#
# Processes: the web app, the Celery worker(s) and the beat scheduler. Without REDIS_URL
# the broker is embedded (kombu's SQLAlchemy transport on instance/broker.sqlite), so
# no server is needed; its delivered rows are purged here and every 10 minutes by beat.
# Jobs go to two queues (config.celery_queues): the reminder jobs to the default one,
# summaries to their own. On PostgreSQL each queue gets a worker of its own, so a
# reminder never waits behind a report. On SQLite (the default) one worker takes both:
# SQLite has one writer at a time, and two job processes that read and then write can
# fail each other's transaction ("database is locked") instead of waiting.
#
# Variables: HOST (127.0.0.1), PORT (5000), DATABASE_URL, REDIS_URL and the rest of
# README.md; WORKER_LOGLEVEL (info). BASE_URL, the address links in mail point at, defaults
# to the one served here (http://HOST:PORT), so `make run PORT=5001` mails working links.
#
# `scripts/run-dev.sh --print-env` prints the settings it would run with, and the banner,
# and stops there (nothing is migrated or started).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
# The development settings (public SECRET_KEY, demo mode) must be asked for: without
# TRACKER_ENV the app starts with the production ones (config.py).
export TRACKER_ENV="${TRACKER_ENV:-development}"

BIN="$ROOT/.venv/bin"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
FLASK=("$BIN/flask" --app wsgi)
CELERY=("$BIN/celery" -A workers)
LOGLEVEL="${WORKER_LOGLEVEL:-info}"
DEFAULT_QUEUE="${CELERY_DEFAULT_QUEUE:-celery}"
SUMMARIES_QUEUE="${CELERY_SUMMARIES_QUEUE:-summaries}"
# Links in mail (digests, summaries) use the address served here, unless BASE_URL names
# another (a proxy, a public name). A server listening on every interface is reached,
# from this machine, at 127.0.0.1.
case "$HOST" in
    0.0.0.0|::|"[::]") LINK_HOST=127.0.0.1 ;;
    *:*) LINK_HOST="[$HOST]" ;;  # an IPv6 address, bracketed in a URL
    *) LINK_HOST="$HOST" ;;
esac
export BASE_URL="${BASE_URL:-http://$LINK_HOST:$PORT}"
banner() {
    printf 'Serving on http://%s:%s (links in mail: %s) — sign in with a demo login above; Ctrl-C stops.\n' \
        "$LINK_HOST" "$PORT" "$BASE_URL"
}

if [ "${1:-}" = "--print-env" ]; then
    printf 'TRACKER_ENV=%s\nHOST=%s\nPORT=%s\nBASE_URL=%s\n' "$TRACKER_ENV" "$HOST" "$PORT" "$BASE_URL"
    banner
    exit 0
fi

header "Database migrations"
"${FLASK[@]}" db upgrade

header "Demo data"
"${FLASK[@]}" seed-demo

if port_in_use "$PORT"; then
    die "port $PORT is already in use; stop that program or run: make run PORT=5001"
fi

header "Job broker"
"$BIN/python" - <<'PY'
from workers import celery_app
from workers.broker import purge_consumed_rows

url = str(celery_app.conf.broker_url)
removed = purge_consumed_rows(url)
print(f"broker: {url.split('@')[-1]} ({removed} delivered messages purged)")
# Beat sweeps hourly; one sweep now lets a fresh demo show today's reminder digests
# (in the admin's mail sink) within a minute. The sweep is idempotent, so this is harmless.
celery_app.send_task("reminders.sweep_reminders")
print("queued a reminder sweep: digests reach the mail sink within a minute")
PY

# Each long-running process is started here; if any of them ends, or on Ctrl-C,
# all of them are stopped (SIGTERM: the worker finishes its current job first).
PIDS=()
# Children get SIGTERM if this script dies however it dies (not only on Ctrl-C), so a
# killed `make run` never leaves a worker or beat behind.
PARENT_DEATH=()
if command -v setpriv >/dev/null 2>&1; then PARENT_DEATH=(setpriv --pdeathsig TERM --); fi
start() {  # start NAME COMMAND...
    local name="$1"; shift
    "${PARENT_DEATH[@]}" "$@" &
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
# prefork (one child) rather than solo: the time limits need a child the worker can kill.
WORKER=("${CELERY[@]}" worker --pool=prefork --concurrency=1 --loglevel="$LOGLEVEL")
case "${DATABASE_URL:-}" in
    postgres*)
        start reminders-worker "${WORKER[@]}" --queues="$DEFAULT_QUEUE" \
            --hostname="reminders-dev@%h"
        start summaries-worker "${WORKER[@]}" --queues="$SUMMARIES_QUEUE" \
            --hostname="summaries-dev@%h"
        ;;
    *)
        start worker "${WORKER[@]}" --queues="$DEFAULT_QUEUE,$SUMMARIES_QUEUE" \
            --hostname="worker-dev@%h"
        ;;
esac
start beat "${CELERY[@]}" beat --loglevel="$LOGLEVEL"

header "$(banner)"
wait -n || true
