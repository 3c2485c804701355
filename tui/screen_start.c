/* tui/screen_start.c: the symptom list with type-to-search over titles, keywords, error codes
 * and event IDs, and pasted text (aod_catalog_search). Typing or pasting goes to the query;
 * arrows and Enter pick. What no flow takes goes through the start flow: never a dead end. */
#include "screen.h"

#include <string.h>

#include "aod/errcode.h"
#include "aod/paste.h"
#include "loop.h"
#include "screen_chrome.h"
#include "width.h"

#define CTRL(c)  ((c)&0x1f)
#define LIST_TOP 3 /* body rows above the list: prompt, query, blank */

static bool has_lead(const struct wz_state *st)
{
    return st->query_len > 0 && st->lead != LEAD_NONE;
}

/* Entries: the triage flow first (only with an empty query), or the search's lead (shown as
 * NULL), then the matches. */
static size_t n_entries(const struct wz_state *st)
{
    return st->n_found + (st->has_triage && st->query_len == 0 ? 1 : 0) + (has_lead(st) ? 1 : 0);
}

static bool is_lead(const struct wz_state *st, size_t i)
{
    return i == 0 && has_lead(st);
}

static const struct aod_flow *entry(const struct wz_state *st, size_t i)
{
    if (st->has_triage && st->query_len == 0) {
        if (i == 0)
            return aod_catalog_find(st->cat, "start");
        i--;
    }
    if (has_lead(st)) {
        if (i == 0)
            return NULL;
        i--;
    }
    return i < st->n_found ? st->found[i] : NULL;
}

static void search(struct wz_state *st)
{
    struct aod_paste paste;
    uint32_t code = 0;

    st->query[st->query_len] = '\0';
    st->n_found = aod_catalog_search(st->cat, st->query, st->found, WZ_FOUND_MAX);
    st->sel = 0;
    st->top = 0;
    st->lead = LEAD_NONE;
    if (st->query_len == 0 || !st->has_triage)
        return;
    aod_paste_scan(st->query, &paste);
    if (paste.needs_code) {
        st->lead = LEAD_ASK_CODE; /* event 20227 alone: which code? (even if a flow has 20227) */
    } else if (st->n_found == 0 && aod_driver_uncovered_code(st->cat, st->query, &code)) {
        st->lead = LEAD_NO_FLOW;
        st->lead_code = code;
    } else if (st->n_found == 0) {
        st->lead = LEAD_NOTHING;
    }
}

/* The lead's line and the summary under the list. */
static void lead_text(const struct wz_state *st, char *title, char *summary, size_t cap)
{
    char canon[16];

    switch (st->lead) {
    case LEAD_ASK_CODE:
        snprintf(title, cap, "Event 20227 carries an error code: say which one");
        snprintf(summary, cap,
                 "The event names no symptom by itself; the code at the end of its "
                 "message does (\"The error code returned on failure is N\").");
        return;
    case LEAD_NO_FLOW:
        aod_errcode_format(st->lead_code, canon, sizeof canon);
        snprintf(title, cap, "Error code %s: no guided check covers it yet", canon);
        snprintf(summary, cap,
                 "Enter shows the code's page: what it means, where it is logged, what to "
                 "collect, and the nearest guided check.");
        return;
    case LEAD_NOTHING:
    case LEAD_NONE:
        break;
    }
    snprintf(title, cap, "No guided check matches: see what to collect");
    snprintf(summary, cap,
             "No symptom matches. Backspace or Ctrl-U edits the search; Enter shows "
             "what to collect for any further diagnosis.");
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
    /* Longer than the field: it scrolls, the end (where typing goes) in view. */
    int fw = b->x + b->w - qx - 1;
    bool is_utf8 = wz_theme_is_utf8();
    size_t from = 0;
    while (from < st->query_len &&
           wz_text_width(st->query + from, st->query_len - from, is_utf8) > fw - 1) {
        from++;
        while (from < st->query_len && ((unsigned char)st->query[from] & 0xC0) == 0x80)
            from++;
    }
    x += wz_put(b->y + 1, x, fw, st->query + from, st->query_len - from, ROLE_INPUT);
    if (n == 0) {
        wz_puts(b->y + LIST_TOP, b->x + 1, b->w - 1,
                "No symptom matches. Backspace or Ctrl-U edits the search.", ROLE_WARN);
    }
    for (size_t i = st->top; i < n && (int)(i - st->top) < h; i++) {
        const struct aod_flow *f = entry(st, i);
        int y = b->y + LIST_TOP + (int)(i - st->top);
        bool is_sel = i == st->sel;
        char lead[160];
        char why[320];
        const char *title = st->has_triage && st->query_len == 0 && i == 0
                                ? "Not sure? Answer a few questions to find the symptom"
                            : f != NULL ? aod_flow_title(f)
                                        : "";
        if (is_lead(st, i)) {
            lead_text(st, lead, why, sizeof lead);
            title = lead;
        }
        wz_puts(y, b->x + 1, 2, is_sel ? g->mark : " ", ROLE_TEXT);
        wz_puts(y, b->x + 3, b->w - 4, title, is_sel ? ROLE_SELECTED : ROLE_TEXT);
    }
    const struct aod_flow *cur = entry(st, st->sel);
    if (is_lead(st, st->sel)) {
        char lead[160];
        char why[320];
        lead_text(st, lead, why, sizeof why);
        wz_put_wrapped(b->y + b->h - 3, b->x + 3, b->w - 4, 3, 0, why, ROLE_DIM);
    } else if (cur != NULL) {
        wz_put_wrapped(b->y + b->h - 3, b->x + 3, b->w - 4, 3, 0, aod_flow_summary(cur), ROLE_DIM);
    }
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
    } else if (key >= 0x20 && key <= 0xff && key != 0x7f) {
        size_t chars = 0;
        for (size_t i = 0; i < st->query_len; i++)
            chars += ((unsigned char)st->query[i] & 0xC0) != 0x80 ? 1 : 0;
        bool is_cont = (key & 0xC0) == 0x80;
        if (st->query_len + 1 >= WZ_QUERY_MAX || (!is_cont && chars >= WZ_QUERY_CHARS))
            return REACT_NONE;
        st->query[st->query_len++] = (char)key;
    } else {
        return REACT_NONE;
    }
    search(st);
    return REACT_REDRAW;
}

