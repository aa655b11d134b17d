#!/usr/bin/env bash
# API benchmark (printed, not a timed test): release build, a generated plan of 1,000 commitments
# with a year of monthly reports in a temporary data directory, then wrk on loopback against
#   GET /api/v1/plans/{id}/commitments   (the plan listing: status and colour of every commitment)
#   GET /healthz                         (a trivial route, measured in the same run for comparison)
# Usage: Scripts/bench-api.sh [N_COMMITMENTS]   (needs wrk: apt-get install wrk)
# The release build goes to .build-release so it does not hold the debug build's lock.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
N="${1:-1000}"
SCRATCH="${SCRATCH:-.build-release}"
PORT="${PORT:-8097}"
DURATION="${DURATION:-10s}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

# BIN (or MINSHENG_BIN, as Scripts/bench-web.sh takes it)=path/to/a/release/minsheng skips the build.
BIN="${BIN:-${MINSHENG_BIN:-}}"
if [ -z "$BIN" ]; then
    echo "== release build ($SCRATCH)"
    swift build -c release --scratch-path "$SCRATCH" --product minsheng
    BIN="$SCRATCH/release/minsheng"
fi
echo "== binary: $BIN"

DATA="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

echo "== minsheng demo --synthetic $N (data: $DATA)"
START=$(date +%s)
PLAN="$("$BIN" demo --synthetic "$N" --data "$DATA" 2>/dev/null | tail -1)"
echo "   plan $PLAN generated in $(( $(date +%s) - START )) s"

MINSHENG_SECURE_COOKIES=0 "$BIN" serve --data "$DATA" --port "$PORT" --env production >"$DATA/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

LIST="http://127.0.0.1:$PORT/api/v1/plans/$PLAN/commitments"
COLD="$(curl -s -o /dev/null -w '%{time_total} %{size_download}' "$LIST")"
echo "   first (uncached) listing: $(echo "$COLD" | awk '{printf "%.0f ms, %d bytes", $1*1000, $2}')"
ROWS="$(curl -s "$LIST" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
echo "   listing rows: $ROWS"

RPS=""
TICK="$(getconf CLK_TCK)"
# CPU seconds the server has used so far (user + system, from /proc).
server_cpu() { awk -v t="$TICK" '{printf "%.3f", ($14 + $15) / t}' "/proc/$SERVER/stat"; }
# One wrk run: requests/s and p99, and the CPU each request cost the server and wrk itself
# (both share the machine's cores, so a large body costs twice: sending and reading it).
run() {
    local name="$1" url="$2" out p99 before after requests client
    shift 2
    before="$(server_cpu)"
    out="$( { TIMEFORMAT='%U %S'; time wrk -t2 -c32 -d"$DURATION" --latency "$@" "$url"; } 2>&1 )"
    after="$(server_cpu)"
    RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
    requests="$(echo "$out" | awk '/requests in/ {print $1}')"
    client="$(echo "$out" | tail -1)"
    printf '   %-52s %10s req/s   p99 %-8s CPU/request: server %4.0f µs, wrk %4.0f µs\n' "$name" "$RPS" "$p99" \
        "$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN {print 1e6 * (a - b) / n}')" \
        "$(echo "$client" | awk -v n="$requests" '{print 1e6 * ($1 + $2) / n}')"
}

GZ_BYTES="$(curl -s -H 'Accept-Encoding: gzip' -o - "$LIST" | wc -c)"
echo "   listing body: $(echo "$COLD" | awk '{print $2}') bytes JSON, $GZ_BYTES bytes gzipped"

echo "== wrk -t2 -c32 -d$DURATION --latency (loopback; wrk shares the machine's 2 cores)"
run "GET /healthz (trivial)" "http://127.0.0.1:$PORT/healthz"
TRIVIAL="$RPS"
run "GET /api/v1/plans/{id}/commitments" "$LIST"
LISTING="$RPS"
run "GET /api/v1/plans/{id}/commitments (gzip)" "$LIST" -H "Accept-Encoding: gzip"
GZIP="$RPS"
run "GET /api/v1/plans/{id}/commitments?limit=50" "$LIST?limit=50&offset=500"
PAGE="$RPS"
awk -v l="$LISTING" -v g="$GZIP" -v p="$PAGE" -v t="$TRIVIAL" 'BEGIN {
    printf "   vs trivial: full %.0f%%, full gzip %.0f%%, page of 50 %.0f%% (goal >= 50%%)\n", 100*l/t, 100*g/t, 100*p/t }'
