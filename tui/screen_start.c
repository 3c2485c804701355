/* tui/screen_start.c: the symptom list with type-to-search over titles, keywords, error codes
 * and event IDs (aod_catalog_search). Typing goes to the query; arrows and Enter pick. */
#include "screen.h"

#include <string.h>

#include "loop.h"
#include "screen_chrome.h"

#define CTRL(c)  ((c)&0x1f)
#define LIST_TOP 3 /* body rows above the list: prompt, query, blank */

/* Entries: the triage flow first (only with an empty query), then the matches. */
static size_t n_entries(const struct wz_state *st)
{
    return st->n_found + (st->has_triage && st->query_len == 0 ? 1 : 0);
}

static const struct aod_flow *entry(const struct wz_state *st, size_t i)
{
    if (st->has_triage && st->query_len == 0) {
        if (i == 0)
            return aod_catalog_find(st->cat, "start");
        i--;
    }
    return i < st->n_found ? st->found[i] : NULL;
}

static void search(struct wz_state *st)
{
    st->query[st->query_len] = '\0';
    st->n_found = aod_catalog_search(st->cat, st->query, st->found, WZ_FOUND_MAX);
    st->sel = 0;
    st->top = 0;
}

static void init(struct wz_state *st)
{
    search(st);
}

static int list_height(const struct wz_state *st)
{
    return st->lay.body.h - LIST_TOP - 4; /* the summary of the selection sits below */
}

static void draw(const struct wz_state *st)
{
    const struct wz_rect *b = &st->lay.body;
    const struct wz_glyphs *g = wz_glyphs();
    int h = list_height(st);
    size_t n = n_entries(st);

    wz_puts(b->y, b->x + 1, b->w - 1,
            "What goes wrong? Type words, an error code or an event ID, then Enter.", ROLE_TITLE);
    int x = b->x + 1 + wz_puts(b->y + 1, b->x + 1, b->w - 1, "Search: ", ROLE_KEY);
    int qx = x;
    x += wz_put(b->y + 1, x, b->w - x, st->query, st->query_len, ROLE_INPUT);
    if (n == 0) {
        wz_puts(b->y + LIST_TOP, b->x + 1, b->w - 1,
                "No symptom matches. Backspace or Ctrl-U edits the search.", ROLE_WARN);
    }
    for (size_t i = st->top; i < n && (int)(i - st->top) < h; i++) {
        const struct aod_flow *f = entry(st, i);
        int y = b->y + LIST_TOP + (int)(i - st->top);
        bool is_sel = i == st->sel;
        const char *title = st->has_triage && st->query_len == 0 && i == 0
                                ? "Not sure? Answer a few questions to find the symptom"
                                : aod_flow_title(f);
        wz_puts(y, b->x + 1, 2, is_sel ? g->mark : " ", ROLE_TEXT);
        wz_puts(y, b->x + 3, b->w - 4, title, is_sel ? ROLE_SELECTED : ROLE_TEXT);
    }
    const struct aod_flow *cur = entry(st, st->sel);
    if (cur != NULL)
        wz_put_wrapped(b->y + b->h - 3, b->x + 3, b->w - 4, 3, 0, aod_flow_summary(cur), ROLE_DIM);
    wmove(stdscr, b->y + 1, x > qx ? x : qx);
}

static unsigned edit(struct wz_state *st, int key)
{
    if (key == KEY_BACKSPACE || key == 127 || key == CTRL('h')) {
        if (st->query_len == 0)
            return REACT_NONE;
        do
            st->query_len--;
        while (st->query_len > 0 && ((unsigned char)st->query[st->query_len] & 0xC0) == 0x80);
    } else if (key == CTRL('u')) {
        st->query_len = 0;
    } else if (key >= 0x20 && key <= 0xff && key != 0x7f && st->query_len + 1 < WZ_QUERY_MAX) {
        st->query[st->query_len++] = (char)key;
    } else {
        return REACT_NONE;
    }
    search(st);
    return REACT_REDRAW;
}

static unsigned pick(struct wz_state *st)
{
    const struct aod_flow *f = entry(st, st->sel);
    if (f == NULL)
        return REACT_NONE;
    if (st->s != NULL && aod_session_depth(st->s) > 0 && !aod_session_is_done(st->s)) {
        st->pending_flow = f;
        wz_screen_push(st, SCREEN_CONFIRM);
        return REACT_REDRAW;
    }
    return wz_open_flow(st, f);
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_ENTER:
        return pick(st);
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
        return wz_list_move(st, req, n_entries(st), list_height(st));
    case REQ_CANCEL:
        if (st->query_len > 0)
            return edit(st, CTRL('u'));
        if (st->s != NULL) /* came here with '/': back to the session */
            return wz_screen_pop(st);
        return REACT_QUIT;
    case REQ_HELP:
    case REQ_REDRAW:
    case REQ_QUIT:
    case REQ_TRAIL:
        return wz_common(st, req);
    default:
        break;
    }
    /* An empty query leaves q and ? their usual meaning; otherwise they are text. */
    if (st->query_len == 0 && (key == 'q' || key == '?'))
        return wz_common(st, key == 'q' ? REQ_QUIT : REQ_HELP);
    return edit(st, key);
}

static const enum aod_request footer[] = {REQ_ENTER,  REQ_DOWN, REQ_HELP,
                                          REQ_CANCEL, REQ_QUIT, REQ_NONE};

const struct wz_screen_ops wz_screen_start = {
    .name = "start",
    .is_text_entry = true,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
