/* tui/screen_question.c: a question with numbered choices. A digit picks at once; arrows or
 * j/k and Enter also work. */
#include "screen.h"

#include <stdio.h>

#include "loop.h"
#include "screen_chrome.h"

static void init(struct wz_state *st)
{
    (void)st;
}

static void draw(const struct wz_state *st)
{
    const struct aod_view *v = st->v;
    int room = st->lay.body.h - (int)v->n_choices - 4;
    int y = wz_draw_heading(st, v->title, v->text, room);
    wz_draw_choices(st, y, v->choices, v->n_choices);
}

static unsigned choose(struct wz_state *st, size_t i)
{
    struct aod_err err;
    aod_err_clear(&err);
    if (i >= st->v->n_choices)
        return REACT_NONE;
    if (aod_session_choose(st->s, i, AOD_SOURCE_USER, &err) != AOD_OK) {
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
        return REACT_REDRAW;
    }
    return REACT_STEP;
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    (void)key;
    if (req >= REQ_PICK1 && req <= REQ_PICK9)
        return choose(st, (size_t)(req - REQ_PICK1));
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_ENTER:
        return choose(st, st->sel);
    case REQ_CANCEL:
        return wz_no_cancel(st);
    case REQ_UP:
    case REQ_DOWN:
    case REQ_FIRST:
    case REQ_LAST:
        return wz_list_move(st, req, st->v->n_choices, 0);
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
        return wz_text_scroll(st, req, st->v->text);
    default:
        return wz_common(st, req);
    }
}

static const enum aod_request footer[] = {REQ_PICK1, REQ_DOWN, REQ_ENTER, REQ_BACK, REQ_TRAIL,
                                          REQ_FIND,  REQ_HELP, REQ_QUIT,  REQ_NONE};

const struct wz_screen_ops wz_screen_question = {
    .name = "question",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
