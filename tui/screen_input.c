/* tui/screen_input.c: a typed value with a small line editor (Home/End, Left/Right, Backspace,
 * Delete, Ctrl-U). The engine validates; its message shows in place under the field. The field
 * opens with the step's earlier answer (or a preset it refused), ready to edit. Esc clears the
 * field; Backspace on an empty field goes back a step. */
#include "screen.h"

#include <string.h>

#include "loop.h"
#include "screen_chrome.h"
#include "width.h"

#define CTRL(c) ((c)&0x1f)

static void init(struct wz_state *st)
{
    const char *was = st->s != NULL ? aod_session_input_default(st->s) : NULL;

    st->line_len = 0;
    st->line[0] = '\0';
    st->input_msg[0] = '\0';
    st->is_bs_disarmed = false;
    if (was != NULL && strlen(was) < WZ_LINE_MAX) {
        st->line_len = strlen(was);
        memcpy(st->line, was, st->line_len + 1);
    }
    st->cursor = st->line_len;
}

static bool is_cont(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

static void draw(const struct wz_state *st)
{
    const struct aod_view *v = st->v;
    const struct wz_rect *b = &st->lay.body;
    bool is_utf8 = wz_theme_is_utf8();
    int y = wz_draw_heading(st, v->title, v->text, b->h - 8);

    int x = b->x + 1 + wz_puts(y, b->x + 1, b->w - 2, "Type ", ROLE_TEXT);
    wz_puts(y++, x, b->x + b->w - x - 1, v->hint, ROLE_TEXT);
    y++;
    x = b->x + 1 + wz_puts(y, b->x + 1, b->w - 2, v->fact, ROLE_KEY);
    x += wz_puts(y, x, 2, ": ", ROLE_KEY);
    int fw = b->x + b->w - x - 2;
    /* Scroll the field so that the cursor stays in view. */
    size_t from = 0;
    while (wz_text_width(st->line + from, st->cursor - from, is_utf8) > fw - 1) {
        from++;
        while (from < st->cursor && is_cont(st->line[from]))
            from++;
    }
    wattr_set(stdscr, wz_role_attr(ROLE_INPUT), wz_role_pair(ROLE_INPUT), NULL);
    mvwhline(stdscr, y, x, ' ', fw);
    wattr_set(stdscr, A_NORMAL, 0, NULL);
    if (st->line_len == 0 && v->placeholder[0] != '\0') {
        char eg[128];
        snprintf(eg, sizeof eg, "for example %s", v->placeholder);
        wz_puts(y, x + 1, fw - 1, eg, ROLE_DIM);
    } else {
        wz_put(y, x, fw, st->line + from, st->line_len - from, ROLE_INPUT);
    }
    if (st->input_msg[0] != '\0') {
        int mx = b->x + 1 + wz_puts(y + 2, b->x + 1, 4, "[!] ", ROLE_FAIL);
        wz_put_wrapped(y + 2, mx, b->x + b->w - mx - 1, 3, 0, st->input_msg, ROLE_FAIL);
    }
    wmove(stdscr, y, x + wz_text_width(st->line + from, st->cursor - from, is_utf8));
}

static unsigned submit(struct wz_state *st)
{
    struct aod_err err;
    aod_err_clear(&err);
    st->line[st->line_len] = '\0';
    if (aod_session_input(st->s, st->line, AOD_SOURCE_USER, &err) != AOD_OK) {
        snprintf(st->input_msg, sizeof st->input_msg, "%s", err.msg);
        return REACT_REDRAW;
    }
    return REACT_STEP;
}

static void erase_range(struct wz_state *st, size_t from, size_t to)
{
    memmove(st->line + from, st->line + to, st->line_len - to);
    st->line_len -= to - from;
    st->line[st->line_len] = '\0';
    st->cursor = from;
}

static size_t prev_char(const struct wz_state *st, size_t i)
{
    if (i == 0)
        return 0;
    do
        i--;
    while (i > 0 && is_cont(st->line[i]));
    return i;
}

static size_t next_char(const struct wz_state *st, size_t i)
{
    if (i >= st->line_len)
        return st->line_len;
    do
        i++;
    while (i < st->line_len && is_cont(st->line[i]));
    return i;
}

/* Editing keys; returns false when `key` is not one. */
static bool edit(struct wz_state *st, int key)
{
    if (key == KEY_LEFT)
        st->cursor = prev_char(st, st->cursor);
    else if (key == KEY_RIGHT)
        st->cursor = next_char(st, st->cursor);
    else if (key == KEY_HOME || key == CTRL('a'))
        st->cursor = 0;
    else if (key == KEY_END || key == CTRL('e'))
        st->cursor = st->line_len;
    else if (key == KEY_BACKSPACE || key == 127 || key == CTRL('h'))
        erase_range(st, prev_char(st, st->cursor), st->cursor);
    else if (key == KEY_DC || key == CTRL('d'))
        erase_range(st, st->cursor, next_char(st, st->cursor));
    else if (key == CTRL('u'))
        erase_range(st, 0, st->line_len);
    else if (key >= 0x20 && key <= 0xff && key != 0x7f && st->line_len + 1 < WZ_LINE_MAX) {
        memmove(st->line + st->cursor + 1, st->line + st->cursor, st->line_len - st->cursor);
        st->line[st->cursor++] = (char)key;
        st->line[++st->line_len] = '\0';
    } else
        return false;
    return true;
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_ENTER:
        return submit(st);
    case REQ_CANCEL: /* clears the field; never goes back */
        if (st->line_len == 0)
            return wz_no_cancel(st);
        st->line_len = st->cursor = 0;
        st->line[0] = '\0';
        st->input_msg[0] = '\0';
        return REACT_REDRAW;
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
        return wz_text_scroll(st, req, st->v->text);
    case REQ_HELP:
    case REQ_TRAIL:
    case REQ_REDRAW:
    case REQ_QUIT:
        return wz_common(st, req);
    default:
        break;
    }
    bool is_bs = key == KEY_BACKSPACE || key == 127 || key == CTRL('h');
    if (is_bs && st->line_len == 0 && !st->is_pasting) {
        /* Back, as on every other screen, but not on the key repeat that emptied the field. */
        if (!st->is_bs_disarmed)
            return wz_go_back(st);
        st->is_bs_disarmed = false;
        wz_status(st, ROLE_TEXT, "The field is empty: Backspace again goes back a step.");
        return REACT_REDRAW;
    }
    if (!edit(st, key))
        return REACT_NONE;
    st->is_bs_disarmed = is_bs && st->line_len == 0;
    st->input_msg[0] = '\0';
    return REACT_REDRAW;
}

static const enum aod_request footer[] = {REQ_ENTER, REQ_CANCEL, REQ_TRAIL,
                                          REQ_HELP,  REQ_QUIT,   REQ_NONE};
static const enum aod_request footer_empty[] = {REQ_ENTER, REQ_BACK, REQ_TRAIL,
                                                REQ_HELP,  REQ_QUIT, REQ_NONE};

/* Esc clears a field with text; an empty field's Backspace goes back: the footer says which. */
static const enum aod_request *footer_of(const struct wz_state *st)
{
    return st->line_len == 0 ? footer_empty : footer;
}

const struct wz_screen_ops wz_screen_input = {
    .name = "input",
    .is_text_entry = true,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
    .footer_of = footer_of,
};
