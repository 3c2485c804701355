#!/usr/bin/env bash
# tests/flows/check_output.sh EXPECTED COMMAND [ARG...]: runs the command; it must exit 0 and
# print exactly EXPECTED. AOD_UPDATE_GOLDEN=1 rewrites EXPECTED instead.
set -u
expected=$1
shift
out=$("$@") || { echo "FAIL: $* exited $?"; exit 1; }
if [ "${AOD_UPDATE_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$out" > "$expected"
    exit 0
fi
diff -u "$expected" <(printf '%s\n' "$out")
