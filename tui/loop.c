/* tui/loop.c: the wizard's one loop: owns wgetch and doupdate, turns keys into requests for
 * the current screen, acts on the reaction flags, runs live probes without blocking, and reads
 * scripted keys for headless tests. Screens change state; only this file paints. */
#include "loop.h"

#include <curses.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "probe_host.h"
#include "report.h"
#include "screen_chrome.h"
#include "screen_find.h"
#include "script.h"
#include "term.h"

#define TICK_IDLE_MS   1000 /* wake now and then: signals, --max-steps */
#define TICK_PROBE_MS  100  /* live elapsed time while probes run */
#define SCRIPT_CMD_MAX 32
#define SCRIPT_ARG_MAX 4096 /* a :paste of 1,024 characters and more */

void wz_status(struct wz_state *st, enum wz_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->status, sizeof st->status, fmt, ap);
    va_end(ap);
    st->status_role = role;
}

static enum wz_screen screen_for(const struct wz_state *st)
{
    if (st->s == NULL || st->v == NULL)
        return SCREEN_START;
    switch (st->v->kind) {
    case AOD_NODE_QUESTION:
        return SCREEN_QUESTION;
    case AOD_NODE_INPUT:
        return SCREEN_INPUT;
    case AOD_NODE_PROBE:
        return SCREEN_PROBE;
    case AOD_NODE_CONCLUSION:
        return SCREEN_CONCLUSION;
    }
    return SCREEN_START;
}

static void reset_probe(struct wz_state *st)
{
    aod_runner_clear(&st->probe.run);
    st->probe.phase = PROBE_IDLE;
    st->probe.note[0] = '\0';
}

/* Fetches the view after the session moved; a new step starts with a fresh selection. */
static unsigned refresh_step(struct wz_state *st)
{
    struct aod_err err;
    unsigned react = REACT_REDRAW;

    aod_err_clear(&err);
    st->v = NULL;
    if (st->s != NULL) {
        st->v = aod_session_view(st->s, &err);
        if (st->v == NULL)
            wz_term_fatal(err.msg);
    }
    enum wz_screen sc = screen_for(st);
    size_t depth = st->s != NULL ? aod_session_depth(st->s) : 0;
    const char *node = st->v != NULL ? st->v->node_id : NULL;
    bool is_new = node != st->seen_node || depth != st->seen_depth || sc != st->screen;
    wz_screen_reset(st, sc);
    if (!is_new)
        return react;
    st->seen_node = node;
    st->seen_depth = depth;
    st->sel = 0;
    st->top = 0;
    st->text_top = 0;
    st->find.len = 0; /* a pattern found on one step is not marked on the next */
    st->find.pat[0] = '\0';
    st->find.hit_y = -1;
    reset_probe(st);
    wz_screen_ops_of(sc)->init(st);
    if (sc == SCREEN_PROBE && !st->opts->no_probes) {
        enum aod_run_want want = aod_runner_want(&st->probe.run, st->s, st->v);
        if (want == AOD_RUN_LIVE)
            react |= REACT_RUN_PROBE;
        else if (want == AOD_RUN_TRIED)
            snprintf(st->probe.note, sizeof st->probe.note,
                     "Already tested here once: r tests again, or answer from what you see.");
    } else if (sc == SCREEN_PROBE) {
        snprintf(st->probe.note, sizeof st->probe.note,
                 "Live tests are off (--no-probes): answer from what you see.");
    }
    return react;
}

/* Starts the probes of the current step (`is_again`: also a step tested before); when they
 * cannot run, the screen asks instead. */
static void start_probes(struct wz_state *st, bool is_again)
{
    struct aod_err err;

    aod_err_clear(&err);
    switch (aod_runner_start(&st->probe.run, st->s, is_again, &err)) {
    case AOD_RUN_STARTED:
        st->probe.phase = PROBE_RUNNING;
        st->probe.note[0] = '\0';
        aod_report_host(st->probe.host, sizeof st->probe.host);
        aod_report_time(st->probe.started, sizeof st->probe.started, true);
        break;
    case AOD_RUN_NO_MODULE:
        snprintf(st->probe.note, sizeof st->probe.note,
                 "No live test here (%.200s): answer from what you see.", err.msg);
        break;
    case AOD_RUN_FAILED:
        snprintf(st->probe.note, sizeof st->probe.note,
                 "The live test could not start (%.200s): answer from what you see.", err.msg);
        break;
    case AOD_RUN_SKIPPED:
        break;
    }
}

