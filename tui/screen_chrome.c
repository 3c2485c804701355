/* tui/screen_chrome.c: what every screen shares on screen: safe text drawing, a step's heading
 * and numbered choices, the header, the trail, the status line, the footer of key hints, the
 * "too small" notice and the screen dump. Draw functions only read state. */
#include "screen_chrome.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "aod/text.h"
#include "width.h"

#define WRAP_MAX 512

static void set_role(enum wz_role role)
{
    wattr_set(stdscr, wz_role_attr(role), wz_role_pair(role), NULL);
}

int wz_put(int y, int x, int w, const char *s, size_t len, enum wz_role role)
{
    char buf[512];
    size_t b = 0;
    int used = 0;
    bool is_utf8 = wz_theme_is_utf8();

    if (w <= 0)
        return 0;
    /* Text that does not fit ends in an ellipsis. Commands never get here cut: they are
     * drawn in spans that fit (wz_wrap). */
    bool is_cut = wz_text_width(s, strnlen(s, len), is_utf8) > w;
    if (is_cut)
        w--;
    set_role(role);
    wmove(stdscr, y, x);
    for (size_t i = 0; i < len && s[i] != '\0';) {
        unsigned long cp;
        size_t n = aod_utf8_decode(s + i, len - i, &cp);
        const char *src = s + i;
        size_t sn = n;
        if (n == 0 || aod_is_control(cp) || (!is_utf8 && cp >= 0x80)) {
            /* Never let flow or network text reach the terminal as a control sequence. */
            cp = '?';
            src = "?";
            sn = 1;
            n = n == 0 ? 1 : n;
        }
        int cw = wz_cp_width(cp, is_utf8);
        if (used + cw > w)
            break;
        if (b + sn >= sizeof buf) {
            waddnstr(stdscr, buf, (int)b);
            b = 0;
        }
        memcpy(buf + b, src, sn);
        b += sn;
        used += cw;
        i += n;
    }
    if (b > 0)
        waddnstr(stdscr, buf, (int)b);
    if (is_cut && w >= 0) {
        waddstr(stdscr, wz_glyphs()->ellipsis);
        used++;
    }
    set_role(ROLE_TEXT);
    return used;
}

int wz_puts(int y, int x, int w, const char *s, enum wz_role role)
{
    return wz_put(y, x, w, s, strlen(s), role);
}

int wz_put_wrapped(int y, int x, int w, int h, size_t skip, const char *s, enum wz_role role)
{
    struct wz_span sp[WRAP_MAX];
    size_t n = wz_wrap(s, w, wz_theme_is_utf8(), sp, WRAP_MAX);
    size_t shown = n < WRAP_MAX ? n : WRAP_MAX;

    for (size_t i = skip; i < shown && (int)(i - skip) < h; i++)
        wz_put(y + (int)(i - skip), x, w, s + sp[i].off, sp[i].len, role);
    return (int)n;
}

const char *wz_shell_prompt(enum aod_shell sh)
{
    switch (sh) {
    case AOD_SHELL_POWERSHELL:
        return "PS> ";
    case AOD_SHELL_CMD:
        return "C:\\> ";
    case AOD_SHELL_REG:
        return "reg: ";
    case AOD_SHELL_BASH:
        return "$ ";
    }
    return "> ";
}

int wz_put_command(int y, int x, int w, int h, const char *prompt, const char *cmd,
                   enum wz_role role)
{
    int pw = (int)strlen(prompt); /* ASCII */
    if (w - pw < 8)
        pw = 0;
    struct wz_span sp[WRAP_MAX];
    size_t n = wz_wrap(cmd, w - pw, wz_theme_is_utf8(), sp, WRAP_MAX);
    size_t shown = n < WRAP_MAX ? n : WRAP_MAX;

    for (size_t i = 0; i < shown && (int)i < h; i++) {
        if (i == 0 && pw > 0)
            wz_put(y, x, pw, prompt, (size_t)pw, ROLE_DIM);
        wz_put(y + (int)i, x + pw, w - pw, cmd + sp[i].off, sp[i].len, role);
    }
    return (int)n;
}

