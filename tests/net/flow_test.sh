#!/usr/bin/env bash
# tests/net/flow_test.sh: the error 809 flow end to end with live probes: `aovpn-doctor walk`
# tests a real strongSwan responder (in a private network namespace) and reaches the conclusion
# the measurements call for, quoting them. Usage: flow_test.sh PATH/TO/aovpn-doctor FLOWS_DIR
AOD_BIN=$1
FLOWS=$2
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

if [ -z "${AOD_IN_NS:-}" ]; then
    aod_need unshare ip nft swanctl "$CHARON"
    rm -rf "$AOD_TMP"
    exec unshare --mount --net env AOD_IN_NS=1 bash "$0" "$@"
fi
mount -t tmpfs tmpfs /run || exit 1
ip link set lo up || exit 1
start_charon no

# walk_809 HOST PROTOCOL-CHOICE [MORE...]: a live walk that gives HOST as the expected public
# address too; sets OUT (the transcript) and RC.
walk_809() {
    printf '%s\n' "$1" 1 "$@" >"$AOD_TMP/answers"
    OUT=$("$AOD_BIN" walk error-809 --flows "$FLOWS" --answers "$AOD_TMP/answers" \
        --timeout 1500 --record "$AOD_TMP/rec" 2>"$AOD_TMP/walk.err")
    RC=$?
    if grep -qE "Sanitizer|runtime error" "$AOD_TMP/walk.err"; then
        echo "FAIL sanitizer report from walk $1"
        cat "$AOD_TMP/walk.err"
        AOD_FAILS=$((AOD_FAILS + 1))
    fi
}

walk_809 127.0.0.2 1
check_rc "frag off: the walk reaches a conclusion" 0 "$RC"
# It answered but shows the fault: WARN, not PASS, with the address the probe left from.
check_grep "frag off: measured, not asked" '\[WARN\] ike500 \(ike, [0-9]+ ms, from [0-9.]+\)' "$OUT"
check_grep "frag off: finding" "== Finding: IKEv2 fragmentation is not enabled on the VPN server ==" "$OUT"
check_grep "frag off: the reasoning quotes the probe" "notify \(.*fragmentation.*\)" "$OUT"
check_grep "frag off: the exact fix" "^New-ItemProperty -Path 'HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\RemoteAccess\\\\Parameters\\\\Ikev2\\\\' -Name EnableServerFragmentation -PropertyType DWORD -Value 1 -Force$" "$OUT"
check_grep "frag off: recorded for replay" "^=ike500 pass .*fragmentation_supported=false" "$(cat "$AOD_TMP/rec")"

# The recording replays to the same finding with no server at all.
aod_stop "$CHARON_PID"
REPLAY=$("$AOD_BIN" walk error-809 --flows "$FLOWS" --answers "$AOD_TMP/rec" --no-probes 2>&1)
check_grep "replay without the server: same finding" "== Finding: IKEv2 fragmentation is not enabled" "$REPLAY"
start_charon no

walk_809 127.0.0.1 1 3
check_rc "frag on: conclusion" 0 "$RC"
check_grep "frag on: finding" "== Finding: The server answers IKEv2 from here, fragmentation included ==" "$OUT"

walk_809 127.0.0.3 1
check_grep "proposal mismatch: not the firewall" "== Finding: The server answers IKEv2 on 500 and 4500, but not the probe's proposals ==" "$OUT"

# With charon stopped nothing listens: ICMP port unreachable, told apart from silence.
aod_stop "$CHARON_PID"
walk_809 127.0.0.1 1
check_grep "nothing listens: finding" "== Finding: UDP 500 does not reach the VPN server ==" "$OUT"
check_grep "nothing listens: evidence quoted" "the test: nothing listens on UDP 500" "$OUT"
aod_finish
