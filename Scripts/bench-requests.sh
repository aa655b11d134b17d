#!/usr/bin/env bash
# Citizens' requests benchmark (printed, not a timed test): Minsheng beside the django-helpdesk peer
# (../shared/peers/helpdesk), in ONE run on this machine, with the same wrk load for both
# (wrk -t2 -c32 -d10s --timeout 30s, a Lua script that counts status classes; loopback; wrk shares
# the cores with the server). Both on SQLite in WAL mode.
#
#   phase    peer (gunicorn, 2 sync workers)             Minsheng (release `minsheng serve`)
#   ceiling  GET /login/                                 GET /healthz
#   list     GET /api/tickets/ (1,000 tickets, page 1)   GET /api/v1/requests?mine=open&page=1&per=25 as the
#                                                        demo clerk, after `minsheng requests generate 1000
#                                                        --unit U` (U = the clerk's unit, from /api/v1/me)
#   intake   POST /api/tickets/ (token auth)             POST /api/v1/requests as the demo `hotline` user, a
#                                                        unique Idempotency-Key and text on every request
#
# The table at the end gives each side's successful requests/s (2xx ÷ duration), the ratio and
# the issue's target (intake >= 10x, list >= 100x); it never fails on a figure.
#
# Usage: Scripts/bench-requests.sh          (needs wrk: apt-get install wrk)
# Environment:
#   MINSHENG_BIN   a release binary (default .build/release/minsheng); this script never builds
#   PEER_SRC       the peer's scripts (default ../shared/peers/helpdesk); setup.sh runs when the
#                  peer is not set up yet in PEER_DIR (its default ~/.cache/peer-helpdesk)
#   PORT           Minsheng's port (default 8099); the peer uses DH_PORT (default 8090)
#   DURATION       per phase (default 10s)   CONNS (default 32)   WRK_THREADS (default 2)
#   LIST_N         open requests in the unit / tickets in the peer's list (default 1000)
#   UNIT           the unit to generate the requests for (default: the demo clerk's unit)
#   PEER_ONLY=1    run only the peer's half;   MINSHENG_ONLY=1  run only Minsheng's half
#   KEEP=1         keep Minsheng's temporary data directory (serve.log, the SQLite file)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BIN="${MINSHENG_BIN:-.build/release/minsheng}"
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
PEER_SRC="${PEER_SRC:-$ROOT/../shared/peers/helpdesk}"
PEER_DIR="${PEER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/peer-helpdesk}"
PORT="${PORT:-8099}"
DURATION="${DURATION:-10s}"
CONNS="${CONNS:-32}"
WT="${WRK_THREADS:-2}"
LIST_N="${LIST_N:-1000}"
BASE="http://127.0.0.1:$PORT"
LIST_PATH="/api/v1/requests?mine=open&page=1&per=25"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed (JSON and the SQLite count)"; exit 1; }
if [ "${PEER_ONLY:-}" != 1 ]; then
    [ -x "$BIN" ] || { echo "no minsheng binary at $BIN (a release build; set MINSHENG_BIN)"; exit 1; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "port $PORT is in use (set PORT)"; exit 1; fi
fi
# Both sides on SQLite, as the targets are stated: neither reads a PostgreSQL URL here.
unset DATABASE_URL DH_DB_URL

WORK="$(mktemp -d "${TMPDIR:-/tmp}/minsheng-bench-requests.XXXXXX")"
DATA="$WORK/data"
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== citizens' requests benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), nproc=$(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   wrk -t$WT -c$CONNS -d$DURATION --timeout 30s (loopback; wrk shares the cores with the server)"

# Figures of one phase: "name ok_rps rps p50 p99 2xx completed", from a RESULT line.
declare -A PEER_OK PEER_P99 MS_OK MS_P99
# A RESULT line's successful requests/s: rps × 2xx ÷ completed (= 2xx ÷ duration).
ok_rps() { # RESULT-line [status field counted as success, default 2xx]
    echo "$1" | awk -v ok="${2:-2xx}" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%.1f", (v["completed"] > 0 ? v["rps"] * v[ok] / v["completed"] : 0) }'
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

# ---- the peer ------------------------------------------------------------------------------------
if [ "${MINSHENG_ONLY:-}" != 1 ]; then
    [ -f "$PEER_SRC/bench.sh" ] || { echo "no peer scripts at $PEER_SRC (set PEER_SRC)"; exit 1; }
    if [ ! -x "$PEER_DIR/venv-dh/bin/gunicorn" ] || [ ! -s "$PEER_DIR/api_token.txt" ]; then
        echo "== peer setup ($PEER_SRC/setup.sh into $PEER_DIR; a few minutes the first time)"
        PEER_DIR="$PEER_DIR" bash "$PEER_SRC/setup.sh" >"$WORK/peer-setup.log" 2>&1 \
            || { echo "peer setup failed:"; tail -n 20 "$WORK/peer-setup.log"; exit 1; }
    fi
    echo "== peer: django-helpdesk (bench.sh, DH_PHASES=\"ceiling list post_token\", DH_LIST_N=$LIST_N)"
    PEER_DIR="$PEER_DIR" DH_PHASES="ceiling list post_token" DH_DURATION="$DURATION" DH_CONNS="$CONNS" \
        DH_THREADS_WRK="$WT" DH_LIST_N="$LIST_N" bash "$PEER_SRC/bench.sh" 2>&1 | tee "$WORK/peer.txt" | sed 's/^/   /'
    for ph in ceiling list post_token; do
        line="$(grep -E "^$ph +rps=" "$WORK/peer.txt" | tail -1 || true)"
        [ -n "$line" ] || { echo "peer phase $ph printed no figures (see above)"; exit 1; }
        PEER_OK[$ph]="$(ok_rps "$line")"
        PEER_P99[$ph]="$(field "$line" p99_ms)"
    done
fi

# ---- Minsheng ------------------------------------------------------------------------------------
if [ "${PEER_ONLY:-}" != 1 ]; then
    mkdir -p "$DATA"
    echo "== Minsheng: $BIN (data: $DATA, SQLite)"
    "$BIN" demo --data "$DATA" >"$WORK/setup.log" 2>&1 || { echo "minsheng demo failed:"; tail -n 20 "$WORK/setup.log"; exit 1; }
    HOTLINE_TOKEN="$("$BIN" token create hotline --data "$DATA" 2>>"$WORK/setup.log" | tail -n 1)" || true
    CLERK_TOKEN="$("$BIN" token create clerk --data "$DATA" 2>>"$WORK/setup.log" | tail -n 1)" || true
    [ -n "$HOTLINE_TOKEN" ] && [ -n "$CLERK_TOKEN" ] \
        || { echo "minsheng token create hotline/clerk printed no token:"; tail -n 20 "$WORK/setup.log"; exit 1; }

    start_server() {
        MINSHENG_SECURE_COOKIES=0 "$BIN" serve --data "$DATA" --port "$PORT" --env production >>"$WORK/serve.log" 2>&1 &
        SERVER=$!
        for _ in $(seq 1 150); do curl -sf -o /dev/null "$BASE/healthz" && return 0; sleep 0.2; done
        echo "minsheng serve did not start:"; tail -n 20 "$WORK/serve.log"; exit 1
    }
    stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
    json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

    # The clerk's unit and the category codes, from the API.
    start_server
    if [ -z "${UNIT:-}" ]; then
        UNIT="$(curl -sf -H "Authorization: Bearer $CLERK_TOKEN" "$BASE/api/v1/me" | json 'd.get("unit") or ""')" \
            || { echo "GET /api/v1/me as clerk failed"; exit 1; }
        [ -n "$UNIT" ] || { echo "the demo clerk has no unit (GET /api/v1/me)"; exit 1; }
    fi
    # The leaves of the catalogue (a code no other code extends: 0101, not 01), active ones.
    CATEGORIES="$(curl -sf -H "Authorization: Bearer $HOTLINE_TOKEN" "$BASE/api/v1/request-categories" \
        | json '",".join(c for c in [x["code"] for x in d if x.get("active", True)] if not any(o != c and o.startswith(c) for o in [x["code"] for x in d]))')" \
        || { echo "GET /api/v1/request-categories failed"; exit 1; }
    [ -n "$CATEGORIES" ] || { echo "GET /api/v1/request-categories returned no category"; exit 1; }
    stop_server
    echo "   clerk's unit: $UNIT; intake rotates over $(echo "$CATEGORIES" | tr ',' '\n' | wc -l) leaf categories and the 5 kinds"

    T0=$(date +%s.%N)
    "$BIN" requests generate "$LIST_N" --unit "$UNIT" --data "$DATA" >>"$WORK/setup.log" 2>&1 \
        || { echo "minsheng requests generate $LIST_N --unit $UNIT failed:"; tail -n 20 "$WORK/setup.log"; exit 1; }
    echo "   requests generate $LIST_N --unit $UNIT: $(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f s", b - a}')"
    start_server

    # What the list answers before the load: status, time, size, total, rows on the page, order.
    COLD="$(curl -s -o "$WORK/list.json" -w '%{http_code} %{time_total} %{size_download}' \
        -H "Authorization: Bearer $CLERK_TOKEN" "$BASE$LIST_PATH")"
    [ "${COLD%% *}" = 200 ] || { echo "GET $LIST_PATH as clerk: ${COLD%% *}: $(head -c 300 "$WORK/list.json")"; exit 1; }
    echo "   first $LIST_PATH: $(echo "$COLD" | awk '{printf "%.1f ms, %d bytes", $2 * 1000, $3}'); $(python3 - "$WORK/list.json" "$LIST_N" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
items, total = d.get("items", []), d.get("total")
note = "" if total == int(sys.argv[2]) else f" (NOT {sys.argv[2]}: the unit holds other open requests too)"
print(f"total={total}{note}, items={len(items)}, page={d.get('page')}, per={d.get('per')}")
PY
)"

    LUA="$WORK/ms.lua"
    cat >"$LUA" <<'LUA'
