/* tui/term.h: the terminal: the only place that starts and ends curses, on a real terminal or
 * on a null display (AOD_NO_DISPLAY), and the signal handlers. */
#ifndef AOD_TUI_TERM_H
#define AOD_TUI_TERM_H

#include <stdbool.h>
#include <stdio.h>

#include "aod/status.h"

/* Starts curses on the terminal, or with AOD_NO_DISPLAY=1 on a null display sized from LINES
 * and COLUMNS (AOD_DISPLAY_LOG=FILE keeps its output), and installs the signal handlers.
 * Returns false with a message in err (may be NULL) when no terminal can be opened. */
bool wz_term_start(struct aod_err *err);
/* Ends curses and restores the terminal and the signal handlers; safe to call twice. */
void wz_term_end(void);
/* Nonzero once SIGINT, SIGTERM or SIGHUP arrived: the signal number. */
int wz_term_signal(void);
/* The stream curses writes to (OSC 52 goes there too); borrowed, NULL before start. */
FILE *wz_term_out(void);
/* Restores the terminal, prints `msg` and exits with AOD_EXIT_SOFTWARE (htop fail()). */
_Noreturn void wz_term_fatal(const char *msg);

#endif
