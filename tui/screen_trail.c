/* tui/screen_trail.c: the answers so far, oldest first; picking one goes back to that step
 * (aod_session_goto) with every later answer undone. */
#include "screen.h"

#include <stdio.h>
#include <string.h>

#include "loop.h"
#include "screen_chrome.h"

static void init(struct wz_state *st)
{
    size_t depth = aod_session_depth(st->s);
    st->sel = depth > 0 ? depth - 1 : 0;
    st->top = 0;
}

static int list_h(const struct wz_state *st)
{
    return st->lay.body.h - 6; /* heading, and the selected step's whole answer below */
}

static void draw(const struct wz_state *st)
{
    const struct wz_rect *b = &st->lay.body;
    const struct wz_glyphs *g = wz_glyphs();
    size_t depth = aod_session_depth(st->s);
    int h = list_h(st);
    size_t top = st->sel >= (size_t)h ? st->sel - (size_t)h + 1 : 0;

    wz_puts(b->y, b->x + 1, b->w - 2, "Answers so far: pick a step to answer it again.",
            ROLE_TITLE);
    for (size_t i = top; i < depth && (int)(i - top) < h; i++) {
        const struct aod_trail_step *t = aod_session_step(st->s, i);
        int y = b->y + 2 + (int)(i - top);
        bool is_sel = i == st->sel;
        char num[24];
        snprintf(num, sizeof num, "%zu. ", i + 1);
        wz_puts(y, b->x + 1, 2, is_sel ? g->mark : " ", ROLE_TEXT);
        int x = b->x + 3 + wz_puts(y, b->x + 3, 5, num, ROLE_KEY);
        x += wz_puts(y, x, (b->w - x) / 2, t->title, is_sel ? ROLE_SELECTED : ROLE_TEXT);
        x += wz_puts(y, x, 3, ": ", ROLE_DIM);
        const char *nl = strchr(t->answer, '\n');
        wz_put(y, x, b->x + b->w - x - 1, t->answer,
               nl != NULL ? (size_t)(nl - t->answer) : strlen(t->answer), ROLE_TITLE);
    }
    if (st->sel < depth) {
        const struct aod_trail_step *t = aod_session_step(st->s, st->sel);
        wz_put_wrapped(b->y + b->h - 3, b->x + 3, b->w - 4, 3, 0, t->answer, ROLE_DIM);
    }
}

static unsigned go(struct wz_state *st, size_t i)
{
    struct aod_err err;
    aod_err_clear(&err);
    if (i >= aod_session_depth(st->s))
        return REACT_NONE;
    if (aod_session_goto(st->s, i, &err) != AOD_OK) {
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
        return REACT_REDRAW;
    }
    st->seen_node = NULL; /* the step is answered afresh, even when it is the current node */
    return REACT_STEP;
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    (void)key;
    if (req >= REQ_PICK1 && req <= REQ_PICK9)
        return go(st, (size_t)(req - REQ_PICK1));
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_ENTER:
        return go(st, st->sel);
    case REQ_CANCEL:
    case REQ_BACK:
    case REQ_TRAIL:
        return wz_screen_pop(st);
    case REQ_UP:
    case REQ_DOWN:
    case REQ_FIRST:
    case REQ_LAST:
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
        return wz_list_move(st, req, aod_session_depth(st->s), 0);
    default:
        return wz_common(st, req);
    }
}

static const enum aod_request footer[] = {REQ_PICK1, REQ_DOWN, REQ_ENTER, REQ_CANCEL,
                                          REQ_FIND,  REQ_HELP, REQ_QUIT,  REQ_NONE};

const struct wz_screen_ops wz_screen_trail = {
    .name = "trail",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
