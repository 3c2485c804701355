#!/usr/bin/env bash
# tests/net/radius_test.sh: `probe radius` against FreeRADIUS on 127.0.0.1 (a self-contained
# config in a temp dir, on a free port): right secret, wrong password, wrong secret, no server;
# radclient on the same server must agree. Usage: radius_test.sh PATH/TO/aod_probe_cli
AOD_CLI=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
aod_need freeradius radclient jq ss

start_freeradius

radclient_says() {
    echo "User-Name=probeuser,User-Password=$1,Message-Authenticator=0x00" |
        radclient -t 1 -r 1 -S "$2" "127.0.0.1:$RADIUS_PORT" auth 2>&1
}

probe radius "127.0.0.1:$RADIUS_PORT" --secret-file "$AOD_TMP/secret" --user probeuser \
    --password-file "$AOD_TMP/pass"
check "right secret, right password: accept" '.verdict == "pass" and .fields.reply == "accept"'
check "right secret: authenticator verified" '.fields.authenticator_ok == true'
check_rc "accept: exit 0" 0 "$RC"
check_grep "radclient agrees: Access-Accept" "Received Access-Accept" \
    "$(radclient_says good-pass "$AOD_TMP/secret")"

probe radius "127.0.0.1:$RADIUS_PORT" --secret-file "$AOD_TMP/secret" --user probeuser \
    --password-file "$AOD_TMP/badpass"
check "wrong password: reject with a good authenticator" \
    '.fields.reply == "reject" and .fields.authenticator_ok == true and .verdict == "pass"'
check_grep "radclient agrees: Access-Reject" "Received Access-Reject" \
    "$(radclient_says bad-pass "$AOD_TMP/secret")"

probe radius "127.0.0.1:$RADIUS_PORT" --secret-file "$AOD_TMP/wrong" --user probeuser --timeout 1000
check "wrong secret: silently dropped" '.fields.reply == "none" and .fields.responded == false'
check "wrong secret: says why" '.summary | test("wrong secret")'
check "wrong secret: bounded by the timeout" '.elapsed_ms >= 950 and .elapsed_ms <= 1100'
check_rc "wrong secret: exit 1" 1 "$RC"
RCOUT=$(radclient_says good-pass "$AOD_TMP/wrong")
check_rc "radclient agrees: no reply, exit 1" 1 "$?"
check_rc "radclient agrees: nothing received" 0 "$(printf '%s' "$RCOUT" | grep -c Received)"

# The secret from the environment; it never shows in the output.
OUT=$(AOD_RADIUS_SECRET=right-secret "$AOD_CLI" radius "127.0.0.1:$RADIUS_PORT" --user probeuser --json)
check "secret from AOD_RADIUS_SECRET" '.fields.reply == "reject"'
TEXT=$(AOD_RADIUS_SECRET=right-secret "$AOD_CLI" radius "127.0.0.1:$RADIUS_PORT" 2>&1)
AOD_CHECKS=$((AOD_CHECKS + 1))
if printf '%s%s' "$OUT" "$TEXT" | grep -q right-secret; then
    echo "FAIL the secret appears in the output"; AOD_FAILS=$((AOD_FAILS + 1))
else echo "ok   the secret appears in no output"; fi

# The secret typed at the no-echo prompt (a pty from script(1); typed after the prompt).
if command -v script >/dev/null 2>&1; then
    TTY=$( (sleep 0.5; printf 'right-secret\n') |
        script -qec "'$AOD_CLI' radius 127.0.0.1:$RADIUS_PORT --user probeuser" /dev/null)
    check_grep "prompted secret: asked, then used" "RADIUS shared secret:.*|reply +reject" "$TTY"
    check_grep "prompted secret: verified" "authenticator_ok +true" "$TTY"
    check_rc "prompted secret: not echoed" 0 "$(printf '%s' "$TTY" | grep -c right-secret)"
fi

# The secret from a pipe (process substitution) whose writer takes its time, and from a FIFO
# that nobody ever writes to: read to the end in the first case, bounded by --timeout in the
# second.
probe radius "127.0.0.1:$RADIUS_PORT" --user probeuser --password-file "$AOD_TMP/pass" \
    --secret-file <(sleep 0.3; printf 'right-'; sleep 0.2; printf 'secret\n')
check "secret from a slow pipe: read whole, verified" '.fields.reply == "accept" and .fields.authenticator_ok == true'
mkfifo "$AOD_TMP/fifo"
T0=$EPOCHREALTIME
probe radius "127.0.0.1:$RADIUS_PORT" --secret-file "$AOD_TMP/fifo" --timeout 800
T1=$EPOCHREALTIME
check "FIFO without a writer: an error that says so" '.verdict == "error" and (.summary | test("nothing came from the secret file"))'
check_rc "FIFO without a writer: ends by the timeout" 1 \
    "$(( (${T1/./} - ${T0/./}) / 1000 >= 780 && (${T1/./} - ${T0/./}) / 1000 <= 1500 ))"

# The secret is refused on the command line.
"$AOD_CLI" radius "127.0.0.1:$RADIUS_PORT" --secret right-secret >/dev/null 2>&1
check_rc "--secret on the command line is bad usage" 64 "$?"

aod_stop "$FR_PID"
probe radius "127.0.0.1:$RADIUS_PORT" --secret-file "$AOD_TMP/secret"
check "no server: ICMP port unreachable" '.fields.reply == "none" and .fields.port_unreachable == true'

aod_finish
