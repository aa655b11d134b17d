#!/usr/bin/env bash
# The test command (README: `Scripts/test.sh`). Runs every test pass Minsheng has, in order:
#   1. swift test: PolicyParserTests, MinshengCoreTests, MinshengAppTests (in-memory SQLite)
# Later passes (PostgreSQL, browser) are added below by their owners.
# Extra arguments go to the first pass, e.g. `Scripts/test.sh --filter FixtureTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

# Build once; later passes reuse the build with --skip-build (an environment variable that
# differs between passes would otherwise make SwiftPM rebuild).
swift build --build-tests

echo "== pass 1: swift test (SQLite in memory)"
swift test --skip-build "$@"
