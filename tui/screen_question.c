/* tui/screen_question.c: a question with numbered choices. A digit picks at once; arrows or
 * j/k and Enter also work. */
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aod/buf.h"
#include "loop.h"
#include "osc52.h"
#include "screen_chrome.h"
#include "term.h"

static void init(struct wz_state *st)
{
    (void)st;
}

/* Rows the question's commands take at width w: a label, each command whole, a blank row. */
static int cmd_rows(const struct aod_view_cmds *c, int w)
{
    int n = c->n_commands > 0 ? 2 : 0;
    for (size_t i = 0; i < c->n_commands; i++)
        n += wz_put_command(0, 0, w, 0, wz_shell_prompt(c->shell), c->commands[i], ROLE_CMD);
    return n;
}

static void draw(const struct wz_state *st)
{
    const struct aod_view *v = st->v;
    const struct aod_view_cmds *c = &v->commands;
    const struct wz_rect *b = &st->lay.body;
    int n_cmd = cmd_rows(c, b->w - 2);
    int room = b->h - (int)v->n_choices - 4 - n_cmd;
    int y = wz_draw_heading(st, v->title, v->text, room);
    if (c->n_commands > 0) {
        /* The command that answers the question, whole and on its own lines: y copies it. */
        char label[128];
        snprintf(label, sizeof label, "Run on %s (%s), y copies:", aod_where_label(c->where),
                 aod_shell_label(c->shell));
        wz_puts(y++, b->x, b->w, label, ROLE_DIM);
        for (size_t i = 0; i < c->n_commands; i++)
            y += wz_put_command(y, b->x + 2, b->w - 2, b->y + b->h - y, wz_shell_prompt(c->shell),
                                c->commands[i], ROLE_CMD);
        y++;
    }
    wz_draw_choices(st, y, v->choices, v->n_choices);
}

static unsigned copy(struct wz_state *st)
{
    const struct aod_view_cmds *c = &st->v->commands;
    struct aod_buf b;
    if (c->n_commands == 0) {
        wz_status(st, ROLE_WARN, "[!] This question has no command to copy.");
        return REACT_REDRAW;
    }
    aod_buf_init(&b, SIZE_MAX);
    for (size_t i = 0; i < c->n_commands; i++) {
        aod_buf_puts(&b, c->commands[i]);
        if (i + 1 < c->n_commands)
            aod_buf_puts(&b, "\n");
    }
    if (aod_buf_failed(&b))
        wz_term_fatal("out of memory");
    if (wz_osc52_copy(wz_term_out(), b.p))
        wz_status(st, ROLE_OK, "Copied the command to run on %s (OSC 52).",
                  aod_where_label(c->where));
    else
        wz_status(st, ROLE_WARN, "[!] Too long for the clipboard.");
    aod_buf_free(&b);
    return REACT_REDRAW;
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
    case REQ_COPY:
        return copy(st);
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
/* A question that carries its command: y copies it, so the footer says so. */
static const enum aod_request footer_cmd[] = {REQ_PICK1, REQ_ENTER, REQ_COPY, REQ_BACK, REQ_TRAIL,
                                              REQ_FIND,  REQ_HELP,  REQ_QUIT, REQ_NONE};

static const enum aod_request *footer_of(const struct wz_state *st)
{
    return st->v->commands.n_commands > 0 ? footer_cmd : footer;
}

const struct wz_screen_ops wz_screen_question = {
    .name = "question",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
    .footer_of = footer_of,
};
