/* tui/probe_cmd.h: the `aovpn-doctor probe KIND TARGET ...` subcommand. */
#ifndef AOD_TUI_PROBE_CMD_H
#define AOD_TUI_PROBE_CMD_H

/* Runs one probe as argv asks (argv[0] is "probe"), loading the probes module; prints the
 * result as text or JSON on stdout, problems on stderr, and may ask for the RADIUS secret on
 * the terminal. Returns the exit code: 0 pass, 1 fail, 2 inconclusive, 3 error (the module
 * too), 64 bad usage. Never exits; blocks for at most the probe's --timeout (plus the prompt). */
int aod_probe_cmd(int argc, char **argv);

#endif
