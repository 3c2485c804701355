/* tui/explain_cmd.h: the `explain` subcommand. */
#ifndef AOD_TUI_EXPLAIN_CMD_H
#define AOD_TUI_EXPLAIN_CMD_H

/* argv holds the arguments after "explain": codes in any form, symbols or names, and --json.
 * Prints the page of each; returns 0 when every one is known, 1 when one is not, 64 for bad
 * usage, 65 when the dictionary cannot be loaded. */
int aod_explain_main(int argc, char **argv, const char *flows_opt);

#endif
