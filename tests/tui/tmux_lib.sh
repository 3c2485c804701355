# tests/tui/tmux_lib.sh: what the tmux tests share (sourced): a private tmux server, waiting
# for text on a pane, starting the wizard, and reading every command of a conclusion back from
# the screen to compare with what `walk` reports. Expects bin, flows and sock to be set.
work=$(mktemp -d "${TMPDIR:-/tmp}/aod-tmux.XXXXXX") || exit 1
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
status=0
fail() { echo "FAIL: $*"; status=1; }

# Waits until the pane shows text matching the fixed string $2 (at most 10 s).
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        T capture-pane -p -t "$1" >"$work/pane.txt" 2>/dev/null
        grep -qF -- "$2" "$work/pane.txt" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "--- pane $1 never showed \"$2\"; it shows:"
    cat "$work/pane.txt"
    return 1
}

# Starts the wizard in session $1 with the environment in $2; the shell reports how it ended.
start() {
    # The inner shell leaves the wizard's PID (it execs the wizard) for the signal checks.
    T new-session -d -s "$1" -x 80 -y 24 \
        "cd $work && sh -c 'echo \$\$ >$1.pid; exec env $2 \"$bin\" --flows \"$flows\" --no-probes';
         echo EXITED \$?; stty -a; sleep 60"
    wait_for "$1" "What goes wrong?"
}

# The commands `walk` reports for a flow and an answer file, one per line.
expected_commands() {
    "$bin" walk "$1" --flows "$flows" --no-probes --answers "$2" --format markdown |
        awk '/^```/ { inside = !inside; next } inside { print }'
}

# True when every command in cmds.txt is, spaces aside, in the screens seen so far.
all_seen() {
    tr -d ' \n' <"$work/seen.txt" >"$work/seen.flat"
    # One process for all of them: this runs after every key once the last command is selected.
    awk 'NR == FNR { gsub(/ /, ""); want[NR] = $0; n = NR; next } { seen = seen $0 }
         END { for (i = 1; i <= n; i++) if (index(seen, want[i]) == 0) exit 1 }' \
        "$work/cmds.txt" "$work/seen.flat"
}

# At a conclusion: moves down line by line (or command by command) to the end of the pane,
# capturing every screen, so each command is wholly in view in at least one of them. Once the
# last command is selected and every command has been seen whole, the rest (sources) is
# skipped: reading it line by line is most of the time the test takes.
read_conclusion() {
    : >"$work/seen.txt"
    k=0
    T capture-pane -p -t "$1" >"$work/now.txt"
    while [ $k -lt 200 ]; do
        cat "$work/now.txt" >>"$work/seen.txt"
        # The pane says "lines A-B of N": stop once its last line is in view.
        sed -n 's/.*lines [0-9]*-\([0-9]*\) of \([0-9]*\).*/\1 \2/p' "$work/now.txt" | tail -n 1 |
            { read -r last total && [ "$last" = "$total" ]; } && break
        # "command N of N": the last one is selected.
        sed -n 's/.*command \([0-9]*\) of \([0-9]*\),.*/\1 \2/p' "$work/now.txt" | tail -n 1 |
            { read -r sel n && [ "$sel" = "$n" ]; } && all_seen && break
        T send-keys -t "$1" Down
        # Wait for the redraw, at most 2 s, so a slow machine does not skip a screen.
        i=0
        cp "$work/now.txt" "$work/before.txt"
        while [ $i -lt 40 ]; do
            sleep 0.05
            T capture-pane -p -t "$1" >"$work/now.txt"
            cmp -s "$work/now.txt" "$work/before.txt" || break
            i=$((i + 1))
        done
        k=$((k + 1))
    done
    tr -d ' \n' <"$work/seen.txt" >"$work/seen.flat"
}

check_commands() {
    n=$(wc -l <"$work/cmds.txt")
    # Each command, spaces aside, must be in the screens seen (one awk for all of them).
    awk 'NR == FNR { want[NR] = $0; n = NR; next } { seen = seen $0 }
         END { for (i = 1; i <= n; i++) { w = want[i]; gsub(/ /, "", w)
                                          if (index(seen, w) == 0) print want[i] } }' \
        "$work/cmds.txt" "$work/seen.flat" >"$work/unseen.txt"
    while IFS= read -r cmd; do
        fail "$1: command not readable on screen: $cmd"
    done <"$work/unseen.txt"
    [ "$n" -gt 0 ] || fail "$1: walk reported no commands"
    echo "$1: $n commands read on screen"
}

# $1 session, $2 flow, $3 answers for walk, $4 finding title; the keys were sent already.
finish_case() {
    printf '%s\n' "$3" >"$work/answers.txt"
    expected_commands "$2" "$work/answers.txt" >"$work/cmds.txt"
    wait_for "$1" "$4" || { fail "$1: no conclusion"; return; }
    read_conclusion "$1" "$(wc -l <"$work/cmds.txt")"
    check_commands "$1"
    T send-keys -t "$1" q
    wait_for "$1" "EXITED 0" || fail "$1: did not exit 0 at the conclusion"
}

# keys: typed text is sent literally (-l), Enter and digits as keys.
type_line() { T send-keys -t "$1" -l -- "$2"; T send-keys -t "$1" Enter; }

