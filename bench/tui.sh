#!/bin/sh
# bench/tui.sh: the wizard next to `dialog --menu` in a pty at 80x24 (a benchmark, not a test).
# Both show the same list (the first question of flows/start.json, four choices); the script
# measures bytes written until the first screen is complete, bytes per Down, time to the first
# screen and peak RSS (VmHWM), takes the median of RUNS runs each, alternating the two, and
# prints a Markdown table with wizard/dialog ratios. Lower is better everywhere.
# A second table does the same with a grown catalog: the shipped flows plus COPIES copies of
# them under new ids (cross-flow jumps rewritten to the copy's ids) in a temporary --flows
# folder, so that a start-up that grows with the catalog shows up in the ratios.
# Usage: bench/tui.sh [BINARY] [RUNS] [COPIES]   (needs python3 for the pty, and dialog)
# Environment: BENCH_TERM (default xterm-256color), LC_ALL (default C.UTF-8).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/tui/aovpn-doctor}
runs=${2:-15}
copies=${3:-40}
command -v dialog >/dev/null || { echo "bench/tui.sh: dialog is not installed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench/tui.sh: python3 is not installed" >&2; exit 1; }
[ -x "$bin" ] || { echo "bench/tui.sh: no binary at $bin (build first)" >&2; exit 1; }

exec python3 - "$bin" "$here/../flows" "$runs" "$copies" <<'PY'
import fcntl, glob, json, os, pty, select, shutil, signal, statistics, struct, sys, tempfile
import termios, time

binary, flows, runs, copies = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
# The same list on both sides: the choices of the start flow's first question.
with open(os.path.join(flows, "start.json")) as f:
    start = json.load(f)
first = [n for n in start["nodes"] if n["id"] == start["start"]][0]
labels = [c["label"] for c in first["choices"]]

def grown_catalog(dst, n):
    """The shipped flows plus n copies with ids "<id>-cNN" and jumps "<id>:node" rewritten."""
    files = sorted(glob.glob(os.path.join(flows, "*.json")))
    docs = [json.load(open(f)) for f in files]
    ids = {d["id"] for d in docs}
    nodes = 0
    for f, d in zip(files, docs):
        shutil.copy(f, dst)
        nodes += len(d["nodes"])
    def rewrite(v, suffix):
        if isinstance(v, dict):
            return {k: (retarget(x, suffix) if k == "next" else rewrite(x, suffix))
                    for k, x in v.items()}
        if isinstance(v, list):
            return [rewrite(x, suffix) for x in v]
        return v
    def retarget(t, suffix):
        if isinstance(t, str) and ":" in t and t.split(":", 1)[0] in ids:
            fid, node = t.split(":", 1)
            return fid + suffix + ":" + node
        return rewrite(t, suffix)
    for k in range(1, n + 1):
        suffix = "-c%02d" % k
        for d in docs:
            c = rewrite(d, suffix)
            c["id"] = d["id"] + suffix
            c.pop("$schema", None)
            with open(os.path.join(dst, c["id"] + ".json"), "w") as out:
                json.dump(c, out, indent=2, ensure_ascii=False)
            nodes += len(d["nodes"])
    return len(docs) * (n + 1), nodes
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

big = tempfile.mkdtemp(prefix="aod-bench-flows.")
try:
    n_flows, n_nodes = grown_catalog(big, copies)
    cases = [("shipped flows", flows), ("%d flows, %d nodes (%d copies)" % (n_flows, n_nodes, copies), big)]
    # Both catalogs are measured in the same rounds, alternating, so their ratios compare.
    res = {c: {"wizard": [], "dialog": []} for c, _ in cases}
    for i in range(runs):
        for case, folder in cases:
            wizard = [binary, "--flows", folder, "--no-probes", "start"]
            for name, argv in (("wizard", wizard), ("dialog", dialog)):
                res[case][name].append(one(argv))
finally:
    shutil.rmtree(big)

rows = [("bytes at start-up", 0, "%.0f"), ("bytes per Down", 1, "%.0f"),
        ("time to first screen, ms", 2, "%.1f"), ("peak RSS, KiB", 3, "%.0f")]
for case, _ in cases:
    def med(name, k):
        return statistics.median(r[k] for r in res[case][name])
    print("\n%s:\n" % case)
    print("| %dx%d, TERM=%s, median of %d runs | wizard | dialog --menu | wizard/dialog |"
          % (80, 24, env["TERM"], runs))
    print("|---|---:|---:|---:|")
    for label, k, fmt in rows:
        w, d = med("wizard", k), med("dialog", k)
        print("| %s | %s | %s | %.2f |" % (label, fmt % w, fmt % d, w / d if d else float("nan")))
print("\nTime to first screen is the time of the last byte before %d ms of silence; both "
      "programs are measured the same way, so compare the ratio." % (QUIET * 1000))
PY
