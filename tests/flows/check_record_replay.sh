#!/usr/bin/env bash
# tests/flows/check_record_replay.sh: a session written with --record replays to the same
# conclusion: walk CASE.answers with --record, walk the recording, compare the outcomes.
set -u
bin=$1 flows=$2 answers=$3
name=$(basename "${answers%.answers}")
flow=${name%%--*}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" walk "$flow" --no-probes --flows "$flows" --answers "$answers" --record "$dir/rec" \
    > "$dir/first" || { echo "FAIL: first walk"; exit 1; }
head -n 1 "$dir/rec" | grep -q "^# aovpn-doctor answers; replay: aovpn-doctor walk $flow " ||
    { echo "FAIL: the recording lacks its replay line"; head -n 3 "$dir/rec"; exit 1; }
"$bin" walk "$flow" --no-probes --flows "$flows" --answers "$dir/rec" > "$dir/second" ||
    { echo "FAIL: replaying the recording"; cat "$dir/rec"; exit 1; }
sed -n '/^== Finding/,$p' "$dir/first" > "$dir/first.outcome"
sed -n '/^== Finding/,$p' "$dir/second" > "$dir/second.outcome"
[ -s "$dir/first.outcome" ] || { echo "FAIL: no conclusion"; exit 1; }
diff -u "$dir/first.outcome" "$dir/second.outcome" || { echo "FAIL: replay differs"; exit 1; }
echo "record and replay: same conclusion for $name"
