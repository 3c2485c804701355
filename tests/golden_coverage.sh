#!/usr/bin/env bash
# tests/golden_coverage.sh ROOT: every golden file under tests/ belongs to a test labelled
# `golden`, so scripts/update-goldens rewrites all of them and none is left unchecked (two graph
# goldens once sat in the tree with no test reading them). Lists each orphan; exit 1 if any.
set -u
root=$1
orphans=0
orphan() { echo "orphan golden file: ${1#"$root"/} ($2)"; orphans=$((orphans + 1)); }

for f in "$root"/tests/flows/*.expected; do
    base=$(basename "$f")
    case $base in
    graph-*)
        name=${base#graph-}
        name=${name%.expected}
        grep -qE "^foreach\(graph .*\b${name//./\\.}\b" "$root/tests/flows/CMakeLists.txt" ||
            orphan "$f" "no graph_$name test in tests/flows/CMakeLists.txt"
        ;;
    *)
        [ -f "$root/tests/flows/${base%%.*}.answers" ] || orphan "$f" "no ${base%%.*}.answers"
        ;;
    esac
done
for f in "$root"/tests/lint/*.expected; do
    [ -f "${f%.expected}.json" ] || orphan "$f" "no $(basename "${f%.expected}").json"
done
for f in "$root"/tests/tui/*.screen; do
    base=$(basename "$f")
    case_=${base%%-*}
    rest=${base#*-}
    variant=${rest%%-*}
    grep -qE "^aod_golden\([^ ]+ $case_ $variant " "$root/tests/tui/CMakeLists.txt" ||
        orphan "$f" "no aod_golden(... $case_ $variant ...) in tests/tui/CMakeLists.txt"
done
if [ "$orphans" -gt 0 ]; then
    exit 1
fi
echo "ok: every golden file has its test"
