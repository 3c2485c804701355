/* tui/screen_conclusion.c: the finding, the reasoning, then every fix step with its commands in
 * a scrollable pane. Commands wrap inside the pane and are never cut; Up/Down select one for
 * y (copy), Y copies all, w writes them to a .ps1 file. */
#include "screen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "osc52.h"
#include "ps1.h"
#include "screen_chrome.h"
#include "term.h"
#include "width.h"

#define LINES_CAP 1024

/* One row of the pane: part of a text, or part of a command. */
struct row {
    const char *s;
    size_t off;
    size_t len;
    enum wz_role role;
    const char *prefix; /* drawn before the text on this row */
    int indent;
    size_t cmd;  /* command index, SIZE_MAX for other text */
    size_t step; /* fix step the row belongs to, SIZE_MAX before the first */
    bool is_first;
    char own[112]; /* text made here ("Run on the client (PowerShell):"); `s` points to it */
};

struct rows {
    struct row r[LINES_CAP];
    size_t n;
    int w;
    size_t step; /* step being laid out */
};

/* The pane's rows for the current view and body width, laid out by relayout() after each new
 * step and each size change, so that a key costs no new layout (about 100 KB of rows). */
static struct rows laid;

/* Y and w act on one place at a time; with several, a picker asks which (digits). */
static struct {
    enum aod_request req; /* REQ_NONE: no picker open */
    enum aod_where places[AOD_WHERE_COUNT];
    size_t counts[AOD_WHERE_COUNT];
    size_t n;
} picker;

static void draw_picker(const struct wz_state *st);

static void add(struct rows *rs, const char *s, enum wz_role role, int indent, const char *first,
                const char *cont, size_t cmd)
{
    static const char spaces[] = "                        ";
    struct wz_span sp[LINES_CAP];
    int pw = wz_text_width(first, strlen(first), wz_theme_is_utf8());
    /* Without a continuation prefix of its own, a wrapped line hangs under the text. */
    if (cont == NULL)
        cont = spaces + (pw < (int)sizeof spaces - 1 ? (int)sizeof spaces - 1 - pw : 0);
    size_t n = wz_wrap(s, rs->w - indent - pw - 1, wz_theme_is_utf8(), sp, LINES_CAP);

    for (size_t i = 0; i < n && i < LINES_CAP && rs->n < LINES_CAP; i++) {
        struct row *r = &rs->r[rs->n++];
        r->s = s;
        r->off = sp[i].off;
        r->len = sp[i].len;
        r->role = role;
        r->prefix = i == 0 ? first : cont;
        r->indent = indent;
        r->cmd = cmd;
        r->step = rs->step;
        r->is_first = i == 0;
    }
}

/* A short line of our own making, on one row. */
static void add_own(struct rows *rs, enum wz_role role, int indent, const char *fmt, const char *a,
                    const char *b, size_t i, size_t n)
{
    if (rs->n >= LINES_CAP)
        return;
    struct row *r = &rs->r[rs->n++];
    if (a != NULL)
        snprintf(r->own, sizeof r->own, fmt, a, b);
    else
        snprintf(r->own, sizeof r->own, fmt, i, n, b);
    r->s = r->own;
    r->off = 0;
    r->len = strlen(r->own);
    r->role = role;
    r->prefix = "";
    r->indent = indent;
    r->cmd = SIZE_MAX;
    r->step = rs->step;
    r->is_first = true;
}

static void blank(struct rows *rs)
{
    add(rs, "", ROLE_TEXT, 0, "", NULL, SIZE_MAX);
}

