#!/usr/bin/env bash
# tests/net/step_test.sh: the six probes of the 809 step, at once, against an address that drops
# everything (an nft rule inside a private network namespace): the step must end within the
# timeout plus a tenth, every probe must say "filtered or down", and cancel must end it early.
# The dns probe is checked here too: in this namespace the system resolver cannot reach any
# server, so names come only from /etc/hosts and nothing leaves the machine.
# Usage: step_test.sh PATH/TO/aod_probe_step PATH/TO/aod_probe_cli
STEP=$1
AOD_CLI=$2
. "$(dirname "$0")/lib.sh"
if [ -z "${AOD_IN_NS:-}" ]; then
    aod_need unshare ip nft jq
    rm -rf "$AOD_TMP"
    exec unshare --net env AOD_IN_NS=1 bash "$0" "$@"
fi
ip link set lo up || exit 1
nft -f - <<'NFT' || exit 1
table inet aodtest {
    chain in {
        type filter hook input priority 0;
        ip daddr 127.0.0.9 drop
    }
}
NFT

for T in 3000 1000; do
    OUT=$("$STEP" "$T" 127.0.0.9)
    LIMIT=$((T + T / 10))
    check "timeout $T: step ends within $LIMIT ms" ".elapsed_ms >= $T and .elapsed_ms <= $LIMIT"
    check "timeout $T: all six finished" '[.results[] | select(. != null)] | length == 6'
    check "timeout $T: each probe bounded" "[.results[].elapsed_ms] | max <= $LIMIT"
    check "timeout $T: tcp timed out, not refused" '.results[1].fields.state == "timeout"'
    check "timeout $T: ike 500 and 4500 silent" '[.results[2,3].fields.responded] == [false,false] and (.results[2].summary | test("filtered or down"))'
    check "timeout $T: tls and sstp timed out" '[.results[4,5].fields.state] == ["timeout","timeout"]'
    check "timeout $T: verdicts" '[.results[].verdict] == ["pass","fail","fail","fail","fail","fail"]'
done

OUT=$("$STEP" 3000 127.0.0.9 200)
check "cancel after 200 ms: step ends early" '.elapsed_ms < 400'
check "cancel: the running probes say cancelled" '[.results[1:][] | .summary] | all(. == "cancelled")'
check "cancel: verdict error" '[.results[1:][] | .verdict] | all(. == "error")'

probe dns localhost
check "dns: localhost from /etc/hosts" '.verdict == "pass" and (.fields.addresses | index("127.0.0.1") != null)'
probe dns localhost --expect 127.0.0.1
check "dns: expected address found" '.fields.expect_match == true'
probe dns localhost --expect ''
check "dns: an empty expect is no expectation" '.verdict == "pass" and .fields.expect_match == null'
probe dns localhost --expect 10.1.2.3
check "dns: wrong address is a finding" '.verdict == "fail" and .fields.expect_match == false and (.summary | test("elsewhere"))'
probe dns vpn.example.invalid --timeout 1000
check "dns: no answer names error 868" '.verdict == "fail" and .fields.addresses == [] and (.summary | test("868"))'

aod_finish
