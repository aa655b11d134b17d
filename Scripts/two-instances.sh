#!/usr/bin/env bash
# Two `minsheng serve` instances on ONE PostgreSQL database behind Debian's nginx (round robin),
# as production runs them (issue 8, "Several instances on one PostgreSQL"). Checks, through
# Scripts/two_instances.py, that
#   1. a report written through one instance shows at once in the other's plan listing,
#      dashboard and commitment page (both directions);
#   2. signing out through one instance ends the session on both at once;
#   3. two concurrent edits of one commitment, one per instance, give one 200 and one 409;
#   4. 1,000 report submissions through nginx (distinct commitment-months) all land, and the
#      audit log holds exactly one report.create / contribution.create entry for each, in one
#      unbroken hash chain (`minsheng audit verify`).
# Prints PASS/FAIL per check with figures; exits non-zero on any failure.
#
# Needs PostgreSQL (psql, and a server at MINSHENG_TEST_DATABASE_URL, as .ci/run sets up) and
# nginx (apt-get install nginx; only the binary is used, with a config in a temporary directory).
# Where either is missing it prints "skipped: …" and exits 0, except in CI (CI=true), where that
# is a failure.
#
# Environment:
#   MINSHENG_BIN                 the binary (default .build/debug/minsheng)
#   MINSHENG_TEST_DATABASE_URL   postgres://minsheng:minsheng@127.0.0.1:5432/minsheng_test?tlsmode=disable;
#                                the script uses a database of its own on that server
#                                (TWO_INSTANCES_DB, default minsheng_two), dropped and created
#                                afresh, so it never meets the app tests' database
#   PORT_A, PORT_B, PORT_LB      instance and nginx ports (default 8091, 8092, 8090)
#   REPORTS                      how many submissions check 4 makes (default 1000)
#   NGINX                        the nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
#   KEEP=1                       keep the temporary directory (logs, nginx config)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

BIN="${MINSHENG_BIN:-.build/debug/minsheng}"
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
PORT_A="${PORT_A:-8091}"
PORT_B="${PORT_B:-8092}"
PORT_LB="${PORT_LB:-8090}"
DB_NAME="${TWO_INSTANCES_DB:-minsheng_two}"

# A missing prerequisite: a note and exit 0 on a developer's machine, a failure in CI.
skip() {
    if [ "${CI:-}" = "true" ]; then
        echo "FAIL two-instances: $1 (required in CI)" >&2
        exit 1
    fi
    echo "skipped: two-instances: $1"
    exit 0
}

[ -x "$BIN" ] || skip "no minsheng binary at $BIN (build first or set MINSHENG_BIN)"
[ -n "${MINSHENG_TEST_DATABASE_URL:-}" ] || skip "MINSHENG_TEST_DATABASE_URL not set (no PostgreSQL server)"
command -v psql >/dev/null 2>&1 || skip "psql not found (PostgreSQL client)"
# Debian puts nginx in /usr/sbin, which a non-root PATH may lack. NGINX=path picks another.
NGINX="${NGINX:-$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)}"
[ -n "$NGINX" ] && [ -x "$NGINX" ] || skip "nginx not found (apt-get install nginx)"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

# --- the database -------------------------------------------------------------------------------
# The given URL names the app tests' database; this script takes a sibling on the same server, so
# the two never collide. psql wants sslmode where the app's URL says tlsmode.
BASE_URL="${MINSHENG_TEST_DATABASE_URL%%\?*}"
QUERY=""
case "$MINSHENG_TEST_DATABASE_URL" in *\?*) QUERY="?${MINSHENG_TEST_DATABASE_URL#*\?}" ;; esac
SERVER_URL="${BASE_URL%/*}"
TEST_DB="${BASE_URL##*/}"
DB_USER="$(echo "$SERVER_URL" | sed -E 's#^[a-z]+://([^:@/]+).*#\1#')"
APP_URL="$SERVER_URL/$DB_NAME$QUERY"
PSQL_URL="$SERVER_URL/$DB_NAME$(echo "$QUERY" | sed 's/tlsmode=/sslmode=/')"
PSQL_ADMIN_URL="$SERVER_URL/$TEST_DB$(echo "$QUERY" | sed 's/tlsmode=/sslmode=/')"
[ "$DB_NAME" != "$TEST_DB" ] || { echo "FAIL two-instances: TWO_INSTANCES_DB must differ from the app tests' database ($TEST_DB)" >&2; exit 1; }

