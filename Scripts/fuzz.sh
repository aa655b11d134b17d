#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the document readers and the plan parser (issue 12).
#
#   Scripts/fuzz.sh [SECONDS] [TARGET...]      run each target for SECONDS (default 120), one at a time
#   FUZZ_KEEP=1 Scripts/fuzz.sh 150            also merge what was found into Tests/Fixtures/fuzz/<target>/
#   FUZZ_KEEP=1 Scripts/fuzz.sh 0 [TARGET...]  only that merge, from the last run's corpus in .build-fuzz/
#
# Targets (Fuzz/Package.swift, entry points in Fuzz/Sources/FuzzSupport/FuzzEntry.swift):
#   xlsx   bytes → DocumentReader (.xlsx) → PlanParser, and SpreadsheetRows.xlsx
#   docx   bytes → DocumentReader (.docx) → PlanParser
#   html   bytes → DocumentReader (.html) → PlanParser
#   bytes  bytes → DocumentReader (.txt: sniffing, UTF-8/UTF-16/GB18030 decoding, RTF) → PlanParser, and SpreadsheetRows.csv
#   text   bytes as UTF-8 → PlanParser
#
# Starting corpus: the kept corpus (Tests/Fixtures/fuzz/<target>), the fixtures of the target's
# kind, the same .docx/.xlsx re-packed without compression (so mutations reach the XML: deflated
# parts are CRC-checked), and ../shared/corpus/seeds when present. The seeds are used at run time
# only: FUZZ_KEEP leaves out any found input of the text targets that still holds 32 bytes of a seed.
# Each input has a 10 s budget (-timeout=10: a slower one is reported as a hang) and the process
# 2 GB (-rss_limit_mb). A crash, hang or failed check stops the run with exit 1; the input is in
# .build-fuzz/artifacts/<target>/. Not part of Scripts/test.sh; FuzzCorpusTests replays the kept
# corpus in the normal suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

SECONDS_PER_TARGET="${1:-120}"
shift || true
TARGETS=("$@")
if [ "${#TARGETS[@]}" -eq 0 ]; then TARGETS=(xlsx docx html bytes text); fi

ROOT="$(pwd)"
WORK="$ROOT/.build-fuzz"
KEPT="$ROOT/Tests/Fixtures/fuzz"
SEEDS="$ROOT/../shared/corpus/seeds"
mkdir -p "$WORK"

echo "== building the fuzzers (release, -sanitize=fuzzer,address)"
# lld: gold stops with an internal error on the sanitizer's DWARF. SwiftPM links `main` to
# `<Module>_main`, which each fuzzer defines (FuzzDriver); -parse-as-library keeps Swift's own out.
swift build -c release --package-path Fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld 2>&1 | grep -v '^\[' | tail -3
BIN="$(swift build -c release --package-path Fuzz --show-bin-path \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld)"

# Stored (uncompressed) copies of the fixture packages.
STORED="$WORK/stored"
rm -rf "$STORED" && mkdir -p "$STORED/docx" "$STORED/xlsx"
python3 - "$ROOT/Tests/Fixtures" "$STORED" <<'PY'
import pathlib, sys, zipfile
fixtures, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for path in list(fixtures.glob("*.docx")) + list(fixtures.glob("*.xlsx")) + list(fixtures.glob("regressions/*.docx")):
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(out / path.suffix[1:] / ("stored_" + path.name), "w", zipfile.ZIP_STORED) as target:
            for info in source.infolist():
                target.writestr(info.filename, source.read(info.filename))
    except Exception as error:  # a deliberately broken fixture stays as it is
        print(f"note: {path.name} not re-packed ({error})")
PY

