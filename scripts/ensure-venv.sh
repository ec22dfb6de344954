#!/usr/bin/env bash
# Create the project's virtual environment: scripts/ensure-venv.sh [VENV_DIR] [PYTHON].
# On a fresh Debian machine (as root) installs python3 and python3-venv first.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

VENV="${1:-$ROOT/.venv}"
PYTHON="${2:-python3}"

# WeasyPrint (progress summaries as PDF) needs Pango; Liberation Serif (Times New Roman's
# metric twin, as Decree 30/2020 asks) and Noto Serif print every Vietnamese glyph.
# (Output captured first: `grep -q` closing the pipe early fails it under pipefail.)
FONTS="$(fc-list 2>/dev/null)"
if [[ "$(ldconfig -p 2>/dev/null)" != *libpangoft2-1.0* ]] \
    || [[ "$FONTS" != *NotoSerif-Regular* ]] || ! has_vietnamese_times_twin; then
    apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-dejavu-core fonts-liberation2 \
        || log "warning: PDF summaries need Pango and fonts (apt-get install libpangoft2-1.0-0 fonts-noto-core)"
fi

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    exit 0
fi
rm -rf "$VENV"  # a half-made environment from an interrupted run

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    apt_install python3 python3-venv || die "$PYTHON not found; install Python 3.11+ (apt-get install python3 python3-venv)"
fi
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3-venv || die "'$PYTHON -m venv' is unavailable; run: sudo apt-get install python3-venv"
fi
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11 or newer is needed ($("$PYTHON" --version 2>&1) found)"

log "Creating virtual environment in $VENV"
"$PYTHON" -m venv "$VENV"
