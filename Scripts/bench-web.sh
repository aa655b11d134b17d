#!/usr/bin/env bash
# Web pages benchmark (printed, not a timed test): release build, a generated plan of 1,000
# commitments with a year of monthly reports in a temporary data directory, a signed-in
# coordinator's session cookie, then wrk on loopback against
#   GET /dashboard                (every plan's curve, colour counts, breakdowns, reds, late reports)
#   GET /commitments/{id}         (one commitment of the 1,000-commitment plan, with its chart)
#   GET /healthz                  (a trivial route, measured in the same run for comparison)
# Usage: Scripts/bench-web.sh [N_COMMITMENTS]   (needs wrk: apt-get install wrk)
#        MINSHENG_BIN=path/to/release/minsheng Scripts/bench-web.sh   (use a release binary already built)
# The release build goes to .build-release (shared with Scripts/bench-api.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
N="${1:-1000}"
SCRATCH="${SCRATCH:-.build-release}"
PORT="${PORT:-8098}"
DURATION="${DURATION:-10s}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

if [ -n "${MINSHENG_BIN:-}" ]; then
    # A release binary built elsewhere (e.g. by Scripts/bench-api.sh): skip the build.
    BIN="$MINSHENG_BIN"
    echo "== release binary $BIN"
else
    echo "== release build ($SCRATCH)"
    swift build -c release --scratch-path "$SCRATCH" --product minsheng 2>&1 | tail -1
    BIN="$SCRATCH/release/minsheng"
fi

DATA="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

echo "== minsheng demo --synthetic $N (data: $DATA)"
PLAN="$("$BIN" demo --synthetic "$N" --data "$DATA" 2>/dev/null | tail -1)"
"$BIN" user add bench --role coordinator --password Quiet-Harbour-77x --keep-password --data "$DATA" >/dev/null 2>&1
echo "   plan $PLAN"

MINSHENG_SECURE_COOKIES=0 MINSHENG_TOTP_REQUIRED=0 "$BIN" serve --data "$DATA" --port "$PORT" --env production >"$DATA/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done

# Sign in as a browser would: the login page sets the session cookie and the CSRF token.
JAR="$DATA/cookies.txt"
TOKEN="$(curl -s -c "$JAR" -b "$JAR" "$BASE/login" | grep -o 'name="csrfToken" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')"
STATUS="$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" -X POST "$BASE/login" \
    --data-urlencode username=bench --data-urlencode password=Quiet-Harbour-77x --data-urlencode "csrfToken=$TOKEN")"
[ "$STATUS" = 303 ] || { echo "sign-in failed: $STATUS"; exit 1; }
COOKIE="minsheng_session=$(awk '$6 == "minsheng_session" {print $7}' "$JAR")"
COMMITMENT="$(curl -s "$BASE/api/v1/plans/$PLAN/commitments" | python3 -c 'import json,sys; rows=json.load(sys.stdin); print(rows[len(rows)//2]["id"])')"

for page in "/dashboard" "/commitments/$COMMITMENT"; do
    COLD="$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' -H "Cookie: $COOKIE" "$BASE$page")"
    echo "   first $page: $(echo "$COLD" | awk '{printf "%s, %.0f ms, %d bytes", $1, $2*1000, $3}')"
done

RPS=""
run() {
    local name="$1" url="$2" out p99
    out="$(wrk -t2 -c32 -d"$DURATION" --latency -H "Cookie: $COOKIE" "$url")"
    RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
    local errors
    errors="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
    printf '   %-30s %10s req/s   p99 %-9s %s\n' "$name" "$RPS" "$p99" "${errors:+non-2xx: $errors}"
}

echo "== wrk -t2 -c32 -d$DURATION --latency, with a session cookie (loopback; wrk shares the machine's cores)"
run "GET /healthz" "$BASE/healthz"
TRIVIAL="$RPS"
run "GET /dashboard" "$BASE/dashboard"
DASH="$RPS"
run "GET /commitments/{id}" "$BASE/commitments/$COMMITMENT"
PAGE="$RPS"
awk -v d="$DASH" -v p="$PAGE" -v t="$TRIVIAL" \
    'BEGIN { printf "   dashboard / trivial = %.1f%%, commitment page / trivial = %.1f%%\n", 100 * d / t, 100 * p / t }'