static void add_cmds(struct rows *rs, const char *label, const struct aod_view_cmds *c, size_t *cmd)
{
    static const char *const pads[] = {"    ", "     ", "     ", "  "};
    if (c->n_commands == 0)
        return;
    /* Where first: the reader has to be on that machine before the shell matters. */
    add_own(rs, ROLE_DIM, 2, label, aod_where_label(c->where), aod_shell_label(c->shell), 0, 0);
    for (size_t i = 0; i < c->n_commands; i++)
        add(rs, c->commands[i], ROLE_CMD, 2, wz_shell_prompt(c->shell), pads[c->shell], (*cmd)++);
    if (c->is_incomplete)
        add(rs, "Replace each <name> above with the real value before running it.", ROLE_WARN, 2,
            "[!] ", NULL, SIZE_MAX);
}

/* A retired form: shown dimmed under its warning, with no number, so y and Y never take it. */
static void add_reference(struct rows *rs, const struct aod_view_cmds *c)
{
    add(rs, AOD_REFERENCE_LABEL, ROLE_WARN, 2, "[!] ", NULL, SIZE_MAX);
    add_own(rs, ROLE_DIM, 2, "(on %s, %s)", aod_where_label(c->where), aod_shell_label(c->shell), 0,
            0);
    for (size_t i = 0; i < c->n_commands; i++)
        add(rs, c->commands[i], ROLE_DIM, 2, "# ", "  ", SIZE_MAX);
}

/* The finding, then at once the fix (a live call wants the first command on the first view),
 * then why, the caveat and the sources. */
static void build(const struct aod_view *v, int w, struct rows *rs)
{
    size_t cmd = 0;

    rs->n = 0;
    rs->w = w;
    rs->step = SIZE_MAX;
    add(rs, v->title, ROLE_TITLE, 0, "Finding: ", NULL, SIZE_MAX);
    if (v->text[0] != '\0')
        add(rs, v->text, ROLE_TEXT, 0, "", NULL, SIZE_MAX);
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct aod_view_step *st = &v->steps[i];
        blank(rs);
        rs->step = i;
        add_own(rs, ROLE_TITLE, 0, "Fix, step %zu of %zu:%s", NULL, st->is_done ? " [done]" : "",
                i + 1, v->n_steps);
        add(rs, st->title, ROLE_TITLE, 2, "", NULL, SIZE_MAX);
        if (st->text[0] != '\0')
            add(rs, st->text, ROLE_TEXT, 2, "", NULL, SIZE_MAX);
        if (st->risk[0] != '\0')
            add(rs, st->risk, ROLE_WARN, 2, "[!] Risk: ", NULL, SIZE_MAX);
        if (st->is_reference)
            add_reference(rs, &st->run);
        else
            add_cmds(rs, "Run on %s (%s):", &st->run, &cmd);
        if (st->caveat[0] != '\0')
            add(rs, st->caveat, ROLE_WARN, 2, "[!] Caveat: ", NULL, SIZE_MAX);
        add_cmds(rs, "Verify on %s (%s):", &st->verify, &cmd);
        if (st->expect[0] != '\0')
            add(rs, st->expect, ROLE_TEXT, 2, "Expect: ", NULL, SIZE_MAX);
    }
    rs->step = SIZE_MAX;
    blank(rs);
    add(rs, v->reasoning, ROLE_TEXT, 0, "Why: ", NULL, SIZE_MAX);
    if (v->caveat[0] != '\0')
        add(rs, v->caveat, ROLE_WARN, 0, "[!] Caveat: ", NULL, SIZE_MAX);
    if (v->n_sources > 0) {
        blank(rs);
        add(rs, "Sources:", ROLE_TITLE, 0, "", NULL, SIZE_MAX);
        /* One URL a line, so that a terminal can open or copy it whole. */
        for (size_t i = 0; i < v->n_sources; i++)
            add(rs, v->sources[i], ROLE_TEXT, 0, "", "", SIZE_MAX);
    }
    /* How current the advice is: the reader weighs a fix checked years ago differently. */
    if (v->checked[0] != '\0')
        add(rs, v->checked, ROLE_DIM, 0, "Checked against these sources on ", NULL, SIZE_MAX);
}

static int pane_h(const struct wz_state *st)
{
    return st->lay.body.h;
}