static void fill(int y, int x, int w, enum wz_role role)
{
    if (w <= 0)
        return;
    set_role(role);
    mvwhline(stdscr, y, x, ' ', w);
    set_role(ROLE_TEXT);
}

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
    size_t was = st->text_top;
    if (req == REQ_PAGE_UP)
        st->text_top = st->text_top > page ? st->text_top - page : 0;
    else if (st->text_top + page < total)
        st->text_top += page;
    return st->text_top != was ? REACT_REDRAW : REACT_NONE;
}

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

static void draw_header(const struct wz_state *st)
{
    const struct wz_rect *r = &st->lay.header;
    char right[48] = "";
    const char *title = "Always On VPN troubleshooter";

    fill(r->y, r->x, r->w, ROLE_HEADER);
    if (st->s != NULL && wz_screen_shown(st) != SCREEN_START) {
        title = st->v != NULL ? st->v->flow_title : "";
        snprintf(right, sizeof right, " step %zu ", aod_session_depth(st->s) + 1);
    }
    int rw = (int)strlen(right);
    int used = wz_puts(r->y, r->x, r->w - rw, " aovpn-doctor: ", ROLE_HEADER);
    wz_puts(r->y, r->x + used, r->w - rw - used - 1, title, ROLE_HEADER);
    wz_puts(r->y, r->x + r->w - rw, rw, right, ROLE_HEADER);
}

/* The first line of a trail answer (probe steps have one line per probe). */
static size_t first_line(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl != NULL ? (size_t)(nl - s) : strlen(s);
}

/* One line of answers, newest on the right; older ones give way to an ellipsis. */
static void draw_crumb(const struct wz_state *st)
{
    const struct wz_rect *r = &st->lay.crumb;
    const struct wz_glyphs *g = wz_glyphs();
    bool is_utf8 = wz_theme_is_utf8();
    size_t depth = st->s != NULL ? aod_session_depth(st->s) : 0;
    int avail = r->w - 9;
    size_t from = depth;
    int need = 0;

    if (r->h == 0)
        return;
    if (depth == 0) { /* "none yet" only when there are none, also under the search */
        wz_puts(r->y, r->x, r->w, "Answers: none yet", ROLE_DIM);
        return;
    }
    while (from > 0) {
        const char *a = aod_session_step(st->s, from - 1)->answer;
        int w = wz_text_width(a, first_line(a), is_utf8) + 3;
        if (need + w > avail - 2 && from < depth)
            break;
        need += w;
        from--;
    }
    int x = r->x + wz_puts(r->y, r->x, r->w, "Answers: ", ROLE_DIM);
    if (from > 0)
        x += wz_puts(r->y, x, 2, g->ellipsis, ROLE_DIM);
    for (size_t i = from; i < depth; i++) {
        const char *a = aod_session_step(st->s, i)->answer;
        if (i > from || from > 0)
            x += wz_puts(r->y, x, r->x + r->w - x, g->sep, ROLE_DIM);
        x += wz_put(r->y, x, r->x + r->w - x, a, first_line(a), ROLE_TEXT);
    }
}