seed_dirs() { # the starting corpus of one target, as directories
    local target="$1" dir="$WORK/seeds/$1"
    rm -rf "$dir" && mkdir -p "$dir"
    case "$target" in
        xlsx) cp "$ROOT"/Tests/Fixtures/*.xlsx "$dir"/; echo "$dir $STORED/xlsx" ;;
        docx) cp "$ROOT"/Tests/Fixtures/*.docx "$ROOT"/Tests/Fixtures/regressions/*.docx "$dir"/; echo "$dir $STORED/docx" ;;
        html) cp "$ROOT"/Tests/Fixtures/*.html "$dir"/; echo "$dir" ;;
        bytes) cp "$ROOT"/Tests/Fixtures/f*.* "$ROOT"/Tests/Fixtures/regressions/* "$dir"/
               if [ -d "$SEEDS" ]; then echo "$dir $SEEDS"; else echo "$dir"; fi ;;
        text) cp "$ROOT"/Tests/Fixtures/*.txt "$dir"/
              if [ -d "$SEEDS" ]; then echo "$dir $SEEDS"; else echo "$dir"; fi ;;
    esac
}

# Leaks inside the toolchain's Foundation are suppressed (Fuzz/lsan.supp); any other leak is a finding.
export LSAN_OPTIONS="suppressions=$ROOT/Fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

STATUS=0
for target in "${TARGETS[@]}"; do
    case "$target" in
        xlsx) exe=FuzzXlsx; dict=xlsx; maxlen=65536; keeplen=65536 ;;
        docx) exe=FuzzDocx; dict=docx; maxlen=65536; keeplen=65536 ;;
        html) exe=FuzzHTML; dict=html; maxlen=32768; keeplen=2048 ;;
        bytes) exe=FuzzBytes; dict=text; maxlen=32768; keeplen=2048 ;;
        text) exe=FuzzText; dict=text; maxlen=32768; keeplen=2048 ;;
        *) echo "unknown target $target (xlsx docx html bytes text)"; exit 2 ;;
    esac
    corpus="$WORK/corpus/$target"
    artifacts="$WORK/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts" "$KEPT/$target"
    # shellcheck disable=SC2046
    set -- $(seed_dirs "$target")
    log="$WORK/$target.log"
    if [ "$SECONDS_PER_TARGET" = 0 ]; then
        echo "== $target: no fuzzing (0 s), only the merge"
    elif echo "== $target: $SECONDS_PER_TARGET s" && "$BIN/$exe" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
        -dict="$ROOT/Fuzz/dicts/$dict.dict" -artifact_prefix="$artifacts" -print_final_stats=1 \
        "$corpus" "$KEPT/$target" "$@" >"$log" 2>&1; then
        grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -2 || true
        grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    else
        STATUS=1
        echo "!! $target stopped on a finding:"
        grep -E 'ERROR|Fatal error|fuzz check failed|SUMMARY|Test unit written|timeout' "$log" | head -10 || true
        continue
    fi

    if [ "${FUZZ_KEEP:-0}" = 1 ]; then
        # The smallest set of inputs that keeps the coverage of the kept corpus and this run,
        # then without anything that still carries a seed's text.
        merged="$WORK/merged/$target"
        rm -rf "$merged" && mkdir -p "$merged"
        # Edges only (-use_counters=0), and text inputs cut to 2 KB (a ZIP cut short reads no further
        # than its directory check), so the kept corpus stays a few hundred small files.
        "$BIN/$exe" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 -max_len="$keeplen" \
            "$merged" "$KEPT/$target" "$corpus" >"$WORK/$target.merge.log" 2>&1
        grep -E 'MERGE-OUTER: [0-9]+ new files' "$WORK/$target.merge.log" | sed 's/^/   /' || true
        if [ "$target" = bytes ] || [ "$target" = text ]; then
            python3 - "$merged" "$SEEDS" <<'PY'
import pathlib, sys
merged, seeds = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
# 32-byte windows of the seeds' text; runs of a few repeated bytes (spaces, rules) say nothing.
windows = set()
if seeds.is_dir():
    for seed in seeds.iterdir():
        data = seed.read_bytes()
        windows.update(w for w in (data[i:i + 32] for i in range(0, max(0, len(data) - 31))) if len(set(w)) >= 12)
dropped = 0
for path in merged.iterdir():
    data = path.read_bytes()
    if any(data[i:i + 32] in windows for i in range(0, max(0, len(data) - 31))):
        path.unlink(); dropped += 1
print(f"   left out {dropped} inputs that carry a seed's text")
PY
        fi
        rm -rf "$KEPT/$target" && mv "$merged" "$KEPT/$target"
        echo "   kept: $(ls "$KEPT/$target" | wc -l) files, $(du -sh --apparent-size "$KEPT/$target" | cut -f1)"
    fi
done
exit $STATUS
