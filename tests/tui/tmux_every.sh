#!/bin/sh
# tests/tui/tmux_every.sh: every conclusion of the shipped flows, reached in the real wizard in
# tmux at 80x24 with digits, typed values and Enter alone: each answer file of tests/flows
# (one per conclusion) is typed key by key, and every command `walk` reports for it must then be
# readable on the screen. Answer files with recorded probe results ("=...") are for line mode.
# Usage: tmux_every.sh BINARY FLOWS_DIR ANSWERS_DIR
set -u
bin=$1 flows=$2 answers=$3
sock="aod-tui-every-$$"
. "$(dirname "$0")/tmux_lib.sh"

n_cases=0
for file in "$answers"/*.answers; do
    grep -q '^=' "$file" && continue
    name=$(basename "$file" .answers)
    flow=${name%%--*}
    s=c$n_cases
    n_cases=$((n_cases + 1))
    echo "$s: $name"
    "$bin" walk "$flow" --flows "$flows" --no-probes --answers "$file" >"$work/walk.txt"
    finding=$(sed -n 's/^== Finding: \(.*\) ==$/\1/p' "$work/walk.txt" | cut -c1-40)
    [ -n "$finding" ] || { fail "$name: walk reaches no conclusion"; continue; }
    # Which answers pick a choice and which are typed, from the prompts `walk` echoed them at:
    # a choice prompt starts "Choose", a text prompt is the variable's name. A digit can be
    # either (error code 0 is typed), so the answer's own look cannot tell.
    sed -n -e 's/^Choose [^>]*> .*/pick/p' -e 's/^[a-z_][a-z0-9_]*> .*/text/p' \
        "$work/walk.txt" >"$work/kinds.txt"
    grep -v '^#' "$file" | grep -v '^$' >"$work/typed.txt"
    [ "$(wc -l <"$work/kinds.txt")" -eq "$(wc -l <"$work/typed.txt")" ] ||
        { fail "$name: $(wc -l <"$work/typed.txt") answers but walk echoed $(wc -l <"$work/kinds.txt") prompts"; continue; }
    T new-session -d -s "$s" -x 80 -y 24 \
        "cd $work && env LC_ALL=C.UTF-8 '$bin' --flows '$flows' --no-probes $flow; echo EXITED \$?; sleep 60"
    # Answers go in as a person types them: a digit (or b) picks at once, text ends with Enter.
    paste -d '\n' "$work/kinds.txt" "$work/typed.txt" | while IFS= read -r kind && IFS= read -r line; do
        case $kind in
        pick) T send-keys -t "$s" "$line" ;;
        *) T send-keys -t "$s" -l -- "$line" && T send-keys -t "$s" Enter ;;
        esac
        sleep 0.05
    done
    finish_case "$s" "$flow" "$(cat "$file")" "$finding"
    T kill-session -t "$s" 2>/dev/null
done
echo "$n_cases conclusions walked in the wizard"
[ "$n_cases" -gt 20 ] || fail "only $n_cases answer files found in $answers"
[ $status -eq 0 ] && echo "every conclusion: ok"
exit $status
