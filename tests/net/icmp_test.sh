#!/bin/sh
# tests/net/icmp_test.sh: a probe ended by an ICMP error says who sent it. On loopback, the
# server's own port unreachable reads "nothing listens" and names 127.0.0.1. Then, in network
# namespaces the test makes (this one the client at 10.71.0.2, a second one a router at
# 10.71.0.1 whose route to 10.72.0.0/24 is "prohibit"), the ike and radius probes to 10.72.0.9
# get "administratively prohibited" from 10.71.0.1: a router on the way, never "nothing listens
# on the server". Every result names the source address the probe used.
# Usage: icmp_test.sh BINARY   (needs root, unshare, nsenter, ip; else skipped: 77)
set -u
bin=$1
if [ -z "${AOD_IN_NS:-}" ]; then
    [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
    for t in unshare nsenter ip; do
        command -v $t >/dev/null 2>&1 || { echo "SKIP: $t missing"; exit 77; }
    done
    exec unshare --net env AOD_IN_NS=1 sh "$0" "$@"
fi
status=0
fail() { echo "FAIL: $*"; status=1; }
ip link set lo up || exit 1

# Loopback: nothing listens on UDP 500 or 1812 of 127.0.0.1; the kernel's answer names it.
out=$(AOD_RADIUS_SECRET=s "$bin" probe ike 127.0.0.1 --timeout 2000)
echo "$out" | grep -q "nothing listens on UDP 500 (ICMP port unreachable from 127.0.0.1)" ||
    fail "ike on loopback: $out"
echo "$out" | grep -Eq "^  source_address +127\.0\.0\.1$" || fail "ike source: $out"
out=$(AOD_RADIUS_SECRET=s "$bin" probe radius 127.0.0.1 --timeout 2000)
echo "$out" | grep -q "ICMP port unreachable from 127.0.0.1" || fail "radius on loopback: $out"
echo "$out" | grep -q "(.* ms from 127.0.0.1)" || fail "radius source on its first line: $out"

# The router: a namespace of its own, holding one end of a veth pair.
unshare --net sleep 60 &
router=$!
trap 'kill "$router" 2>/dev/null' EXIT INT TERM
sleep 0.2
R() { nsenter -t "$router" -n "$@"; }
ip link add aodc type veth peer name aodr || exit 1
ip link set aodr netns "$router" || exit 1
ip addr add 10.71.0.2/24 dev aodc && ip link set aodc up || exit 1
ip route add 10.72.0.0/24 via 10.71.0.1 || exit 1
R ip link set lo up
R ip addr add 10.71.0.1/24 dev aodr && R ip link set aodr up || exit 1
R sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward' || exit 1
R ip route add prohibit 10.72.0.0/24 || exit 1
# The router would rate-limit its ICMP errors to one a second after a small burst (the ike and
# radius retries use the burst up), and the tcp case would then time out instead: no limit here.
R sh -c 'echo 0 >/proc/sys/net/ipv4/icmp_ratelimit' || exit 1

for kind in ike radius; do
    out=$(AOD_RADIUS_SECRET=s "$bin" probe $kind 10.72.0.9 --timeout 2500)
    echo "$out" | grep -q "ICMP administratively prohibited sent by 10.71.0.1, a router or firewall on the way, not the server" ||
        fail "$kind via the router: $out"
    echo "$out" | grep -q "nothing listens" && fail "$kind blamed the server: $out"
    echo "$out" | grep -Eq "^  icmp_from +10\.71\.0\.1$" || fail "$kind icmp_from: $out"
    echo "$out" | grep -Eq "^  source_address +10\.71\.0\.2$" || fail "$kind source: $out"
done
# TCP has no error queue: the verdict says so rather than guessing who sent it.
out=$("$bin" probe tcp 10.72.0.9:443 --timeout 2500)
echo "$out" | grep -q "for TCP Linux does not say which device sent it" || fail "tcp: $out"
echo "$out" | grep -Eq "^  source_address +10\.71\.0\.2$" || fail "tcp source: $out"
[ "$status" = 0 ] && echo "ok: ICMP senders and source addresses"
exit $status
