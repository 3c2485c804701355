#!/bin/sh
# tests/tui/tmux_walk.sh: the real binary in a real terminal (tmux, 80x24), as a new user would
# use it: each seed case answered with digits, typed values and Enter alone; every command of
# the conclusion must be readable on the screen (compared with what `walk` reports). Also:
# shrinking to 60x15 and back keeps the step, TERM=vt100 with NO_COLOR, and Ctrl-C leaves a
# sane terminal, in the wizard and at the probe's secret prompt. Uses its own tmux server (-L)
# and kills only that one.
# Usage: tmux_walk.sh BINARY FLOWS_DIR
set -u
bin=$1 flows=$2
sock="aod-tui-test-$$"
. "$(dirname "$0")/tmux_lib.sh"

# 1. Error 809, TERM as tmux sets it.
start e809 "LC_ALL=C.UTF-8" || exit 1
type_line e809 809
wait_for e809 "public name" && type_line e809 vpn.contoso.com
wait_for e809 "public IP address" && T send-keys -t e809 2
wait_for e809 "Which tunnel type" && T send-keys -t e809 1
for k in 1 2 1; do wait_for e809 "I can't test this from here" && T send-keys -t e809 "$k"; sleep 0.1; done
finish_case e809 error-809 "vpn.contoso.com
2
1
1
2
1" "IKEv2 fragmentation is not enabled"

# 2. Device tunnel, with a shrink to 60x15 and back on the way.
start dev "LC_ALL=C.UTF-8" || exit 1
type_line dev "device tunnel"
wait_for dev "profile name" && type_line dev "AOVPN Device Tunnel"
wait_for dev "by hand" && T send-keys -t dev 1
wait_for dev "connect on its own" || fail "dev: no question 3"
T resize-window -t dev -x 60 -y 15
wait_for dev "Terminal too small: need 80x22, have 60x15" || fail "dev: no too-small notice"
wait_for dev "press q" || fail "dev: the notice does not say how to quit"
T send-keys -t dev 2 # a key pressed at the notice is dropped, never acted on later
sleep 0.3
# tmux and screen take a status line from 80x24: 80x22 shows the whole step and its footer.
T resize-window -t dev -x 80 -y 22
wait_for dev "connect on its own" || fail "dev: the step was lost on resize"
wait_for dev "2. No, or one of them is missing" || fail "dev: 80x22 lost the choices"
wait_for dev "1-2 pick" || fail "dev: 80x22 lost the footer"
T capture-pane -p -t dev >"$work/pane.txt"
grep -qF "Answers:" "$work/pane.txt" && fail "dev: 80x22 kept the trail line over the body"
T resize-window -t dev -x 80 -y 24
wait_for dev "connect on its own" || fail "dev: the step was lost on resize"
T send-keys -t dev 1
wait_for dev "Which edition" && T send-keys -t dev 4
finish_case dev device-tunnel-auto "AOVPN Device Tunnel
1
1
4" "The device tunnel needs Windows Enterprise"

# 3. NPS extension ESTS_TOKEN_ERROR under TERM=vt100 and NO_COLOR: readable without colour.
start nps "LC_ALL=C.UTF-8 TERM=vt100 NO_COLOR=1" || exit 1
type_line nps ESTS_TOKEN_ERROR
wait_for nps "What does the NPS extension log" && T send-keys -t nps 1
wait_for nps "Which user" && type_line nps alice@contoso.com
wait_for nps "NPS server's name" && type_line nps nps01.contoso.com
wait_for nps "How long does the VPN server wait" && T send-keys -t nps 2
for k in 1 1 1 1 1; do wait_for nps "I can't test this from here" && T send-keys -t nps "$k"; sleep 0.1; done
wait_for nps "certificate created and uploaded" && T send-keys -t nps 1
wait_for nps "MFA enterprise applications enabled" && T send-keys -t nps 1
finish_case nps nps-ests-token "1
alice@contoso.com
nps01.contoso.com
2
1
1
1
1
1
1
1" "Enable the NPS extension"

