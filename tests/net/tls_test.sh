#!/usr/bin/env bash
# tests/net/tls_test.sh: `probe tls`, `probe sstp` and `probe https` against nginx on 127.0.0.1
# with certificates made here by openssl (good, expired, wrong name, self-signed, missing CRL),
# a CRL served over http, and a stream block that answers like an SSTP listener; curl on the
# same servers must agree; a probe cancelled mid-CRL says so. The program itself (its probes
# module, and libcurl's module only for https) runs tcp, https and tls too.
# Usage: tls_test.sh PATH/TO/aod_probe_cli PATH/TO/aod_probe_cancel PATH/TO/aovpn-doctor
AOD_CLI=$1
AOD_CANCEL=${2:-}
AOD_MAIN=${3:-}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
aod_need nginx openssl curl jq ss
[ -f "$STREAM_MOD" ] || { echo "SKIP: libnginx-mod-stream missing"; exit 77; }

start_nginx

CA=(--cacert "$D/ca.pem")
curl_says() { curl -sS -o /dev/null -w '%{http_code}' --max-time 3 "$@" 2>&1; }

probe tls "127.0.0.1:$P_GOOD" --servername localhost "${CA[@]}"
check "good: pass" '.verdict == "pass" and .fields.trusted == true and .fields.name_match == true'
check "good: CRL downloaded and current" '.fields.crl_ok == true and .crls[0].current == true'
check "good: subject, SANs, days left" '.fields.subject == "CN = localhost" and .fields.sans == ["localhost","127.0.0.1"] and .fields.days_left >= 28'
check "good: issuer" '.fields.issuer == "CN = aovpn-doctor test CA"'
check_grep "curl agrees: good is fine" '^200$' "$(curl_says --cacert "$D/ca.pem" "https://localhost:$P_GOOD/")"

# The program as installed: `aovpn-doctor probe` loads aovpn-doctor-probes.so, and that loads
# aovpn-doctor-http.so (libcurl) only for the https probe (a CRL comes over plain HTTP/1.0,
# crlget.c). LD_DEBUG=files lists each load.
main_probe() {
    OUT=$(LD_DEBUG=files "$AOD_MAIN" probe "$@" --json 2>"$AOD_TMP/main.err")
    RC=$?
    LOADS=$(grep -E "file=[^ ]+ \[0\];  (needed by|dynamically loaded by)" "$AOD_TMP/main.err" |
        sed -E 's/.*file=([^ ]+).*/\1/' | tr '\n' ' ')
    if grep -qE "Sanitizer|runtime error" "$AOD_TMP/main.err"; then
        echo "FAIL sanitizer report from: aovpn-doctor probe $*"
        grep -vE "^ *[0-9]+:" "$AOD_TMP/main.err"
        AOD_FAILS=$((AOD_FAILS + 1))
    fi
}
if [ -n "$AOD_MAIN" ]; then
    main_probe tcp "127.0.0.1:$P_GOOD"
    check "program: tcp connected" '.fields.state == "connected"'
    check_grep "program: tcp loads the probes module" "aovpn-doctor-probes\.so" "$LOADS"
    check_nogrep "program: tcp loads no libcurl" "libcurl" "$LOADS"
    main_probe https "https://localhost:$P_GOOD/" "${CA[@]}"
    check "program: https reachable" '.verdict == "pass" and .fields.http_status == 200'
    check_grep "program: https loads libcurl through its module" "aovpn-doctor-http\.so.*libcurl" "$LOADS"
    main_probe tls "127.0.0.1:$P_GOOD" --servername localhost "${CA[@]}"
    check "program: tls downloads the CRL" '.verdict == "pass" and .fields.crl_ok == true and .crls[0].current == true'
    check_grep "program: tls loads the probes module" "aovpn-doctor-probes\\.so" "$LOADS"
    check_nogrep "program: tls, CRL included, loads no libcurl" "libcurl" "$LOADS"
fi

probe tls "127.0.0.1:$P_EXPIRED" --servername localhost "${CA[@]}"
check "expired: fail, named" '.verdict == "fail" and .fields.expired == true and (.fields.problems | index("expired") != null)'
check "expired: days_left negative, still trusted chain" '.fields.days_left < 0 and .fields.trusted == true'
check "expired: Windows code in summary" '.summary | test("-2146762495")'
check_grep "curl agrees: expired" "expired" "$(curl_says --cacert "$D/ca.pem" "https://localhost:$P_EXPIRED/")"

probe tls "127.0.0.1:$P_WRONG" --servername localhost "${CA[@]}"
check "wrong name: fail, name_match false, chain fine" '.verdict == "fail" and .fields.name_match == false and .fields.trusted == true and .fields.problems == ["name_mismatch"]'
check_grep "curl agrees: wrong name" "match|subjectAltName" "$(curl_says --cacert "$D/ca.pem" "https://localhost:$P_WRONG/")"