/* The trail as a pane of its own on wide terminals: step titles and answers, newest last. */
static void draw_side(const struct wz_state *st)
{
    const struct wz_rect *r = &st->lay.side;
    size_t depth =
        st->s != NULL && wz_screen_shown(st) != SCREEN_START ? aod_session_depth(st->s) : 0;
    int y = r->y + 1;

    if (r->w == 0)
        return;
    set_role(ROLE_DIM);
    mvwvline(stdscr, r->y, r->x - 1, wz_glyphs()->vline, r->h);
    set_role(ROLE_TEXT);
    wz_puts(r->y, r->x + 1, r->w - 1, "Answers so far (t to go back)", ROLE_TITLE);
    /* Newest steps matter most: skip the oldest when they do not fit (2 lines each). */
    size_t from = depth > (size_t)(r->h - 1) / 2 ? depth - (size_t)(r->h - 1) / 2 : 0;
    for (size_t i = from; i < depth && y + 1 < r->y + r->h; i++) {
        const struct aod_trail_step *t = aod_session_step(st->s, i);
        char num[24];
        snprintf(num, sizeof num, "%zu. ", i + 1);
        int x = r->x + 1 + wz_puts(y, r->x + 1, r->w - 1, num, ROLE_DIM);
        wz_puts(y++, x, r->x + r->w - x, t->title, ROLE_TEXT);
        wz_put(y++, x, r->x + r->w - x, t->answer, first_line(t->answer), ROLE_TITLE);
    }
}

static void draw_status(const struct wz_state *st)
{
    const struct wz_rect *r = &st->lay.status;
    if (st->screen == SCREEN_CONFIRM) {
        const char *q = st->pending_flow == NULL ? "Quit this session? " : "Leave this session? ";
        int x = wz_puts(r->y, r->x, r->w, q, ROLE_WARN);
        wz_puts(r->y, r->x + x, r->w - x, "y = yes, n = no", ROLE_KEY);
        return;
    }
    wz_puts(r->y, r->x, r->w, st->status, st->status_role);
}

/* How many numbered lines the digits pick from on the screen on show (0: none). */
static size_t n_picks(const struct wz_state *st)
{
    switch ((int)wz_screen_shown(st)) { /* the screens with numbered lines */
    case SCREEN_QUESTION:
        return st->v != NULL ? st->v->n_choices : 0;
    case SCREEN_PROBE:
        for (size_t i = 0; st->v != NULL && i < st->v->n_probes; i++) {
            if (!st->v->probes[i].is_done)
                return st->v->probes[i].n_answers;
        }
        return 0;
    case SCREEN_TRAIL:
        return st->s != NULL ? aod_session_depth(st->s) : 0;
    default:
        return 0;
    }
}

/* The footer, one convention on every screen: "key word" pairs from the key table, the
 * screen's own keys first, then back, trail, find, help and quit; as many as fit, never cut in
 * half. While typing, letters are text: control keys are shown, and a note says so. */
static void draw_footer(const struct wz_state *st)
{
    const struct wz_screen_ops *ops = wz_screen_ops_of(wz_screen_shown(st));
    const struct wz_rect *r = &st->lay.footer;
    int x = r->x;

    const enum aod_request *reqs = ops->footer_of != NULL ? ops->footer_of(st) : ops->footer;
    for (const enum aod_request *q = reqs; *q != REQ_NONE; q++) {
        char keys[32];
        wz_key_labels(*q, ops->is_text_entry, 1, keys, sizeof keys);
        if (*q == REQ_BACK && keys[0] == '\0') /* typing: only an empty field's Backspace */
            snprintf(keys, sizeof keys, "Bksp");
        if (*q == REQ_PICK1) { /* the real range: "1-3 pick" */
            size_t n = n_picks(st);
            if (n == 0)
                continue;
            snprintf(keys, sizeof keys, n == 1 ? "1" : "1-%zu", n > 9 ? (size_t)9 : n);
        }
        const char *word = wz_request_word(*q);
        int w = (int)strlen(keys) + 1 + (int)strlen(word);
        if (x + w > r->x + r->w)
            break;
        x += wz_puts(r->y, x, w, keys, ROLE_KEY);
        x += wz_puts(r->y, x, 1, " ", ROLE_TEXT);
        x += wz_puts(r->y, x, r->x + r->w - x, word, ROLE_TEXT);
        x += 2;
    }
    if (ops->is_text_entry && st->screen != SCREEN_CONFIRM) {
        const char *note = "(q, ? are text)";
        if (x + (int)strlen(note) <= r->x + r->w)
            wz_puts(r->y, x, r->x + r->w - x, note, ROLE_DIM);
    }
}

