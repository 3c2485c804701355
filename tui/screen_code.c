/* tui/screen_code.c: the code dictionary's page for a code the search found and no flow covers
 * (meaning, where it is logged, what to collect, the nearest flow), scrollable, over the search.
 * Commands in it stand on rows of their own, never changed (a long one continues on the next
 * row behind a marker) and y copies them exactly. Loads the dictionary only when the page
 * opens. */
#include "screen.h"

#include <stdlib.h>
#include <string.h>

#include "aod/buf.h"
#include "aod/errcode.h"
#include "code_page.h"
#include "loop.h"
#include "osc52.h"
#include "screen_chrome.h"
#include "term.h"
#include "width.h"

#define ROWS_CAP 512
#define ROWS_TOP 2 /* the title and a blank row above the page */
#define ROWS_BOT 2 /* a blank row and what Enter does below it */

/* One row of the page: page[off .. off+len) drawn at `indent`; a command's rows also know the
 * whole command (for y), and every row but its last ends in the continuation marker. */
struct row {
    size_t off;
    size_t len;
    int indent;
    enum wz_role role;
    bool is_cont;
    size_t cmd_off; /* the whole command, for a command's rows */
    size_t cmd_len;
};

struct rows {
    struct row r[ROWS_CAP];
    size_t n;
};

static int cells(const char *s, size_t n)
{
    return wz_text_width(s, n, wz_theme_is_utf8());
}

static void add(struct rows *rs, size_t off, size_t len, int indent, enum wz_role role,
                bool is_cont, size_t cmd_off, size_t cmd_len_)
{
    if (rs->n >= ROWS_CAP)
        return;
    struct row *r = &rs->r[rs->n++];
    r->off = off;
    r->len = len;
    r->indent = indent;
    r->role = role;
    r->is_cont = is_cont;
    r->cmd_off = cmd_off;
    r->cmd_len = cmd_len_;
}

/* A command of page[off .. off+n) at `indent`, `w` cells wide: whole on one row, or cut into
 * rows (at a blank when one fits, by characters otherwise) that end in the marker. */
static void add_cmd(struct rows *rs, const char *page, size_t off, size_t n, int indent, int w)
{
    int room = w - indent - 2;
    size_t at = off;
    if (room < 8)
        room = 8;
    while (at < off + n) {
        size_t left = off + n - at;
        int used = 0;
        size_t fit = wz_text_fit(page + at, left, room, wz_theme_is_utf8(), &used);
        if (fit == 0)
            fit = 1;
        if (fit < left) {
            size_t sp = fit;
            while (sp > 0 && page[at + sp] != ' ')
                sp--;
            if (sp > 0)
                fit = sp + 1; /* the blank stays at the row's end: copying needs nothing else */
        }
        add(rs, at, fit, indent, ROLE_CMD, fit < left, off, n);
        at += fit;
    }
}

/* The indent of a command's own line in aod_code_page_text: deeper than any prose, which is a
 * title (none), a "  Label    value" line or a collect item ("           - text"). */
#define CMD_INDENT 15

/* Lays the page out for `w` cells. aod_code_page_text, called wide enough that no prose wraps,
 * puts every command on a line of its own at CMD_INDENT: those lines are commands, whole, and
 * nothing else is; prose is wrapped under its value's column. */
static void lay_out(const char *page, int w, struct rows *rs)
{
    rs->n = 0;
    for (size_t ls = 0; page[ls] != '\0';) {
        size_t le = ls;
        while (page[le] != '\0' && page[le] != '\n')
            le++;
        size_t v = ls;
        while (v < le && page[v] == ' ')
            v++;
        if (v - ls == CMD_INDENT && v < le) {
            add_cmd(rs, page, v, le - v, 12, w);
            ls = page[le] == '\n' ? le + 1 : le;
            continue;
        }
        bool is_title = v == ls;
        if (!is_title) { /* past the label (or the item's dash) and the blanks after it */
            size_t p = v;
            while (p < le && page[p] != ' ')
                p++;
            while (p < le && page[p] == ' ')
                p++;
            if (p < le)
                v = p;
        }
        int hang = is_title ? 2 : cells(page + ls, v - ls);
        enum wz_role role = is_title ? ROLE_TITLE : ROLE_TEXT;
        size_t row = ls;    /* the current row runs from here */
        size_t row_end = v; /* to here */
        int row_indent = 0;
        for (size_t i = v; i < le;) {
            while (i < le && page[i] == ' ')
                i++;
            if (i >= le)
                break;
            size_t j = i;
            while (j < le && page[j] != ' ')
                j++;
            int now = row_indent + cells(page + row, j - row);
            if (now > w - 1 && row_end > row) {
                add(rs, row, row_end - row, row_indent, role, false, 0, 0);
                row = i;
                row_indent = hang;
            }
            row_end = j;
            i = j;
        }
        if (row_end > row || ls == le)
            add(rs, row, row_end - row, row_indent, role, false, 0, 0);
        ls = page[le] == '\n' ? le + 1 : le;
    }
}

