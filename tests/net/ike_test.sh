#!/usr/bin/env bash
# tests/net/ike_test.sh: `probe ike` against strongSwan's charon, run inside a private mount and
# network namespace (its own loopback, a tmpfs on /run for charon's fixed pid file), compared
# with ike-scan on the same responder, and a scripted responder (ike_dup_responder.py) that
# answers twice. Usage: ike_test.sh PATH/TO/aod_probe_cli
AOD_CLI=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

if [ -z "${AOD_IN_NS:-}" ]; then
    aod_need unshare ip jq nft swanctl ike-scan python3 "$CHARON"
    rm -rf "$AOD_TMP"
    exec unshare --mount --net env AOD_IN_NS=1 bash "$0" "$@"
fi
mount -t tmpfs tmpfs /run || exit 1
ip link set lo up || exit 1

start_charon no

probe ike 127.0.0.1
check "frag on: exit 0" ".verdict == \"pass\""
check_rc "frag on: exit code" 0 "$RC"
check "frag on: responded" '.fields.responded == true'
check "frag on: fragmentation_supported true" '.fields.fragmentation_supported == true'
check "frag on: notify listed" '[.notifies[].name] | index("IKEV2_FRAGMENTATION_SUPPORTED") != null'
check "frag on: proposal" '.fields.accepted_proposal == "AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256"'
check "frag on: no NAT on loopback" '.fields.nat_detected == false'
check "frag on: no vendor ID from charon" '.fields.microsoft_vendor_id == false'
ISCAN=$(ike-scan --ikev2 --sport=0 --retry=1 --timeout=500 127.0.0.1 2>&1)
check_grep "ike-scan agrees: handshake on 127.0.0.1" "Handshake returned" "$ISCAN"

probe ike 127.0.0.1 --natt
check "4500 with non-ESP marker: pass" '.verdict == "pass" and .target == "127.0.0.1:4500"'
check "4500: marker used" '.fields.natt_marker == true and .fields.fragmentation_supported == true'

probe ike 127.0.0.2
check "frag off: responded" '.fields.responded == true'
check "frag off: fragmentation_supported false" '.fields.fragmentation_supported == false'
check "frag off: reachable, so pass, and the summary warns" '.verdict == "pass" and (.summary | test("does not announce IKEv2 fragmentation"))'
check_rc "frag off: exit code" 0 "$RC"

probe ike 127.0.0.3
check "mismatch: responded" '.fields.responded == true'
check "mismatch: NO_PROPOSAL_CHOSEN" '[.notifies[].name] == ["NO_PROPOSAL_CHOSEN"]'
check "mismatch: fragmentation unknown" '.fields.fragmentation_supported == null'
check "mismatch: summary names it" '.summary | test("accepts none of these proposals")'
ISCAN=$(ike-scan --ikev2 --sport=0 --retry=1 --timeout=500 127.0.0.3 2>&1)
check_grep "ike-scan agrees: NO-PROPOSAL-CHOSEN on 127.0.0.3" "NO-PROPOSAL-CHOSEN|Notify message 14" "$ISCAN"

probe ike 127.0.0.4
check "DH change: INVALID_KE followed to group 14" '.fields.invalid_ke_group == 14'
check "DH change: ends in a full answer" '.verdict == "pass" and .fields.dh_group == 14'
check "DH change: proposal" '.fields.accepted_proposal == "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"'

probe ike 127.0.0.1 --port 4501 --timeout 1000
check "closed port: ICMP unreachable told apart" '.fields.responded == false and (.summary | test("nothing listens"))'
check "closed port: fast" '.elapsed_ms < 500'

# Silence: an nft rule drops UDP to 127.0.0.5 inside this namespace only.
nft -f - <<'NFT' || exit 1
table inet aodtest {
    chain in {
        type filter hook input priority 0;
        ip daddr 127.0.0.5 drop
    }
}
NFT
probe ike 127.0.0.5 --timeout 1200
check "dropped: no answer, filtered or down" '.fields.responded == false and (.summary | test("filtered or down"))'
check "dropped: ends within timeout + 10%" '.elapsed_ms >= 1150 and .elapsed_ms <= 1320'

aod_stop "$CHARON_PID"

# DoS protection on: with cookie_threshold 1 a second half-open SA gets a COOKIE first.
start_charon yes
probe ike 127.0.0.1
probe ike 127.0.0.1
check "cookie: followed" '.fields.cookie_followed == true'
check "cookie: then a full answer" '.verdict == "pass" and .fields.fragmentation_supported == true'
aod_stop "$CHARON_PID"

# A responder that also answers a retransmission: its late duplicate INVALID_KE_PAYLOAD must not
# be taken for the answer to the retry with the group it asked for.
DUP_PORT=$(aod_free_port udp) || { echo "no free port"; exit 1; }
aod_start ike_dup python3 "$(dirname "$0")/ike_dup_responder.py" "$DUP_PORT"
DUP_PID=$AOD_LAST_PID
aod_wait_for 5 grep -q ready "$AOD_TMP/ike_dup.log" || { cat "$AOD_TMP/ike_dup.log"; exit 1; }
probe ike "127.0.0.1:$DUP_PORT" --timeout 3000
check "duplicate INVALID_KE: the retry's answer counts" '.verdict == "pass" and .fields.invalid_ke_group == 14 and .fields.dh_group == 14'
aod_stop "$DUP_PID"

aod_finish
