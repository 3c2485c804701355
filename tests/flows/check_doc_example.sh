#!/usr/bin/env bash
# tests/flows/check_doc_example.sh: the worked example in docs/flows.md is a real flow: it
# passes lint, and walking it gives the command the document shows.
set -u
bin=$1 doc=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk '/^```json$/{f=1;next} /^```$/{if(f){exit}} f' "$doc" > "$dir/sstp-port.json"
"$bin" lint "$dir/sstp-port.json" || { echo "FAIL: the example does not pass lint"; exit 1; }
printf 'vpn.contoso.com\n2\n' > "$dir/answers"
out=$("$bin" walk sstp-port --flows "$dir" --answers "$dir/answers" --no-probes) || {
    echo "FAIL: walking the example failed"; exit 1; }
want="Test-NetConnection -ComputerName 'vpn.contoso.com' -Port 443"
grep -qxF "$want" <<<"$out" || { echo "FAIL: the walk does not show: $want"; echo "$out"; exit 1; }
grep -qF "$want" "$doc" || { echo "FAIL: docs/flows.md no longer shows: $want"; exit 1; }
echo "doc example: ok"
