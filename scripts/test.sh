#!/usr/bin/env bash
# `make test`: ruff, the import contracts (lint-imports, pyproject.toml), then the whole
# pytest suite on SQLite and on PostgreSQL.
#
# PostgreSQL: the server on 127.0.0.1:5432 when one answers (database
# $TEST_PG_DATABASE, default "test"), otherwise a private one started from
# scripts/pg-private.sh and stopped at the end. Redis likewise (REDIS_URL is
# exported for the tests). Debian's chromium is installed for the browser tests
# when missing and we are root, and LibreOffice (with Liberation Serif, Times New Roman's
# metric twin) and poppler for the tests that open the DOCX summary as an office does.
#
# Variables: TEST_PG_DATABASE, TEST_POSTGRES_URL (use this server instead; "private"
# always starts the private one),
# TEST_SQLITE_PATH (default instance/test.db), PYTEST_ARGS (e.g. "-x tests/auth"),
# PYTEST_WORKERS (pytest-xdist processes, default "auto": one per core; 0 runs in this process).
#
# With workers, each gets its own database (tests/conftest.py: test-gw0.db, test_gw1) and a
# test file stays on one worker (--dist loadfile): the browser journeys and the Celery
# worker tests share module-scoped servers and data between a file's tests.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

BIN="$ROOT/.venv/bin"
PG_DATABASE="${TEST_PG_DATABASE:-test}"
SQLITE_PATH="${TEST_SQLITE_PATH:-$ROOT/instance/test.db}"
read -r -a PYTEST_EXTRA <<<"${PYTEST_ARGS:-}"
PYTEST_PARALLEL=(-n "${PYTEST_WORKERS:-auto}" --dist loadfile)

STARTED=()
cleanup() {
    local service
    for service in "${STARTED[@]}"; do "$ROOT/scripts/$service-private.sh" stop || true; done
    STARTED=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

system_pg_answers() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p 5432
    else
        port_in_use 5432
    fi
}

header "Services"
if [ -n "${TEST_POSTGRES_URL:-}" ] && [ "$TEST_POSTGRES_URL" != private ]; then
    PG_URL="$TEST_POSTGRES_URL"
elif [ -z "${TEST_POSTGRES_URL:-}" ] && system_pg_answers; then
    PG_URL="postgresql://postgres@127.0.0.1:5432/$PG_DATABASE"
else
    PG_URL="$(PG_PRIVATE_DB="$PG_DATABASE" "$ROOT/scripts/pg-private.sh" start)" \
        || die "could not start a private PostgreSQL"
    STARTED+=(pg)
fi
echo "PostgreSQL: $PG_URL"

if command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]
then
    export REDIS_URL="redis://127.0.0.1:6379/15"
elif url="$("$ROOT/scripts/redis-private.sh" start)"; then
    export REDIS_URL="$url"
    STARTED+=(redis)
else
    echo "warning: no Redis available; tests that need it will fail" >&2
fi
echo "Redis: ${REDIS_URL:-none}"

if [ ! -x /usr/bin/chromium ]; then
    # DejaVu covers Vietnamese; without a font, screenshots show empty boxes.
    apt_install chromium fonts-dejavu-core >/dev/null || echo "warning: /usr/bin/chromium missing (apt-get install chromium)" >&2
fi
echo "Chromium: $( [ -x /usr/bin/chromium ] && echo /usr/bin/chromium || echo missing)"

if ! command -v soffice >/dev/null 2>&1 || ! command -v pdffonts >/dev/null 2>&1 \
    || ! has_vietnamese_times_twin; then
    # tests/summaries/test_docx_in_libreoffice.py: soffice converts, poppler reads back.
    apt_install libreoffice-writer-nogui fonts-liberation2 poppler-utils >/dev/null \
        || echo "warning: LibreOffice, poppler or Liberation 2 missing (apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils)" >&2
fi
echo "LibreOffice: $(command -v soffice || echo missing)"

declare -A RESULT
FAILED=0
step() {  # step NAME COMMAND...
    local name="$1"; shift
    header "$name"
    if "$@"; then RESULT[$name]=passed; else RESULT[$name]=FAILED; FAILED=1; fi
}

step "ruff check" "$BIN/ruff" check .
step "import contracts" "$BIN/lint-imports" --no-logo --no-cache
step "pytest on SQLite" env TEST_DATABASE_URL="sqlite:///$SQLITE_PATH" \
    "$BIN/pytest" "${PYTEST_PARALLEL[@]}" "${PYTEST_EXTRA[@]}"
step "pytest on PostgreSQL" env TEST_DATABASE_URL="$PG_URL" \
    "$BIN/pytest" "${PYTEST_PARALLEL[@]}" "${PYTEST_EXTRA[@]}"

header "Summary"
for name in "ruff check" "import contracts" "pytest on SQLite" "pytest on PostgreSQL"; do
    printf '  %-22s %s\n' "$name" "${RESULT[$name]}"
done
exit "$FAILED"
