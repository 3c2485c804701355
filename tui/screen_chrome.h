/* tui/screen_chrome.h: what every screen draws with: text made safe (control characters and
 * malformed bytes become '?', and without UTF-8 every non-ASCII character does too), cut by
 * display width; the heading and numbered choices of a step; the header, trail, status line
 * and footer around the body; and the screen dump for tests. Draws into stdscr only; the loop
 * sends it to the terminal. */
#ifndef AOD_TUI_SCREEN_CHROME_H
#define AOD_TUI_SCREEN_CHROME_H

#include <stdbool.h>
#include <stddef.h>

#include "screen.h"

/* Draws s[0..len) at (y, x) in `role`, at most `w` cells, never splitting a character; returns
 * the cells used (0 for w <= 0). */
int wz_put(int y, int x, int w, const char *s, size_t len, enum wz_role role);
/* wz_put() of the NUL-terminated `s`. */
int wz_puts(int y, int x, int w, const char *s, enum wz_role role);
/* Word-wraps `s` into the rectangle rows y.. y+h-1 from line `skip`; returns the lines the
 * whole text needs (drawn or not). */
int wz_put_wrapped(int y, int x, int w, int h, size_t skip, const char *s, enum wz_role role);
/* The prompt shown before a command of shell `sh` ("PS> ", "$ ", ...): it tells the reader
 * which shell the line is for, and is never copied. */
const char *wz_shell_prompt(enum aod_shell sh);
/* One command whole: `prompt` then the command word-wrapped, its continuation rows indented
 * under the command, so a wrapped line never reads as a second command. Draws rows y..y+h-1;
 * returns the rows the whole command needs (drawn or not). */
int wz_put_command(int y, int x, int w, int h, const char *prompt, const char *cmd,
                   enum wz_role role);
/* Title and text at the top of the body, the text at most `max_h` rows (scrolled by
 * st->text_top and marked when it does not fit); returns the next free row. */
int wz_draw_heading(const struct wz_state *st, const char *title, const char *text, int max_h);
/* PgUp/PgDn on a step's text that did not fit (st->text_top); REACT_NONE when it cannot
 * move. */
unsigned wz_text_scroll(struct wz_state *st, enum aod_request req, const char *text);
/* "1. label" rows from row y, the selection (st->sel) marked by a glyph and a role. */
void wz_draw_choices(const struct wz_state *st, int y, const char *const *labels, size_t n);
/* Header, trail line or pane, status (or the confirm question) and footer of the screen on
 * show. */
void wz_draw_chrome(const struct wz_state *st);
/* The "terminal too small" notice, in place of everything. */
void wz_draw_too_small(const struct wz_state *st);
/* Writes the screen as text, then its attributes, then its colour pairs (one character per
 * cell) to `path`; false when it cannot be written. */
bool wz_dump_screen(const char *path);

#endif