static size_t rows_h(const struct wz_state *st)
{
    int h = st->lay.body.h - ROWS_TOP - ROWS_BOT;
    return h > 1 ? (size_t)h : 1;
}

static struct rows laid; /* about 24 KB: laid out again for each key and draw (tiny page) */

static void init(struct wz_state *st)
{
    st->top = 0;
    st->sel = 0;
}

static void enter_text(const struct wz_state *st, char *buf, size_t cap)
{
    if (st->code_flow != NULL)
        snprintf(buf, cap, "Enter opens the nearest guided check: %s",
                 aod_flow_title(st->code_flow));
    else
        snprintf(buf, cap, "Enter shows what to collect for a code no guided check covers.");
}

static void draw(const struct wz_state *st)
{
    const struct wz_rect *b = &st->lay.body;
    char canon[16];
    char title[96];
    char enter[256];
    const char *mark = wz_theme_is_utf8() ? "\xe2\x86\xb5" : "\\";

    lay_out(st->code_page, b->w - 1, &laid);
    aod_errcode_format(st->code_page_code, canon, sizeof canon);
    snprintf(title, sizeof title, "Error code %s: the code dictionary's page", canon);
    wz_puts(b->y, b->x + 1, b->w - 2, title, ROLE_TITLE);
    size_t h = rows_h(st);
    for (size_t i = st->top; i < laid.n && i - st->top < h; i++) {
        const struct row *r = &laid.r[i];
        int y = b->y + ROWS_TOP + (int)(i - st->top);
        int x = b->x + 1 + r->indent;
        x += wz_put(y, x, b->x + b->w - x, st->code_page + r->off, r->len, r->role);
        if (r->is_cont)
            wz_puts(y, x, 1, mark, ROLE_DIM);
    }
    if (st->top + h < laid.n)
        wz_puts(b->y + ROWS_TOP + (int)h, b->x + b->w - 14, 13, "(more below)", ROLE_DIM);
    enter_text(st, enter, sizeof enter);
    wz_put_wrapped(b->y + b->h - 1, b->x + 1, b->w - 2, 1, 0, enter, ROLE_DIM);
}

static unsigned scroll_page(struct wz_state *st, enum aod_request req)
{
    size_t h = rows_h(st);
    size_t top = st->top;
    size_t max = laid.n > h ? laid.n - h : 0;
    size_t d = req == REQ_UP || req == REQ_DOWN ? 1 : h > 1 ? h - 1 : 1;

    if (req == REQ_DOWN || req == REQ_PAGE_DOWN)
        st->top = st->top + d < max ? st->top + d : max;
    else if (req == REQ_UP || req == REQ_PAGE_UP)
        st->top = st->top > d ? st->top - d : 0;
    else
        st->top = req == REQ_LAST ? max : 0;
    return st->top != top ? REACT_REDRAW : REACT_NONE;
}

