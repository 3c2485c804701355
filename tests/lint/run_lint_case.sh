#!/usr/bin/env bash
# tests/lint/run_lint_case.sh: lints one malformed flow; lint must exit 1 and print exactly the
# problems in CASE.expected (file:line:col: message). AOD_UPDATE_GOLDEN=1 rewrites the file.
set -u
bin=$1 flow=$2
expected=${flow%.json}.expected
cd "$(dirname "$flow")" || exit 2
out=$("$bin" lint "$(basename "$flow")" 2>/dev/null)
rc=$?
if [ "$rc" -ne 1 ]; then
    echo "FAIL: lint exited $rc, expected 1"
    printf '%s\n' "$out"
    exit 1
fi
if [ "${AOD_UPDATE_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$out" > "$expected"
    exit 0
fi
diff -u "$expected" <(printf '%s\n' "$out")
