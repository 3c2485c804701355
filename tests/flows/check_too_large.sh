#!/usr/bin/env bash
# tests/flows/check_too_large.sh: a step that is too large to show once a long preset fact is
# filled in ends line mode with a clear message and exit 70, never "(null)" or a crash.
set -u
bin=$1 dir=$2
answers=$(mktemp) out=$(mktemp) errf=$(mktemp)
trap 'rm -f "$answers" "$out" "$errf"' EXIT
printf '2\n1\n' > "$answers"
"$bin" walk big --no-probes --flows "$dir" --fact "n=$(printf 'x%.0s' $(seq 1024))" \
    --answers "$answers" > "$out" 2> "$errf"
rc=$?
want='aovpn-doctor: step "wide" of flow "big" is too large to show: with its facts filled in, its text passes 4194304 bytes'
if [ "$rc" -ne 70 ] || ! grep -qxF "$want" "$errf" || grep -q '(null)' "$out"; then
    echo "FAIL: exit $rc (want 70)"; echo "--- stderr"; cat "$errf"; echo "--- stdout"; head -c 2000 "$out"
    exit 1
fi
