#!/bin/sh
# tests/flows/check_lazy.sh: a --flows folder is listed by the flows' headers and each flow is
# loaded when opened. With the shipped flows plus one flow broken past its header and one file
# that is not JSON: list, search, line mode, walk and the wizard start and walk the good flows
# exactly as without them; opening the broken one says file:line:col and fails only that; lint
# still reports both. Usage: check_lazy.sh BINARY FLOWS_DIR GOLDEN_DIR
set -u
bin=$1 flows=$2 golden=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-lazy.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
status=0
fail() { echo "FAIL: $*"; status=1; }
mkdir "$work/flows" "$work/screens"
cp "$flows"/*.json "$work/flows/"
# Broken after its header: a dangling target in the second node; the index never sees it.
sed 's/"next": "ask-edition"/"next": "no-such-node"/' "$flows/device-tunnel-auto.json" \
    >"$work/flows/device-tunnel-auto.json"
grep -q no-such-node "$work/flows/device-tunnel-auto.json" || { echo "setup failed"; exit 1; }
printf '{"id": "zz", "title": \n' >"$work/flows/zz-garbage.json"
line=$(grep -n no-such-node "$work/flows/device-tunnel-auto.json" | cut -d: -f1)
where="$work/flows/device-tunnel-auto.json:$line:[0-9]*: \"no-such-node\" names no node"

# list and type-to-search work from the index; the unreadable file is listed by its name.
"$bin" list --flows "$work/flows" >list.txt 2>&1 || fail "list exited $?"
for id in device-tunnel-auto error-809 nps-ests-token zz-garbage; do
    grep -q "^$id " list.txt || fail "list lacks $id"
done
"$bin" list --flows "$work/flows" 0x329 | head -n 1 | grep -q "^error-809 " ||
    fail "search by a code in another form did not find error-809 first"
"$bin" list --flows "$work/flows" ESTS | head -n 1 | grep -q "^nps-ests-token " ||
    fail "search by keyword did not find nps-ests-token"

# Walks that never open the broken flow give the same output as with the shipped flows.
for case in start--typed-809 start--event-20227 error-809--fix-dns; do
    flow=${case%%--*}
    "$bin" walk "$flow" --no-probes --flows "$work/flows" --answers "$golden/$case.answers" \
        >"$case.out" 2>&1 || fail "walk $case exited $?"
    diff -u "$golden/$case.expected" "$case.out" >/dev/null || fail "walk $case differs"
done

# Opening the broken flow names the place; it is bad data (65), not a crash.
"$bin" walk device-tunnel-auto --no-probes --flows "$work/flows" --answers /dev/null \
    >open.out 2>&1
rc=$?
[ $rc -eq 65 ] || fail "walk into the broken flow exited $rc, expected 65"
grep -q "^aovpn-doctor: $where" open.out || { fail "no file:line:col on open"; cat open.out; }
"$bin" --plain --no-probes --flows "$work/flows" zz-garbage </dev/null >garbage.out 2>&1
[ $? -eq 65 ] || fail "opening the unreadable file did not exit 65"
grep -q "zz-garbage.json:1:23: JSON syntax error" garbage.out || fail "no position for bad JSON"

# Line mode: a jump into the broken flow says where, and the question is asked again.
printf '2\n1\n' | "$bin" --plain --no-probes --flows "$work/flows" >plain.out 2>&1
grep -q "$where" plain.out || fail "line mode: the jump did not report the broken flow"
# A refused answer repeats only the prompt (the question stays above it).
[ "$(grep -c '^== What do you see? ==' plain.out)" -eq 1 ] &&
    [ "$(grep -c '^Choose 1-' plain.out)" -ge 2 ] ||
    fail "line mode did not ask again after the failed jump"
grep -q "What is the VPN server's public name" plain.out ||
    fail "line mode could not go on to a good flow"

# The wizard starts, lists every flow, and shows the broken one's problem when it is picked.
cat >"$work/open-broken.keys" <<'KEYS'
:dump-screen 01-start.screen
tunnel<Enter>
:dump-screen 02-broken.screen
<Esc> q
KEYS
(cd "$work/screens" && AOD_NO_DISPLAY=1 AOD_SCRIPT="$work/open-broken.keys" TERM=vt100 \
    LINES=24 COLUMNS=80 LC_ALL=C.UTF-8 NO_COLOR=1 \
    "$bin" --flows "$work/flows" --no-probes --max-steps 100 >out.txt 2>err.txt)
rc=$?
[ $rc -eq 1 ] || { fail "wizard exited $rc, expected 1"; cat "$work/screens/err.txt"; }
for t in "Device tunnel does not connect automatically" "Error 809" "zz-garbage.json"; do
    grep -qF "$t" "$work/screens/01-start.screen" || fail "start screen lacks \"$t\""
done
grep -q '\[!\] .*device-tunnel-auto.json:[0-9]*:[0-9]*: "no-such-node"' \
    "$work/screens/02-broken.screen" || { fail "wizard: no file:line:col for the broken flow";
    cat "$work/screens/02-broken.screen"; }

# lint still loads and checks everything.
"$bin" lint "$work/flows" >lint.out 2>&1
[ $? -eq 1 ] || fail "lint did not exit 1"
grep -q "$where" lint.out || fail "lint does not report the dangling target"
grep -q "zz-garbage.json:1:23: JSON syntax error" lint.out || fail "lint does not report bad JSON"
[ $status -eq 0 ] && echo "lazy catalog: all checks passed"
exit $status
