#!/bin/sh
# tests/flows/check_no_dictionary.sh: a flows folder without codes/codes.json (or with a broken
# one) still walks a typed code no flow covers to the not-covered outcome: line mode says in one
# line that the dictionary cannot be read, and the walk ends as it does with it.
# Usage: check_no_dictionary.sh BINARY FLOWS_DIR GOLDEN_DIR
set -u
bin=$1 flows=$2 golden=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-nodict.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
status=0
fail() { echo "FAIL: $*"; status=1; }
mkdir "$work/flows"
cp "$flows"/*.json "$work/flows/"
for variant in missing broken; do
    if [ "$variant" = broken ]; then
        mkdir -p "$work/flows/codes"
        printf '{"version": 1, "codes": [\n' >"$work/flows/codes/codes.json"
    fi
    out=$("$bin" walk start --answers "$golden/start--paste-uncovered.answers" --no-probes \
        --flows "$work/flows" 2>&1)
    rc=$?
    [ "$rc" -eq 0 ] || fail "$variant: walk exited $rc"
    n=$(printf '%s\n' "$out" | grep -c '^The code dictionary cannot be read: ')
    [ "$n" -eq 1 ] || fail "$variant: expected one 'cannot be read' line, got $n"
    printf '%s\n' "$out" | grep -q '^== Finding: No guided check for this yet ==$' ||
        fail "$variant: the not-covered outcome is missing"
done
[ "$status" -eq 0 ] && echo "ok: the walk goes on without the code dictionary"
exit "$status"
