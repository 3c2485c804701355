#!/bin/sh
# tests/tui/actions.sh: what the golden screens cannot show: y and Y send OSC 52 with the exact
# commands in base64, w writes a .ps1 and never overwrites one, "/" leaves and returns to a
# session, help over the trail or the search closes back to it, and live probes on loopback show verdict words and lead to their conclusion.
# Usage: actions.sh BINARY FLOWS_DIR
set -u
bin=$1 flows=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-actions.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
run() { # case, args...
    c=$1
    shift
    AOD_NO_DISPLAY=1 AOD_DISPLAY_LOG="$work/$c.log" AOD_SCRIPT="$here/cases/$c.keys" \
        TERM=xterm-256color LINES=24 COLUMNS=80 LC_ALL=C.UTF-8 \
        "$bin" --flows "$flows" --max-steps 200 "$@" >"$c.out" 2>"$c.err"
}
b64() { printf '%s' "$1" | base64 -w0; }

# --- copy and write
run copy --no-probes device-tunnel-auto
printf 'AOVPN\n1\n1\n4\n' >answers.txt
"$bin" walk device-tunnel-auto --flows "$flows" --no-probes --answers answers.txt \
    --format markdown | awk '/^```/ { inside = !inside; next } inside { print }' >cmds.txt
first=$(head -n 1 cmds.txt)
# Y copies one place's commands (all on the client here), each once.
all=$(awk '!seen[$0]++' cmds.txt)
n_all=$(printf '%s\n' "$all" | wc -l)
grep -qF "$(printf '\033]52;c;%s\007' "$(b64 "$first")")" copy.log ||
    fail "y did not send the first command by OSC 52"
grep -qF "$(printf '\033]52;c;%s\007' "$(b64 "$all")")" copy.log ||
    fail "Y did not send every command by OSC 52"
[ -f aovpn-doctor-device-tunnel-auto-client.ps1 ] || fail "w wrote no .ps1"
[ -f aovpn-doctor-device-tunnel-auto-client-2.ps1 ] || fail "the second w did not pick a new name"
while IFS= read -r cmd; do
    # A command of a risky step sits indented inside its Read-Host guard.
    grep -qxF -- "$cmd" aovpn-doctor-device-tunnel-auto-client.ps1 ||
        grep -qxF -- "    $cmd" aovpn-doctor-device-tunnel-auto-client.ps1 ||
        grep -qxF -- "# (Command Prompt, not PowerShell) $cmd" aovpn-doctor-device-tunnel-auto-client.ps1 ||
        grep -qxF -- "    # (Command Prompt, not PowerShell) $cmd" aovpn-doctor-device-tunnel-auto-client.ps1 ||
        fail "the .ps1 lacks: $cmd"
done <cmds.txt
grep -qE "^Wrote $n_all command\(s\) to .*/aovpn-doctor-device-tunnel-auto-client.ps1$" 01-written.screen ||
    fail "the path written is not shown"
grep -qE "/aovpn-doctor-device-tunnel-auto-client-2.ps1$" 02-written-again.screen ||
    fail "the second path is not shown"

# --- search during a session
run search --no-probes device-tunnel-auto
grep -qF "Search: ESTS" 01-search.screen || fail "s did not open the search"
grep -qF "Is the profile set to connect on its own?" 02-back-in-session.screen ||
    fail "Esc did not return to the session"
grep -qF "Leave this session?" 03-confirm-leave.screen || fail "no confirmation to leave"
grep -qF "What does the NPS extension log" 04-other-flow.screen || fail "the new flow did not open"

# --- "/" finds on the screen; a --fact preset answers its input step
run find --no-probes device-tunnel-auto --fact profile=AOVPN
grep -qF "Does the device tunnel connect when you start it by hand?" 01-found.screen ||
    fail "--fact profile=AOVPN did not answer the profile step"
grep -qF "Find on this screen" 01-found.screen && fail "Enter did not end the find prompt"
# The match is marked bold and reverse (X in the attribute dump), 7 cells: "rasdial".
sed -n '/^-- attributes --$/,/^-- colours --$/p' 01-found.screen | grep -q "XXXXXXX" ||
    fail "/rasdial marked no match"
cmp -s 01-found.screen 02-next.screen && fail "n did not move to the next match"
grep -qF '"zzzz" not found' 03-not-found.screen || fail "a missing pattern is not said"
grep -qF "AOVPN" 04-trail.screen || fail "the preset is not in the trail"

# --- line mode: input that is not a terminal is echoed; a wrong answer repeats the prompt only
printf '7\n1\nq\n' | "$bin" --flows "$flows" --no-probes --plain --fact profile=AOVPN \
    device-tunnel-auto >plain.out 2>&1
grep -qF "AOVPN (preset)" plain.out || fail "line mode: the preset is not said"
grep -qxF "Choose 1-2 (b back, q quit)> 7" plain.out || fail "line mode: the answer is not echoed"
[ "$(grep -c "start it by hand" plain.out)" -eq 1 ] ||
    fail "line mode: a wrong answer repeated the whole question"
[ "$(grep -c "^Choose 1-2" plain.out)" -ge 2 ] || fail "line mode: the prompt was not repeated"

# --- help over an overlay, then back to the session
run overlay --no-probes device-tunnel-auto
grep -qF "Keys (Esc or ? closes this help)" 01-help-over-trail.screen || fail "? did not open help"
grep -qF "Answers so far: pick a step" 02-trail-again.screen || fail "help did not close to the trail"
grep -qF "Is the profile set to connect on its own?" 03-back-from-trail.screen ||
    fail "Esc did not leave the trail after help"
grep -qF "What goes wrong?" 04-search-again.screen || fail "help did not close to the search"
grep -qF "Is the profile set to connect on its own?" 05-back-from-search.screen ||
    fail "Esc did not leave the search after help"

# --- live probes, when the probes module is there
if "$bin" probe --help >/dev/null 2>&1; then
    run probe --timeout 1000 error-809
    grep -qE '^  \[PASS\] +dns' 01-results.screen || fail "no PASS row for dns"
    grep -qE '^  \[FAIL\] +ike500' 01-results.screen || fail "no FAIL row for ike500"
    grep -qF "Go on (Enter)." 01-results.screen || fail "results not held for reading"
    grep -qE '^  \[FAIL\] +ike500 .* from 127\.0\.0\.1' 01-results.screen ||
        fail "the ike500 row does not name its source address"
    grep -qE '^ Tested from .* timeout 1000 ms\.' 01-results.screen ||
        fail "the probe screen does not name the host, time and timeout"
    grep -qF "Finding: UDP 500 does not reach the VPN server" 02-conclusion.screen ||
        fail "the probe results did not lead to their conclusion"
else
    echo "probes module missing: live probe checks skipped"
fi
[ $status -eq 0 ] && echo "all action checks passed"
exit $status
