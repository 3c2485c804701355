#!/usr/bin/env bash
# tests/flows/check_hostile_answers.sh: an answer file is outside text. Escape sequences in it
# (OSC 52 sets the clipboard, OSC 0 the window title, CSI 2J clears the screen) and U+202E
# (which reorders a line) never reach stdout, stderr, the recording or the transcript, whether
# they sit in a recorded probe result, a field, a bad choice or a typed value.
set -u
bin=$1 flows=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
esc=$'\033' bel=$'\a' rlo=$'\xe2\x80\xae' csi8=$'\xc2\x9b'
hostile="osc52${esc}]52;c;ZWNobyBvd25lZA==${bel} title${esc}]0;pwned${bel} clear${esc}[2J rlo${rlo}exe.ps1 csi${csi8}2J"

# No control byte in FILE (named WHAT in the message).
clean() {
    local f=$1 what=$2 b
    for b in "$esc" "$bel" "$rlo" "$csi8"; do
        if grep -qaF -- "$b" "$f"; then
            echo "FAIL: $what carries a control byte ($(printf '%s' "$b" | od -An -tx1 | tr -d ' '))"
            grep -naF -- "$b" "$f" | cat -v | head -n 3
            status=1
        fi
    done
}

walk() { # ANSWERS OUT ERR [extra args]
    local a=$1 o=$2 e=$3
    shift 3
    "$bin" walk error-809 --no-probes --flows "$flows" --answers "$a" "$@" > "$o" 2> "$e"
}

# 1. A recorded result whose summary and fields hold escape sequences.
{
    printf 'vpn.contoso.com\n2\n1\n'
    printf '=dns pass addresses=203.0.113.7%%1B]52;c;eA==%%07 note=a%s -- %s\n' "$rlo" "$hostile"
    printf '=ike4500 pass responded=true -- %s\n' "$hostile"
    printf '=ike500 pass responded=true fragmentation_supported=false -- %s\n' "$hostile"
} > "$dir/evil.answers"
walk "$dir/evil.answers" "$dir/out" "$dir/err" --record "$dir/rec" --transcript "$dir/t.md" ||
    { echo "FAIL: the walk with recorded results did not conclude"; cat "$dir/err"; status=1; }
grep -q '^== Finding: IKEv2 fragmentation is not enabled' "$dir/out" ||
    { echo "FAIL: no finding"; status=1; }
grep -qF '(recorded): osc52?]52;c;ZWNobyBvd25lZA==? title?]0;pwned?' "$dir/out" ||
    { echo "FAIL: the recorded summary is not shown cleaned"; grep -a recorded "$dir/out" | cat -v; status=1; }
clean "$dir/out" "stdout of a walk with recorded results"
clean "$dir/err" "stderr of a walk with recorded results"
clean "$dir/rec" "the recording (--record)"
clean "$dir/t.md" "the transcript"
# ... and the recording still replays to the same finding.
walk "$dir/rec" "$dir/out2" "$dir/err2" ||
    { echo "FAIL: the cleaned recording does not replay"; cat "$dir/err2"; status=1; }
clean "$dir/out2" "stdout of the replayed recording"

# 2. A bad choice is quoted back on stderr.
printf 'vpn.contoso.com\n%s\n' "$hostile" > "$dir/bad-choice.answers"
walk "$dir/bad-choice.answers" "$dir/out" "$dir/err" && { echo "FAIL: a bad choice was taken"; status=1; }
grep -q 'bad-choice.answers:2: ".*" is not a choice' "$dir/err" ||
    { echo "FAIL: no FILE:LINE for the bad choice"; cat -v "$dir/err"; status=1; }
clean "$dir/out" "stdout of a walk with a bad choice"
clean "$dir/err" "stderr of a walk with a bad choice"

# 3. A typed value is echoed after its prompt, then refused.
printf '%s\n' "$hostile" > "$dir/bad-host.answers"
walk "$dir/bad-host.answers" "$dir/out" "$dir/err" && { echo "FAIL: a bad host was taken"; status=1; }
grep -q 'bad-host.answers:1: ' "$dir/err" || { echo "FAIL: no FILE:LINE for the bad host"; status=1; }
clean "$dir/out" "stdout of a walk with a bad host"
clean "$dir/err" "stderr of a walk with a bad host"

# 4. A recorded result for a probe of another step is refused without echoing its bytes.
printf 'vpn.contoso.com\n2\n1\n=nosuch pass -- %s\n' "$hostile" > "$dir/bad-id.answers"
walk "$dir/bad-id.answers" "$dir/out" "$dir/err" && { echo "FAIL: an unknown probe was taken"; status=1; }
clean "$dir/out" "stdout of a walk with an unknown probe"
clean "$dir/err" "stderr of a walk with an unknown probe"

[ "$status" = 0 ] && echo "hostile answer files: no control byte reaches the terminal or a file"
exit $status
