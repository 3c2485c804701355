/* tui/screen_question.c: a question with numbered choices. A digit picks at once; arrows or
 * j/k and Enter also work. Also draws numbered lists for the probe screen's manual answers. */
#include "wizard_int.h"

#include <stdio.h>

#include "width.h"

int wz_draw_heading(const struct wz_state *st, const char *title, const char *text, int max_h)
{
    const struct wz_rect *b = &st->lay.body;
    int y = b->y;
    int n = wz_put_wrapped(y, b->x + 1, b->w - 2, 2, 0, title, ROLE_TITLE);
    y += n < 2 ? n : 2;
    if (text[0] == '\0' || max_h < 2)
        return y + 1;
    y++;
    int avail = max_h - 1;
    int total = (int)wz_wrap(text, b->w - 2, wz_theme_is_utf8(), NULL, 0);
    size_t top = st->text_top < (size_t)total ? st->text_top : 0;
    if (total - (int)top <= avail && top == 0) {
        wz_put_wrapped(y, b->x + 1, b->w - 2, avail, 0, text, ROLE_TEXT);
        return y + total + 1;
    }
    /* Too long for the room left: scroll it, and say so on its last row. */
    int shown = avail - 1 < total - (int)top ? avail - 1 : total - (int)top;
    char more[96];
    if (shown > 0) {
        wz_put_wrapped(y, b->x + 1, b->w - 2, shown, top, text, ROLE_TEXT);
        snprintf(more, sizeof more, "%s lines %zu-%zu of %d of this text: PgDn/PgUp scroll it",
                 wz_glyphs()->ellipsis, top + 1, top + (size_t)shown, total);
    } else {
        shown = 0;
        snprintf(more, sizeof more, "%s %d lines of explanation: PgDn/PgUp show them",
                 wz_glyphs()->ellipsis, total);
    }
    wz_puts(y + shown, b->x + 1, b->w - 2, more, ROLE_DIM);
    return y + shown + 2;
}

unsigned wz_text_scroll(struct wz_state *st, enum aod_request req, const char *text)
{
    size_t total = wz_wrap(text, st->lay.body.w - 2, wz_theme_is_utf8(), NULL, 0);
    size_t page = 4;
    if (req == REQ_PAGE_UP)
        st->text_top = st->text_top > page ? st->text_top - page : 0;
    else if (st->text_top + page < total)
        st->text_top += page;
    return REACT_REDRAW;
}

/* "1. label" rows; the selected one marked with a glyph and the selection role. */
void wz_draw_choices(const struct wz_state *st, int y, const char *const *labels, size_t n)
{
    const struct wz_rect *b = &st->lay.body;
    const struct wz_glyphs *g = wz_glyphs();

    for (size_t i = 0; i < n && y < b->y + b->h; i++, y++) {
        char num[24];
        bool is_sel = i == st->sel;
        snprintf(num, sizeof num, "%zu. ", i + 1);
        wz_puts(y, b->x + 1, 2, is_sel ? g->mark : " ", ROLE_TEXT);
        int x = b->x + 3 + wz_puts(y, b->x + 3, 4, num, ROLE_TEXT);
        wz_puts(y, x, b->x + b->w - x - 1, labels[i], is_sel ? ROLE_SELECTED : ROLE_TEXT);
    }
}

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
        return wz_go_back(st);
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

static const enum aod_request footer[] = {REQ_PICK1,  REQ_DOWN, REQ_ENTER, REQ_BACK, REQ_TRAIL,
                                          REQ_SEARCH, REQ_HELP, REQ_QUIT,  REQ_NONE};

const struct wz_screen_ops wz_screen_question = {
    .name = "question",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