probe tls "127.0.0.1:$P_SELF" --servername localhost "${CA[@]}"
check "self-signed: fail, named" '.verdict == "fail" and .fields.self_signed == true and .fields.trusted == false and (.fields.problems | index("self_signed") != null)'
check "self-signed: no CRL point" '.fields.crl_ok == null'
check_grep "curl agrees: self-signed" "self.signed|self-signed" "$(curl_says --cacert "$D/ca.pem" "https://localhost:$P_SELF/")"

probe tls "127.0.0.1:$P_GOOD" --servername localhost
check "unknown CA (system store): untrusted" '.fields.trusted == false and (.fields.problems | index("untrusted") != null)'

probe tls "127.0.0.1:$P_EXPIRED" --servername other.example
check "every problem at once: expired, untrusted, name" '(.fields.problems | index("expired") != null) and (.fields.problems | index("untrusted") != null) and (.fields.problems | index("name_mismatch") != null)'

probe tls "127.0.0.1:$P_NOCRL" --servername localhost "${CA[@]}"
check "CRL missing: crl_ok false" '.verdict == "fail" and .fields.crl_ok == false and .crls[0].http_status == 404'
check "CRL missing: 0x80092013 in summary" '.summary | test("0x80092013")'

# Cancelled while the CRL trickles in: the result says cancelled, not a CRL failure that a flow
# would take for the server's fault.
OUT=$("$AOD_CANCEL" tls 8000 700 host=127.0.0.1 "port=$P_SLOWCRL" servername=localhost \
    "cacert=$D/ca.pem" 2>"$AOD_TMP/probe.err")
check "cancelled during the CRL download: error, cancelled" '.verdict == "error" and .summary == "cancelled"'
check "cancelled during the CRL download: still valid JSON with its CRL list" '.crls | length == 1'

# A CRL that is out of date: regenerate it to expire in one second.
SAN=DNS:x CDP=x openssl ca -gencrl -config "$D/ca.cnf" -crlsec 1 -out "$D/short.crl" >/dev/null 2>&1
openssl crl -in "$D/short.crl" -outform DER -out "$D/www/ca.crl"
chmod 644 "$D/www/ca.crl"
sleep 1.2
probe tls "127.0.0.1:$P_GOOD" --servername localhost "${CA[@]}"
check "CRL expired: crl_ok false" '.fields.crl_ok == false and .crls[0].current == false and (.crls[0].error | test("expired"))'

probe tls "127.0.0.1:$P_SSTP" --servername localhost "${CA[@]}" # refused after stop below
probe sstp "127.0.0.1:$P_SSTP"
check "sstp listener: pass" '.verdict == "pass" and .fields.status == 200 and .fields.sstp_listener == true'
check "sstp listener: server named" '.fields.server == "Microsoft-HTTPAPI/2.0"'
probe sstp "127.0.0.1:$P_GOOD"
check "plain web server: not SSTP" '.verdict == "fail" and .fields.sstp_listener == false and .fields.status == 400'
check "plain web server: says who owns the port" '.summary | test("nginx")'

probe https "https://localhost:$P_GOOD/" "${CA[@]}"
check "https: reachable, phases timed" '.verdict == "pass" and .fields.http_status == 200 and .fields.tls_ms >= .fields.connect_ms'
check "https: says where it tests from" '.summary | test("this host")'
check "https: the address it reached, no proxy" '(.fields.ip == "127.0.0.1" or .fields.ip == "::1") and .fields.proxy_env == null'
probe https "https://localhost:$P_SELF/" "${CA[@]}"
check "https: TLS failure named" '.verdict == "fail" and .fields.failed_phase == "tls"'
CLOSED=$(aod_free_port tcp)
probe https "https://127.0.0.1:$CLOSED/"
check "https: connect failure named" '.verdict == "fail" and .fields.failed_phase == "connect"'
# A proxy in the environment is taken by libcurl, and the result says so (here a closed port).
OUT=$(env -u no_proxy -u NO_PROXY https_proxy="http://127.0.0.1:$CLOSED" "$AOD_CLI" https \
    "https://localhost:$P_GOOD/" "${CA[@]}" --json 2>"$AOD_TMP/probe.err")
check_rc "https via a proxy variable: exit 1" 1 "$?"
check "https via a proxy variable: named, and the proxy is what failed" '.verdict == "fail" and .fields.proxy_env == "https_proxy" and .fields.failed_phase == "connect" and (.summary | test("through the proxy in https_proxy"))'

probe tcp "127.0.0.1:$P_GOOD"
check "tcp: connected" '.fields.state == "connected"'
aod_stop "$NGINX_PID"
probe tcp "127.0.0.1:$P_GOOD"
check "tcp: refused" '.fields.state == "refused" and .verdict == "fail"'
probe tls "127.0.0.1:$P_GOOD"
check "tls: refused" '.fields.state == "refused" and .verdict == "fail"'

aod_finish
