/* tui/graph_cmd.h: the `graph` subcommand. */
#ifndef AOD_TUI_GRAPH_CMD_H
#define AOD_TUI_GRAPH_CMD_H

/* argv holds the arguments after "graph": flow ids and --format dot|text. Writes the flows
 * (all of them without ids) to stdout; returns an exit code. */
int aod_graph_main(int argc, char **argv, const char *flows_opt);

#endif
