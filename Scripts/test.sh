#!/usr/bin/env bash
# The test command (README: `Scripts/test.sh`). Runs every test pass Minsheng has, in order:
#   1. swift test: PolicyParserTests, MinshengCoreTests, MinshengAppTests (in-memory SQLite)
#   2. the app tests on PostgreSQL; 3. browser journeys in Chromium; 4. two instances behind nginx;
#   5. the holiday calendars checked day by day against PyPI's chinesecalendar; 6. backup and restore
#   of a busy SQLite instance; 7. the API contract (openapi-spec-validator and schemathesis).
# Extra arguments go to the first pass, e.g. `Scripts/test.sh --filter FixtureTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

# Build once; later passes reuse the build with --skip-build (an environment variable that
# differs between passes would otherwise make SwiftPM rebuild).
swift build --build-tests

echo "== pass 1: swift test (SQLite in memory)"
swift test --skip-build "$@"

# Pass 2 (tracking core): the app tests again on PostgreSQL, when .ci/run (or you) set
# MINSHENG_TEST_DATABASE_URL, e.g. postgres://minsheng:minsheng@127.0.0.1:5432/minsheng_test?tlsmode=disable.
# The tests share that database one at a time, dropping its schema and migrating it for each.
if [ -n "${MINSHENG_TEST_DATABASE_URL:-}" ]; then
    echo "== pass 2: swift test MinshengAppTests (PostgreSQL)"
    DATABASE_URL="$MINSHENG_TEST_DATABASE_URL" swift test --skip-build --filter MinshengAppTests
else
    echo "== pass 2 skipped: MINSHENG_TEST_DATABASE_URL not set (PostgreSQL app tests)"
fi

# Pass 3 (web pages): journeys in a real headless Chromium (Tests/Browser, pytest + playwright).
# The tests start `minsheng serve` on a temporary data directory and save screenshots to
# screenshots/. Needs /usr/bin/chromium, fonts-noto-cjk and `pip install playwright==1.65.2
# pytest openpyxl` (.ci/run installs them); skipped with a note elsewhere, but never in CI.
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && python3 -c "import playwright, pytest, openpyxl" 2>/dev/null; then
    echo "== pass 3: browser tests (Chromium)"
    MINSHENG_BIN="$(swift build --show-bin-path)/minsheng" python3 -m pytest -q -p no:cacheprovider Tests/Browser
elif [ "${CI:-}" = "true" ]; then
    echo "pass 3: Chromium or playwright missing in CI" >&2
    exit 1
else
    echo "== pass 3 skipped: no Chromium or Python playwright here (browser tests)"
fi

# Pass 4 (several instances): two `minsheng serve` on one PostgreSQL database behind nginx (round
# robin), as production runs them; Scripts/two-instances.sh checks that a report, a sign-out and an
# edit made through one instance are seen at once by the other, and that 1,000 submissions spread
# over both all land with one audit entry each. It uses a database of its own (minsheng_two) on the
# server of MINSHENG_TEST_DATABASE_URL, dropped and created afresh, never the app tests' one.
# Needs that server and nginx (.ci/run installs both); skipped with a note elsewhere, but never in CI.
if [ -n "${MINSHENG_TEST_DATABASE_URL:-}" ]; then
    echo "== pass 4: two instances behind nginx (PostgreSQL)"
    MINSHENG_BIN="$(swift build --show-bin-path)/minsheng" Scripts/two-instances.sh
elif [ "${CI:-}" = "true" ]; then
    echo "pass 4: MINSHENG_TEST_DATABASE_URL not set in CI (two instances on PostgreSQL)" >&2
    exit 1
else
    echo "== pass 4 skipped: MINSHENG_TEST_DATABASE_URL not set (two instances behind nginx, PostgreSQL)"
fi

# Pass 5 (citizens' requests): the bundled holiday calendars (Sources/MinshengCore/Requests/Holidays,
# from the State Council's notices) checked day by day against an independent encoding of the same
# notices, PyPI's chinesecalendar (.ci/run installs it); skipped with a note elsewhere, never in CI.
if python3 -c "import chinese_calendar" 2>/dev/null; then
    echo "== pass 5: holiday calendar cross-check (chinesecalendar)"
    python3 Scripts/check_calendar.py
elif [ "${CI:-}" = "true" ]; then
    echo "pass 5: chinesecalendar missing in CI" >&2
    exit 1
else
    echo "== pass 5 skipped: pip install chinesecalendar==1.11.0 (holiday calendar cross-check)"
fi

# Pass 6 (backup and restore): Scripts/backup-restore.sh starts `minsheng serve` on SQLite, backs it
# up while citizens' requests with photos are being submitted, restores into fresh data directories
# and compares every table's rows and digest and every upload, then runs `minsheng audit verify` on
# the restored copy. Needs tar and python3; skipped with a note elsewhere, but never in CI.
echo "== pass 6: backup and restore of a busy SQLite instance"
MINSHENG_BIN="$(swift build --show-bin-path)/minsheng" Scripts/backup-restore.sh
# The same on PostgreSQL (pg_dump/pg_restore) where MINSHENG_TEST_DATABASE_URL is set (required in
# CI): 1,000 writes going on during the backup, restore into a fresh database of its own, identical
# row counts and per-table digests, `audit verify` on the copy, and a restore without the personal
# data key told which key it lacks (Scripts/backup-restore-pg.sh).
if [ -n "${MINSHENG_TEST_DATABASE_URL:-}" ]; then
    echo "== pass 6b: backup and restore of a busy PostgreSQL instance"
    MINSHENG_BIN="$(swift build --show-bin-path)/minsheng" Scripts/backup-restore-pg.sh
elif [ "${CI:-}" = "true" ]; then
    echo "pass 6b: MINSHENG_TEST_DATABASE_URL not set in CI (backup and restore on PostgreSQL)" >&2
    exit 1
else
    echo "== pass 6b skipped: MINSHENG_TEST_DATABASE_URL not set (backup and restore on PostgreSQL)"
fi

# Pass 7 (API contract, issue 12): Scripts/schemathesis.sh validates the OpenAPI document
# (openapi-spec-validator) and runs schemathesis, every operation and every check with a fixed seed,
# against `minsheng serve` on a fresh data directory with an admin token; any failure fails the pass.
# Needs `pip install schemathesis==4.32.5 openapi-spec-validator==0.9.0` (.ci/run installs them);
# skipped with a note elsewhere, but never in CI.
if command -v schemathesis >/dev/null 2>&1 && python3 -c "import openapi_spec_validator" 2>/dev/null; then
    echo "== pass 7: API contract (openapi-spec-validator, schemathesis)"
    MINSHENG_BIN="$(swift build --show-bin-path)/minsheng" Scripts/schemathesis.sh
elif [ "${CI:-}" = "true" ]; then
    echo "pass 7: schemathesis or openapi-spec-validator missing in CI" >&2
    exit 1
else
    echo "== pass 7 skipped: pip install schemathesis==4.32.5 openapi-spec-validator==0.9.0 (API contract)"
fi