/* One look at running probes: elapsed time, and the results once all are in. */
static unsigned tick_probes(struct wz_state *st)
{
    struct wz_probe_run *pr = &st->probe;

    if (pr->phase != PROBE_RUNNING)
        return REACT_NONE;
    if (!aod_runner_poll(&pr->run, 0))
        return REACT_REDRAW;
    pr->phase = PROBE_SHOWN;
    st->sel = st->v->n_probes; /* on "go on": Enter goes on, Up picks a row to read */
    if (pr->run.is_cancelled)
        wz_status(st, ROLE_WARN, "Tests cancelled: Enter goes on, and you answer for them.");
    return REACT_REDRAW;
}

unsigned wz_probe_retest(struct wz_state *st)
{
    struct aod_err err;
    bool has_taken = false;

    aod_err_clear(&err);
    if (st->s == NULL || st->v == NULL || st->v->kind != AOD_NODE_PROBE ||
        st->probe.phase == PROBE_RUNNING)
        return REACT_NONE;
    if (st->opts->no_probes) {
        wz_status(st, ROLE_WARN, "Live tests are off (--no-probes): answer from what you see.");
        return REACT_REDRAW;
    }
    for (size_t i = 0; i < st->v->n_probes; i++)
        has_taken = has_taken || st->v->probes[i].is_done;
    /* Outcomes the last run gave this step are undone, so the new run's stand alone. */
    if (has_taken && aod_session_back(st->s, &err) != AOD_OK) {
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
        return REACT_REDRAW;
    }
    st->v = aod_session_view(st->s, &err);
    if (st->v == NULL)
        wz_term_fatal(err.msg);
    reset_probe(st);
    st->sel = 0;
    start_probes(st, true);
    if (st->probe.phase == PROBE_RUNNING)
        wz_status(st, ROLE_DIM, "Testing again.");
    return REACT_REDRAW;
}

unsigned wz_open_flow(struct wz_state *st, const struct aod_flow *f)
{
    struct aod_err err;

    aod_err_clear(&err);
    struct aod_session *s = aod_session_new(st->cat, aod_flow_id(f), &err);
    if (s == NULL) {
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
        return REACT_REDRAW;
    }
    for (size_t i = 0; i < st->opts->n_facts; i++) {
        char name[128];
        const char *fact = st->opts->facts[i];
        const char *eq = strchr(fact, '=');
        if (eq == NULL || (size_t)(eq - fact) >= sizeof name)
            continue; /* main.c checked them already */
        memcpy(name, fact, (size_t)(eq - fact));
        name[eq - fact] = '\0';
        aod_session_preset(s, name, eq + 1, NULL);
    }
    reset_probe(st);
    aod_session_free(st->s);
    st->s = s;
    st->seen_node = NULL;
    aod_runner_forget(&st->probe.run);
    st->status[0] = '\0';
    return REACT_STEP | REACT_REDRAW;
}

unsigned wz_go_back(struct wz_state *st)
{
    struct aod_err err;

    aod_err_clear(&err);
    if (st->s == NULL)
        return REACT_NONE;
    reset_probe(st);
    if (aod_session_depth(st->s) == 0) {
        /* Nothing answered yet: back to the symptom list. */
        aod_session_free(st->s);
        st->s = NULL;
        st->v = NULL;
        return REACT_STEP | REACT_REDRAW;
    }
    if (aod_session_back(st->s, &err) != AOD_OK)
        wz_status(st, ROLE_FAIL, "[!] %s", err.msg);
    st->seen_node = NULL; /* same node, but its answer is undone: start it afresh */
    return REACT_STEP | REACT_REDRAW;
}

