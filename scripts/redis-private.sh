#!/usr/bin/env bash
# A private Redis for the tests, like scripts/pg-private.sh.
#
#   scripts/redis-private.sh start [PORT]   start (or reuse) it; prints its URL on stdout
#   scripts/redis-private.sh stop           stop it
#
# No persistence (--save '' --appendonly no), 127.0.0.1 only, files in .cache/.
# PORT defaults to 56379, or the next free port. Installs redis-server with apt as root.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

DEFAULT_PORT=56379
PID_FILE="$CACHE_DIR/redis.pid"
PORT_FILE="$CACHE_DIR/redis.port"

running_port() {
    local pid
    [ -f "$PID_FILE" ] && [ -f "$PORT_FILE" ] || return 0
    pid="$(cat "$PID_FILE")"
    if kill -0 "$pid" 2>/dev/null && grep -qa redis "/proc/$pid/cmdline" 2>/dev/null; then
        cat "$PORT_FILE"
    fi
}

start() {
    local port
    port="$(running_port)"
    if [ -n "$port" ]; then
        log "Private Redis already running on port $port"
    else
        if ! command -v redis-server >/dev/null 2>&1; then
            apt_install redis-server >/dev/null \
                || die "redis-server not found; run: sudo apt-get install redis-server"
        fi
        port="$(free_port "${1:-$DEFAULT_PORT}")"
        log "Starting private Redis on 127.0.0.1:$port"
        rm -f "$PID_FILE"
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
            --daemonize yes --pidfile "$PID_FILE" --logfile "$CACHE_DIR/redis.log" \
            --dir "$CACHE_DIR" >&2
        printf '%s\n' "$port" >"$PORT_FILE"
        for _ in $(seq 50); do
            port_in_use "$port" && [ -s "$PID_FILE" ] && break
            sleep 0.1
        done
        port_in_use "$port" || { tail -n 20 "$CACHE_DIR/redis.log" >&2; die "Redis did not start"; }
    fi
    printf 'redis://127.0.0.1:%s/0\n' "$port"
}

stop() {
    local port pid
    port="$(running_port)"
    [ -n "$port" ] || return 0
    pid="$(cat "$PID_FILE")"
    log "Stopping private Redis (pid $pid)"
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$PID_FILE" "$PORT_FILE"
}

mkdir -p "$CACHE_DIR"
case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop ;;
    *) die "usage: $0 start [PORT] | stop" ;;
esac
