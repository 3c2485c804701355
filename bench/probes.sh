#!/usr/bin/env bash
# bench/probes.sh: a benchmark, not a test. Runs each probe as a whole process side by side with
# the tool a user would otherwise run (ike-scan --ikev2, radclient, curl) against the same local
# servers (charon, FreeRADIUS, nginx, in a private network namespace), and prints the medians and
# ratios as a Markdown table. Needs root and the net test packages (see docs/probes.md).
# Usage: bench/probes.sh [BUILD_DIR] [RUNS]    (default: build, 100 runs)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$HERE/../build}" && pwd) || exit 1
RUNS=${2:-100}
AOD_CLI=$BUILD/tui/aovpn-doctor
[ -x "$AOD_CLI" ] || AOD_CLI=$BUILD/tests/net/aod_probe_cli
. "$HERE/../tests/net/lib.sh"
. "$HERE/../tests/net/servers.sh"

if [ -z "${AOD_IN_NS:-}" ]; then
    aod_need unshare ip ike-scan radclient curl openssl freeradius nginx "$CHARON"
    rm -rf "$AOD_TMP"
    exec unshare --mount --net env AOD_IN_NS=1 bash "$0" "$@"
fi
mount -t tmpfs tmpfs /run || exit 1
ip link set lo up || exit 1
start_charon no >/dev/null
start_freeradius >/dev/null
start_nginx >/dev/null
# Both sides use Debian's default trust settings: no CA variables from the caller.
unset SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE
# The system trust store, plus the test CA, for the rows that use no --cacert (as a user checking
# login.microsoftonline.com or a public VPN name would): a copy of /etc/ssl/certs with the test
# CA in the bundle and in the hashed directory, bind-mounted in this mount namespace only.
trust_test_ca() {
    local c=$AOD_TMP/certs
    mkdir -p "$c" && cp -a /etc/ssl/certs/. "$c"/ || return 1
    rm -f "$c/ca-certificates.crt"
    cat /etc/ssl/certs/ca-certificates.crt "$D/ca.pem" >"$c/ca-certificates.crt" || return 1
    cp "$D/ca.pem" "$c/aovpn-doctor-test-ca.pem" || return 1
    ln -s aovpn-doctor-test-ca.pem "$c/$(openssl x509 -hash -noout -in "$D/ca.pem").0" || return 1
    mount --bind "$c" /etc/ssl/certs
}
trust_test_ca || { echo "bench/probes.sh: cannot set up the test trust store" >&2; exit 1; }
printf 'User-Name=probeuser,User-Password=good-pass,Message-Authenticator=0x00\n' \
    >"$AOD_TMP/radclient.in"
# the main binary subcommand is "probe"; the test driver takes the same arguments
if [ "$(basename "$AOD_CLI")" = aovpn-doctor ]; then P=("$AOD_CLI" probe); else P=("$AOD_CLI"); fi

# Wall time of one run in microseconds (bash's clock: no extra process per sample).
run_us() {
    local t0=$EPOCHREALTIME t1
    "$@" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    echo $(( (${t1/./} - ${t0/./}) ))
}

median_ms() { sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.2f", m/1000}'; }

# row CASE PROBE-CMD -- TOOL-CMD: both commands run interleaved (A B, then B A, ...) so drift
# on a noisy machine hits both alike; 3 warm-up runs each; one table row of medians.
ROWS=()
row() {
    local name=$1 a=() b=() side=a i pa pb
    shift
    for w in "$@"; do
        if [ "$w" = "--" ]; then side=b; continue; fi
        if [ "$side" = a ]; then a+=("$w"); else b+=("$w"); fi
    done
    for i in 1 2 3; do run_us "${a[@]}" >/dev/null; run_us "${b[@]}" >/dev/null; done
    : >"$AOD_TMP/a" && : >"$AOD_TMP/b"
    for ((i = 0; i < RUNS; i++)); do
        if ((i % 2)); then
            run_us "${b[@]}" >>"$AOD_TMP/b"; run_us "${a[@]}" >>"$AOD_TMP/a"
        else
            run_us "${a[@]}" >>"$AOD_TMP/a"; run_us "${b[@]}" >>"$AOD_TMP/b"
        fi
    done
    pa=$(median_ms <"$AOD_TMP/a")
    pb=$(median_ms <"$AOD_TMP/b")
    ROWS+=("| $name | $pa | ${b[0]##*/} | $pb | $(awk -v a="$pa" -v b="$pb" 'BEGIN {printf "%.2f", a / b}') |")
}

row "ike 127.0.0.1 (charon answers)" "${P[@]}" ike 127.0.0.1 -- \
    ike-scan --ikev2 --sport=0 127.0.0.1
row "ike --natt (UDP 4500)" "${P[@]}" ike 127.0.0.1 --natt -- \
    ike-scan --ikev2 --nat-t --sport=0 --dport=4500 127.0.0.1
row "radius (Access-Accept)" "${P[@]}" radius "127.0.0.1:$RADIUS_PORT" --secret-file \
    "$AOD_TMP/secret" --user probeuser --password-file "$AOD_TMP/pass" -- \
    radclient -q -f "$AOD_TMP/radclient.in" -S "$AOD_TMP/secret" "127.0.0.1:$RADIUS_PORT" auth
row "tls, self-signed (error)" "${P[@]}" tls "127.0.0.1:$P_SELF" --servername localhost \
    --cacert "$D/ca.pem" -- \
    curl -sS -o /dev/null --cacert "$D/ca.pem" "https://localhost:$P_SELF/"
row "tls, good + CRL download" "${P[@]}" tls "127.0.0.1:$P_GOOD" --servername localhost \
    --cacert "$D/ca.pem" -- \
    curl -sS -o /dev/null --cacert "$D/ca.pem" "https://localhost:$P_GOOD/"
row "sstp (SSTP_DUPLEX_POST)" "${P[@]}" sstp "127.0.0.1:$P_SSTP" -- \
    curl -sS -k -o /dev/null -X SSTP_DUPLEX_POST \
    "https://127.0.0.1:$P_SSTP/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/"
row "https (HTTP 200), --cacert" "${P[@]}" https "https://localhost:$P_GOOD/" \
    --cacert "$D/ca.pem" -- \
    curl -sS -o /dev/null --cacert "$D/ca.pem" "https://localhost:$P_GOOD/"
row "https (HTTP 200), system trust store" "${P[@]}" https "https://localhost:$P_GOOD/" -- \
    curl -sS -o /dev/null "https://localhost:$P_GOOD/"
row "tls, good + CRL, system trust store" "${P[@]}" tls "127.0.0.1:$P_GOOD" \
    --servername localhost -- \
    curl -sS -o /dev/null "https://localhost:$P_GOOD/"

echo "Probes as whole processes ($(basename "${P[0]}")), $RUNS runs each, medians in ms, $(nproc) cores:"
echo
echo "| case | probe ms | counterpart | counterpart ms | ratio (probe / counterpart) |"
echo "|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
