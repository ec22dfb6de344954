# Shared helpers for the scripts in this directory (sourced, not executed).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${CACHE_DIR:-$ROOT/.cache}"

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

header() {
    if [ -t 1 ]; then
        printf '\n\033[1m==> %s\033[0m\n' "$*"
    else
        printf '\n==> %s\n' "$*"
    fi
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# apt_install PACKAGE... — only as root on Debian; `apt-get update` at most once per script.
# Another apt-get running at the same time holds dpkg's lock: wait for it (up to 10 min)
# rather than fail and go on without the package (a missing font changed a PDF's lines).
_APT_WAIT="-o DPkg::Lock::Timeout=600"
_APT_UPDATED=""
apt_install() {
    is_root || return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ -z "$_APT_UPDATED" ]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get $_APT_WAIT update -qq >&2 || return 1
        _APT_UPDATED=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get $_APT_WAIT install -y -qq --no-install-recommends \
        "$@" >&2
}

# has_vietnamese_times_twin — a Liberation Serif (Times New Roman's metric twin) with the
# Vietnamese letters (U+1EDF "ở"): Liberation 1.x (fonts-liberation) has none, and WeasyPrint
# and LibreOffice then set the documents in a fallback serif. fonts-liberation2 has them.
has_vietnamese_times_twin() {
    [ -n "$(fc-list ':family=Liberation Serif:charset=1edf' family 2>/dev/null)" ]
}

# port_in_use PORT — something is listening on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port START — the first port from START up that nothing listens on.
free_port() {
    local port="$1"
    while port_in_use "$port"; do port=$((port + 1)); done
    printf '%s\n' "$port"
}
