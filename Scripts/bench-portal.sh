#!/usr/bin/env bash
# Public side benchmark (printed, not a timed test): release build, the demo plus a generated plan
# of 1,000 commitments with a year of reports and 1,000 citizens' requests of the last two
# months, then wrk on loopback, each beside the trivial route in the same run:
#   GET /public                      (the portal's home)
#   GET /public/plans/{id}           (the 1,000-commitment plan's public page)
#   GET /open311/v2/requests.json    (Open311: the last 90 days, at most 1,000 requests)
# with and without Accept-Encoding: gzip (phones and Open311 clients send it).
# Usage: Scripts/bench-portal.sh [N_COMMITMENTS] [N_REQUESTS]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
N="${1:-1000}"
R="${2:-1000}"
SCRATCH="${SCRATCH:-.build-release}"
PORT="${PORT:-8098}"
DURATION="${DURATION:-10s}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

if [ -z "${BIN:-}" ]; then
    echo "== release build ($SCRATCH)"
    swift build -c release --scratch-path "$SCRATCH" --product minsheng
    BIN="$SCRATCH/release/minsheng"
fi
echo "== binary: $BIN"

DATA="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

PLAN="$("$BIN" demo --synthetic "$N" --data "$DATA" 2>/dev/null | tail -1)"
"$BIN" requests generate "$R" --months 2 --data "$DATA" >/dev/null 2>&1
echo "== plan $PLAN ($N commitments), $R requests (data: $DATA)"

MINSHENG_SECURE_COOKIES=0 "$BIN" serve --data "$DATA" --port "$PORT" --env production >"$DATA/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"

for path in /public "/public/plans/$PLAN" /open311/v2/requests.json; do
    plain="$(curl -s -o /dev/null -w '%{size_download}' "$BASE$path")"
    gz="$(curl -s -H 'Accept-Encoding: gzip' -o - "$BASE$path" | wc -c)"
    first="$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")"
    echo "   $path: HTTP $first, $plain bytes, $gz gzipped"
done
ROWS="$(curl -s "$BASE/open311/v2/requests.json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
echo "   Open311 requests.json rows: $ROWS"

RPS=""
run() {
    local name="$1" url="$2" out
    shift 2
    out="$(wrk -t2 -c32 -d"$DURATION" --latency "$@" "$url" 2>&1)"
    RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    printf '   %-46s %10s req/s   p99 %s\n' "$name" "$RPS" "$(echo "$out" | awk '$1 == "99%" {print $2}')"
}

echo "== wrk -t2 -c32 -d$DURATION (loopback; wrk shares the machine's cores)"
run "GET /healthz (trivial)" "$BASE/healthz"
TRIVIAL="$RPS"
for path in /public "/public/plans/$PLAN" /open311/v2/requests.json; do
    run "GET $path (gzip)" "$BASE$path" -H "Accept-Encoding: gzip"
    G="$RPS"
    run "GET $path" "$BASE$path"
    P="$RPS"
    awk -v g="$G" -v p="$P" -v t="$TRIVIAL" -v n="$path" 'BEGIN {
        printf "   %s vs trivial: gzip %.0f%%, plain %.0f%% (goal >= 50%%)\n", n, 100*g/t, 100*p/t }'
done
