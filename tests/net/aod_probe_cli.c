/* tests/net/aod_probe_cli.c: runs the probe subcommand through the module table, the way the
 * main binary does, so the server tests do not depend on tui/main.c. */
#include <stdio.h>

#include "aod/probe.h"

int main(int argc, char **argv)
{
    const struct aod_probe_api *api = aod_probe_api();

    if (argc < 1)
        return 64;
    argv[0] = (char *)"probe";
    return api->cli(argc, argv);
}