/* First and last row of command `cmd`; false when there is no such command. */
static bool cmd_rows(const struct rows *rs, size_t cmd, size_t *first, size_t *last)
{
    bool found = false;
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->r[i].cmd != cmd)
            continue;
        if (!found)
            *first = i;
        *last = i;
        found = true;
    }
    return found;
}

static void relayout(struct wz_state *st)
{
    build(st->v, st->lay.body.w, &laid);
}

static void draw(const struct wz_state *st)
{
    const struct wz_rect *b = &st->lay.body;
    const struct wz_glyphs *g = wz_glyphs();
    const struct rows *rs = &laid;
    int h = pane_h(st);

    for (size_t i = st->top; i < rs->n && (int)(i - st->top) < h; i++) {
        const struct row *r = &rs->r[i];
        int y = b->y + (int)(i - st->top);
        bool is_sel = r->cmd != SIZE_MAX && r->cmd == st->sel;
        if (is_sel && r->is_first)
            wz_puts(y, b->x, 2, g->mark, ROLE_KEY);
        int x = b->x + r->indent;
        x += wz_puts(y, x, b->w - r->indent, r->prefix, r->cmd != SIZE_MAX ? ROLE_DIM : r->role);
        wz_put(y, x, b->x + b->w - x, r->s + r->off, r->len, is_sel ? ROLE_SELECTED : r->role);
    }
    if (picker.req != REQ_NONE)
        draw_picker(st);
    if (st->status[0] == '\0' && st->screen != SCREEN_CONFIRM) {
        char pos[80];
        size_t last = st->top + (size_t)h < rs->n ? st->top + (size_t)h : rs->n;
        size_t n_cmds = wz_command_count(st->v);
        int k =
            n_cmds > 0 ? snprintf(pos, sizeof pos, "command %zu of %zu, ", st->sel + 1, n_cmds) : 0;
        snprintf(pos + k, sizeof pos - (size_t)k, "lines %zu-%zu of %zu%s", st->top + 1, last,
                 rs->n, last < rs->n ? " (PgDn: more)" : "");
        int w = (int)strlen(pos);
        wz_puts(st->lay.status.y, st->lay.status.w - w - 1, w, pos, ROLE_DIM);
    }
}

static void keep_visible(struct wz_state *st, const struct rows *rs, int h)
{
    size_t first = 0;
    size_t last = 0;
    if (!cmd_rows(rs, st->sel, &first, &last))
        return;
    if (last >= st->top + (size_t)h)
        st->top = last + 1 - (size_t)h;
    if (first < st->top)
        st->top = first;
}

static bool sel_in_view(const struct wz_state *st, const struct rows *rs, int h)
{
    size_t first = 0;
    size_t last = 0;
    return cmd_rows(rs, st->sel, &first, &last) && first >= st->top && first < st->top + (size_t)h;
}

/* Scrolls by `d` rows. The selection stays: PgDn to read on must not change what y copies. */
static void scroll_by(struct wz_state *st, const struct rows *rs, long d, int h)
{
    size_t max_top = rs->n > (size_t)h ? rs->n - (size_t)h : 0;
    long t = (long)st->top + d;
    st->top = t < 0 ? 0 : (size_t)t > max_top ? max_top : (size_t)t;
}

/* The first (or last) command shown, or SIZE_MAX. */
static size_t cmd_in_view(const struct wz_state *st, const struct rows *rs, int h, bool is_last)
{
    size_t found = SIZE_MAX;
    for (size_t i = st->top; i < rs->n && i < st->top + (size_t)h; i++) {
        if (rs->r[i].cmd == SIZE_MAX || !rs->r[i].is_first)
            continue; /* a command counts as shown from its first row */
        found = rs->r[i].cmd;
        if (!is_last)
            break;
    }
    return found;
}