-- One wrk script for every Minsheng phase (MS_MODE get | intake), counting status classes as the
-- peer's dh.lua does, so both sides pay the same client-side cost.
local mode  = os.getenv("MS_MODE") or "get"
local path  = os.getenv("MS_PATH") or "/"
local auth  = os.getenv("MS_AUTH")
local nonce = os.getenv("MS_NONCE") or tostring(os.time())
local cats  = {}
for c in string.gmatch(os.getenv("MS_CATEGORIES") or "", "[^,]+") do table.insert(cats, c) end
local kinds   = { "consult", "help", "complaint", "report", "suggestion" }
local streets = { "东城街道", "西城街道", "南湖街道", "北苑街道", "新华街道" }
local texts   = { "小区路灯不亮已有一周，夜间出行不便", "楼下餐馆油烟扰民，请相关部门处理",
                  "咨询新生儿医保办理需要哪些材料", "道路井盖破损，存在安全隐患", "建议在公交站增设遮阳棚" }
local threads = {}
tid, n = 0, 0
c201, c200, c2, c4, c5, other = 0, 0, 0, 0, 0, 0
errsample = ""

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tid * 7919)
end

local function esc(s) return (s:gsub('[\\"]', '\\%0')) end

function request()
  local h = {}
  if auth and auth ~= "" then h["Authorization"] = auth end
  if mode ~= "intake" then return wrk.format("GET", path, h) end
  n = n + 1
  local i = n + tid
  local key = "bench-" .. nonce .. "-" .. tid .. "-" .. n
  h["Content-Type"] = "application/json"
  h["Idempotency-Key"] = key
  local body = string.format(
    '{"channel":"hotline","kind":"%s","categoryCode":"%s","text":"%s（压测 %s）","requesterName":"市民%d","requesterPhone":"138%08d","address":"示范市%s幸福路%d号","street":"%s"}',
    kinds[i % #kinds + 1], esc(cats[i % #cats + 1] or ""), texts[i % #texts + 1], esc(key),
    n % 1000, math.random(0, 99999999), streets[i % #streets + 1], n % 300 + 1, streets[i % #streets + 1])
  return wrk.format("POST", path, h, body)
end

function response(status, headers, body)
  if status == 201 then c201 = c201 + 1; c2 = c2 + 1
  elseif status == 200 then c200 = c200 + 1; c2 = c2 + 1
  elseif status < 300 then c2 = c2 + 1
  elseif status < 400 then other = other + 1
  elseif status < 500 then c4 = c4 + 1
  else c5 = c5 + 1 end
  if status >= 300 and errsample == "" then errsample = status .. " " .. string.sub(body or "", 1, 200) end
end

function done(summary, latency, requests)
  local s201, s200, s2, s4, s5, so, sample = 0, 0, 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    s201 = s201 + t:get("c201"); s200 = s200 + t:get("c200"); s2 = s2 + t:get("c2")
    s4 = s4 + t:get("c4"); s5 = s5 + t:get("c5"); so = so + t:get("other")
    if sample == "" then sample = t:get("errsample") or "" end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f completed=%d 2xx=%d 201=%d 200=%d 3xx=%d 4xx=%d 5xx=%d sock_err(connect=%d read=%d write=%d timeout=%d)\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, s2, s201, s200, so, s4, s5, e.connect, e.read, e.write, e.timeout))
  if sample ~= "" then io.write("FIRST-ERROR " .. (sample:gsub("%s+", " ")) .. "\n") end
end
LUA

    TICK="$(getconf CLK_TCK)"
    server_cpu() { awk -v t="$TICK" '{printf "%.3f", ($14 + $15) / t}' "/proc/$SERVER/stat"; }
    # Rows in citizen_requests, read beside the running server (WAL lets a reader in).
    count_requests() {
        python3 - "$DATA/minsheng.sqlite" <<'PY'
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
print(con.execute("SELECT count(*) FROM citizen_requests").fetchone()[0])
PY
    }
    drain() { # as the peer's bench.sh: wait until a fresh request is answered quickly
        local t
        for _ in $(seq 1 120); do
            t="$(curl -s -o /dev/null -m 60 -w '%{time_total}' "$BASE/healthz" || echo 9)"
            awk -v t="$t" 'BEGIN {exit !(t < 0.1)}' && break
        done
        sleep 1
    }
    settle() { # until the row count stops moving (requests wrk abandoned at the end)
        local a b; a="$(count_requests)"
        while :; do sleep 1; b="$(count_requests)"; [ "$a" = "$b" ] && break; a="$b"; done
        echo "$b"
    }
    ms_run() { # phase mode path [token]
        local phase="$1" before after out line requests
        before="$(server_cpu)"
        out="$(MS_MODE="$2" MS_PATH="$3" MS_AUTH="${4:+Bearer $4}" MS_NONCE="$(date +%s%N)" MS_CATEGORIES="$CATEGORIES" \
            wrk -t"$WT" -c"$CONNS" -d"$DURATION" --timeout 30s -s "$LUA" "$BASE$3" 2>&1)"
        after="$(server_cpu)"
        echo "$out" >"$WORK/wrk-$phase.txt"
        line="$(echo "$out" | grep '^RESULT' | sed 's/^RESULT //' || true)"
        [ -n "$line" ] || { echo "wrk printed no figures for $phase:"; echo "$out" | tail -n 5; exit 1; }
        requests="$(field "$line" completed)"
        printf '   %-11s %s\n' "$phase" "$line"
        printf '   %-11s server CPU %.0f µs/request\n' "" "$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN {print (n > 0 ? 1e6 * (a - b) / n : 0)}')"
        echo "$out" | grep '^FIRST-ERROR' | sed 's/^/               /' || true
        # Intake counts only 201 Created: a 200 would be a replay, i.e. a key sent twice.
        if [ "$2" = intake ]; then MS_OK[$phase]="$(ok_rps "$line" 201)"; else MS_OK[$phase]="$(ok_rps "$line")"; fi
        MS_P99[$phase]="$(field "$line" p99_ms)"
        drain
    }

    echo "== Minsheng phases (pid $SERVER)"
    ms_run ceiling get /healthz
    ms_run list get "$LIST_PATH" "$CLERK_TOKEN"
    BEFORE="$(count_requests)"
    ms_run intake intake /api/v1/requests "$HOTLINE_TOKEN"
    AFTER="$(settle)"
    echo "               requests before=$BEFORE after=$AFTER created=$((AFTER - BEFORE)) (201 responses + those wrk left in flight)"
    stop_server
fi

# ---- the table -----------------------------------------------------------------------------------
echo
echo "== requests/s that succeeded (2xx ÷ $DURATION; Minsheng's intake: 201 Created), same run, wrk -t$WT -c$CONNS; p99 in ms"
printf '%-8s | %-34s | %9s | %8s | %-48s | %9s | %8s | %7s | %-6s | %s\n' \
    phase "peer request" "peer r/s" "peer p99" "Minsheng request" "Minsheng" "p99" ratio target "meets"
row() { # phase peer-key peer-label ms-label target
    local p="${PEER_OK[$2]:-}" m="${MS_OK[$1]:-}" ratio="-" meets="-"
    if [ -n "$p" ] && [ -n "$m" ]; then
        ratio="$(awk -v a="$m" -v b="$p" 'BEGIN {if (b > 0) printf "%.1fx", a / b; else printf "-"}')"
        if [ "$5" != "-" ]; then
            meets="$(awk -v a="$m" -v b="$p" -v t="${5//[^0-9]/}" 'BEGIN {print (b > 0 && a >= t * b ? "yes" : "no")}')"
        fi
    fi
    printf '%-8s | %-34s | %9s | %8s | %-48s | %9s | %8s | %7s | %-6s | %s\n' \
        "$1" "$3" "${p:--}" "${PEER_P99[$2]:--}" "$4" "${m:--}" "${MS_P99[$1]:--}" "$ratio" "$5" "$meets"
}
row ceiling ceiling "GET /login/" "GET /healthz" "-"
row list list "GET /api/tickets/ ($LIST_N tickets)" "GET /api/v1/requests?mine=open ($LIST_N open)" ">=100x"
row intake post_token "POST /api/tickets/ (token)" "POST /api/v1/requests (Idempotency-Key)" ">=10x"
