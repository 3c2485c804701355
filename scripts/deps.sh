#!/usr/bin/env bash
# scripts/deps.sh build|test: installs the Debian 12 packages that are missing for building
# aovpn-doctor, or for building it and running every test. Asks apt only when something is
# missing. Service starts are held back while installing, so the test servers (strongSwan,
# FreeRADIUS, nginx) do not start as system services; the tests start their own on loopback.
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libncurses-dev libcjson-dev libcurl4-openssl-dev
            libssl-dev)
test_pkgs=(libcmocka-dev python3 python3-jsonschema jq tmux iproute2 nftables openssl clang-format
           strongswan-charon strongswan-swanctl libstrongswan-standard-plugins ike-scan
           freeradius freeradius-utils nginx libnginx-mod-stream curl
           clang libclang-rt-dev valgrind)
# clang builds the fuzz targets (tests/fuzz); libFuzzer itself is in libclang-rt-dev, which clang
# only recommends. valgrind runs the label `valgrind`.

case "${1:-build}" in
build) want=("${build_pkgs[@]}") ;;
test) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
*) echo "usage: $0 build|test" >&2; exit 64 ;;
esac

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing: ${missing[*]}"
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    made_policy=1
fi
cleanup() {
    if [ "$made_policy" = 1 ]; then
        "${sudo[@]}" rm -f "$policy"
    fi
}
trap cleanup EXIT
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
