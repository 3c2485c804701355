/* tui/screen_find.c: '/' finds text on the screen on show, as in less: type a pattern in the
 * status line, n and N go to the next and previous match, paging the screen when the match is
 * beyond it, Esc clears. Works on what a screen drew (stdscr), so every screen has it at once;
 * it moves a screen only through its own PgDn/PgUp. */
#include "screen_find.h"

#include <ctype.h>
#include <string.h>

#include "loop.h"
#include "screen_chrome.h"

#define PAGES_MAX 200 /* a screen that never stops paging is not searched for ever */

/* Row y of the body as lower-case ASCII, one byte a cell (other characters as 0x01). */
static int body_row(const struct wz_state *st, int y, char *out, int cap)
{
    const struct wz_rect *b = &st->lay.body;
    int n = 0;
    for (int x = b->x; x < b->x + b->w && n < cap - 1; x++) {
        cchar_t cc;
        wchar_t wch[CCHARW_MAX + 1];
        attr_t a;
        short p;
        char c = '\x01';
        if (mvwin_wch(stdscr, y, x, &cc) != ERR && getcchar(&cc, wch, &a, &p, NULL) != ERR &&
            wch[0] >= 0x20 && wch[0] < 0x7f)
            c = (char)tolower((int)wch[0]);
        out[n++] = c;
    }
    out[n] = '\0';
    return n;
}

/* The first match after (y, x) (dir > 0) or the last before it (dir < 0) in the body as drawn,
 * into *hy, *hx; false when there is none. (-1, -1) and (INT_MAX-ish) bound the whole body. */
static bool scan(const struct wz_state *st, int dir, int y, int x, int *hy, int *hx)
{
    const struct wz_rect *b = &st->lay.body;
    char row[1024];
    bool found = false;

    for (int r = b->y; r < b->y + b->h; r++) {
        int n = body_row(st, r, row, (int)sizeof row);
        for (int c = 0; c + (int)st->find.len <= n; c++) {
            if (memcmp(row + c, st->find.pat, st->find.len) != 0)
                continue;
            int cx = b->x + c;
            bool after = r > y || (r == y && cx > x);
            bool before = r < y || (r == y && cx < x);
            if (dir > 0 && after) {
                *hy = r;
                *hx = cx;
                return true;
            }
            if (dir < 0 && before) {
                *hy = r;
                *hx = cx;
                found = true; /* keep going: the last one before wins */
            }
        }
    }
    return found;
}

/* Draws the screen on show into stdscr without sending it to the terminal. */
static void draw_offscreen(const struct wz_state *st)
{
    werase(stdscr);
    wz_draw_chrome(st);
    wz_screen_ops_of(wz_screen_shown(st))->draw(st);
}

static unsigned go(struct wz_state *st, int dir)
{
    int hy = 0;
    int hx = 0;

    if (st->find.len == 0) {
        wz_status(st, ROLE_TEXT, "No pattern yet: / then the text to find.");
        return REACT_REDRAW;
    }
    draw_offscreen(st);
    int from_y = st->find.hit_y >= 0 ? st->find.hit_y : dir > 0 ? -1 : 1 << 20;
    int from_x = st->find.hit_y >= 0 ? st->find.hit_x : 0;
    if (scan(st, dir, from_y, from_x, &hy, &hx))
        goto found;
    /* Beyond this page: page the screen with its own PgDn/PgUp, as a user would. */
    size_t sel = st->sel;
    size_t top = st->top;
    size_t text_top = st->text_top;
    const struct wz_screen_ops *ops = wz_screen_ops_of(st->screen);
    for (int i = 0; i < PAGES_MAX; i++) {
        if (ops->handle(st, dir > 0 ? REQ_PAGE_DOWN : REQ_PAGE_UP, ERR) == REACT_NONE)
            break;
        draw_offscreen(st);
        if (scan(st, dir, dir > 0 ? -1 : 1 << 20, 0, &hy, &hx))
            goto found;
    }
    st->sel = sel;
    st->top = top;
    st->text_top = text_top;
    wz_status(st, ROLE_WARN, "\"%s\" not found %s on this screen.", st->find.pat,
              dir > 0 ? "further down" : "further up");
    return REACT_REDRAW;
found:
    st->find.hit_y = hy;
    st->find.hit_x = hx;
    return REACT_REDRAW;
}

bool wz_find_is_request(enum aod_request req)
{
    return req == REQ_FIND || req == REQ_FIND_NEXT || req == REQ_FIND_PREV;
}

unsigned wz_find_request(struct wz_state *st, enum aod_request req)
{
    if (req == REQ_FIND) {
        st->find.is_typing = true;
        st->find.len = 0;
        st->find.pat[0] = '\0';
        st->find.hit_y = -1;
        return REACT_REDRAW;
    }
    if (req == REQ_CANCEL) {
        st->find.len = 0;
        st->find.pat[0] = '\0';
        st->find.hit_y = -1;
        return REACT_REDRAW;
    }
    return go(st, req == REQ_FIND_PREV ? -1 : 1);
}

unsigned wz_find_type(struct wz_state *st, int key)
{
    struct wz_find *f = &st->find;

    if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        f->is_typing = false;
        f->hit_y = -1;
        return f->len > 0 ? go(st, 1) : REACT_REDRAW;
    }
    if (key == 27) { /* Esc: the search is cancelled, nothing found stays marked */
        f->is_typing = false;
        f->len = 0;
        f->pat[0] = '\0';
        return REACT_REDRAW;
    }
    if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        if (f->len == 0) {
            f->is_typing = false;
            return REACT_REDRAW;
        }
        f->pat[--f->len] = '\0';
        return REACT_REDRAW;
    }
    if (key >= 0x20 && key < 0x7f && f->len + 1 < sizeof f->pat) {
        f->pat[f->len++] = (char)tolower(key);
        f->pat[f->len] = '\0';
        return REACT_REDRAW;
    }
    return REACT_NONE;
}

void wz_find_draw(const struct wz_state *st)
{
    const struct wz_find *f = &st->find;
    const struct wz_rect *b = &st->lay.body;

    if (f->len > 0 && !f->is_typing) {
        char row[1024];
        for (int r = b->y; r < b->y + b->h; r++) {
            int n = body_row(st, r, row, (int)sizeof row);
            for (int c = 0; c + (int)f->len <= n; c++) {
                if (memcmp(row + c, f->pat, f->len) != 0)
                    continue;
                bool is_hit = r == f->hit_y && b->x + c == f->hit_x;
                mvwchgat(stdscr, r, b->x + c, (int)f->len, is_hit ? A_REVERSE | A_BOLD : A_REVERSE,
                         0, NULL);
            }
        }
    }
    if (f->is_typing) {
        const struct wz_rect *s = &st->lay.status;
        wattr_set(stdscr, A_NORMAL, 0, NULL);
        mvwhline(stdscr, s->y, s->x, ' ', s->w);
        int x = s->x + wz_puts(s->y, s->x, s->w, "Find on this screen: /", ROLE_KEY);
        x += wz_puts(s->y, x, s->x + s->w - x - 1, f->pat, ROLE_INPUT);
        wmove(stdscr, s->y, x);
    }
}
