#!/usr/bin/env bash
# tests/fuzz/run_fuzz.sh TARGET CORPUS SECONDS: the ctest run of one fuzz target: replays every
# file of its corpus (the seeds and every finding, kept there as regression tests), then fuzzes
# for SECONDS on a scratch copy so the tree's corpus never changes. Fails on any crash, leak,
# sanitizer report or failed check.
set -u
target=$1 corpus=$2 seconds=$3
[ -x "$target" ] || { echo "missing $target (the fuzz sub-build failed?)"; exit 1; }
work=$(mktemp -d /tmp/aod-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp -r "$corpus"/. "$work/corpus/" 2>/dev/null
# Fixed seed: a ctest failure reproduces with the same command.
"$target" -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1
rc=$?
tail -n 12 "$work/log"
found=$(ls "$work/artifacts" 2>/dev/null)
if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    grep -m1 -B2 -A30 -E 'ERROR|fuzz check failed|runtime error' "$work/log"
    for f in $found; do
        echo "finding: $f ($(wc -c <"$work/artifacts/$f") bytes): $(od -An -c "$work/artifacts/$f" | head -n 4)"
    done
    exit 1
fi
