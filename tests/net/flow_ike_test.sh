#!/usr/bin/env bash
# tests/net/flow_ike_test.sh: the IKEv2 policy check (error 13868) end to end with live probes:
# `aovpn-doctor walk ikev2-auth` tests a real strongSwan responder (in a private network
# namespace) and reaches the finding the server's proposals call for; the recording replays to
# the same finding with no server. Usage: flow_ike_test.sh PATH/TO/aovpn-doctor FLOWS_DIR
AOD_BIN=$1
FLOWS=$2
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

if [ -z "${AOD_IN_NS:-}" ]; then
    aod_need unshare ip swanctl "$CHARON"
    rm -rf "$AOD_TMP"
    exec unshare --mount --net env AOD_IN_NS=1 bash "$0" "$@"
fi
mount -t tmpfs tmpfs /run || exit 1
ip link set lo up || exit 1
start_charon no

# walk_ike HOST [MORE...]: a live walk of the 13868 branch against HOST; sets OUT and RC.
walk_ike() {
    printf '%s\n' 3 "$@" >"$AOD_TMP/answers"
    OUT=$("$AOD_BIN" walk ikev2-auth --flows "$FLOWS" --answers "$AOD_TMP/answers" \
        --timeout 1500 --record "$AOD_TMP/rec" 2>"$AOD_TMP/walk.err")
    RC=$?
    if grep -qE "Sanitizer|runtime error" "$AOD_TMP/walk.err"; then
        echo "FAIL sanitizer report from walk $1"
        cat "$AOD_TMP/walk.err"
        AOD_FAILS=$((AOD_FAILS + 1))
    fi
}

# 127.0.0.5 accepts only ChaCha20-Poly1305 with Curve25519, which no Windows client offers.
walk_ike 127.0.0.5
check_rc "not windows: the walk reaches a conclusion" 0 "$RC"
check_grep "not windows: measured, not asked" '\[FAIL\] ike500 \(ike, [0-9]+ ms, from [0-9.]+\)' "$OUT"
check_grep "not windows: finding" "== Finding: The server accepts none of the IKEv2 proposals Windows clients offer ==" "$OUT"
check_grep "not windows: the reasoning quotes the probe" "refused every proposal in it \(the server answers on UDP 500 but accepts none of these proposals" "$OUT"
check_grep "not windows: the exact comparison" "^Get-VpnServerConfiguration$" "$OUT"
check_grep "not windows: recorded for replay" "^=ike500 fail .*responded=true" "$(cat "$AOD_TMP/rec")"
cp "$AOD_TMP/rec" "$AOD_TMP/rec-not-windows"

# The recording replays to the same finding with no server at all.
aod_stop "$CHARON_PID"
REPLAY=$("$AOD_BIN" walk ikev2-auth --flows "$FLOWS" --answers "$AOD_TMP/rec-not-windows" --no-probes 2>&1)
check_grep "replay without the server: same finding" "== Finding: The server accepts none of the IKEv2 proposals Windows clients offer ==" "$REPLAY"
check_grep "replay without the server: the recorded evidence" "NO_PROPOSAL_CHOSEN" "$REPLAY"
start_charon no

# 127.0.0.1 accepts AES-256/SHA-256/ECP-256, a suite Windows offers: the client side differs.
walk_ike 127.0.0.1
check_rc "windows suite: conclusion" 0 "$RC"
check_grep "windows suite: finding" "== Finding: The server accepts a Windows suite: the client's policy is the side that differs ==" "$OUT"
check_grep "windows suite: the accepted proposal is quoted" "AES_CBC_256" "$OUT"

# With charon stopped nothing answers on UDP 500: not a policy question but the 809 one, so the
# walk goes on into the 809 reachability checks (no public address, IKEv2).
aod_stop "$CHARON_PID"
walk_ike 127.0.0.1 2 1
check_rc "no answer: conclusion" 0 "$RC"
check_grep "no answer: on to the 809 checks" "== Does the server answer IKEv2 from outside\? ==" "$OUT"
check_grep "no answer: finding" "== Finding: UDP 500 does not reach the VPN server ==" "$OUT"
aod_finish