unsigned wz_no_cancel(struct wz_state *st)
{
    wz_status(st, ROLE_TEXT,
              "Esc cancels; nothing to cancel here. Back a step: b, Left or "
              "Backspace.");
    return REACT_REDRAW;
}

static bool is_under_way(const struct wz_state *st)
{
    return st->s != NULL && aod_session_depth(st->s) > 0 && !aod_session_is_done(st->s);
}

unsigned wz_common(struct wz_state *st, enum aod_request req)
{
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_HELP:
        wz_screen_push(st, SCREEN_HELP);
        st->top = 0;
        wz_screen_ops_of(st->screen)->init(st);
        return REACT_REDRAW;
    case REQ_TRAIL:
    case REQ_SEARCH:
        if (req == REQ_TRAIL && (st->s == NULL || aod_session_depth(st->s) == 0)) {
            wz_status(st, ROLE_TEXT, "No answers yet: the trail is empty.");
            return REACT_REDRAW;
        }
        /* From trail to search or back, the place to return to stays the session's screen. */
        if (st->n_under == 0)
            wz_screen_push(st, req == REQ_TRAIL ? SCREEN_TRAIL : SCREEN_START);
        else
            st->screen = req == REQ_TRAIL ? SCREEN_TRAIL : SCREEN_START;
        st->top = 0;
        wz_screen_ops_of(st->screen)->init(st);
        return REACT_REDRAW;
    case REQ_QUIT:
        if (!is_under_way(st))
            return REACT_QUIT;
        st->pending_flow = NULL;
        wz_screen_push(st, SCREEN_CONFIRM);
        return REACT_REDRAW;
    case REQ_REDRAW:
        return REACT_FULL | REACT_REDRAW;
    case REQ_BACK:
        return wz_go_back(st);
    default:
        return REACT_NONE;
    }
}

unsigned wz_list_move(struct wz_state *st, enum aod_request req, size_t n, int h)
{
    size_t page = h > 1 ? (size_t)h - 1 : 1;
    size_t sel = st->sel;
    size_t top = st->top;

    if (n == 0)
        return REACT_NONE;
    switch ((int)req) { /* a screen handles a few requests; the rest go on */
    case REQ_UP:
        st->sel = st->sel > 0 ? st->sel - 1 : 0;
        break;
    case REQ_DOWN:
        st->sel = st->sel + 1 < n ? st->sel + 1 : n - 1;
        break;
    case REQ_PAGE_UP:
        st->sel = st->sel > page ? st->sel - page : 0;
        break;
    case REQ_PAGE_DOWN:
        st->sel = st->sel + page < n ? st->sel + page : n - 1;
        break;
    case REQ_FIRST:
        st->sel = 0;
        break;
    case REQ_LAST:
        st->sel = n - 1;
        break;
    default:
        return REACT_NONE;
    }
    if (h > 0 && st->sel < st->top)
        st->top = st->sel;
    if (h > 0 && st->sel >= st->top + (size_t)h)
        st->top = st->sel - (size_t)h + 1;
    return st->sel != sel || st->top != top ? REACT_REDRAW : REACT_NONE;
}

/* What depends on the view and the size is computed here, once, not on every key. */
static void relayout(struct wz_state *st)
{
    const struct wz_screen_ops *ops = wz_screen_ops_of(screen_for(st));
    if (ops->relayout != NULL)
        ops->relayout(st);
}

static void paint(const struct wz_state *st)
{
    const struct wz_screen_ops *ops = wz_screen_ops_of(wz_screen_shown(st));

    werase(stdscr);
    if (st->lay.is_too_small) {
        curs_set(0);
        wz_draw_too_small(st);
    } else {
        wz_draw_chrome(st);
        /* The screen draws last so that text entry leaves the cursor where typing goes. */
        curs_set((ops->is_text_entry && st->screen != SCREEN_CONFIRM) || st->find.is_typing);
        ops->draw(st);
        wz_find_draw(st);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

/* A paste (bracketed on a terminal, or the script's :paste): each byte goes to a text-entry
 * screen as typed text, line breaks and tabs as spaces, other control characters dropped, so a
 * pasted line break never submits and a pasted 'q' never quits. One paint follows. */
static unsigned paste(struct wz_state *st, const char *text, size_t n)
{
    const struct wz_screen_ops *ops = wz_screen_ops_of(st->screen);
    unsigned react = REACT_NONE;

    if (!ops->is_text_entry || st->screen == SCREEN_CONFIRM || st->lay.is_too_small)
        return REACT_NONE;
    st->is_pasting = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c < 0x20 || c == 0x7f)
            continue;
        react |= ops->handle(st, REQ_NONE, c);
    }
    st->is_pasting = false;
    if (react != REACT_NONE)
        st->status[0] = '\0';
    return react;
}

