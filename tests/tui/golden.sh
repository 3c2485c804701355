#!/bin/sh
# tests/tui/golden.sh: runs the wizard on a null display with scripted keys and compares every
# screen it dumps with tests/tui/<case>-<variant>-<screen>.screen (tig's headless tests).
# Usage: golden.sh BINARY CASE VARIANT EXPECTED_EXIT [ARGS...]; the environment (TERM, LINES,
# COLUMNS, LC_ALL, NO_COLOR) comes from ctest. AOD_UPDATE_GOLDEN=1 rewrites the golden files.
set -u
bin=$1 case=$2 variant=$3 want_rc=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-golden.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

cd "$work" || exit 1
AOD_NO_DISPLAY=1 AOD_SCRIPT="$here/cases/$case.keys" "$bin" --max-steps 500 "$@" \
    >stdout.txt 2>stderr.txt
rc=$?
status=0
if [ "$rc" -ne "$want_rc" ]; then
    echo "exit status $rc, expected $want_rc"
    cat stderr.txt
    status=1
fi
n=0
for got in *.screen; do
    [ -e "$got" ] || { echo "no screen was dumped"; exit 1; }
    n=$((n + 1))
    want="$here/$case-$variant-$got"
    if [ "${AOD_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$got" "$want"
    elif [ ! -f "$want" ]; then
        echo "missing golden file $want"
        status=1
    elif ! diff -u "$want" "$got"; then
        status=1
    fi
done
# Every golden file of this case and variant must have been produced again.
for want in "$here/$case-$variant-"*.screen; do
    [ -e "$want" ] || continue
    [ -f "$work/${want##*/$case-$variant-}" ] || { echo "not dumped: $want"; status=1; }
done
echo "$n screens compared"
exit $status
