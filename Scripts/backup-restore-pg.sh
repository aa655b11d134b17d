#!/usr/bin/env bash
# Backup and restore of a busy PostgreSQL instance (issue 12, part 4). Starts `minsheng serve` on a
# database of its own (BACKUP_DB, default minsheng_backup) with the demo data, personal data sealed
# under a key from a key file outside the data directory, then Scripts/backup_restore_pg.py checks:
#   1. `minsheng backup` (pg_dump --format=custom) taken while 1,000 citizens' requests are being
#      written restores (pg_restore) into a fresh database (BACKUP_RESTORE_DB, default
#      minsheng_backup_restored) whose audit chain verifies and whose rows are consistent (every
#      request has its audit entry);
#   2. the same restore without the data key: `minsheng restore` says which key is missing, and
#      exits non-zero;
#   3. a backup of the instance once idle restores to identical row counts and per-table digests
#      (every table of the public schema), `minsheng audit verify` passes on it and
#      `minsheng keys status` finds every key the restored personal data needs.
# Prints PASS/FAIL per check with figures; exits non-zero on any failure.
#
# Needs psql, pg_dump and pg_restore (Debian's postgresql-client, 15 here), python3 and
# MINSHENG_TEST_DATABASE_URL (as for Scripts/two-instances.sh). Where one is missing it prints
# "skipped: …" and exits 0, except in CI (CI=true), where that is a failure.
#
# Environment: MINSHENG_BIN (default .build/debug/minsheng), PORT (default 8097), WRITES (default
# 1000), KEEP=1 keeps the temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source Scripts/lib.sh
ms_bin
PORT="${PORT:-8097}"
SRC_DB="${BACKUP_DB:-minsheng_backup}"
DST_DB="${BACKUP_RESTORE_DB:-minsheng_backup_restored}"

skip() { ms_skip backup-restore-pg "$1"; }
[ -x "$BIN" ] || skip "no minsheng binary at $BIN (build first or set MINSHENG_BIN)"
[ -n "${MINSHENG_TEST_DATABASE_URL:-}" ] || skip "MINSHENG_TEST_DATABASE_URL not set (no PostgreSQL server)"
for tool in psql pg_dump pg_restore python3; do command -v "$tool" >/dev/null 2>&1 || skip "$tool not found"; done

# The server of the app tests' database; this script's databases are siblings on it (see two-instances.sh).
BASE_URL="${MINSHENG_TEST_DATABASE_URL%%\?*}"
QUERY=""
case "$MINSHENG_TEST_DATABASE_URL" in *\?*) QUERY="?${MINSHENG_TEST_DATABASE_URL#*\?}" ;; esac
SERVER_URL="${BASE_URL%/*}"
TEST_DB="${BASE_URL##*/}"
DB_USER="$(echo "$SERVER_URL" | sed -E 's#^[a-z]+://([^:@/]+).*#\1#')"
PSQL_QUERY="$(echo "$QUERY" | sed 's/tlsmode=/sslmode=/')"
for db in "$SRC_DB" "$DST_DB"; do
    [ "$db" != "$TEST_DB" ] || { echo "FAIL backup-restore-pg: $db is the app tests' database" >&2; exit 1; }
done
psql "$SERVER_URL/$TEST_DB$PSQL_QUERY" -qAtc 'SELECT 1' >/dev/null 2>&1 \
    || skip "no PostgreSQL server answers at $(echo "$SERVER_URL" | sed -E 's#//[^@/]*@#//#')/$TEST_DB"

# Drops and creates a database afresh (as root with a local cluster, through the postgres
# superuser; elsewhere the URL's role needs CREATEDB). Also used by the checks (`recreate NAME`).
recreate() {
    local name="$1"
    local sql=(-c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)")
    if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1 && id postgres >/dev/null 2>&1 \
        && runuser -u postgres -- psql -qAtc 'SELECT 1' >/dev/null 2>&1; then
        runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "${sql[@]}" -c "CREATE DATABASE \"$name\" OWNER \"$DB_USER\""
    else
        psql "$SERVER_URL/$TEST_DB$PSQL_QUERY" -X -q -v ON_ERROR_STOP=1 "${sql[@]}" -c "CREATE DATABASE \"$name\""
    fi
}
if [ "${1:-}" = "--recreate" ]; then recreate "$2"; exit $?; fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "FAIL backup-restore-pg: port $PORT is already in use (set PORT)" >&2; exit 1
fi
recreate "$SRC_DB" || { echo "FAIL backup-restore-pg: could not recreate $SRC_DB (the role needs CREATEDB)" >&2; exit 1; }
recreate "$DST_DB" || { echo "FAIL backup-restore-pg: could not recreate $DST_DB" >&2; exit 1; }

ms_workdir backup-pg

# The keys as production keeps them: configured, outside the data directory (never in the archive).
mkdir -p "$WORK/keys" && chmod 700 "$WORK/keys"
unset MINSHENG_DATA MINSHENG_DATA_KEY MINSHENG_DATA_KEYS_PREVIOUS
export MINSHENG_DATA_KEY_FILE="$WORK/keys/data.keys"
python3 -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())" >"$MINSHENG_DATA_KEY_FILE"
chmod 600 "$MINSHENG_DATA_KEY_FILE"
export MINSHENG_AUDIT_KEY="backup-pg-audit-key-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export DATABASE_URL="$SERVER_URL/$SRC_DB$QUERY"
SRC="$WORK/src"
ms_demo_token backup-restore-pg "$SRC" hotline
ms_serve backup-restore-pg "$SRC"

echo "== backup and restore on PostgreSQL: $SRC_DB → $DST_DB, $(pg_dump --version)"
set +e
python3 "$ROOT/Scripts/backup_restore_pg.py" --bin "$BIN" --port "$PORT" --token "$TOKEN" --src "$SRC" --work "$WORK" \
    --src-url "$SERVER_URL/$SRC_DB$QUERY" --dst-url "$SERVER_URL/$DST_DB$QUERY" --recreate "$ROOT/Scripts/backup-restore-pg.sh" \
    --writes "${WRITES:-1000}"
STATUS=$?
set -e
exit "$STATUS"