/* y: the first command shown (from the top row down), or the first of the page; Y: all. */
static unsigned copy(struct wz_state *st, bool is_all)
{
    struct aod_buf b;
    size_t n = 0;
    size_t last = SIZE_MAX;

    aod_buf_init(&b, sizeof st->code_page);
    for (int pass = 0; pass < 2 && n == 0; pass++) {
        for (size_t i = pass == 0 ? st->top : 0; i < laid.n; i++) {
            const struct row *r = &laid.r[i];
            if (r->cmd_len == 0 || r->cmd_off == last)
                continue;
            last = r->cmd_off;
            if (n++ > 0)
                aod_buf_puts(&b, "\n");
            aod_buf_putn(&b, st->code_page + r->cmd_off, r->cmd_len);
            if (!is_all)
                break;
        }
        if (is_all)
            break;
    }
    if (n == 0)
        wz_status(st, ROLE_WARN, "[!] This page has no commands to copy.");
    else if (b.p != NULL && wz_osc52_copy(wz_term_out(), b.p))
        wz_status(st, ROLE_OK, "Copied %s%zu command%s to the clipboard (OSC 52).",
                  is_all ? "all " : "", n, n > 1 ? "s" : "");
    else
        wz_status(st, ROLE_WARN, "[!] Too long for the clipboard.");
    aod_buf_free(&b);
    return REACT_REDRAW;
}

static unsigned go_on(struct wz_state *st)
{
    bool is_mid = st->s != NULL && aod_session_depth(st->s) > 0 && !aod_session_is_done(st->s);

    if (is_mid) { /* leaving a session asks first (screen_confirm.c) */
        st->pending_flow = st->code_flow;
        st->is_pending_lead = st->code_flow == NULL;
        wz_screen_push(st, SCREEN_CONFIRM);
        return REACT_REDRAW;
    }
    if (st->code_flow != NULL)
        return wz_open_flow(st, st->code_flow);
    return wz_start_lead(st);
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    (void)key;
    lay_out(st->code_page, st->lay.body.w - 1, &laid);
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
    case REQ_FIRST:
    case REQ_LAST:
        return scroll_page(st, req);
    case REQ_ENTER:
        return go_on(st);
    case REQ_COPY:
    case REQ_COPY_ALL:
        return copy(st, req == REQ_COPY_ALL);
    case REQ_CANCEL:
    case REQ_BACK:
        return wz_screen_pop(st);
    case REQ_TICK:
        return REACT_NONE;
    default:
        return wz_common(st, req);
    }
}

unsigned wz_code_page_open(struct wz_state *st, uint32_t code)
{
    struct aod_err err;
    struct aod_code_info found[16];
    struct aod_buf b;
    char canon[16];
    const char *dir = st->opts->flows_dir;

    aod_errcode_format(code, canon, sizeof canon);
    st->code_page_code = code;
    st->code_flow = NULL;
    aod_buf_init(&b, sizeof st->code_page - 1);
    aod_err_clear(&err);
    struct aod_codes *c = dir != NULL ? aod_code_dict_load(dir, &err) : NULL;
    if (c == NULL) {
        aod_buf_printf(&b, "The code dictionary cannot be read: %s\n",
                       dir != NULL ? err.msg : "no flows folder");
    } else {
        size_t n = aod_codes_lookup(c, canon, found, sizeof found / sizeof found[0]);
        if (n > sizeof found / sizeof found[0])
            n = sizeof found / sizeof found[0];
        if (n == 0)
            aod_buf_printf(&b, "The code dictionary has no entry for %s.\n", canon);
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                aod_buf_puts(&b, "\n");
            /* One line a field: this screen wraps for its own width, commands whole. */
            aod_code_page_text(&b, &found[i], 1 << 20);
            if (st->code_flow == NULL && found[i].flow != NULL) {
                char id[AOD_FLOW_MAX_ID + 1];
                const char *colon = strchr(found[i].flow, ':');
                size_t len =
                    colon != NULL ? (size_t)(colon - found[i].flow) : strlen(found[i].flow);
                snprintf(id, sizeof id, "%.*s", (int)len, found[i].flow);
                st->code_flow = aod_catalog_find(st->cat, id);
            }
        }
    }
    size_t len = b.p != NULL ? b.len : 0;
    if (len >= sizeof st->code_page)
        len = sizeof st->code_page - 1;
    if (len > 0)
        memcpy(st->code_page, b.p, len);
    st->code_page[len] = '\0';
    aod_buf_free(&b);
    aod_codes_free(c);
    wz_screen_push(st, SCREEN_CODE);
    init(st);
    return REACT_REDRAW;
}

static const enum aod_request footer[] = {REQ_DOWN,   REQ_PAGE_DOWN, REQ_ENTER, REQ_COPY,
                                          REQ_CANCEL, REQ_HELP,      REQ_NONE};

const struct wz_screen_ops wz_screen_code = {
    .name = "code",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
