# Shared by the scripts that start `minsheng serve` on demo data (backup-restore.sh,
# backup-restore-pg.sh, schemathesis.sh). Sourced, never run; each function names its caller
# (NAME) in its messages. Needs ROOT (the repository) and, for ms_serve, PORT set by the caller.

# The minsheng binary in BIN: MINSHENG_BIN, else the debug build, as an absolute path.
ms_bin() {
    BIN="${MINSHENG_BIN:-.build/debug/minsheng}"
    case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
}

# Ends NAME's run for a missing prerequisite REASON: "skipped: …" and exit 0, except in CI
# (CI=true), where a missing prerequisite is a failure.
ms_skip() { # NAME REASON
    if [ "${CI:-}" = "true" ]; then echo "FAIL $1: $2 (required in CI)" >&2; exit 1; fi
    echo "skipped: $1: $2"
    exit 0
}

# A temporary directory WORK for NAME, removed on exit (KEEP=1 keeps it); the server started by
# ms_serve is stopped then, and unless the caller set STATUS=0 the end of serve.log is shown.
ms_workdir() { # NAME
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/minsheng-$1.XXXXXX")"
    PID=""
    STATUS=1
    trap ms_cleanup EXIT
    trap 'exit 130' INT TERM
}

ms_cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    if [ "$STATUS" != 0 ] && [ -s "$WORK/serve.log" ]; then echo "--- last lines of serve.log"; tail -n 15 "$WORK/serve.log"; fi
    if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}

# The demo data in DATA and a bearer token of the demo user ROLE, in TOKEN.
ms_demo_token() { # NAME DATA ROLE
    "$BIN" demo --data "$2" >"$WORK/setup.log" 2>&1 || { echo "FAIL $1: minsheng demo failed"; tail -n 20 "$WORK/setup.log"; exit 1; }
    TOKEN="$("$BIN" token create "$3" --data "$2" 2>>"$WORK/setup.log" | tail -n 1)" || true
    [ -n "$TOKEN" ] || { echo "FAIL $1: no token"; tail -n 20 "$WORK/setup.log"; exit 1; }
}

# `minsheng serve` on DATA at 127.0.0.1:PORT in the background (PID), once /healthz answers.
ms_serve() { # NAME DATA
    "$BIN" serve --data "$2" --hostname 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do
        python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null && return 0
        kill -0 "$PID" 2>/dev/null || { echo "FAIL $1: the server did not start"; exit 1; }
        sleep 0.3
    done
    echo "FAIL $1: the server did not answer /healthz"; exit 1
}
