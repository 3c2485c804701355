/* tui/screen_probe.c: a probe step. One row per probe with a live elapsed time, then its verdict
 * as a word and one line of evidence; Esc cancels. Probes without an outcome are asked as
 * numbered questions (the last answer is always "I can't test this from here"). */
#include "screen.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "loop.h"
#include "screen_chrome.h"
#include "width.h"

#define VERDICT_W 15 /* "[INCONCLUSIVE] " */
#define ID_W      12

static void init(struct wz_state *st)
{
    (void)st;
}

/* The probe without an outcome that the user is asked about, or SIZE_MAX. */
static size_t asked(const struct wz_state *st)
{
    if (st->probe.phase != PROBE_IDLE)
        return SIZE_MAX;
    for (size_t i = 0; i < st->v->n_probes; i++) {
        if (!st->v->probes[i].is_done)
            return i;
    }
    return SIZE_MAX;
}

static enum wz_role verdict_role(enum aod_verdict v)
{
    switch (v) {
    case AOD_VERDICT_PASS:
        return ROLE_OK;
    case AOD_VERDICT_FAIL:
        return ROLE_FAIL;
    case AOD_VERDICT_INCONCLUSIVE:
        return ROLE_WARN;
    case AOD_VERDICT_ERROR:
    case AOD_VERDICT_COUNT:
        break;
    }
    return ROLE_FAIL;
}

/* One row per probe: "[VERDICT]  id  evidence  time"; the probe asked about is marked. */
static void draw_row(const struct wz_state *st, size_t i, int y, bool is_asked)
{
    const struct wz_rect *b = &st->lay.body;
    const struct aod_view_probe *p = &st->v->probes[i];
    const struct wz_probe_run *pr = &st->probe;
    char word[24] = "[ ]";
    char time[24] = "";
    const char *evidence = "";
    enum wz_role role = ROLE_DIM;

    if (p->is_done) {
        snprintf(word, sizeof word, "[%s]", aod_verdict_label(p->verdict));
        role = verdict_role(p->verdict);
        evidence = p->summary;
    } else if (pr->phase != PROBE_RUNNING && pr->run.has_result[i]) {
        snprintf(word, sizeof word, "[%s]", aod_verdict_label(pr->run.results[i].verdict));
        role = verdict_role(pr->run.results[i].verdict);
        evidence = pr->run.results[i].summary;
        snprintf(time, sizeof time, "%ld ms", pr->run.results[i].elapsed_ms);
    } else if (pr->phase == PROBE_RUNNING) {
        snprintf(word, sizeof word, "[testing]");
        evidence = p->n_params > 0 ? p->params[0].value : "";
        snprintf(time, sizeof time, "%ld.%ld s", pr->run.elapsed_ms / 1000,
                 pr->run.elapsed_ms % 1000 / 100);
    } else if (pr->phase == PROBE_SHOWN) {
        snprintf(word, sizeof word, "[%s]", aod_verdict_label(AOD_VERDICT_ERROR));
        role = ROLE_FAIL;
        evidence = "did not finish";
    } else {
        evidence = is_asked ? "asked below" : "not answered yet";
    }
    if (is_asked)
        wz_puts(y, b->x, 2, wz_glyphs()->mark, ROLE_KEY);
    wz_puts(y, b->x + 2, VERDICT_W, word, role);
    int x = b->x + 2 + VERDICT_W;
    x += wz_puts(y, x, ID_W, p->id, ROLE_TITLE) + 1;
    int tw = time[0] != '\0' ? (int)strlen(time) + 1 : 0;
    x = x < b->x + 2 + VERDICT_W + ID_W ? b->x + 2 + VERDICT_W + ID_W : x;
    wz_puts(y, x, b->x + b->w - x - tw - 1, evidence, ROLE_TEXT);
    if (tw > 0)
        wz_puts(y, b->x + b->w - tw, tw, time, ROLE_DIM);
}

/* Rows the probe table takes: one per probe, or one line when the text and the question need
 * the room (the user answers one probe at a time anyway). */
static int table_h(const struct wz_state *st, int need)
{
    const struct aod_view *v = st->v;
    int text_n = v->text[0] != '\0'
                     ? (int)wz_wrap(v->text, st->lay.body.w - 2, wz_theme_is_utf8(), NULL, 0) + 1
                     : 0;
    int full = (int)v->n_probes;
    return 3 + text_n + full + need <= st->lay.body.h ? full : 1;
}