psql "$PSQL_ADMIN_URL" -qAtc 'SELECT 1' >/dev/null 2>&1 \
    || skip "no PostgreSQL server answers at $(echo "$SERVER_URL" | sed -E 's#//[^@/]*@#//#')/$TEST_DB"

echo "== two instances behind nginx: database $DB_NAME (dropped and created afresh), binary $BIN"
# As root with a local cluster (CI), the postgres superuser creates it; elsewhere the URL's role
# must be allowed to (CREATEDB), connecting through the app tests' database.
RECREATE=(-c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)")
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1 && id postgres >/dev/null 2>&1 \
    && runuser -u postgres -- psql -qAtc 'SELECT 1' >/dev/null 2>&1; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "${RECREATE[@]}" -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\"" \
        || { echo "FAIL two-instances: could not recreate database $DB_NAME" >&2; exit 1; }
else
    psql "$PSQL_ADMIN_URL" -X -q -v ON_ERROR_STOP=1 "${RECREATE[@]}" -c "CREATE DATABASE \"$DB_NAME\"" \
        || { echo "FAIL two-instances: could not recreate database $DB_NAME (the role needs CREATEDB)" >&2; exit 1; }
fi
psql "$PSQL_URL" -qAtc 'SELECT 1' >/dev/null || { echo "FAIL two-instances: could not create database $DB_NAME" >&2; exit 1; }

