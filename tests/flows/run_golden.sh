#!/usr/bin/env bash
# tests/flows/run_golden.sh: walks one flow from an answer file and compares the transcript
# with the expected one. CASE.answers names its flow before "--" (error-809--fix-dns.answers).
# Also compares CASE.md.expected and CASE.json.expected when they exist.
# Set AOD_UPDATE_GOLDEN=1 to rewrite the expected files instead (then review the diff).
set -u
bin=$1 flows=$2 answers=$3
# The transcript header names the time and the host: fix both so the goldens stay stable.
export AOD_NOW=1796212800 TZ=UTC AOD_HOSTNAME=golden-host
case_=${answers%.answers}
name=$(basename "$case_")
flow=${name%%--*}
status=0

check() { # FORMAT EXPECTED_FILE
    local out rc
    out=$("$bin" walk "$flow" --answers "$answers" --no-probes --flows "$flows" --format "$1" 2>&1)
    rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: walk $flow ($1) exited $rc"
        printf '%s\n' "$out" | tail -n 20
        status=1
        return
    fi
    if [ "${AOD_UPDATE_GOLDEN:-}" = 1 ]; then
        printf '%s\n' "$out" > "$2"
        return
    fi
    if ! diff -u "$2" <(printf '%s\n' "$out"); then
        echo "FAIL: $flow ($1) differs from $2"
        status=1
    fi
}

check text "$case_.expected"
[ -f "$case_.md.expected" ] && check markdown "$case_.md.expected"
[ -f "$case_.json.expected" ] && check json "$case_.json.expected"
exit $status