/* Finds the start flow's symptom question from its first step: the step itself, or what one of
 * its choices leads to (trying each, and going back). */
static bool walk_to_symptom(struct aod_session *s)
{
    const struct aod_view *v = aod_session_view(s, NULL);

    if (v == NULL)
        return false;
    if (v->kind == AOD_NODE_INPUT)
        return v->input_type == AOD_INPUT_SYMPTOM;
    if (v->kind != AOD_NODE_QUESTION)
        return false;
    size_t n = v->n_choices;
    for (size_t k = 0; k < n; k++) {
        if (aod_session_choose(s, k, AOD_SOURCE_USER, NULL) != AOD_OK)
            continue;
        v = aod_session_view(s, NULL);
        if (v != NULL && v->kind == AOD_NODE_INPUT && v->input_type == AOD_INPUT_SYMPTOM)
            return true;
        aod_session_back(s, NULL);
    }
    return false;
}

static unsigned through_start(struct wz_state *st)
{
    const struct aod_flow *start = aod_catalog_find(st->cat, "start");
    struct aod_err err;

    if (start == NULL) {
        wz_status(st, ROLE_FAIL, "[!] no start flow to take this search");
        return REACT_REDRAW;
    }
    unsigned react = wz_open_flow(st, start);
    if (!(react & REACT_STEP))
        return react;
    if (!walk_to_symptom(st->s)) {
        wz_status(st, ROLE_WARN, "[!] the start flow has no question that takes a symptom");
        return react;
    }
    aod_err_clear(&err);
    st->query[st->query_len] = '\0';
    if (aod_session_input(st->s, st->query, AOD_SOURCE_USER, &err) != AOD_OK)
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
    return react;
}

/* THE FRONT DOOR'S "CODE FOUND, NO FLOW" CASE: the search carries `code` and no flow covers
 * it. Enter on it shows the code's page first (screen_code.c); Enter there, with no nearer flow,
 * comes here: the start flow's not-covered outcome shows, with the code named in the status line
 * (and kept as the start flow's error_code fact). */
static unsigned code_without_flow(struct wz_state *st, uint32_t code)
{
    char canon[16];
    unsigned react = through_start(st);

    aod_errcode_format(code, canon, sizeof canon);
    if (st->s != NULL && aod_session_is_done(st->s) && st->status[0] == '\0')
        wz_status(st, ROLE_WARN, "[!] error code %s: no guided check covers it yet", canon);
    return react;
}

unsigned wz_start_lead(struct wz_state *st)
{
    if (st->lead == LEAD_NO_FLOW)
        return code_without_flow(st, st->lead_code);
    return through_start(st);
}

static unsigned take_lead(struct wz_state *st)
{
    if (st->s != NULL && aod_session_depth(st->s) > 0 && !aod_session_is_done(st->s)) {
        st->pending_flow = NULL;
        st->is_pending_lead = true;
        wz_screen_push(st, SCREEN_CONFIRM);
        return REACT_REDRAW;
    }
    return wz_start_lead(st);
}

static unsigned pick(struct wz_state *st)
{
    if (is_lead(st, st->sel) && st->lead == LEAD_NO_FLOW)
        return wz_code_page_open(st, st->lead_code);
    if (is_lead(st, st->sel))
        return take_lead(st);
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
    if (st->query_len == 0 && !st->is_pasting && (key == 'q' || key == '?'))
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