# --- processes ----------------------------------------------------------------------------------
for port in "$PORT_LB" "$PORT_A" "$PORT_B"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "FAIL two-instances: port $port is already in use (set PORT_A, PORT_B, PORT_LB)" >&2
        exit 1
    fi
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/minsheng-two.XXXXXX")"
PID_A="" PID_B="" PID_NGINX=""
STATUS=1
cleanup() {
    local pid
    for pid in "$PID_NGINX" "$PID_B" "$PID_A"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    for pid in "$PID_NGINX" "$PID_B" "$PID_A"; do
        [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
    done
    if [ "$STATUS" != 0 ]; then
        for log in "$WORK/a/serve.log" "$WORK/b/serve.log" "$WORK/nginx/error.log"; do
            [ -s "$log" ] && { echo "--- last lines of $log"; tail -n 15 "$log"; }
        done
    fi
    if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK/a" "$WORK/b" "$WORK/nginx"

export DATABASE_URL="$APP_URL"
# Instances sharing a database share the audit key (without one each would generate its own into
# its data directory, and the other's signed day heads would not verify).
export MINSHENG_AUDIT_KEY="${MINSHENG_AUDIT_KEY:-two-instances-audit-key-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
# …and the personal data key (each would otherwise generate its own data.keys, and refuse to start
# on data sealed under the other's).
unset MINSHENG_DATA_KEY_FILE MINSHENG_DATA_KEYS_PREVIOUS
export MINSHENG_DATA_KEY="${MINSHENG_DATA_KEY:-$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')}"
# Demo data (plans, the five demo users, history) goes in once through the command, before any
# instance runs: `serve` loads it itself only into an empty database, and two instances starting
# at once on an empty database would both migrate and both load it.
T0=$(date +%s)
setup_failed() { echo "FAIL two-instances: $1"; tail -n 20 "$WORK/setup.log"; exit 1; }
"$BIN" demo --data "$WORK/a" >"$WORK/setup.log" 2>&1 || setup_failed "minsheng demo failed"
# A generated plan whose commitments give the 1,000 distinct commitment-months of check 4: the
# plan is last year's (the generator fills most of its months), and this year's months up to now
# are open, so fewer commitments are needed as the year goes on.
MONTH="$(date -u +%-m)"
SYNTHETIC="${SYNTHETIC:-$(( ${REPORTS:-1000} * 6 / 5 / MONTH + 40 ))}"
PLAN="$("$BIN" demo --synthetic "$SYNTHETIC" --data "$WORK/a" 2>>"$WORK/setup.log" | tail -n 1)" || true
[[ "$PLAN" =~ ^[0-9A-Fa-f-]{36}$ ]] || setup_failed "minsheng demo --synthetic $SYNTHETIC printed no plan id"
ADMIN_TOKEN="$("$BIN" token create admin --data "$WORK/a" 2>>"$WORK/setup.log" | tail -n 1)" || true
COORDINATOR_TOKEN="$("$BIN" token create coordinator --data "$WORK/a" 2>>"$WORK/setup.log" | tail -n 1)" || true
[ -n "$ADMIN_TOKEN" ] && [ -n "$COORDINATOR_TOKEN" ] || setup_failed "minsheng token create printed no token"
echo "   demo data and a synthetic plan of $SYNTHETIC commitments ($PLAN) in $(( $(date +%s) - T0 )) s"

wait_ready() { # name pid port
    local deadline=$(( $(date +%s) + 180 ))
    until curl -sf -o /dev/null "http://127.0.0.1:$3/healthz" 2>/dev/null \
        || python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$3/healthz', timeout=2)" 2>/dev/null; do
        if ! kill -0 "$2" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
            echo "FAIL two-instances: instance $1 did not start on port $3" >&2
            return 1
        fi
        sleep 0.3
    done
}

# Leaf reads Resources/ from the working directory: both run from the package root. The first is
# ready (migrated) before the second starts, so they never race over migrations or demo loading.
"$BIN" serve --data "$WORK/a" --hostname 127.0.0.1 --port "$PORT_A" >"$WORK/a/serve.log" 2>&1 &
PID_A=$!
wait_ready A "$PID_A" "$PORT_A"
"$BIN" serve --data "$WORK/b" --hostname 127.0.0.1 --port "$PORT_B" >"$WORK/b/serve.log" 2>&1 &
PID_B=$!
wait_ready B "$PID_B" "$PORT_B"

# nginx from its binary only: config, pid, logs and temp files in $WORK/nginx, loopback only.
# The access log records which instance answered each request (check 4 counts the spread).
NG="$WORK/nginx"
cat >"$NG/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 512; }
http {
    log_format upstream '\$request_method \$uri \$status \$upstream_addr';
    access_log $NG/access.log upstream;
    client_body_temp_path $NG/client_body;
    proxy_temp_path $NG/proxy;
    fastcgi_temp_path $NG/fastcgi;
    uwsgi_temp_path $NG/uwsgi;
    scgi_temp_path $NG/scgi;
    upstream minsheng {
        server 127.0.0.1:$PORT_A;
        server 127.0.0.1:$PORT_B;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$PORT_LB;
        client_max_body_size 25m;
        location / {
            proxy_pass http://minsheng;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            # Large listings stay in memory: workers may run as nobody, who cannot write here.
            proxy_max_temp_file_size 0;
            # A failed write is reported, never retried on the other instance.
            proxy_next_upstream off;
        }
    }
}
EOF
"$NGINX" -t -q -c "$NG/nginx.conf" -p "$NG" -e "$NG/error.log" \
    || { echo "FAIL two-instances: nginx rejects its config"; cat "$NG/error.log"; exit 1; }
"$NGINX" -c "$NG/nginx.conf" -p "$NG" -e "$NG/error.log" &
PID_NGINX=$!
wait_ready nginx "$PID_NGINX" "$PORT_LB"
echo "   instance A :$PORT_A (pid $PID_A), instance B :$PORT_B (pid $PID_B), nginx :$PORT_LB (pid $PID_NGINX)"

set +e
python3 "$ROOT/Scripts/two_instances.py" \
    --a "http://127.0.0.1:$PORT_A" --b "http://127.0.0.1:$PORT_B" --lb "http://127.0.0.1:$PORT_LB" \
    --plan "$PLAN" --admin-token "$ADMIN_TOKEN" --coordinator-token "$COORDINATOR_TOKEN" \
    --psql-url "$PSQL_URL" --bin "$BIN" --data "$WORK/a" --access-log "$NG/access.log" \
    --reports "${REPORTS:-1000}"
STATUS=$?
set -e
exit "$STATUS"
