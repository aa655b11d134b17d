#!/usr/bin/env bash
# Backup and restore of a busy SQLite instance (issue 12, part 3). Starts `minsheng serve` on a
# fresh data directory with the demo data, then Scripts/backup_restore.py checks that
#   1. `minsheng backup` taken while citizens' requests (with photos) are being submitted gives an
#      archive that restores into a fresh data directory, whose audit chain verifies and whose
#      rows are consistent (every request taken has its audit entry, every photo row its file);
#   2. a backup of the same instance once idle restores to the same row count and digest for every
#      table, and the same uploads byte for byte, and `minsheng audit verify` passes on it;
#   3. restore refuses a non-empty data directory without --force, and takes it with --force;
#   4. an archive with a file changed after it was written is refused, and nothing is restored.
# Prints PASS/FAIL per check with figures; exits non-zero on any failure.
#
# Needs tar and python3 (standard library only). Where either is missing it prints "skipped: …"
# and exits 0, except in CI (CI=true), where that is a failure.
#
# Environment: MINSHENG_BIN (default .build/debug/minsheng), PORT (default 8096), KEEP=1 keeps
# the temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source Scripts/lib.sh
ms_bin
PORT="${PORT:-8096}"

skip() { ms_skip backup-restore "$1"; }
[ -x "$BIN" ] || skip "no minsheng binary at $BIN (build first or set MINSHENG_BIN)"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
[ -x /bin/tar ] || [ -x /usr/bin/tar ] || skip "tar not found"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "FAIL backup-restore: port $PORT is already in use (set PORT)" >&2; exit 1
fi

ms_workdir backup

# SQLite in the data directory, and the audit key generated there (as on a developer's machine).
unset DATABASE_URL MINSHENG_DATA MINSHENG_AUDIT_KEY MINSHENG_AUDIT_KEY_FILE
SRC="$WORK/src"
ms_demo_token backup-restore "$SRC" hotline
ms_serve backup-restore "$SRC"

set +e
python3 "$ROOT/Scripts/backup_restore.py" --bin "$BIN" --port "$PORT" --token "$TOKEN" --src "$SRC" --work "$WORK"
STATUS=$?
set -e
exit "$STATUS"
