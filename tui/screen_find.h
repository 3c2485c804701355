/* tui/screen_find.h: '/' finds text on the screen on show (less, tig): one shared piece that
 * the loop calls for every screen; screens only page themselves with PgDn/PgUp. */
#ifndef AOD_TUI_SCREEN_FIND_H
#define AOD_TUI_SCREEN_FIND_H

#include <stdbool.h>

#include "screen.h"

/* True for the requests find takes (/, n, N). */
bool wz_find_is_request(enum aod_request req);
/* REQ_FIND starts typing a pattern; REQ_FIND_NEXT/PREV go to the next or previous match,
 * paging the screen (its own PgDn/PgUp) when the match is beyond it; REQ_CANCEL clears the
 * pattern and the marks. Returns REACT_* flags. */
unsigned wz_find_request(struct wz_state *st, enum aod_request req);
/* A key while the pattern is typed: text, Backspace, Enter (find), Esc (cancel). */
unsigned wz_find_type(struct wz_state *st, int key);
/* After the screen drew: marks the matches in the body, or draws the prompt in the status line
 * with the cursor after it. */
void wz_find_draw(const struct wz_state *st);

#endif
