#!/bin/sh
# bench/tui.sh: the wizard next to `dialog --menu` in a pty at 80x24 (a benchmark, not a test).
# Both show the same list (the first question of flows/start.json, four choices); the script
# measures bytes written until the first screen is complete, bytes per Down, time to the first
# screen and peak RSS (VmHWM), takes the median of RUNS runs each, alternating the two, and
# prints a Markdown table with wizard/dialog ratios. Lower is better everywhere.
# Usage: bench/tui.sh [BINARY] [RUNS]   (needs python3 for the pty, and dialog)
# Environment: BENCH_TERM (default xterm-256color), LC_ALL (default C.UTF-8).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/tui/aovpn-doctor}
runs=${2:-15}
command -v dialog >/dev/null || { echo "bench/tui.sh: dialog is not installed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench/tui.sh: python3 is not installed" >&2; exit 1; }
[ -x "$bin" ] || { echo "bench/tui.sh: no binary at $bin (build first)" >&2; exit 1; }

exec python3 - "$bin" "$here/../flows" "$runs" <<'PY'
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time

binary, flows, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
import json
# The same list on both sides: the choices of the start flow's first question.
with open(os.path.join(flows, "start.json")) as f:
    start = json.load(f)
first = [n for n in start["nodes"] if n["id"] == start["start"]][0]
labels = [c["label"] for c in first["choices"]]
wizard = [binary, "--flows", flows, "--no-probes", "start"]
dialog = ["dialog", "--menu", first["title"], "0", "0", "0"]
for i, l in enumerate(labels):
    dialog += [str(i + 1), l]
env = dict(os.environ, TERM=os.environ.get("BENCH_TERM", "xterm-256color"),
           LC_ALL=os.environ.get("LC_ALL", "C.UTF-8"), LINES="24", COLUMNS="80")
QUIET = 0.08      # the screen is complete once the program has been silent this long
DOWN = b"\x1bOB"  # Down as xterm sends it in keypad-transmit mode (both programs set it)

def burst(fd, limit=3.0):
    """Reads until QUIET seconds pass without output; returns (bytes, time of last byte)."""
    got, last, start = 0, None, time.monotonic()
    while time.monotonic() - start < limit:
        r, _, _ = select.select([fd], [], [], QUIET)
        if not r:
            if last is not None:
                break
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        got += len(data)
        last = time.monotonic()
    return got, last

def one(argv):
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(argv[0], argv, env)
    start_bytes, last = burst(fd)
    first_ms = (last - t0) * 1000 if last else float("nan")
    moves = []
    for _ in range(3):
        os.write(fd, DOWN)
        n, _ = burst(fd)
        moves.append(n)
    with open("/proc/%d/status" % pid) as f:
        hwm = [int(l.split()[1]) for l in f if l.startswith("VmHWM:")][0]
    os.kill(pid, signal.SIGTERM)   # only the child this run started
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    # with four items the third Down would hit the end: count the first two
    return start_bytes, statistics.mean(moves[:2]), first_ms, hwm

res = {"wizard": [], "dialog": []}
for i in range(runs):
    for name, argv in (("wizard", wizard), ("dialog", dialog)):
        res[name].append(one(argv))

def med(name, k):
    return statistics.median(r[k] for r in res[name])

rows = [("bytes at start-up", 0, "%.0f"), ("bytes per Down", 1, "%.0f"),
        ("time to first screen, ms", 2, "%.1f"), ("peak RSS, KiB", 3, "%.0f")]
print("| %dx%d, TERM=%s, median of %d runs | wizard | dialog --menu | wizard/dialog |"
      % (80, 24, env["TERM"], runs))
print("|---|---:|---:|---:|")
for label, k, fmt in rows:
    w, d = med("wizard", k), med("dialog", k)
    print("| %s | %s | %s | %.2f |" % (label, fmt % w, fmt % d, w / d if d else float("nan")))
print("\nTime to first screen is the time of the last byte before %d ms of silence; both "
      "programs are measured the same way, so compare the ratio." % (QUIET * 1000))
PY