static unsigned move_sel(struct wz_state *st, enum aod_request req)
{
    const struct rows *rs = &laid;
    size_t n_cmds = wz_command_count(st->v);
    int h = pane_h(st);
    size_t sel = st->sel;
    size_t top = st->top;

    if ((req == REQ_DOWN || req == REQ_UP) && n_cmds > 0 && !sel_in_view(st, rs, h)) {
        /* Scrolled away from the selection: Up/Down take a command on screen, if any. */
        size_t c = cmd_in_view(st, rs, h, req == REQ_UP);
        if (c != SIZE_MAX)
            st->sel = c;
        else /* no command on screen: read on */
            scroll_by(st, rs, req == REQ_DOWN ? 1 : -1, h);
    } else if (req == REQ_DOWN && st->sel + 1 < n_cmds) {
        st->sel++;
        keep_visible(st, rs, h);
    } else if (req == REQ_UP && st->sel > 0) {
        st->sel--;
        keep_visible(st, rs, h);
    } else if (req == REQ_DOWN || req == REQ_UP) {
        scroll_by(st, rs, req == REQ_DOWN ? 1 : -1, h);
    } else if (req == REQ_PAGE_DOWN || req == REQ_PAGE_UP) {
        scroll_by(st, rs, (req == REQ_PAGE_DOWN ? 1 : -1) * (long)(h - 1), h);
    } else {
        scroll_by(st, rs, req == REQ_LAST ? (long)rs->n : -(long)rs->n, h);
    }
    return st->sel != sel || st->top != top ? REACT_REDRAW : REACT_NONE;
}

static unsigned copy_text(struct wz_state *st, char *text, size_t n, const char *what)
{
    if (text == NULL)
        wz_term_fatal("out of memory");
    if (wz_osc52_copy(wz_term_out(), text))
        wz_status(st, ROLE_OK, "Copied %zu command%s%s to the clipboard (OSC 52).", n,
                  n == 1 ? "" : "s", what);
    else
        wz_status(st, ROLE_WARN, "[!] Too long for the clipboard: press w to write a file.");
    free(text);
    return REACT_REDRAW;
}

/* y: the selected command; brought on screen first, so what is copied is what is seen. */
static unsigned copy_one(struct wz_state *st)
{
    if (wz_command_count(st->v) == 0) {
        wz_status(st, ROLE_WARN, "[!] This finding has no commands to copy.");
        return REACT_REDRAW;
    }
    keep_visible(st, &laid, pane_h(st));
    return copy_text(st, wz_commands_text(st->v, st->sel, false), 1, "");
}

static unsigned copy_place(struct wz_state *st, enum aod_where w, size_t n)
{
    char what[96];
    snprintf(what, sizeof what, " for %s", aod_where_label(w));
    return copy_text(st, wz_place_text(st->v, w, false), n, what);
}

static unsigned write_place(struct wz_state *st, enum aod_where w, size_t n)
{
    struct aod_err err;
    char path[1024];

    aod_err_clear(&err);
    if (wz_write_ps1(st->v, w, ".", path, sizeof path, &err)) {
        /* The file name must show whole: a long folder gives way on the left. */
        char head[64];
        int hn = snprintf(head, sizeof head, "Wrote %zu command(s) to ", n);
        size_t room = (size_t)(st->lay.status.w - hn - 2);
        size_t len = strlen(path);
        if (len > room)
            wz_status(st, ROLE_OK, "%s%s%s", head, wz_glyphs()->ellipsis, path + len - room + 1);
        else
            wz_status(st, ROLE_OK, "%s%s", head, path);
    } else
        wz_status(st, ROLE_FAIL, "[!] Not written: %s", err.msg);
    return REACT_REDRAW;
}

