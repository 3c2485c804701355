/* tui/screen_help.c: every key, generated from the request table and the key table (tig), so
 * the help and the footer can never disagree with what the keys do. */
#include "screen.h"

#include <stdio.h>

#include "loop.h"
#include "screen_chrome.h"

/* Keys of the line editor: text entry sees raw keys, so they are not requests. */
static const char *const editing[][2] = {
    {"Left/Right", "move the cursor while typing"},
    {"Home/End", "start or end of the line"},
    {"Backspace/Del", "delete before or under the cursor"},
    {"Ctrl-U", "clear the line (or the search)"},
};

#define N_EDITING (sizeof editing / sizeof editing[0])

static size_t n_rows(void)
{
    size_t n = 0;
    for (int r = REQ_NONE + 1; r < REQ_COUNT; r++)
        n += wz_request_word((enum aod_request)r)[0] != '\0' || r == REQ_UP;
    return n + N_EDITING;
}

static void init(struct wz_state *st)
{
    (void)st;
}

static void draw(const struct wz_state *st)
{
    const struct wz_rect *b = &st->lay.body;
    int h = b->h - 2;
    size_t row = 0;
    int y = b->y + 2;

    wz_puts(b->y, b->x + 1, b->w - 2, "Keys (Esc or ? closes this help)", ROLE_TITLE);
    for (int r = REQ_NONE + 1; r < REQ_COUNT && y < b->y + 2 + h; r++) {
        enum aod_request q = (enum aod_request)r;
        if (wz_request_word(q)[0] == '\0' && q != REQ_UP)
            continue;
        if (row++ < st->top)
            continue;
        char keys[64];
        wz_key_labels(q, false, 6, keys, sizeof keys);
        wz_puts(y, b->x + 2, 22, keys, ROLE_KEY);
        wz_puts(y++, b->x + 24, b->w - 25, wz_request_help(q), ROLE_TEXT);
    }
    for (size_t i = 0; i < N_EDITING && y < b->y + 2 + h; i++) {
        if (row++ < st->top)
            continue;
        wz_puts(y, b->x + 2, 22, editing[i][0], ROLE_KEY);
        wz_puts(y++, b->x + 24, b->w - 25, editing[i][1], ROLE_TEXT);
    }
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    size_t n = n_rows();
    size_t h = st->lay.body.h > 3 ? (size_t)st->lay.body.h - 2 : 1;
    (void)key;
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_DOWN:
    case REQ_PAGE_DOWN:
        st->top += req == REQ_DOWN ? 1 : h - 1;
        if (st->top + h > n)
            st->top = n > h ? n - h : 0;
        return REACT_REDRAW;
    case REQ_UP:
    case REQ_PAGE_UP: {
        size_t d = req == REQ_UP ? 1 : h - 1;
        st->top = st->top > d ? st->top - d : 0;
        return REACT_REDRAW;
    }
    case REQ_REDRAW:
    case REQ_QUIT: /* q quits everywhere, help too */
        if (req == REQ_QUIT)
            wz_screen_pop(st);
        return wz_common(st, req);
    case REQ_TICK: /* running probes tick the loop; help stays open over them */
        return REACT_NONE;
    default:
        /* Any other key closes help; the screen under it keeps its place. */
        return wz_screen_pop(st);
    }
}

static const enum aod_request footer[] = {REQ_DOWN, REQ_CANCEL, REQ_FIND, REQ_QUIT, REQ_NONE};

const struct wz_screen_ops wz_screen_help = {
    .name = "help",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
