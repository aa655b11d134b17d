#!/usr/bin/env bash
# Durability of request intake across `kill -9` (issue: citizens' requests, 接诉即办). Through
# Scripts/kill9.py (standard-library Python):
#   1. `minsheng serve` on a fresh data directory with the demo data; the demo `hotline` user's token;
#   2. 1,000 POST /api/v1/requests, each with its own Idempotency-Key, from 32 concurrent workers;
#      SIGKILL to the server as soon as about half have been acknowledged;
#   3. the server started again on the same data; every submission that was not acknowledged is
#      retried with the same key (201 = stored now, 200 + Idempotent-Replayed = stored before the kill);
#   4. the acknowledged ones are sent again (each must replay with its id), every id is read back
#      with GET /api/v1/requests/{id}, and the table citizen_requests is counted (sqlite3, or psql):
#      each key exactly once, with the id the client was given, 1,000 new rows in all.
# Prints the figures (acknowledged before the kill, in flight at it, retried, replays, duplicates)
# and exits 1 on any loss or duplicate.
#
# Storage: SQLite in the temporary data directory; with DATABASE_URL set, PostgreSQL instead: the
# script then uses a database of its own on that server (KILL9_DB, default minsheng_kill9), dropped
# and created afresh, never the one the URL names.
#
# Environment:
#   MINSHENG_BIN   the binary (default .build/release/minsheng, else .build/debug/minsheng)
#   DATABASE_URL   postgres://user:pass@127.0.0.1:5432/db?tlsmode=disable  (PostgreSQL variant)
#   KILL9_DB       the PostgreSQL database the run uses (default minsheng_kill9)
#   PORT           default 8096;  SUBMISSIONS default 1000;  WORKERS default 32
#   KEEP=1         keep the temporary directory (serve.log, the SQLite file)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

if [ -n "${MINSHENG_BIN:-}" ]; then BIN="$MINSHENG_BIN"
elif [ -x .build/release/minsheng ]; then BIN=.build/release/minsheng
else BIN=.build/debug/minsheng; fi
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
PORT="${PORT:-8096}"
SUBMISSIONS="${SUBMISSIONS:-1000}"
WORKERS="${WORKERS:-32}"

[ -x "$BIN" ] || { echo "FAIL kill9: no minsheng binary at $BIN (build first or set MINSHENG_BIN)"; exit 1; }
command -v python3 >/dev/null || { echo "FAIL kill9: python3 not found"; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "FAIL kill9: port $PORT is in use (set PORT)"; exit 1; fi

# --- PostgreSQL: a database of this script's own on the server DATABASE_URL names ---------------
PSQL_URL=""
if [ -n "${DATABASE_URL:-}" ]; then
    command -v psql >/dev/null || { echo "FAIL kill9: DATABASE_URL is set but psql is not installed"; exit 1; }
    DB_NAME="${KILL9_DB:-minsheng_kill9}"
    BASE_URL="${DATABASE_URL%%\?*}"
    QUERY=""
    case "$DATABASE_URL" in *\?*) QUERY="?${DATABASE_URL#*\?}" ;; esac
    SERVER_URL="${BASE_URL%/*}"
    GIVEN_DB="${BASE_URL##*/}"
    DB_USER="$(echo "$SERVER_URL" | sed -E 's#^[a-z]+://([^:@/]+).*#\1#')"
    # psql wants sslmode where the app's URL says tlsmode.
    PSQL_URL="$SERVER_URL/$DB_NAME$(echo "$QUERY" | sed 's/tlsmode=/sslmode=/')"
    PSQL_ADMIN_URL="$SERVER_URL/$GIVEN_DB$(echo "$QUERY" | sed 's/tlsmode=/sslmode=/')"
    [ "$DB_NAME" != "$GIVEN_DB" ] || { echo "FAIL kill9: KILL9_DB must differ from the database DATABASE_URL names ($GIVEN_DB)"; exit 1; }
    psql "$PSQL_ADMIN_URL" -qAtc 'SELECT 1' >/dev/null 2>&1 \
        || { echo "FAIL kill9: no PostgreSQL server answers at $(echo "$SERVER_URL" | sed -E 's#//[^@/]*@#//#')/$GIVEN_DB"; exit 1; }
    RECREATE=(-c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)")
    if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1 && id postgres >/dev/null 2>&1 \
        && runuser -u postgres -- psql -qAtc 'SELECT 1' >/dev/null 2>&1; then
        runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "${RECREATE[@]}" -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\"" \
            || { echo "FAIL kill9: could not recreate database $DB_NAME"; exit 1; }
    else
        psql "$PSQL_ADMIN_URL" -X -q -v ON_ERROR_STOP=1 "${RECREATE[@]}" -c "CREATE DATABASE \"$DB_NAME\"" \
            || { echo "FAIL kill9: could not recreate database $DB_NAME (the role needs CREATEDB)"; exit 1; }
    fi
    export DATABASE_URL="$SERVER_URL/$DB_NAME$QUERY"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/minsheng-kill9.XXXXXX")"
DATA="$WORK/data"
mkdir -p "$DATA"
STATUS=1
cleanup() {
    if [ "$STATUS" != 0 ] && [ -s "$WORK/serve.log" ]; then echo "--- last lines of serve.log"; tail -n 15 "$WORK/serve.log"; fi
    if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== kill -9 during intake: $SUBMISSIONS submissions, $WORKERS workers; binary $BIN"
echo "   storage: $([ -n "$PSQL_URL" ] && echo "PostgreSQL database $DB_NAME (dropped and created afresh)" || echo "SQLite in $DATA")"
"$BIN" demo --data "$DATA" >"$WORK/setup.log" 2>&1 || { echo "FAIL kill9: minsheng demo failed"; tail -n 20 "$WORK/setup.log"; exit 1; }
TOKEN="$("$BIN" token create hotline --data "$DATA" 2>>"$WORK/setup.log" | tail -n 1)" || true
[ -n "$TOKEN" ] || { echo "FAIL kill9: minsheng token create hotline printed no token"; tail -n 20 "$WORK/setup.log"; exit 1; }

set +e
python3 "$ROOT/Scripts/kill9.py" --bin "$BIN" --data "$DATA" --root "$ROOT" --port "$PORT" --token "$TOKEN" \
    --submissions "$SUBMISSIONS" --workers "$WORKERS" --log "$WORK/serve.log" ${PSQL_URL:+--psql-url "$PSQL_URL"}
STATUS=$?
set -e
exit "$STATUS"
