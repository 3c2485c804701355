/* tui/wizard.h: the full-screen ncursesw wizard. The only entry point the rest of the program
 * sees; everything curses stays behind it. */
#ifndef AOD_TUI_WIZARD_H
#define AOD_TUI_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "aod/flow.h"
#include "aod/session.h"

struct aod_wizard_opts {
    const char *flow; /* open this flow; NULL starts at the symptom list */
    char **facts;     /* "NAME=VALUE" presets applied to every session the wizard opens */
    size_t n_facts;
    bool is_mono;          /* --mono: no colour (NO_COLOR and !has_colors() do the same) */
    bool is_ascii;         /* --ascii: ASCII glyphs (also when the locale is not UTF-8) */
    bool no_probes;        /* --no-probes: never test live, always ask */
    int timeout_ms;        /* time limit of each live probe */
    const char *flows_dir; /* the flows folder, for its code dictionary (may be NULL) */
    long max_steps;        /* --max-steps: end the loop after this many iterations; 0: no limit */
};

/* Runs the wizard on the terminal (or, with AOD_NO_DISPLAY=1 in the environment, on a null
 * display sized from LINES and COLUMNS; AOD_SCRIPT=<file> then feeds the keys).
 * `cat` must be checked and outlive the call. `*sessionp` may hold a session to start in (it is
 * taken over) or NULL; on return it holds the last session, owned by the caller, or NULL.
 * Presets in `o` must already be known good (they are applied silently). Restores the terminal
 * before returning, also on SIGINT, SIGTERM and SIGHUP (then it exits with 128 + signal).
 * Returns an AOD_EXIT_* code: OK at a conclusion, INCOMPLETE when quit before one, SOFTWARE
 * when the terminal cannot be set up or memory runs out. Blocks until the user quits. */
int aod_wizard_run(struct aod_catalog *cat, const struct aod_wizard_opts *o,
                   struct aod_session **sessionp);

#endif
