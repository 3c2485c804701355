#!/bin/sh
# tests/tui/cancel_test.sh: Esc cancels running probes at once. Inside a network namespace of its
# own, an nftables rule drops everything sent to 127.0.0.5, so the IKE probes of the 809 step
# hang until their 8 s timeout; the wizard (in tmux, 80x24, live probes on) must show them
# running with an elapsed time, keep help open over them, and after Esc fall back to asking
# within a second.
# Usage: cancel_test.sh BINARY FLOWS_DIR   (needs root, unshare, nft, tmux; else skipped: 77)
set -u
bin=$1 flows=$2
if [ -z "${AOD_IN_NS:-}" ]; then
    [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
    for t in unshare ip nft tmux; do
        command -v $t >/dev/null 2>&1 || { echo "SKIP: $t missing"; exit 77; }
    done
    exec unshare --net env AOD_IN_NS=1 sh "$0" "$@"
fi
ip link set lo up || exit 1
nft -f - <<'NFT' || exit 1
table inet aodcancel {
    chain out {
        type filter hook output priority 0;
        ip daddr 127.0.0.5 drop
    }
}
NFT
sock="aod-cancel-test-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-cancel.XXXXXX") || exit 1
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

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
    "exec env TERM=xterm-256color '$bin' --flows '$flows' --timeout 8000 error-809"
wait_for "public name" 50 || exit 1
T send-keys -t w 127.0.0.5 Enter
wait_for "public IP address" 50 || exit 1
T send-keys -t w 1
wait_for "What is the VPN server's public IP address" 50 || exit 1
T send-keys -t w 127.0.0.5 Enter
wait_for "Which tunnel type" 50 || exit 1
T send-keys -t w 1
# The probes run: dns answers at once, the IKE probes wait on the dropped address.
wait_for "ike500" 30 || exit 1
sleep 1.2
T capture-pane -p -t w >"$work/running.txt"
grep -Eq "ike500 .*[0-9]+(\.[0-9])? ?s|ike500.*running|[0-9]+ ms" "$work/running.txt" || {
    echo "FAIL: no live elapsed time while the probes run:"; cat "$work/running.txt"; exit 1; }
# Help can be read while they run: the loop's ticks must not close it.
T send-keys -t w "?"
wait_for "Keys (Esc or ? closes this help)" 20 || { echo "FAIL: ? did not open help"; exit 1; }
sleep 0.5
T capture-pane -p -t w >"$work/help.txt"
grep -qF "Keys (Esc or ? closes this help)" "$work/help.txt" || {
    echo "FAIL: help closed by itself while the probes run:"; cat "$work/help.txt"; exit 1; }
T send-keys -t w Escape
wait_for "Esc cancels" 20 || { echo "FAIL: Esc did not close help"; exit 1; }
start=$(date +%s%N)
T send-keys -t w Escape
wait_for "cancelled" 20 || { echo "FAIL: Esc did not end the probes"; exit 1; }
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "Esc ended the running probes in $ms ms (timeout was 8000 ms)"
[ "$ms" -lt 2000 ] || { echo "FAIL: cancel took $ms ms"; exit 1; }
wait_for "Tests cancelled" 10 || { echo "FAIL: the status line does not say the tests ended"; exit 1; }
grep -q "\[CANCELLED\] *ike500 *cancelled" "$work/pane.txt" || {
    echo "FAIL: the cancelled probe does not say so in words:"; cat "$work/pane.txt"; exit 1; }
# Going on, the step falls back to the manual question for the first unanswered probe.
T send-keys -t w Enter
wait_for "IKE_SA_INIT on UDP port 500?" 20 || { echo "FAIL: no manual question after cancel"; exit 1; }
echo "cancel: ok"
