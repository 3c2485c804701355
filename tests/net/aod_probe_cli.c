/* tests/net/aod_probe_cli.c: runs the probe subcommand (tui/probe_cmd.c, through the probes
 * module named by AOD_PROBES_MODULE) the way the main binary does, so the server tests do not
 * depend on tui/main.c. */
#include "probe_cmd.h"

int main(int argc, char **argv)
{
    if (argc < 1)
        return 64;
    argv[0] = (char *)"probe";
    return aod_probe_cmd(argc, argv);
}