void wz_draw_chrome(const struct wz_state *st)
{
    draw_header(st);
    draw_crumb(st);
    draw_side(st);
    draw_status(st);
    draw_footer(st);
}

void wz_draw_too_small(const struct wz_state *st)
{
    char msg[160];
    snprintf(msg, sizeof msg,
             "Terminal too small: need %dx%d, have %dx%d. Make the window larger, or press q "
             "(or Ctrl-C) to quit.",
             WZ_MIN_COLS, WZ_MIN_ROWS, st->lay.cols, st->lay.rows);
    int w = st->lay.cols > 0 ? st->lay.cols : 1;
    wz_put_wrapped(0, 0, w, st->lay.rows, 0, msg, ROLE_WARN);
}

/* One cell of the dump: its text into out (UTF-8), its display width as the return value. */
static int cell_text(int y, int x, char *out, size_t cap, attr_t *attrs, short *pair)
{
    cchar_t cc;
    wchar_t wch[CCHARW_MAX + 1];
    mbstate_t mb;

    out[0] = '\0';
    *attrs = 0;
    *pair = 0;
    if (mvwin_wch(stdscr, y, x, &cc) == ERR || getcchar(&cc, wch, attrs, pair, NULL) == ERR)
        return 1;
    if ((*attrs & A_ALTCHARSET) != 0) {
        snprintf(out, cap, "%c", wch[0] == L'x' ? '|' : wch[0] == L'q' ? '-' : '+');
        return 1;
    }
    memset(&mb, 0, sizeof mb);
    size_t n = wcrtomb(out, wch[0] == L'\0' ? L' ' : wch[0], &mb);
    if (n == (size_t)-1 || n >= cap)
        n = 0;
    out[n] = '\0';
    int w = wcwidth(wch[0]);
    return w < 1 ? 1 : w;
}

static void trim_right(char *s, size_t *len, char pad)
{
    while (*len > 0 && s[*len - 1] == pad)
        s[--*len] = '\0';
}

bool wz_dump_screen(const char *path)
{
    static const char attr_chars[] = ".BRXUVWZ";
    FILE *f = fopen(path, "w");
    size_t cap = (size_t)COLS * MB_LEN_MAX + 1;
    char *text = malloc(cap);
    char *attr = malloc((size_t)COLS + 2);
    char *pairs = malloc((size_t)COLS + 2);
    bool ok = f != NULL && text != NULL && attr != NULL && pairs != NULL;

    for (int pass = 0; ok && pass < 3; pass++) {
        if (pass > 0)
            fprintf(f, pass == 1 ? "-- attributes --\n" : "-- colours --\n");
        for (int y = 0; y < LINES; y++) {
            size_t tl = 0;
            size_t al = 0;
            for (int x = 0; x < COLS;) {
                char cell[MB_LEN_MAX + 1];
                attr_t a;
                short p;
                int w = cell_text(y, x, cell, sizeof cell, &a, &p);
                size_t cl = strlen(cell);
                memcpy(text + tl, cell, cl);
                tl += cl;
                for (int k = 0; k < w; k++, al++) {
                    int bits = ((a & A_BOLD) ? 1 : 0) | ((a & A_REVERSE) ? 2 : 0) |
                               ((a & A_UNDERLINE) ? 4 : 0);
                    attr[al] = attr_chars[bits];
                    pairs[al] = p == 0 ? '.' : (char)('a' + p - 1);
                }
                x += w;
            }
            text[tl] = attr[al] = pairs[al] = '\0';
            trim_right(text, &tl, ' ');
            trim_right(attr, &al, '.');
            size_t pl = strlen(pairs);
            trim_right(pairs, &pl, '.');
            fprintf(f, "%s\n", pass == 0 ? text : pass == 1 ? attr : pairs);
        }
    }
    free(text);
    free(attr);
    free(pairs);
    if (f != NULL && fclose(f) != 0)
        ok = false;
    return ok;
}
