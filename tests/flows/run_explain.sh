#!/usr/bin/env bash
# tests/flows/run_explain.sh BIN RC EXPECTED ARGS...: runs `aovpn-doctor explain ARGS...`; it
# must exit RC and print exactly EXPECTED (stdout, then stderr after a "--- stderr" line).
# AOD_UPDATE_GOLDEN=1 rewrites EXPECTED.
set -u
bin=$1 want_rc=$2 expected=$3
shift 3
out=$("$bin" explain "$@" 2>/tmp/explain.$$.err)
rc=$?
got=$(printf '%s\n--- stderr\n%s\n' "$out" "$(cat /tmp/explain.$$.err)")
rm -f /tmp/explain.$$.err
if [ "$rc" -ne "$want_rc" ]; then
    echo "FAIL: explain exited $rc, expected $want_rc"
    printf '%s\n' "$got"
    exit 1
fi
if [ "${AOD_UPDATE_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$got" > "$expected"
    exit 0
fi
diff -u "$expected" <(printf '%s\n' "$got")
