/* tui/screen_probe.c: a probe step. One row per probe with a live elapsed time, then, as each
 * probe ends, its verdict as a word, one line of evidence and the address it left from; Esc
 * cancels, r tests again, Enter or e on a row shows its whole evidence. Probes without an
 * outcome are asked as numbered questions (the last answer: "I can't test this from here"). */
#include "screen.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "loop.h"
#include "report.h"
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

/* The value of evidence field `name` of a result, or NULL. */
static const char *field_of(const struct aod_probe_result *r, const char *name)
{
    for (size_t k = 0; k < r->n_fields; k++) {
        if (strcmp(r->fields[k].name, name) == 0)
            return r->fields[k].value;
    }
    return NULL;
}

/* The run's own result for row i, once that probe has ended (rows fill in one by one). */
static const struct aod_probe_result *run_result(const struct wz_state *st, size_t i)
{
    const struct aod_probe_runner *r = &st->probe.run;
    return i < r->n && r->is_reported[i] && r->has_result[i] ? &r->results[i] : NULL;
}

static enum wz_role label_role(const char *label, enum aod_verdict v)
{
    if (strcmp(label, "WARN") == 0 || strcmp(label, "CANCELLED") == 0)
        return ROLE_WARN;
    return verdict_role(v);
}

/* One row per probe: "[VERDICT]  id  evidence  time from ADDRESS"; the probe asked about, or
 * the row picked to read, is marked. */
static void draw_row(const struct wz_state *st, size_t i, int y, bool is_asked)
{
    const struct wz_rect *b = &st->lay.body;
    const struct aod_view_probe *p = &st->v->probes[i];
    const struct wz_probe_run *pr = &st->probe;
    const struct aod_probe_result *res = run_result(st, i);
    char word[24] = "[ ]";
    char time[96] = "";
    const char *evidence = "";
    enum wz_role role = ROLE_DIM;

    if (res != NULL) {
        const char *label = aod_result_label(res->verdict, res->fields, res->n_fields);
        const char *from = field_of(res, "source_address");
        snprintf(word, sizeof word, "[%s]", label);
        role = label_role(label, res->verdict);
        evidence = res->summary;
        snprintf(time, sizeof time, "%ld ms%s%s", res->elapsed_ms, from ? " from " : "",
                 from ? from : "");
    } else if (p->is_done) {
        snprintf(word, sizeof word, "[%s]", aod_verdict_label(p->verdict));
        role = verdict_role(p->verdict);
        evidence = p->summary;
    } else if (pr->phase == PROBE_SHOWN && pr->run.is_cancelled) {
        snprintf(word, sizeof word, "[CANCELLED]");
        role = ROLE_WARN;
        evidence = "cancelled before it finished";
    } else if (pr->phase == PROBE_RUNNING && pr->run.is_reported[i]) {
        snprintf(word, sizeof word, "[%s]", aod_verdict_label(AOD_VERDICT_ERROR));
        role = ROLE_FAIL;
        evidence = "did not finish";
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
    if (is_asked || (pr->phase == PROBE_SHOWN && st->sel == i))
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
    if (st->probe.phase == PROBE_RUNNING || st->probe.phase == PROBE_SHOWN) {
        char where[400];
        snprintf(where, sizeof where, "%s %s at %s, timeout %d ms.%s",
                 st->probe.phase == PROBE_RUNNING ? "Testing from" : "Tested from", st->probe.host,
                 st->probe.started, st->probe.run.timeout_ms,
                 st->probe.phase == PROBE_RUNNING ? " Esc cancels." : "");
        wz_puts(y++, b->x + 1, b->w - 2, where, ROLE_DIM);
    }
    if (st->probe.phase == PROBE_SHOWN) {
        bool is_on = st->sel >= v->n_probes;
        if (is_on)
            wz_puts(y, b->x, 2, wz_glyphs()->mark, ROLE_KEY);
        wz_puts(y, b->x + 2, b->w - 3,
                is_on ? "Go on (Enter). Up picks a test to read; r tests again."
                      : "Go on. Enter or e shows this test's whole evidence.",
                ROLE_KEY);
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
    st->sel = 0;
    snprintf(pr->note, sizeof pr->note,
             "Some tests could not give an answer: r tests again, or answer from what you see.");
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

/* The row whose evidence `e` shows: the one picked, else the one asked about, else the first
 * with anything to show. */
static size_t evidence_row(const struct wz_state *st)
{
    size_t q = asked(st);

    if (st->probe.phase == PROBE_SHOWN && st->sel < st->v->n_probes)
        return st->sel;
    if (q != SIZE_MAX && (run_result(st, q) != NULL || st->v->probes[q].is_done))
        return q;
    for (size_t i = 0; i < st->v->n_probes; i++) {
        if (run_result(st, i) != NULL || st->v->probes[i].is_done)
            return i;
    }
    return q != SIZE_MAX ? q : 0;
}

static unsigned handle_shown(struct wz_state *st, enum aod_request req)
{
    size_t n = st->v->n_probes;

    switch ((int)req) {
    case REQ_ENTER:
        return st->sel < n ? wz_evidence_open(st, st->sel) : feed(st);
    case REQ_UP:
    case REQ_DOWN:
    case REQ_FIRST:
    case REQ_LAST:
        return wz_list_move(st, req, n + 1, 0);
    case REQ_EVIDENCE:
        return wz_evidence_open(st, evidence_row(st));
    case REQ_RETEST:
        return wz_probe_retest(st);
    case REQ_CANCEL:
        return wz_no_cancel(st); /* nothing runs; going back is b */
    default:
        return wz_common(st, req);
    }
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    size_t q = asked(st);

    (void)key;
    if (req == REQ_TICK)
        return REACT_REDRAW;
    if (st->probe.phase == PROBE_RUNNING)
        return handle_running(st, req);
    if (st->probe.phase == PROBE_SHOWN)
        return handle_shown(st, req);
    if (req == REQ_RETEST)
        return wz_probe_retest(st);
    if (req == REQ_EVIDENCE)
        return wz_evidence_open(st, evidence_row(st));
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
/* A step tested before (or partly): r runs the tests again. */
static const enum aod_request footer_tested[] = {
    REQ_PICK1, REQ_ENTER, REQ_RETEST, REQ_BACK, REQ_TRAIL, REQ_FIND, REQ_HELP, REQ_QUIT, REQ_NONE};

static const enum aod_request footer_running[] = {REQ_CANCEL, REQ_HELP, REQ_QUIT, REQ_NONE};
static const enum aod_request footer_shown[] = {REQ_ENTER,  REQ_DOWN, REQ_EVIDENCE,
                                                REQ_RETEST, REQ_BACK, REQ_FIND,
                                                REQ_HELP,   REQ_QUIT, REQ_NONE};

static const enum aod_request *footer_of(const struct wz_state *st)
{
    if (st->probe.phase == PROBE_RUNNING)
        return footer_running;
    if (st->probe.phase == PROBE_SHOWN)
        return footer_shown;
    return !st->opts->no_probes && st->probe.run.tried_node == st->v->node_id ? footer_tested
                                                                              : footer;
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