static void draw(const struct wz_state *st)
{
    const struct aod_view *v = st->v;
    const struct wz_rect *b = &st->lay.body;
    size_t q = asked(st);
    const struct aod_view_probe *p = q != SIZE_MAX ? &v->probes[q] : NULL;
    int ask_n = p != NULL ? (int)wz_wrap(p->ask, b->w - 2, wz_theme_is_utf8(), NULL, 0) : 0;
    int need = p != NULL ? ask_n + 1 + (int)p->n_answers : 1;
    int th = p != NULL ? table_h(st, need) : (int)v->n_probes;
    int y = wz_draw_heading(st, v->title, v->text, b->h - 3 - th - need);

    if (th == 1 && p != NULL) {
        char of[64];
        snprintf(of, sizeof of, "(test %zu of %zu)", q + 1, v->n_probes);
        draw_row(st, q, y, true);
        wz_puts(y, b->x + b->w - (int)strlen(of) - 1, (int)strlen(of), of, ROLE_DIM);
        y++;
    } else {
        for (size_t i = 0; i < v->n_probes; i++)
            draw_row(st, i, y++, i == q);
    }
    y++;
    if (st->probe.phase == PROBE_RUNNING) {
        wz_puts(y, b->x + 1, b->w - 2, "Testing from this host. Esc cancels.", ROLE_DIM);
    } else if (st->probe.phase == PROBE_SHOWN) {
        wz_puts(y, b->x + 1, b->w - 2, "Press Enter to go on.", ROLE_KEY);
    } else if (p != NULL) {
        y += wz_put_wrapped(y, b->x + 1, b->w - 2, b->y + b->h - y - (int)p->n_answers - 1, 0,
                            p->ask, ROLE_TITLE) +
             1;
        wz_draw_choices(st, y, p->answers, p->n_answers);
    }
    /* Why we ask rather than test sits on the status line, out of the way of the answers. */
    if (st->status[0] == '\0' && st->probe.note[0] != '\0' && st->screen != SCREEN_CONFIRM)
        wz_puts(st->lay.status.y, st->lay.status.x, st->lay.status.w, st->probe.note, ROLE_DIM);
}

/* Gives the shown results to the session; probes that erred stay for the user to answer. */
static unsigned feed(struct wz_state *st)
{
    struct aod_err err;
    struct wz_probe_run *pr = &st->probe;

    aod_err_clear(&err);
    pr->phase = PROBE_IDLE;
    snprintf(pr->note, sizeof pr->note,
             "Some tests could not give an answer: answer from what you see.");
    if (!aod_runner_feed(&pr->run, st->s, &err))
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
    return REACT_STEP;
}

static unsigned answer(struct wz_state *st, size_t a)
{
    struct aod_err err;
    size_t q = asked(st);

    aod_err_clear(&err);
    if (q == SIZE_MAX || a >= st->v->probes[q].n_answers)
        return REACT_NONE;
    if (aod_session_probe_answer(st->s, q, a, AOD_SOURCE_USER, &err) != AOD_OK) {
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
        return REACT_REDRAW;
    }
    st->sel = 0;
    return REACT_STEP;
}

static unsigned handle_running(struct wz_state *st, enum aod_request req)
{
    if (req == REQ_CANCEL) {
        aod_runner_cancel(&st->probe.run);
        wz_status(st, ROLE_WARN, "Cancelling the tests...");
        return REACT_REDRAW;
    }
    if (req == REQ_QUIT || req == REQ_HELP || req == REQ_REDRAW)
        return wz_common(st, req);
    return REACT_NONE;
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    size_t q = asked(st);

    (void)key;
    if (req == REQ_TICK)
        return REACT_REDRAW;
    if (st->probe.phase == PROBE_RUNNING)
        return handle_running(st, req);
    if (st->probe.phase == PROBE_SHOWN && req == REQ_ENTER)
        return feed(st);
    if (req >= REQ_PICK1 && req <= REQ_PICK9)
        return answer(st, (size_t)(req - REQ_PICK1));
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_ENTER:
        return answer(st, st->sel);
    case REQ_CANCEL:
        return wz_no_cancel(st);
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
        return wz_text_scroll(st, req, st->v->text);
    case REQ_UP:
    case REQ_DOWN:
    case REQ_FIRST:
    case REQ_LAST:
        return q == SIZE_MAX ? REACT_NONE : wz_list_move(st, req, st->v->probes[q].n_answers, 0);
    default:
        return wz_common(st, req);
    }
}

static const enum aod_request footer[] = {REQ_PICK1, REQ_ENTER, REQ_BACK, REQ_TRAIL,
                                          REQ_FIND,  REQ_HELP,  REQ_QUIT, REQ_NONE};

static const enum aod_request footer_running[] = {REQ_CANCEL, REQ_HELP, REQ_QUIT, REQ_NONE};
static const enum aod_request footer_shown[] = {REQ_ENTER, REQ_FIND, REQ_HELP, REQ_QUIT, REQ_NONE};

static const enum aod_request *footer_of(const struct wz_state *st)
{
    if (st->probe.phase == PROBE_RUNNING)
        return footer_running;
    return st->probe.phase == PROBE_SHOWN ? footer_shown : footer;
}

const struct wz_screen_ops wz_screen_probe = {
    .name = "probe",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
    .footer_of = footer_of,
};
