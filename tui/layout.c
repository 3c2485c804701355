/* tui/layout.c: the wizard's layout as a pure function of the terminal size (neomutt reflow).
 * No curses and no state: the loop calls it on start-up and on every resize. */
#include "layout.h"

#include <string.h>

static struct wz_rect rect(int y, int x, int h, int w)
{
    struct wz_rect r = {y, x, h, w};
    return r;
}

struct wz_layout wz_layout_compute(int rows, int cols)
{
    struct wz_layout l;

    memset(&l, 0, sizeof l);
    l.rows = rows;
    l.cols = cols;
    if (rows < WZ_MIN_ROWS || cols < WZ_MIN_COLS) {
        l.is_too_small = true;
        return l;
    }
    l.header = rect(0, 0, 1, cols);
    l.status = rect(rows - 2, 0, 1, cols);
    l.footer = rect(rows - 1, 0, 1, cols);
    int top = 1;
    int body_h = rows - 3;
    int body_w = cols;
    if (cols >= WZ_SIDE_MIN_COLS) {
        /* A third of the width, capped, plus one column for the separator line. */
        int side_w = cols / 3 > WZ_SIDE_MAX_W ? WZ_SIDE_MAX_W : cols / 3;
        body_w = cols - side_w - 1;
        l.side = rect(top, body_w + 1, body_h, side_w);
    } else if (rows >= WZ_FULL_ROWS - 1) {
        l.crumb = rect(top, 0, 1, cols);
        top++;
        body_h--;
    }
    /* One blank line under the header keeps the question apart from the trail; short
     * terminals drop it, then the trail line (still one key away: t), never the body. */
    int gap = rows >= WZ_FULL_ROWS || l.side.w > 0 ? 1 : 0;
    l.body = rect(top + gap, 0, body_h - gap, body_w);
    return l;
}
