# tests/net/lib.sh: helpers for the server tests (sourced): checks, a private temp dir removed on
# exit, servers started in the background and stopped by the PID we started. Loopback only.
set -u
# Loopback only: a proxy from the caller's environment would carry libcurl's (and curl's)
# requests off this machine.
unset http_proxy https_proxy all_proxy HTTPS_PROXY ALL_PROXY no_proxy NO_PROXY
# $EPOCHREALTIME arithmetic needs a "." decimal point.
export LC_ALL=C

AOD_FAILS=0
AOD_CHECKS=0
AOD_PIDS=()
AOD_TMP=$(mktemp -d /tmp/aod-net.XXXXXX)

aod_cleanup() {
    local pid
    for pid in "${AOD_PIDS[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    rm -rf "$AOD_TMP"
}
trap aod_cleanup EXIT

# Skip (ctest SKIP_RETURN_CODE 77) when a tool or root is missing.
aod_need() {
    local t
    [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || [ -x "$t" ] || { echo "SKIP: $t missing"; exit 77; }
    done
}

# aod_start NAME CMD...: runs CMD in the background, logs to $AOD_TMP/NAME.log, remembers its PID.
aod_start() {
    local name=$1
    shift
    "$@" >"$AOD_TMP/$name.log" 2>&1 &
    AOD_PIDS+=("$!")
    AOD_LAST_PID=$!
}

# aod_stop PID: stops one server we started.
aod_stop() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    local keep=() p
    for p in "${AOD_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    AOD_PIDS=("${keep[@]}")
}

# aod_wait_for SECONDS CMD...: polls CMD every 50 ms until it succeeds.
aod_wait_for() {
    local limit=$(( $1 * 20 )) i=0
    shift
    until "$@" >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -ge "$limit" ] && return 1
        sleep 0.05
    done
}

# aod_udp_free PORT / aod_tcp_free PORT: nothing bound there yet.
aod_udp_free() { ! ss -Hlun "sport = :$1" | grep -q .; }
aod_tcp_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

# aod_free_port tcp|udp: a port that is free now, from the ephemeral range.
aod_free_port() {
    local p
    for _ in $(seq 200); do
        p=$(( 20000 + RANDOM % 30000 ))
        if [ "$1" = tcp ]; then aod_tcp_free "$p" && { echo "$p"; return 0; }
        else aod_udp_free "$p" && { echo "$p"; return 0; }; fi
    done
    return 1
}

# check NAME JQ-EXPR: the last probe's JSON ($OUT) satisfies the expression.
check() {
    AOD_CHECKS=$((AOD_CHECKS + 1))
    if printf '%s' "$OUT" | jq -e "$2" >/dev/null 2>&1; then
        echo "ok   $1"
    else
        echo "FAIL $1: $2"
        echo "     got: $OUT"
        AOD_FAILS=$((AOD_FAILS + 1))
    fi
}

# check_rc NAME WANT GOT
check_rc() {
    AOD_CHECKS=$((AOD_CHECKS + 1))
    if [ "$2" = "$3" ]; then echo "ok   $1"; else
        echo "FAIL $1: exit code $3, want $2"; AOD_FAILS=$((AOD_FAILS + 1)); fi
}

# check_grep NAME PATTERN TEXT
check_grep() {
    AOD_CHECKS=$((AOD_CHECKS + 1))
    if printf '%s' "$3" | grep -Eq -- "$2"; then echo "ok   $1"; else
        echo "FAIL $1: no /$2/ in: $3"; AOD_FAILS=$((AOD_FAILS + 1)); fi
}

# check_nogrep NAME PATTERN TEXT: the opposite of check_grep
check_nogrep() {
    AOD_CHECKS=$((AOD_CHECKS + 1))
    if printf '%s' "$3" | grep -Eq -- "$2"; then echo "FAIL $1: /$2/ in: $3"
        AOD_FAILS=$((AOD_FAILS + 1)); else echo "ok   $1"; fi
}

# probe ARGS...: runs the probe CLI with --json; sets OUT and RC. A sanitizer report on stderr
# (AOD_SANITIZE builds) fails the test.
probe() {
    OUT=$("$AOD_CLI" "$@" --json 2>"$AOD_TMP/probe.err")
    RC=$?
    if grep -qE "Sanitizer|runtime error" "$AOD_TMP/probe.err"; then
        echo "FAIL sanitizer report from: probe $*"
        cat "$AOD_TMP/probe.err"
        AOD_FAILS=$((AOD_FAILS + 1))
    fi
}

aod_finish() {
    echo "$AOD_CHECKS checks, $AOD_FAILS failed"
    [ "$AOD_FAILS" = 0 ]
}