# 3b. Under vt100 (no alternate screen) quitting clears what was drawn: the shell's next line
# starts at the top of a clean screen, not inside the old footer.
T capture-pane -p -t nps >"$work/pane.txt"
[ "$(head -n 1 "$work/pane.txt")" = "EXITED 0" ] || fail "nps: vt100 exit left the screen drawn"
grep -qF "q quit" "$work/pane.txt" && fail "nps: the old footer is still on the screen"

# 3c. An arrow key split in two writes (a slow SSH link) is still one key, not Esc then text.
start esc "LC_ALL=C.UTF-8" || exit 1
type_line esc "device tunnel"
wait_for esc "profile name" && type_line esc "AOVPN"
wait_for esc "by hand" || fail "esc: no question"
T send-keys -t esc -H 1b
sleep 0.1
T send-keys -t esc -H 4f 42 # ESC O B: kcud1 in keypad mode (tmux and screen terminfo)
sleep 0.5
T capture-pane -p -t esc >"$work/pane.txt"
grep -qF "▶ 2. No, rasdial fails" "$work/pane.txt" || { cat "$work/pane.txt"; fail "esc: a split Down arrow did not move"; }
grep -qF "nothing to cancel" "$work/pane.txt" && fail "esc: a split Down arrow acted as Esc"
# Esc alone cancels, never goes back: the step stays.
T send-keys -t esc Escape
wait_for esc "nothing to cancel here" || fail "esc: Esc did not say what it does"
wait_for esc "by hand" || fail "esc: Esc went back"
T send-keys -t esc q
wait_for esc "Quit this session?" && T send-keys -t esc y
wait_for esc "EXITED" || fail "esc: did not quit"

# 4. Ctrl-C in the middle of a walk restores the terminal (canonical mode, echo).
start intr "LC_ALL=C.UTF-8" || exit 1
type_line intr 809
wait_for intr "public name" && T send-keys -t intr C-c
if wait_for intr "EXITED 130"; then
    wait_for intr "icanon" || fail "intr: no stty output"
    T capture-pane -p -J -t intr >"$work/stty.txt"
    grep -q -- "-icanon" "$work/stty.txt" && fail "intr: terminal left without canonical mode"
    grep -q -- "-echo " "$work/stty.txt" && fail "intr: terminal left without echo"
else
    fail "intr: Ctrl-C did not end the wizard with status 130"
fi
# 5. SIGTERM, SIGHUP (a closed SSH session) and SIGQUIT (Ctrl-\) restore the terminal too.
for sig in TERM:15 HUP:1 QUIT:3; do
    num=${sig#*:}
    sig=${sig%:*}
    start "sig$sig" "LC_ALL=C.UTF-8" || exit 1
    wiz=$(cat "$work/sig$sig.pid")
    [ -n "$wiz" ] && kill -s "$sig" "$wiz"
    code=$((128 + num))
    if wait_for "sig$sig" "EXITED $code"; then
        T capture-pane -p -J -t "sig$sig" >"$work/stty.txt"
        grep -q -- "-icanon" "$work/stty.txt" && fail "SIG$sig: terminal left raw"
    else
        fail "SIG$sig did not end the wizard with status $code"
    fi
done
# 6. The probe subcommand asks for the RADIUS secret with echo off: Ctrl-C at that prompt must
# give the echo back (it ends before anything is sent). The trap keeps the pane's shell alive,
# to report, when the probe dies of SIGINT.
T new-session -d -s secret -x 80 -y 24 \
    "cd $work && trap 'echo INTERRUPTED' INT; env -u AOD_RADIUS_SECRET \"$bin\" probe radius 127.0.0.1:9; echo EXITED \$?;
     stty -a; sleep 60"
if wait_for secret "RADIUS shared secret:"; then
    T send-keys -t secret C-c
    if wait_for secret "EXITED 130" && wait_for secret "icanon"; then
        T capture-pane -p -J -t secret >"$work/stty.txt"
        grep -q -- "-echo " "$work/stty.txt" && fail "secret prompt: terminal left without echo"
    else
        fail "secret prompt: Ctrl-C did not end the probe with status 130"
    fi
else
    fail "secret prompt: no prompt"
fi
[ $status -eq 0 ] && echo "all tmux checks passed"
exit $status
