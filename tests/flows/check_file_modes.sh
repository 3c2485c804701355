#!/usr/bin/env bash
# tests/flows/check_file_modes.sh: transcripts and recordings hold UPNs, host names and server
# replies. A new one is private (0600) whatever the umask; rewriting an existing one keeps the
# mode its owner gave it (0600 stays 0600, 0640 stays 0640), and leaves no temporary file.
set -u
bin=$1 flows=$2 answers=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
umask 022

walk() {
    "$bin" walk error-809 --no-probes --flows "$flows" --answers "$answers" \
        --transcript "$dir/$1" --record "$dir/$2" > /dev/null 2>&1 ||
        { echo "FAIL: the walk writing $1 and $2 failed"; status=1; }
}
mode_is() { # FILE MODE WHY
    local got
    got=$(stat -c %a "$dir/$1")
    [ "$got" = "$2" ] || { echo "FAIL: $1 is mode $got after $3, expected $2"; status=1; }
}

walk new.md new.answers
mode_is new.md 600 "writing a new transcript (umask 022)"
mode_is new.answers 600 "writing a new recording (umask 022)"

for m in 600 640 644; do
    printf 'old\n' > "$dir/t$m.json"
    printf 'old\n' > "$dir/r$m.answers"
    chmod "$m" "$dir/t$m.json" "$dir/r$m.answers"
    walk "t$m.json" "r$m.answers"
    mode_is "t$m.json" "$m" "replacing a $m transcript"
    mode_is "r$m.answers" "$m" "replacing a $m recording"
    grep -q '"outcome": "conclusion"' "$dir/t$m.json" || { echo "FAIL: t$m.json not rewritten"; status=1; }
done
leftover=$(find "$dir" -name '*.tmp*' | wc -l)
[ "$leftover" = 0 ] || { echo "FAIL: $leftover temporary files left"; status=1; }
[ "$status" = 0 ] && echo "file modes: new files 0600, replaced files keep their mode"
exit $status
