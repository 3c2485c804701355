#!/usr/bin/env bash
# bench/fuzz.sh: a measurement, not a test. Runs every fuzz target (tests/fuzz) for SECONDS,
# two at a time (one per core), each from a scratch copy of its corpus, and prints one row per
# target: executions per second, total executions, coverage (cov = edges, ft = features, from
# libFuzzer's final stats) and findings. Each finding is copied into
# tests/fuzz/corpus/<target>/finding-<hash>, where ctest (label fuzz) replays it from then on:
# fix the bug, then commit the file as its regression test.
# Usage: bench/fuzz.sh SECONDS [BUILD_DIR] [JOBS]    (defaults: 60, build, 2)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SECONDS_EACH=${1:-60}
BUILD=$(cd "${2:-$HERE/../build}" && pwd) || exit 1
JOBS=${3:-2}
CORPUS=$HERE/../tests/fuzz/corpus
TARGETS=(flow_walk answers errcode template ike radius tls_cert http_head paste codes index)
WORK=$(mktemp -d /tmp/aod-fuzz-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for t in "${TARGETS[@]}"; do
    [ -x "$BUILD/fuzz/fuzz_$t" ] || { echo "missing $BUILD/fuzz/fuzz_$t: build with clang installed"; exit 1; }
done

run_one() { # TARGET
    local t=$1 dir=$WORK/$1
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp -r "$CORPUS/$t"/. "$dir/corpus/" 2>/dev/null
    "$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
        "$dir/corpus" >"$dir/log" 2>&1
    echo $? >"$dir/rc"
}

running=0
for t in "${TARGETS[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }
printf '| %-10s | %9s | %12s | %6s | %6s | %8s | %s\n' target exec/s executions cov ft corpus findings
printf '|%s|\n' "------------|-----------|--------------|--------|--------|----------|---------"
found_any=0
for t in "${TARGETS[@]}"; do
    dir=$WORK/$t
    last=$(grep -E '^#[0-9]+' "$dir/log" | tail -n 1)
    cov=$(printf '%s' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(printf '%s' "$last" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
    findings=""
    for f in "$dir"/artifacts/*; do
        [ -f "$f" ] || continue
        name=finding-$(sha1sum "$f" | cut -c1-12)
        cp "$f" "$CORPUS/$t/$name"
        findings="$findings $(basename "$f" | cut -d- -f1) -> corpus/$t/$name"
        found_any=1
    done
    printf '| %-10s | %9s | %12s | %6s | %6s | %8s |%s\n' "$t" "$(stat average_exec_per_sec "$dir/log")" \
        "$(stat number_of_executed_units "$dir/log")" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
        "${findings:- none}"
done
if [ "$found_any" = 1 ]; then
    for t in "${TARGETS[@]}"; do
        grep -m1 -A25 -E '==ERROR|fuzz check failed|runtime error' "$WORK/$t/log" && echo
    done
    exit 1
fi