/* Reads a bracketed paste up to its end marker (or a pause, or the cap) and pastes it. */
static unsigned read_paste(struct wz_state *st)
{
    char buf[WZ_QUERY_MAX];
    size_t n = 0;

    wtimeout(stdscr, 200);
    for (;;) {
        int k = wgetch(stdscr);
        if (k == ERR || k == WZ_KEY_PASTE_END)
            break;
        if (k == KEY_ENTER)
            k = '\n';
        if (k >= 0 && k <= 0xff && n < sizeof buf)
            buf[n++] = (char)k;
    }
    return paste(st, buf, n);
}

static unsigned dispatch(struct wz_state *st, int key)
{
    const struct wz_screen_ops *ops = wz_screen_ops_of(st->screen);

    if (key == ERR)
        return st->probe.phase == PROBE_RUNNING ? ops->handle(st, REQ_TICK, ERR) : REACT_NONE;
    if (key == KEY_RESIZE)
        return REACT_RELAYOUT | REACT_REDRAW;
    if (st->screen == SCREEN_CONFIRM)
        return ops->handle(st, REQ_NONE, key);
    if (st->lay.is_too_small)
        return key == 'q' ? wz_common(st, REQ_QUIT) : REACT_NONE;
    if (key == WZ_KEY_PASTE_BEGIN)
        return read_paste(st);
    if (key == WZ_KEY_PASTE_END)
        return REACT_NONE;
    enum aod_request req = ops->is_text_entry ? wz_key_request_text(key) : wz_key_request(key);
    /* A key clears the status line: that alone is a change to show. */
    unsigned react = st->status[0] != '\0' ? REACT_REDRAW : REACT_NONE;
    st->status[0] = '\0';
    /* Find is the same on every screen: typing its pattern takes every key, and Esc clears
     * what it marked before it reaches the screen. */
    if (st->find.is_typing)
        return react | wz_find_type(st, key);
    if (wz_find_is_request(req) || (req == REQ_CANCEL && st->find.len > 0))
        return react | wz_find_request(st, req);
    return react | ops->handle(st, req, key);
}

/* Runs one script command; returns reaction flags. */
static unsigned script_cmd(struct wz_state *st, const char *cmd, const char *arg)
{
    if (strcmp(cmd, "dump-screen") == 0) {
        if (!wz_dump_screen(arg))
            wz_term_fatal("dump-screen: cannot write the file");
        return REACT_NONE;
    }
    if (strcmp(cmd, "resize") == 0) {
        char *end = NULL;
        long rows = strtol(arg, &end, 10);
        long cols = strtol(end, NULL, 10);
        if (rows > 0 && cols > 0 && rows < 1000 && cols < 1000)
            resizeterm((int)rows, (int)cols);
        return REACT_RELAYOUT | REACT_REDRAW;
    }
    if (strcmp(cmd, "bytes") == 0 || strcmp(cmd, "paints") == 0) {
        FILE *out = wz_term_out();
        FILE *f = fopen(arg, "a");
        fflush(out);
        if (f != NULL) {
            fprintf(f, "%ld\n", cmd[0] == 'b' ? ftell(out) : st->n_paints);
            fclose(f);
        }
        return REACT_NONE;
    }
    if (strcmp(cmd, "paste") == 0)
        return paste(st, arg, strlen(arg));
    if (strcmp(cmd, "wait-probes") == 0) {
        while (st->probe.phase == PROBE_RUNNING) {
            napms(20);
            tick_probes(st);
        }
        return REACT_REDRAW;
    }
    wz_term_fatal("unknown script command");
}

