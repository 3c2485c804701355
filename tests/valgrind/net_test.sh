#!/usr/bin/env bash
# tests/valgrind/net_test.sh CLI MAIN: a few live probes under valgrind against the servers the
# net tests use (nginx with TLS, a CRL over http and an SSTP-like listener; the scripted IKEv2
# responder), on loopback, with long timeouts as valgrind is slow: the probe CLI (static
# library) for tls, sstp and ike, and the program itself, which dlopen()s its probes module, for
# tcp and tls. A memory error or leak fails the check as valgrind exits 99. 77 = skipped (not
# root, or a server missing).
VG_CLI=$1
VG_MAIN=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../net/lib.sh"
. "$HERE/../net/servers.sh"
aod_need nginx openssl curl jq ss python3 valgrind
[ -f "$STREAM_MOD" ] || { echo "SKIP: libnginx-mod-stream missing"; exit 77; }

# lib.sh's probe() runs $AOD_CLI: make that valgrind on the CLI.
export AOD_VG_BIN=$VG_CLI
AOD_CLI=$HERE/vg.sh

# probe ARGS...: lib.sh's probe, and a check that a result came at all (jq passes on no input).
vg_probe() {
    probe "$@"
    check_grep "$1 $2: a result came" '"verdict"' "$OUT"
}

start_nginx

vg_probe tls "127.0.0.1:$P_GOOD" --servername localhost --cacert "$D/ca.pem" --timeout 20000
check_rc "tls good: valgrind clean" 0 "$RC"
check "tls good: pass, CRL current" '.verdict == "pass" and .fields.crl_ok == true'
vg_probe tls "127.0.0.1:$P_EXPIRED" --servername localhost --cacert "$D/ca.pem" --timeout 20000
check_rc "tls expired: valgrind clean" 1 "$RC"
check "tls expired: fail" '.verdict == "fail" and .fields.expired == true'
vg_probe sstp "127.0.0.1:$P_SSTP" --timeout 20000
check_rc "sstp: valgrind clean" 0 "$RC"
check "sstp: listener" '.verdict == "pass"'

DUP_PORT=$(aod_free_port udp) || { echo "no free port"; exit 1; }
aod_start ike_dup python3 "$HERE/../net/ike_dup_responder.py" "$DUP_PORT"
aod_wait_for 5 grep -q ready "$AOD_TMP/ike_dup.log" || { cat "$AOD_TMP/ike_dup.log"; exit 1; }
vg_probe ike "127.0.0.1:$DUP_PORT" --timeout 5000
check_rc "ike: valgrind clean" 0 "$RC"
check "ike: the retry's answer counts" '.verdict == "pass" and .fields.dh_group == 14'

# The program: probes module loaded with dlopen, as users run it.
export AOD_VG_BIN=$VG_MAIN
OUT=$("$HERE/vg.sh" probe tcp "127.0.0.1:$P_GOOD" --timeout 20000 --json 2>"$AOD_TMP/main.err")
RC=$?
cat "$AOD_TMP/main.err"
check_rc "main probe tcp: valgrind clean" 0 "$RC"
check_grep "main probe tcp: a result came" '"verdict"' "$OUT"
check "main probe tcp: pass" '.verdict == "pass"'
OUT=$("$HERE/vg.sh" probe tls "127.0.0.1:$P_SELF" --servername localhost --timeout 20000 --json \
    2>"$AOD_TMP/main.err")
RC=$?
cat "$AOD_TMP/main.err"
check_rc "main probe tls self-signed: valgrind clean (fail verdict)" 1 "$RC"
check_grep "main probe tls self-signed: a result came" '"verdict"' "$OUT"
check "main probe tls self-signed: fail" '.verdict == "fail"'
aod_finish
