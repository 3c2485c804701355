#!/bin/sh
# tests/tui/retest_test.sh: the probe screen as a new user meets it, in tmux at 80x24 with live
# probes on, inside a network namespace of its own (nothing listens on 127.0.0.1 there). Each
# row names the address its probe left from; the screen names this host, the start time and
# the timeout; Enter on a row opens its whole evidence (who sent the ICMP error) and Esc closes
# it; r runs the tests again; after going back from the finding, the step offers r and it tests
# again.
# Usage: retest_test.sh BINARY FLOWS_DIR   (needs root, unshare, tmux; else skipped: 77)
set -u
bin=$1 flows=$2
if [ -z "${AOD_IN_NS:-}" ]; then
    [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
    for t in unshare ip tmux; do
        command -v $t >/dev/null 2>&1 || { echo "SKIP: $t missing"; exit 77; }
    done
    exec unshare --net env AOD_IN_NS=1 sh "$0" "$@"
fi
ip link set lo up || exit 1
sock="aod-retest-test-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-retest.XXXXXX") || exit 1
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; cat "$work/pane.txt"; exit 1; }

wait_for() { # PATTERN TENTHS: until the pane shows the fixed string, at most TENTHS / 10 s
    i=0
    while [ "$i" -lt "$2" ]; do
        T capture-pane -p -t w >"$work/pane.txt" 2>/dev/null
        grep -qF -- "$1" "$work/pane.txt" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "--- never showed \"$1\"; the pane shows:"
    cat "$work/pane.txt"
    return 1
}

T new-session -d -s w -x 80 -y 24 \
    "exec env TERM=xterm-256color AOD_HOSTNAME=probe-host AOD_NOW=1796212800 TZ=UTC \
     '$bin' --flows '$flows' --timeout 2000 error-809"
wait_for "public name" 50 || exit 1
T send-keys -t w 127.0.0.1 Enter
wait_for "public IP address" 50 || exit 1
T send-keys -t w 2
wait_for "Which tunnel type" 50 || exit 1
T send-keys -t w 1
wait_for "Tested from probe-host at 12:00:00 +0000, timeout 2000 ms." 60 || exit 1
grep -q "ike500 .*from 127\.0\.0\.1" "$work/pane.txt" || fail "the ike500 row names no source"
grep -q "ike4500 .*from 127\.0\.0\.1" "$work/pane.txt" || fail "the ike4500 row names no source"
grep -q "Go on (Enter)" "$work/pane.txt" || fail "no go-on line"
grep -q "r test again" "$work/pane.txt" || fail "the footer does not offer r"
# Up picks the last row; Enter opens its whole evidence.
T send-keys -t w Up
wait_for "Go on. Enter or e shows" 20 || exit 1
T send-keys -t w Enter
wait_for "Evidence (" 20 || exit 1
grep -q "Test: ike4500 (ike)" "$work/pane.txt" || fail "the pager shows another test"
grep -q "icmp_from = 127.0.0.1" "$work/pane.txt" || fail "the pager hides who sent the ICMP"
grep -q "Ran from: probe-host" "$work/pane.txt" || fail "the pager does not say where it ran"
T send-keys -t w Escape
wait_for "Tested from probe-host" 20 || exit 1
# r runs them again, and they end again.
T send-keys -t w r
wait_for "Testing again." 20 || exit 1
wait_for "Go on (Enter)" 60 || exit 1
T send-keys -t w Down Enter
wait_for "Finding" 30 || wait_for "UDP 500" 30 || exit 1
# Back from the finding: the step says it was tested and r tests again.
T send-keys -t w b
wait_for "r tests again" 30 || exit 1
T send-keys -t w r
wait_for "Tested from probe-host" 60 || exit 1
echo "ok: sources, evidence pager, test again"