static unsigned by_place(struct wz_state *st, enum aod_request req)
{
    bool is_script = req == REQ_WRITE;
    picker.n = wz_places(st->v, is_script, picker.places, picker.counts);
    if (picker.n == 0) {
        wz_status(st, ROLE_WARN,
                  is_script ? "[!] No command here runs in PowerShell on Windows."
                            : "[!] This finding has no commands to copy.");
        return REACT_REDRAW;
    }
    if (picker.n == 1)
        return is_script ? write_place(st, picker.places[0], picker.counts[0])
                         : copy_place(st, picker.places[0], picker.counts[0]);
    picker.req = req;
    wz_status(st, ROLE_KEY, "%s: which machine? 1-%zu pick, Esc cancel",
              is_script ? "Write a .ps1" : "Copy the commands", picker.n);
    return REACT_REDRAW;
}

static unsigned picked(struct wz_state *st, enum aod_request req)
{
    enum aod_request what = picker.req;
    picker.req = REQ_NONE;
    if (req >= REQ_PICK1 && req <= REQ_PICK9 && (size_t)(req - REQ_PICK1) < picker.n) {
        size_t i = (size_t)(req - REQ_PICK1);
        st->status[0] = '\0';
        return what == REQ_WRITE ? write_place(st, picker.places[i], picker.counts[i])
                                 : copy_place(st, picker.places[i], picker.counts[i]);
    }
    wz_status(st, ROLE_DIM, "Cancelled.");
    return REACT_REDRAW;
}

static void draw_picker(const struct wz_state *st)
{
    const struct wz_rect *b = &st->lay.body;
    int y = b->y + b->h - (int)picker.n - 1;
    char line[160];

    snprintf(line, sizeof line, "%-*s", b->w, " Which machine? Each place gets its own commands:");
    wz_puts(y, b->x, b->w, line, ROLE_TITLE);
    for (size_t i = 0; i < picker.n; i++) {
        snprintf(line, sizeof line, "  %zu  %s: %zu command%s", i + 1,
                 aod_where_title(picker.places[i]), picker.counts[i],
                 picker.counts[i] == 1 ? "" : "s");
        char pad[160];
        snprintf(pad, sizeof pad, "%-*s", b->w, line);
        wz_puts(y + 1 + (int)i, b->x, b->w, pad, ROLE_KEY);
    }
}

/* Space: marks the step of the selected command done (or not); the mark goes into the
 * transcript. */
static unsigned mark_done(struct wz_state *st)
{
    size_t first = 0;
    size_t last = 0;
    if (st->s == NULL || !cmd_rows(&laid, st->sel, &first, &last) || laid.r[first].step == SIZE_MAX)
        return REACT_NONE;
    size_t step = laid.r[first].step;
    bool is_done = !st->v->steps[step].is_done;
    if (aod_session_mark_done(st->s, step, is_done, NULL) != AOD_OK)
        return REACT_NONE;
    const struct aod_view *v = aod_session_view(st->s, NULL);
    if (v == NULL)
        wz_term_fatal("out of memory");
    st->v = v;
    relayout(st);
    wz_status(st, ROLE_OK, "Step %zu marked %s.", step + 1, is_done ? "done" : "not done");
    return REACT_REDRAW;
}

static void init(struct wz_state *st)
{
    (void)st;
    picker.req = REQ_NONE;
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    if (picker.req != REQ_NONE)
        return picked(st, req);
    if (key == ' ')
        return mark_done(st);
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
    case REQ_FIRST:
    case REQ_LAST:
        return move_sel(st, req);
    case REQ_COPY:
        return copy_one(st);
    case REQ_COPY_ALL:
    case REQ_WRITE:
        return by_place(st, req);
    case REQ_CANCEL:
        return wz_no_cancel(st);
    default:
        return wz_common(st, req);
    }
}

static const enum aod_request footer[] = {REQ_COPY,      REQ_COPY_ALL, REQ_WRITE,
                                          REQ_MARK_DONE, REQ_BACK,     REQ_TRAIL,
                                          REQ_HELP,      REQ_QUIT,     REQ_NONE};

const struct wz_screen_ops wz_screen_conclusion = {
    .name = "conclusion",
    .is_text_entry = false,
    .init = init,
    .relayout = relayout,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
