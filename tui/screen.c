/* tui/screen.c: the screen ops tables by screen, and the screen stack: overlays push over the
 * session's screen and pop back to the same place. No drawing and no session moves here. */
#include "screen.h"

static const struct wz_screen_ops *const all_screens[SCREEN_COUNT] = {
    [SCREEN_START] = &wz_screen_start,
    [SCREEN_QUESTION] = &wz_screen_question,
    [SCREEN_INPUT] = &wz_screen_input,
    [SCREEN_PROBE] = &wz_screen_probe,
    [SCREEN_CONCLUSION] = &wz_screen_conclusion,
    [SCREEN_TRAIL] = &wz_screen_trail,
    [SCREEN_HELP] = &wz_screen_help,
    [SCREEN_CODE] = &wz_screen_code,
    [SCREEN_EVIDENCE] = &wz_screen_evidence,
    [SCREEN_CONFIRM] = &wz_screen_confirm,
};

const struct wz_screen_ops *wz_screen_ops_of(enum wz_screen sc)
{
    return all_screens[(size_t)sc < SCREEN_COUNT ? sc : SCREEN_START];
}

enum wz_screen wz_screen_shown(const struct wz_state *st)
{
    if (st->screen == SCREEN_CONFIRM && st->n_under > 0)
        return st->under[st->n_under - 1].screen;
    return st->screen;
}

void wz_screen_push(struct wz_state *st, enum wz_screen sc)
{
    /* Four levels at most (session, trail or search, help, confirm): full means a bug, and
     * replacing the top keeps the way back to the session's screen. */
    if (st->n_under < WZ_STACK_MAX) {
        struct wz_frame *f = &st->under[st->n_under++];
        f->screen = st->screen;
        f->sel = st->sel;
        f->top = st->top;
    }
    st->screen = sc;
}

unsigned wz_screen_pop(struct wz_state *st)
{
    if (st->n_under == 0)
        return REACT_NONE;
    const struct wz_frame *f = &st->under[--st->n_under];
    st->screen = f->screen;
    st->sel = f->sel;
    st->top = f->top;
    return REACT_REDRAW;
}

void wz_screen_reset(struct wz_state *st, enum wz_screen sc)
{
    st->n_under = 0;
    st->screen = sc;
}
