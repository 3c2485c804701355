#!/bin/sh
# tests/tui/bytes.sh: cheap over slow links. Counts what the wizard writes to an 80x24
# xterm-256color: a selection move must cost no more than dialog's 210 bytes per Down
# (REFERENCE.md) and a whole new question screen under 2 KB.
# Usage: bytes.sh BINARY FLOWS_DIR
set -u
bin=$1 flows=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-bytes.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 1
AOD_NO_DISPLAY=1 AOD_DISPLAY_LOG="$work/out.bin" AOD_SCRIPT="$here/cases/bytes.keys" \
    TERM=xterm-256color LINES=24 COLUMNS=80 LC_ALL=C.UTF-8 \
    "$bin" --flows "$flows" --no-probes --max-steps 100 device-tunnel-auto >/dev/null 2>&1
set -- $(cat counts.txt)
[ $# -eq 5 ] || { echo "expected 5 counts, got: $*"; exit 1; }
status=0
prev=$1
i=0
for label in down up down question; do
    shift
    cost=$(($1 - prev))
    prev=$1
    limit=210
    [ "$label" = question ] && limit=2047
    echo "$label: $cost bytes (limit $limit)"
    [ "$cost" -gt 0 ] || { echo "  nothing was drawn"; status=1; }
    [ "$cost" -le "$limit" ] || status=1
    i=$((i + 1))
done
exit $status
