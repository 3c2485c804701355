/* tui/layout.h: where each part of the wizard goes, as a pure function of the terminal size.
 * No curses: unit-tested on its own (tests/tui/test_layout.c). */
#ifndef AOD_TUI_LAYOUT_H
#define AOD_TUI_LAYOUT_H

#include <stdbool.h>

#define WZ_MIN_ROWS      22 /* tmux and screen take a status line from 80x24 */
#define WZ_FULL_ROWS     24 /* below this, chrome gives way first: the blank line, the trail line */
#define WZ_MIN_COLS      80
#define WZ_SIDE_MIN_COLS 120 /* from this width the trail gets a pane of its own */
#define WZ_SIDE_MAX_W    44

/* A rectangle in screen cells; h == 0 or w == 0 means "not shown". */
struct wz_rect {
    int y;
    int x;
    int h;
    int w;
};

struct wz_layout {
    int rows;
    int cols;
    bool is_too_small;     /* below WZ_MIN_ROWS x WZ_MIN_COLS: every rect is empty */
    struct wz_rect header; /* one line: product, flow title, step number */
    struct wz_rect crumb;  /* one line: the last answers; empty when `side` is shown */
    struct wz_rect body;   /* the current screen */
    struct wz_rect side;   /* the trail, from WZ_SIDE_MIN_COLS columns */
    struct wz_rect status; /* one line: messages, validation, prompts */
    struct wz_rect footer; /* one line: key hints */
};

/* Computes the layout of a rows x cols terminal. Rectangles never overlap and always lie
 * inside the terminal; negative sizes count as too small. */
struct wz_layout wz_layout_compute(int rows, int cols);

#endif
