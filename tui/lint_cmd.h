/* tui/lint_cmd.h: the `lint` subcommand. */
#ifndef AOD_TUI_LINT_CMD_H
#define AOD_TUI_LINT_CMD_H

/* argv holds the FILE and DIR arguments after "lint" (argc may be 0: the default flows).
 * Prints problems to stdout as file:line:col: message; returns 0 when clean, 1 otherwise. */
int aod_lint_main(int argc, char **argv, const char *flows_opt);

#endif
