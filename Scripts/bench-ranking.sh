#!/usr/bin/env bash
# The monthly 三率 ranking page with many requests in PostgreSQL (printed figures, not a test):
# a database of its own (minsheng_rank, dropped and created afresh) on the server of DATABASE_URL
# or MINSHENG_TEST_DATABASE_URL, the demo data, N generated requests spread over 12 months
# (`minsheng requests generate N`, default 1,000,000), then `minsheng serve` (release build) and
#   - cold: the first GET /requests/rankings after the server and PostgreSQL restart;
#   - warm: the same page again, 50 times one after another (p50, p95), and wrk for 10 s.
# Usage: MINSHENG_BIN=path/to/release/minsheng Scripts/bench-ranking.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
BIN="${MINSHENG_BIN:-.build/release/minsheng}"
BASE_URL="${DATABASE_URL:-${MINSHENG_TEST_DATABASE_URL:-postgres://minsheng:minsheng@127.0.0.1:5432/minsheng_test?tlsmode=disable}}"
URL="$(echo "$BASE_URL" | sed -E 's#/[^/?]+(\?|$)#/minsheng_rank\1#')"
PORT="${PORT:-8097}"
PGVER="$(ls /usr/lib/postgresql | sort -n | tail -1)"
[ -x "$BIN" ] || { echo "no binary at $BIN (build with swift build -c release --product minsheng)"; exit 1; }

runuser -u postgres -- psql -q -c "DROP DATABASE IF EXISTS minsheng_rank" -c "CREATE DATABASE minsheng_rank OWNER minsheng"
DATA="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
export DATABASE_URL="$URL"

echo "== demo data and $N generated requests ($URL)"
"$BIN" demo --data "$DATA" >/dev/null 2>&1
"$BIN" user add bench --role hotline --password Quiet-Harbour-77x --keep-password --data "$DATA" >/dev/null 2>&1
/usr/bin/time -f "   generated in %e s, max RSS %M KB" "$BIN" requests generate "$N" --data "$DATA" 2>&1 | grep -v "^\[" || true
runuser -u postgres -- psql -q -d minsheng_rank -c "VACUUM ANALYZE citizen_requests"
runuser -u postgres -- psql -At -d minsheng_rank -c "SELECT 'requests: ' || count(*) || ', this month: ' || sum(CASE WHEN month = to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') THEN 1 ELSE 0 END) FROM citizen_requests"

echo "== restart PostgreSQL (cold buffers) and start the server"
pg_ctlcluster "$PGVER" main restart
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && echo "   dropped the page cache" || echo "   (could not drop the OS page cache)"
MINSHENG_SECURE_COOKIES=0 "$BIN" serve --data "$DATA" --port "$PORT" --env production >"$DATA/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
JAR="$DATA/cookies.txt"
TOKEN="$(curl -s -c "$JAR" -b "$JAR" "$BASE/login" | grep -o 'name="csrfToken" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')"
curl -s -o /dev/null -c "$JAR" -b "$JAR" -X POST "$BASE/login" --data-urlencode username=bench \
    --data-urlencode password=Quiet-Harbour-77x --data-urlencode "csrfToken=$TOKEN"
COOKIE="minsheng_session=$(awk '$6 == "minsheng_session" {print $7}' "$JAR")"

COLD="$(curl -s -o "$DATA/page.html" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" "$BASE/requests/rankings")"
echo "   cold: $(echo "$COLD" | awk '{printf "HTTP %s, %.0f ms", $1, $2*1000}'), $(grep -o 'data-unit=' "$DATA/page.html" | wc -l) units ranked"
for i in $(seq 1 50); do curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $COOKIE" "$BASE/requests/rankings"; done | sort -n \
    | awk '{a[NR]=$1} END {printf "   warm (50 in a row): p50 %.0f ms, p95 %.0f ms, max %.0f ms\n", a[int(NR*0.5)]*1000, a[int(NR*0.95)]*1000, a[NR]*1000}'
if command -v wrk >/dev/null; then
    wrk -t2 -c8 -d10s --latency -H "Cookie: $COOKIE" "$BASE/requests/rankings" | awk '/Requests\/sec|50%|99%/ {print "   wrk -c8: " $0}'
fi
