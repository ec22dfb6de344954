#!/usr/bin/env bash
# A private PostgreSQL for the tests, run from the project's own directory.
#
#   scripts/pg-private.sh start [PORT]   start (or reuse) it; prints its URL on stdout
#   scripts/pg-private.sh stop           stop it (its data stays in .cache/ for the next run)
#   scripts/pg-private.sh url            print the URL of the running server
#
# The cluster lives in .cache/pg (trust auth, superuser "postgres", listening on
# 127.0.0.1 only, fsync off: it holds nothing but test data). PORT defaults to
# 55432, or the next free port. As root, the server runs as the "postgres" system
# user (PostgreSQL refuses to run as root); if that user cannot reach .cache/pg
# (e.g. a checkout inside a private /tmp directory) the cluster goes to /tmp.
# Missing binaries are installed with apt when running as root.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

DB_NAME="${PG_PRIVATE_DB:-test}"
DEFAULT_PORT=55432

find_bin() {
    if [ -n "${PG_BIN:-}" ]; then printf '%s\n' "$PG_BIN"; return; fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        apt_install postgresql >/dev/null \
            || die "PostgreSQL server binaries not found; run: sudo apt-get install postgresql"
        dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    printf '%s\n' "$dir"
}

# Run a server command as the user that owns the cluster.
as_owner() {
    # From /: the owner may not be allowed into the current directory.
    if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

data_dir() {
    if [ -n "${PG_PRIVATE_DIR:-}" ]; then printf '%s\n' "$PG_PRIVATE_DIR"; return; fi
    local dir="$CACHE_DIR/pg"
    if is_root; then
        id postgres >/dev/null 2>&1 \
            || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
        mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            dir="/tmp/tracker-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-10)"
            mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir"
        fi
    else
        mkdir -p "$dir" && chmod 700 "$dir"
    fi
    printf '%s\n' "$dir"
}

running_port() {  # the port of the server running on DATA, or nothing
    local data="$1" bin="$2"
    if [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
    then
        sed -n 4p "$data/postmaster.pid"
    fi
}

url_for() { printf 'postgresql://postgres@127.0.0.1:%s/%s\n' "$1" "$DB_NAME"; }

start() {
    local bin data port locale sockets
    bin="$(find_bin)"
    data="$(data_dir)"
    port="$(running_port "$data" "$bin")"
    if [ -n "$port" ]; then
        log "Private PostgreSQL already running on port $port ($data)"
    else
        if [ ! -f "$data/PG_VERSION" ]; then
            locale="--no-locale"
            locale -a 2>/dev/null | grep -qix 'c.utf-\?8' && locale="--locale=C.UTF-8"
            log "Creating a PostgreSQL cluster in $data"
            as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 "$locale" \
                >"$CACHE_DIR/pg-initdb.log" 2>&1 \
                || { cat "$CACHE_DIR/pg-initdb.log" >&2; die "initdb failed"; }
        fi
        port="$(free_port "${1:-$DEFAULT_PORT}")"
        # Unix sockets have a ~107 byte path limit; a deep checkout simply goes without one.
        sockets="$data"
        [ ${#data} -gt 90 ] && sockets=""
        log "Starting private PostgreSQL on 127.0.0.1:$port"
        as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o \
            "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$sockets' \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2 \
            || { tail -n 20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
    fi
    if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
        "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
    fi
    url_for "$port"
}

stop() {
    local bin data
    [ -d /usr/lib/postgresql ] || [ -n "${PG_BIN:-}" ] || return 0
    bin="$(find_bin)"
    data="$(data_dir)"
    if [ -n "$(running_port "$data" "$bin")" ]; then
        log "Stopping private PostgreSQL ($data)"
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2
    fi
}

url() {
    local bin data port
    bin="$(find_bin)"
    data="$(data_dir)"
    port="$(running_port "$data" "$bin")"
    [ -n "$port" ] || die "the private PostgreSQL is not running"
    url_for "$port"
}

mkdir -p "$CACHE_DIR"
case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop ;;
    url) url ;;
    *) die "usage: $0 start [PORT] | stop | url" ;;
esac
