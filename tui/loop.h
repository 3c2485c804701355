/* tui/loop.h: the wizard's one loop (aod_wizard_run() in wizard.h) and the session moves that
 * screens ask it for. Screens call these from handle(); they change state and never paint. */
#ifndef AOD_TUI_LOOP_H
#define AOD_TUI_LOOP_H

#include <stddef.h>

#include "screen.h"

/* Sets the status line (cut to WZ_STATUS_MAX - 1 bytes); it is cleared on the next key. */
void wz_status(struct wz_state *st, enum wz_role role, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Opens a new session on flow `f` (the --fact presets applied), replacing the current one; on
 * failure the status line says why and the current session stays. */
unsigned wz_open_flow(struct wz_state *st, const struct aod_flow *f);
/* Goes back one step; at the first step of a flow, back to the symptom list. */
unsigned wz_go_back(struct wz_state *st);
/* Esc where there is nothing to cancel: Esc never goes back; the status line says what does. */
unsigned wz_no_cancel(struct wz_state *st);
/* Handles requests every screen shares (help, trail, search, quit, redraw, back); REACT_NONE
 * for any other. */
unsigned wz_common(struct wz_state *st, enum aod_request req);
/* Runs the current probe step's live tests again (the firewall was just opened): drops what
 * the last run gave, and the outcomes already taken from it at this step. */
unsigned wz_probe_retest(struct wz_state *st);
/* Rows of a numbered list of `n` in the body, `h` rows high (0: no scrolling): moves the
 * selection for UP/DOWN/FIRST/LAST/PAGE and keeps it visible; REACT_NONE when it stays. */
unsigned wz_list_move(struct wz_state *st, enum aod_request req, size_t n, int h);

#endif
