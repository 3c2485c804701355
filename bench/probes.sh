#!/usr/bin/env bash
# bench/probes.sh: a benchmark, not a test. Runs each probe as a whole process side by side with
# the tool a user would otherwise run (ike-scan --ikev2, radclient, curl) against the same local
# servers (charon, FreeRADIUS, nginx, in a private network namespace), and prints the medians and
# ratios as a Markdown table. Needs root, hyperfine and the net test packages.
# Usage: bench/probes.sh [BUILD_DIR] [RUNS]    (default: build, 30 runs)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$HERE/../build}" && pwd) || exit 1
RUNS=${2:-30}
AOD_CLI=$BUILD/tui/aovpn-doctor
[ -x "$AOD_CLI" ] || AOD_CLI=$BUILD/tests/net/aod_probe_cli
. "$HERE/../tests/net/lib.sh"
. "$HERE/../tests/net/servers.sh"

if [ -z "${AOD_IN_NS:-}" ]; then
    aod_need unshare ip jq hyperfine ike-scan radclient curl freeradius nginx "$CHARON"
    rm -rf "$AOD_TMP"
    exec unshare --mount --net env AOD_IN_NS=1 bash "$0" "$@"
fi
mount -t tmpfs tmpfs /run || exit 1
ip link set lo up || exit 1
start_charon no >/dev/null
start_freeradius >/dev/null
start_nginx >/dev/null
printf 'User-Name=probeuser,User-Password=good-pass,Message-Authenticator=0x00\n' \
    >"$AOD_TMP/radclient.in"
# the main binary subcommand is "probe"; the test driver takes the same arguments
if [ "$(basename "$AOD_CLI")" = aovpn-doctor ]; then P=("$AOD_CLI" probe); else P=("$AOD_CLI"); fi

# row CASE PROBE-CMD -- TOOL-CMD: one hyperfine run of both, one table row.
ROWS=()
row() {
    local name=$1 json=$AOD_TMP/hf.json
    shift
    local a=() b=() side=a
    for w in "$@"; do
        if [ "$w" = "--" ]; then side=b; continue; fi
        if [ "$side" = a ]; then a+=("$w"); else b+=("$w"); fi
    done
    hyperfine -N -w 3 -r "$RUNS" -i --export-json "$json" "${a[*]}" "${b[*]}" >/dev/null 2>&1 ||
        { echo "hyperfine failed for $name" >&2; return; }
    ROWS+=("$(jq -r --arg n "$name" --arg t "${b[0]##*/}" '
        .results as $r | ($r[0].median * 1000) as $p | ($r[1].median * 1000) as $q |
        "| \($n) | \($p * 100 | round / 100) | \($t) | \($q * 100 | round / 100) | \($p / $q * 100 | round / 100) |"' "$json")")
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
row "https (HTTP 200)" "${P[@]}" https "https://localhost:$P_GOOD/" --cacert "$D/ca.pem" -- \
    curl -sS -o /dev/null --cacert "$D/ca.pem" "https://localhost:$P_GOOD/"

echo "Probes as whole processes ($(basename "${P[0]}")), $RUNS runs each, medians in ms, $(nproc) cores:"
echo
echo "| case | probe | counterpart | counterpart ms | ratio |"
echo "|---|---|---|---|---|"
for r in "${ROWS[@]}"; do
    # | case | p | tool | q | ratio |  ->  | case | p | tool | q | ratio |
    echo "$r"
done
