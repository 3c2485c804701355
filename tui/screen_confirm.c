/* tui/screen_confirm.c: a yes/no question in the status line over the screen below it (quit, or
 * leave this session for another flow). It draws no body of its own: the one below shows. */
#include "screen.h"

#include "loop.h"

#define KEY_ESC 27

static void init(struct wz_state *st)
{
    (void)st;
}

static void draw(const struct wz_state *st)
{
    (void)st;
}

/* Keys come raw: y or n, whatever the key table says; every other key waits. */
static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    const struct aod_flow *pending = st->pending_flow;

    (void)req;
    if (key == 'y' || key == 'Y') {
        wz_screen_pop(st);
        st->pending_flow = NULL;
        if (st->is_pending_lead) {
            st->is_pending_lead = false;
            return wz_start_lead(st);
        }
        if (pending == NULL)
            return REACT_QUIT;
        return wz_open_flow(st, pending);
    }
    if (key == 'n' || key == 'N' || key == KEY_ESC || key == 'q') {
        st->pending_flow = NULL;
        st->is_pending_lead = false;
        return wz_screen_pop(st);
    }
    return REACT_NONE;
}

static const enum aod_request footer[] = {REQ_NONE};

const struct wz_screen_ops wz_screen_confirm = {
    .name = "confirm",
    .is_text_entry = true,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
