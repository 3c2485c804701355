#!/bin/sh
# tests/tui/noop.sh: a key that changes nothing draws nothing: no paint, not a byte to the
# terminal. On a question (an unbound key, Up at the top, PgUp with nothing scrolled) and on a
# conclusion (an unbound key, Up and Home at the top); Down after each must draw, once.
# Usage: noop.sh BINARY FLOWS_DIR
set -u
bin=$1 flows=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-noop.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 1
AOD_NO_DISPLAY=1 AOD_DISPLAY_LOG="$work/out.bin" AOD_SCRIPT="$here/cases/noop.keys" \
    TERM=xterm-256color LINES=24 COLUMNS=80 LC_ALL=C.UTF-8 \
    "$bin" --flows "$flows" --no-probes --max-steps 200 >/dev/null 2>&1
paints=$(tr '\n' ' ' <paints.txt) bytes=$(tr '\n' ' ' <bytes.txt)
echo "paints: $paints"
echo "bytes:  $bytes"
set -- $paints
[ $# -eq 10 ] || { echo "expected 10 counts, got $#"; exit 1; }
status=0
check() { # LABEL BEFORE AFTER WANT(same|one)
    if [ "$4" = same ] && [ "$3" -ne "$2" ]; then
        echo "$1: drew $(($3 - $2)) time(s) for a key that changes nothing"; status=1
    fi
    if [ "$4" = one ] && [ "$3" -ne $(($2 + 1)) ]; then
        echo "$1: drew $(($3 - $2)) time(s), want 1"; status=1
    fi
}
check "question x" "$1" "$2" same
check "question Up" "$2" "$3" same
check "question PgUp" "$3" "$4" same
check "question Down" "$4" "$5" one
check "conclusion x" "$6" "$7" same
check "conclusion Up" "$7" "$8" same
check "conclusion Home" "$8" "$9" same
check "conclusion Down" "$9" "${10}" one
set -- $bytes
for pair in "1 2" "2 3" "3 4" "6 7" "7 8" "8 9"; do
    a=$(echo "$pair" | cut -d' ' -f1) b=$(echo "$pair" | cut -d' ' -f2)
    eval "x=\${$a} y=\${$b}"
    [ "$x" -eq "$y" ] || { echo "bytes sent for a no-op key: count $a to $b"; status=1; }
done
exit $status