/* The next key: from the script when there is one, else from the terminal (ERR on a tick). */
static int next_key(struct wz_state *st, struct wz_script *sc, unsigned *react)
{
    char cmd[SCRIPT_CMD_MAX];
    char arg[SCRIPT_ARG_MAX];

    if (sc == NULL) {
        wtimeout(stdscr, st->probe.phase == PROBE_RUNNING ? TICK_PROBE_MS : TICK_IDLE_MS);
        return wgetch(stdscr);
    }
    int k = wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg);
    if (k == -1)
        *react |= script_cmd(st, cmd, arg);
    if (k == -2)
        *react |= REACT_QUIT;
    return k < 0 ? -2 : k;
}

static int loop(struct wz_state *st, struct wz_script *sc)
{
    unsigned react = REACT_STEP | REACT_RELAYOUT | REACT_REDRAW;
    long steps = 0;

    for (;;) {
        if (wz_term_signal() != 0)
            return 128 + wz_term_signal();
        if (react & REACT_STEP)
            react |= refresh_step(st);
        if (react & REACT_RUN_PROBE)
            start_probes(st, false);
        if (react & REACT_QUIT)
            break;
        if (react & REACT_RELAYOUT) {
            bool was_small = st->lay.is_too_small;
            st->lay = wz_layout_compute(LINES, COLS);
            /* Keys pressed at the "too small" notice are dropped, not acted on later. */
            if (was_small || st->lay.is_too_small)
                flushinp();
        }
        if (react & (REACT_STEP | REACT_RELAYOUT))
            relayout(st);
        if (react & REACT_FULL)
            clearok(curscr, TRUE);
        if (react & (REACT_REDRAW | REACT_RELAYOUT | REACT_FULL)) {
            paint(st);
            st->n_paints++;
        }
        if (st->opts->max_steps > 0 && ++steps > st->opts->max_steps)
            break;
        react = REACT_NONE;
        int key = next_key(st, sc, &react);
        if (key == -2)
            continue;
        if (st->probe.phase == PROBE_RUNNING)
            react |= tick_probes(st);
        react |= dispatch(st, key);
    }
    return AOD_EXIT_OK;
}

int aod_wizard_run(struct aod_catalog *cat, const struct aod_wizard_opts *o,
                   struct aod_session **sessionp)
{
    struct aod_err err;
    struct wz_state st;
    struct wz_script *sc = NULL;
    const char *script = getenv("AOD_SCRIPT");

    aod_err_clear(&err);
    memset(&st, 0, sizeof st);
    st.cat = cat;
    st.opts = o;
    st.s = *sessionp;
    *sessionp = NULL;
    aod_runner_init(&st.probe.run, o->timeout_ms, NULL, NULL, NULL);
    const struct aod_flow *triage = aod_catalog_find(cat, "start");
    st.has_triage = triage != NULL && !aod_flow_is_listed(triage);
    if (script != NULL && script[0] != '\0' && (sc = wz_script_open(script, &err)) == NULL) {
        fprintf(stderr, "aovpn-doctor: %s\n", err.msg);
        *sessionp = st.s;
        return AOD_EXIT_USAGE;
    }
    if (!wz_term_start(&err)) {
        fprintf(stderr, "aovpn-doctor: %s\n", err.msg);
        wz_script_free(sc);
        *sessionp = st.s;
        return AOD_EXIT_SOFTWARE;
    }
    wz_theme_init(o->is_mono, o->is_ascii);
    st.screen = SCREEN_COUNT; /* nothing shown yet: the first refresh initialises a screen */
    int rc = loop(&st, sc);
    reset_probe(&st);
    wz_term_end();
    wz_script_free(sc);
    if (rc == AOD_EXIT_OK && (st.s == NULL || !aod_session_is_done(st.s)))
        rc = AOD_EXIT_INCOMPLETE;
    *sessionp = st.s;
    return rc;
}
